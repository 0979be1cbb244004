"""Korean names written in Hangul against their Latin forms: Kim Jong-un is
김정은, read Gim Jeong-eun in the Revised Romanization.

A Hangul name is one word: its family name is its first syllable (or two,
for the two-syllable family names of data/korean.tsv), the given name the
rest. The family name is read in its common spelling (Kim, Lee, Park), with
the others as alternatives; the given name in the Revised Romanization, and
it meets a Latin spelling when both have one skeleton (data/korean.tsv:
Jeong-eun and Jong-un are both "jungun")."""
import re
from functools import lru_cache

from anyascii import anyascii

from .rules import rows

HANGUL = re.compile(r"[\uac00-\ud7a3]")

_SURNAMES = {text: tuple(spellings.split()) for kind, text, spellings, *_ in rows("korean.tsv") if kind == "surname"}
_READINGS = {spellings[0]: spellings for spellings in _SURNAMES.values()}
_RULES = [(re.compile(text), spellings) for kind, text, spellings, *_ in rows("korean.tsv") if kind == "rule"]


def hangul_name(word: str) -> list[str]:
    """The words of a name written in Hangul: family name, given name
    (김정은 -> ["kim", "jeongeun"]); one word for a single syllable."""
    cut = 2 if word[:2] in _SURNAMES or len(word) == 4 else 1
    if len(word) < 2:
        cut = len(word)
    family = _SURNAMES.get(word[:cut], (_read(word[:cut]),))[0]
    return [family, _read(word[cut:])] if word[cut:] else [family]


def _read(syllables: str) -> str:
    return "".join(anyascii(s) for s in syllables).casefold()


def surname_spellings(core: str) -> tuple[str, ...]:
    """The other spellings of a family name read from Hangul (kim: gim)."""
    return _READINGS.get(core, (core,))[1:]


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    for pattern, replacement in _RULES:
        word = pattern.sub(replacement, word)
    return word
