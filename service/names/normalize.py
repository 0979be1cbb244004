"""Normalization of a written name to a comparable form."""
import re
import unicodedata
from functools import lru_cache


class InvalidName(ValueError):
    """The input holds no letters, so there is no name to work with."""


_NON_LETTER = re.compile(r"[^\w]+")


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Lower-case ASCII-folded tokens joined by single spaces."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    tokens = [t for t in _NON_LETTER.split(folded.replace("_", " ")) if t]
    if not tokens:
        raise InvalidName(f"no name in {text!r}")
    return " ".join(tokens)
