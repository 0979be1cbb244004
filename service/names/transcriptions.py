"""Names written in another language's spelling read into the English one.

Russian, Ukrainian and Belarusian names in the German, French,
Scandinavian and Hungarian transcriptions read into the English-language one:
German Chruschtschow, Selenskyj, Oleksandrowytsch (data/cyrillic_german.tsv),
French Khrouchtchev, Poutine, Eltsine, Ioulia (data/cyrillic_french.tsv),
Swedish and Danish Chrusjtjov, Andrejevitj (data/cyrillic_scandinavian.tsv)
and Hungarian Hruscsov, Szergejevics (data/cyrillic_hungarian.tsv) as
Khrushchov, Zelenskyy, Oleksandrovych, Khrushchev, Putin, Yeltsin, Yulia,
Andreyevich, Sergeyevich; and Belarusian soft дз, ц and ў (Lidziya,
Dzmitry, Tsikhanouskaya; data/cyrillic_belarusian.tsv) as the Russian д, т
and в (Lidiya, Dmitry, Tikhanovskaya), and
Ukrainian and Belarusian г written h in family names (Hotsaniuk;
data/cyrillic_ukrainian.tsv) as the Russian g (Gotsanyuk). Indonesian names
in the Dutch-era spelling (Soeharto, Tjahjo, Mochammad;
data/indonesian_old_spelling.tsv) as in the modern one (Suharto, Cahyo,
Mohammad). A name in the scholarly transliteration of Cyrillic or in
Belarusian Łacinka (Chruščëv, Ryhoravič; data/cyrillic_scholarly.tsv) is read
on its text, before its marks are folded away (scholarly_text).

A reading is a second one, tried beside the word as written, and only for a
word that shows one of its transcription's markers, or (for the Scandinavian
one, whose markers no other system writes) one of whose name's words does:
an English name without one is never read this way. Initial s before a vowel is German for з
(Selenskyj) but also for с (Sergej): both readings are kept."""
import re
import unicodedata
from functools import lru_cache

from service.names.rules import rows


class _Transcription:
    def __init__(self, table: str):
        table_rows = rows(table)
        self.marker = re.compile("|".join(pattern for kind, pattern, *_ in table_rows if kind == "marker"))
        self.rules = [(re.compile(pattern), replacement)
                      for kind, pattern, replacement, *_ in table_rows if kind == "rule"]

    def reading(self, word: str) -> str | None:
        if not self.marker.search(word):
            return None
        return self.read(word)

    def read(self, word: str) -> str:
        for pattern, replacement in self.rules:
            word = pattern.sub(replacement, word)
        return word


_GERMAN = _Transcription("cyrillic_german.tsv")
_FRENCH = _Transcription("cyrillic_french.tsv")
_SCANDINAVIAN = _Transcription("cyrillic_scandinavian.tsv")
_OTHERS = (_SCANDINAVIAN, *(_Transcription(table) for table in (
    "cyrillic_hungarian.tsv", "cyrillic_belarusian.tsv", "cyrillic_ukrainian.tsv", "indonesian_old_spelling.tsv")))
# Transcriptions whose markers no other system writes (tj, sj, zj): a name
# one of whose words shows them is written in that system throughout, and
# its other words are read in it too (Jauhen Andrejevitj: Yauhen). Markers
# that other languages write as well (ou, sch, dj) say nothing of the
# name's other words.
_WHOLE_NAME = (_SCANDINAVIAN,)
_VOICED_S = re.compile(r"^z")


@lru_cache(maxsize=65536)
def english_readings(word: str) -> tuple[str, ...]:
    """The English-language readings of a word transcribed in another
    language's system; none for a word without any system's marker."""
    readings: set[str] = set()
    if (german := _GERMAN.reading(word)) is not None:
        readings |= {german, _VOICED_S.sub("s", german)}
    for other in (_FRENCH, *_OTHERS):
        if (reading := other.reading(word)) is not None:
            readings.add(reading)
    return tuple(sorted(readings - {word}))


def name_readings(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """For each word of one name, its readings in the systems of _WHOLE_NAME
    that another word of the name shows (none when no word shows one)."""
    systems = [t for t in _WHOLE_NAME if any(t.marker.search(word) for word in words)]
    return tuple(tuple(sorted({t.read(word) for t in systems} - {word})) for word in words)


_SCHOLARLY = _Transcription("cyrillic_scholarly.tsv")


def scholarly_text(text: str) -> str | None:
    """A name written in the scholarly transliteration of Cyrillic (Nikita
    Chruščëv) in English letters (nikita khrushchev); None for a name without
    its letters. Read on the text, whose marks the folded words have lost."""
    return _SCHOLARLY.reading(unicodedata.normalize("NFC", text.casefold()))
