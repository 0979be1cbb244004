"""Blocking keys: an indexed candidate lookup finds names sharing a key.

Each part of a name gives the key of its consonant skeleton ("n:" + classes
from data/romanization.tsv, stage "key"), so that every spelling of a part
(Khalouf, Khalluf, Khaluf) has the same key. Listed given names use the key of
their family's canonical spelling and nicknames the keys of their full names,
since those spellings need not share consonants (Bill/William).

Any part can stand alone for the person (a family name "Assad", a given name
"Ezzedine"), so every part gives a key, except initials and very frequent
given names (Mohammed, John) that would return a huge candidate list. A
family name always gives its key, since a one-part mention may be that name.
"""
from functools import lru_cache
from itertools import pairwise

from .alternations import alternation_keys
from .normalize import key_skeleton
from .parse import Part, parse_name
from .rules import GIVEN_NAME_FAMILIES
from .similarity import name_families, nickname_targets
from .syllables import readings
from .transcriptions import english_readings

_FREQUENT = frozenset(f.canonical for f in GIVEN_NAME_FAMILIES if f.frequent)
_CANONICAL_KEY = {f.canonical: key_skeleton(f.canonical.replace(" ", "")) for f in GIVEN_NAME_FAMILIES}


def _spelling_keys(text: str, alternations: bool) -> set[str]:
    families = name_families(text)
    # A listed given name keys by its family, and by its own skeleton too: the
    # same word may be a family name or another language's name whose other
    # spellings are not listed (Haniya, a rare Ukrainian given name, and the
    # surname Haniyeh). Any other word also keys by its spellings that the
    # romanization alternations join (Elkaddafi: Kaddafi).
    if families:
        return {_CANONICAL_KEY[f] for f in families} | {key_skeleton(text)}
    return {key_skeleton(text)} | (alternation_keys(text) if alternations else set())


def _part_keys(text: str, alternations: bool = True) -> set[str]:
    # A nickname matches every listed spelling of its full names (Kit:
    # Catherine, Katharine), so it takes their family's key as they do.
    keys = _spelling_keys(text, alternations)
    for full in nickname_targets(text):
        keys |= _spelling_keys(full, alternations)
    return keys


def _keys(part: Part, alternations: bool = True) -> set[str]:
    keys = _part_keys(part.compact, alternations)
    # Chruschtschow, Poutine key as Khrushchov, Putin too; Jauhen (of Andrejevitj) as Yauhen.
    for reading in english_readings(part.compact) + part.readings:
        keys |= _part_keys(reading, alternations)
    if part.arabic:  # read from an abjad: see similarity._abjad_key
        keys |= {key.removesuffix("h").replace("B", "F") for key in keys} | {key.removesuffix("h") for key in keys}
    for full in part.fulls:  # fused spellings: Derousse = De Rousse, Elsisi = el-Sisi
        keys |= _part_keys(full, alternations)
    if part.syllabic:  # Chinese parts meet on a pinyin reading: Tse-tung = Zedong
        keys |= {"c:" + reading for reading in readings(part.core)}
    return keys


def _frequent(part: Part) -> bool:
    return bool(name_families(part.compact) & _FREQUENT)


# Pair keys (a given name with the family name) start with this; the
# candidate lookup weighs them above single-part keys ("n:...").
PAIR_PREFIX = "p:"


def is_pair_key(key: str) -> bool:
    return key.startswith(PAIR_PREFIX)


@lru_cache(maxsize=65536)
def _blocking_keys(text: str) -> frozenset[str]:
    parts = parse_name(text).parts
    named = [p for p in parts if not p.initial] or list(parts)
    chosen = [p for p in named if p is named[-1] or not _frequent(p)]
    keys = {key for part in chosen for key in _keys(part)}
    # Two parts may be written as one (Ahmadi-Nejad / Ahmadinejad, Jong Un / Jongun).
    keys |= {key_skeleton(x.compact + y.compact) for x, y in pairwise(named[1:])}
    # Pairs keep a lookup selective where one part's list is long; they are
    # built from each part's own spellings, not the alternations' rewritten
    # ones, which the single keys already reach: the pairs would multiply.
    family = _keys(named[-1], alternations=False)
    pairs = {f"{PAIR_PREFIX}{a}+{b}" for part in named[:-1] for a in _keys(part, alternations=False) for b in family}
    return frozenset({f"n:{key}" for key in keys} | pairs)


def blocking_keys(text: str) -> set[str]:
    """Keys of a name; two names that can match share at least one.
    Raises InvalidName for input without a name in it."""
    return set(_blocking_keys(text))


def every_bearer_keyed(text: str) -> bool:
    """Whether every name holding this name's parts shares a key with it. Not
    so for a frequent given name: full names key it only where it stands last
    ("Mohammed Khalouf" has no key of its own for Mohammed), so a lookup by it
    alone does not see all its bearers."""
    return not any(_frequent(p) for p in parse_name(text).parts)
