"""Words of the raw text, with offsets, and the tests on single words that
clean-up, recovery and rejection share."""
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from service.names import titles
from service.nlp import rules

# Punctuation that may open or close a word without being part of a name.
OPENERS = "\"'“”‘’([{«<*•·|/:;,"
CLOSERS = "\"'“”‘’)]}»>*•·|/:;,!?"
APOSTROPHES = "'’"

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str

    @cached_property  # asked for many times per word by the rules
    def key(self) -> str:
        """Lower case without trailing dots: "Maj." and "Maj" are both "maj"."""
        return self.text.lower().rstrip(".")


def words_between(text: str, start: int, end: int) -> list[Word]:
    """The whitespace-separated words of text[start:end], each stripped of
    the quotes and brackets around it (a trailing dot is kept: "Jr.", "M.")."""
    return list(_words_between(text, start, end))


# Clean-up, rejection and extraction each ask for the words of the same spans
# (2.4 times per span on news pages). The cache holds a few articles' texts
# at most: an article asks for some hundreds of spans.
@lru_cache(maxsize=4096)
def _words_between(text: str, start: int, end: int) -> tuple[Word, ...]:
    out = []
    for m in _WORD.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] in OPENERS:
            s += 1
        while e > s and text[e - 1] in CLOSERS:
            e -= 1
        if s < e:
            out.append(Word(s, e, text[s:e]))
    return tuple(out)


def hyphen_parts(key: str) -> list[str]:
    return [p for p in re.split(r"[-‐‑]", key) if p]


def is_particle(word: Word) -> bool:
    """al, bin, Abu, de, and hyphenated forms that start with one (al-Assad)."""
    key = word.key
    if key in rules.ENGLISH_PARTICLES:
        return False  # the hyphenated form (as-Sisi) is handled below
    if key in rules.PARTICLES:
        return True
    parts = hyphen_parts(key) if "-" in key else []
    return len(parts) > 1 and parts[0] in rules.PARTICLES


def is_capitalized(word: Word) -> bool:
    """"Khalouf", "al-Hourani" (capitalized after its particle)."""
    first = next((c for c in word.text if c.isalpha()), "")
    if first.isupper():
        return True
    parts = re.split(r"[-‐‑]", word.text)
    return len(parts) > 1 and parts[0].lower() in rules.PARTICLES and parts[-1][:1].isupper()


def is_initial(word: Word) -> bool:
    """A single letter with a dot: the "M." of "Whitney M. Rivera"."""
    return len(word.text) == 2 and word.text[0].isupper() and word.text[1] == "."


def is_title_word(word: Word) -> bool:
    """A title ("Capt.", "Major-General") or a word that qualifies one
    ("former", "Foreign"), as the title vocabulary lists them."""
    return all(p in titles.TITLE_WORDS or p in titles.QUALIFIERS for p in _key_parts(word))


def is_title_head(word: Word) -> bool:
    """A title word that is a title by itself, not only a qualifier."""
    return any(p in titles.TITLE_WORDS for p in _key_parts(word)) and is_title_word(word)


def _key_parts(word: Word) -> list[str]:
    key = word.key
    return hyphen_parts(key) if "-" in key else [key]


def is_given_name_title(word: Word) -> bool:
    """A title that is also a given name or a plain word (Amir, Sultan, father)."""
    return word.key in titles.GIVEN_NAME_TITLES


def reads_as_title(word: Word, after: list[Word], text: str = "") -> bool:
    """Whether a title word of `text`, followed by the words `after`, is a
    title here. One that is also a given name or a plain word
    is a title only when capitalized and before a name of two parts: "Sultan
    Qaboos bin Said", not "Amir Peretz" or "his father Ahmed Khalouf". One
    that is more often a given name (Amir, Sultan: the ruler's title is
    mostly spelled Emir) needs more: a ruler's name built with bin or ibn
    after it, or a word before it that makes it a rank ("the", a
    nationality, a possessive: "Kuwaiti Amir Sabah al-Ahmad al-Sabah");
    "Amir Muhammad Sa'id al-Mawla" and "Sultan Ahmed Al Jaber" are names."""
    if not is_given_name_title(word):
        return True
    if not is_capitalized(word) or _name_parts(after) < titles.GIVEN_NAME_TITLE_PARTS:
        return False
    if word.key not in titles.NAME_FIRST_TITLES:
        return True
    return _patronymic(after) or _rank_cue(previous_word(text, word.start) if text else None)


def _patronymic(words: list[Word]) -> bool:
    """"Tamim bin Hamad": a lower-case bin or ibn inside the name."""
    return any(w.key in rules.PATRONYMICS and w.text.islower() for w in words[1:])


def _rank_cue(before: Word | None) -> bool:
    if before is None:
        return False
    return (before.key == "the" or before.key in rules.DEMONYMS
            or before.text.endswith(("'s", "’s")))


def _name_parts(words: list[Word]) -> int:
    """Parts of the name that `words` start with; a particle written apart
    belongs to the part after it (bin Said)."""
    parts = 0
    for w in words:
        if not is_name_word(w):
            break
        parts += not (is_particle(w) and "-" not in w.key)
    return parts


def is_name_word(word: Word) -> bool:
    """Could be part of a person's name: capitalized, an initial or a particle,
    made of letters (digits and @ or # never are)."""
    core = word.text.rstrip(".")
    if not core or any(c.isdigit() or c in "@#&=+%$_" for c in core):
        return False
    return is_capitalized(word) or is_particle(word)


def line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


_LAST_WORD = re.compile(r"(\S+)\s*$")
_WINDOW = 120


def previous_word(text: str, pos: int) -> Word | None:
    """The word just before `pos` on the same line, or None."""
    ls = max(line_start(text, pos), pos - _WINDOW)
    m = _LAST_WORD.search(text, ls, pos)
    if not m:
        return None
    found = words_between(text, m.start(1), m.end(1))
    return found[-1] if found else None


def next_word(text: str, pos: int) -> Word | None:
    """The word just after `pos` on the same line, or None."""
    le = text.find("\n", pos)
    le = len(text) if le < 0 else le
    m = _WORD.search(text, pos, le)
    if not m:
        return None
    found = words_between(text, m.start(), m.end())
    return found[0] if found else None
