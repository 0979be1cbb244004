"""Russian, Ukrainian and Belarusian names in the German and French
transcriptions read into the English-language one: German Chruschtschow,
Selenskyj, Oleksandrowytsch (data/cyrillic_german.tsv) and French
Khrouchtchev, Poutine, Eltsine, Ioulia (data/cyrillic_french.tsv) as
Khrushchov, Zelenskyy, Oleksandrovych, Khrushchev, Putin, Yeltsin, Yulia.

A reading is a second one, tried beside the word as written, and only for a
word that shows one of its transcription's markers: an English name without
one is never read this way. Initial s before a vowel is German for з
(Selenskyj) but also for с (Sergej): both readings are kept."""
import re
from functools import lru_cache

from .rules import rows


class _Transcription:
    def __init__(self, table: str):
        table_rows = rows(table)
        self.marker = re.compile("|".join(pattern for kind, pattern, *_ in table_rows if kind == "marker"))
        self.rules = [(re.compile(pattern), replacement)
                      for kind, pattern, replacement, *_ in table_rows if kind == "rule"]

    def reading(self, word: str) -> str | None:
        if not self.marker.search(word):
            return None
        for pattern, replacement in self.rules:
            word = pattern.sub(replacement, word)
        return word


_GERMAN = _Transcription("cyrillic_german.tsv")
_FRENCH = _Transcription("cyrillic_french.tsv")
_VOICED_S = re.compile(r"^z")


@lru_cache(maxsize=65536)
def english_readings(word: str) -> tuple[str, ...]:
    """The English-language readings of a German- or French-transcribed
    word; none for a word without either's marker."""
    readings: set[str] = set()
    if (german := _GERMAN.reading(word)) is not None:
        readings |= {german, _VOICED_S.sub("s", german)}
    if (french := _FRENCH.reading(word)) is not None:
        readings.add(french)
    return tuple(sorted(readings - {word}))
