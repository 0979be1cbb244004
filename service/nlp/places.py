"""Places that a candidate names: a country or region of the gazetteer
(data/places.txt), whole or as the part left of one ("Arabia" of "Saudi
Arabia's"), or a compound of places ("the U.S.-Iraq relationship")."""
from functools import lru_cache
from pathlib import Path

from service.nlp.words import Word, hyphen_parts, next_word, previous_word

_DATA = Path(__file__).parent / "data" / "places.txt"
# Words a place name may have around a candidate that holds part of it.
_AROUND = 2


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    names = set()
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            names.add(line)
    return frozenset(names)


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    return frozenset(w for name in place_names() for w in name.split())


def place_key(word: Word) -> str:
    """"arabia" for "Arabia’s", "u.s" for "U.S.": lower case, no possessive, no dots at the end."""
    key = word.text.lower().removesuffix("'s").removesuffix("’s")
    return key.rstrip(".")


def is_place(text: str, words: list[Word]) -> bool:
    """The words name a place of the gazetteer, alone or with the words
    written around them ("Saudi" before "Arabia"), or are a compound whose
    every part is one ("U.S.-Iraq")."""
    names = place_names()
    keys = [place_key(w) for w in words]
    if not any(part.rstrip(".") in _place_words() for key in keys for part in hyphen_parts(key)):
        return False  # no word of a place: the common case, decided without reading around
    if len(words) == 1 and "-" in keys[0]:
        parts = [p.rstrip(".") for p in hyphen_parts(keys[0])]
        if len(parts) > 1 and all(p in names for p in parts):
            return True
    before = _around(text, words[0], previous_word)
    after = _around(text, words[-1], next_word)
    return any(" ".join(before[len(before) - i:] + keys + after[:j]) in names
               for i in range(len(before) + 1) for j in range(len(after) + 1))


def _around(text: str, word: Word, step) -> list[str]:
    """Up to _AROUND capitalized words on either side of `word`, in reading order."""
    out: list[str] = []
    pos = word.start if step is previous_word else word.end
    for _ in range(_AROUND):
        w = step(text, pos)
        if w is None or not w.text[:1].isupper():
            break
        out.append(place_key(w))
        pos = w.start if step is previous_word else w.end
    return out[::-1] if step is previous_word else out
