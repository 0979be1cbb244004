"""Blocking keys: an indexed candidate lookup finds names sharing a key."""
from service.names.normalize import normalize_name


def blocking_keys(text: str) -> set[str]:
    """The last token (family name) and, for one-word names, that word."""
    tokens = normalize_name(text).split()
    return {f"f:{tokens[-1]}"}
