"""Russian, Ukrainian and Belarusian names in the German transcription
(Chruschtschow, Selenskyj, Oleksandrowytsch) read into the English-language
one (Khrushchov, Zelenskyy, Oleksandrovych), from data/german_cyrillic.tsv.

The reading is a second one, tried beside the word as written, and only for
a word that shows a German marker (tsch, sch, a final -ow or -yj): an English
or French name without one is never read this way. Initial s before a vowel
is German for з (Selenskyj) but also for с (Sergej): both readings are kept."""
import re
from functools import lru_cache

from .rules import rows

_ROWS = rows("german_cyrillic.tsv")
_MARKER = re.compile("|".join(pattern for kind, pattern, *_ in _ROWS if kind == "marker"))
_RULES = [(re.compile(pattern), replacement) for kind, pattern, replacement, *_ in _ROWS if kind == "rule"]
_VOICED_S = re.compile(r"^z")


@lru_cache(maxsize=65536)
def german_readings(word: str) -> tuple[str, ...]:
    """The English-language readings of a German-transcribed word; none for
    a word without a German marker."""
    if not _MARKER.search(word):
        return ()
    reading = word
    for pattern, replacement in _RULES:
        reading = pattern.sub(replacement, reading)
    readings = {reading, _VOICED_S.sub("s", reading)} - {word}
    return tuple(sorted(readings))
