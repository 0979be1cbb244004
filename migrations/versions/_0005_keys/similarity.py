"""Given-name families and nicknames of a name part: the part of
service/names/similarity.py that blocking keys use."""
from .normalize import fine_skeleton
from .parse import split_fused
from .rules import GIVEN_NAME_FAMILIES, NICKNAMES


def _family_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for family in GIVEN_NAME_FAMILIES:
        for spelling in family.spellings:
            compact = "".join(split_fused(w).replace("-", "") for w in spelling.split())
            compact = split_fused(compact).replace("-", "")
            index.setdefault(fine_skeleton(compact), set()).add(family.canonical)
    return {k: frozenset(v) for k, v in index.items()}


_FAMILIES = _family_index()
_NICKNAMES = {fine_skeleton(nick): frozenset(fulls) for nick, fulls in NICKNAMES.items()}


def name_families(compact: str) -> frozenset[str]:
    """Given-name families a spelling belongs to (empty when not listed)."""
    return _FAMILIES.get(fine_skeleton(compact), frozenset())


def nickname_targets(compact: str) -> frozenset[str]:
    """The full names a nickname can stand for (Bill -> William)."""
    return _NICKNAMES.get(fine_skeleton(compact), frozenset())
