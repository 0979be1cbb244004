"""Chinese names compared syllable by syllable (data/wade_giles.tsv).

Wade-Giles and pinyin spell one Mandarin syllable differently (Tse = Ze,
Kuo = Guo, Hsiao = Xiao), and string distance does not see it: Mao Tse-tung
and Mao Zedong share few letters. Each written syllable is read back to the
pinyin syllables it can stand for, in either system (Chang is pinyin chang,
or Wade-Giles Chang = Zhang with its aspiration mark left out); two parts are
one name when some reading of one is a reading of the other. Wade-Giles
writes a given name's syllables with a hyphen (Kuo-feng), pinyin runs them
together (Guofeng): a part is split into syllables in every way the table
allows.

Only names every part of which reads as syllables are compared this way:
Tina and Dina also read as syllables (Wade-Giles ti = pinyin di), but Tina
Turner does not.
"""
from functools import lru_cache
from itertools import product

from .rules import WADE_GILES

# Written syllable (ASCII, no apostrophe) -> pinyin syllables it can stand for.
_READINGS: dict[str, frozenset[str]] = {}


def _written(spelling: str) -> str:
    """As names are written in ASCII: no apostrophe, u for u-umlaut (Hsu, Lu)."""
    return spelling.replace("'", "").replace("v", "u").replace("ü", "u")


for _pinyin, _spellings in WADE_GILES.items():
    for _form in (_pinyin, *_spellings):
        _READINGS[_written(_form)] = _READINGS.get(_written(_form), frozenset()) | {_pinyin}

_LONGEST = max(map(len, _READINGS))
# Readings kept per part: ambiguous spellings multiply (chang = chang or
# zhang), and a name part has at most a few syllables.
MAX_READINGS = 64


@lru_cache(maxsize=65536)
def _segment(word: str) -> tuple[int, frozenset[str]]:
    """The pinyin readings of a word written as syllables run together, split
    into as few syllables as it can be: a syllable starting with a vowel
    inside a word is marked by an apostrophe in pinyin (Xi'an), so Guofeng is
    guo-feng, not gu-o-feng. (syllable count, readings); no readings when
    the word is not made of syllables."""
    if not word:
        return 0, frozenset({""})
    best, found = len(word) + 1, set[str]()
    for end in range(1, min(len(word), _LONGEST) + 1):
        heads = _READINGS.get(word[:end], frozenset())
        count, rests = _segment(word[end:]) if heads else (0, frozenset())
        if not rests or count + 1 > best:
            continue
        if count + 1 < best:
            best, found = count + 1, set()
        found |= {h + rest for h in heads for rest in rests}
    return best, frozenset(sorted(found)[:MAX_READINGS])


@lru_cache(maxsize=65536)
def readings(core: str) -> frozenset[str]:
    """Pinyin readings of a name part ("tse-tung": zedong, cedong, zetong,
    cetong); empty when it is not made of Mandarin syllables."""
    pieces = [_segment(piece)[1] for piece in core.split("-")]
    if not all(pieces):
        return frozenset()
    return frozenset(sorted("".join(p) for p in product(*pieces))[:MAX_READINGS])


def same_syllables(a: str, b: str) -> bool:
    """Two parts (cores) spell the same Mandarin syllables."""
    return bool(readings(a) & readings(b))
