"""How much a part of a name tells: very frequent given names tell little.

Mohammed, Ahmed, Ali, Hassan, John, James... are carried by a large share of
people (the given-name families flagged `frequent` in data/given_names.tsv:
the Prophet's and his family's names, the most frequent Arabic given names,
and the most frequent US first names of the Census Bureau's 1990 list). Two
names agreeing on such a part agree on little; agreeing on a rare family
name is strong evidence. So a frequent part weighs less in the score.
"""
from service.names.parse import Part
from service.names.rules import GIVEN_NAME_FAMILIES
from service.names.similarity import name_families

_FREQUENT = frozenset(f.canonical for f in GIVEN_NAME_FAMILIES if f.frequent)
# Weight of a frequent part against 1 for another part of the same role.
FREQUENT_WEIGHT = 0.5


def frequent(part: Part) -> bool:
    return bool(name_families(part.compact) & _FREQUENT)


def weight(base: float, *parts: Part) -> float:
    """The weight of aligned parts: less when any of them is a frequent name."""
    return base * FREQUENT_WEIGHT if any(frequent(p) for p in parts) else base
