"""Names the store already knows, found in a new text where the model saw
no one: "Sabahi said on Tuesday ..." after earlier articles named Hamdeen
Sabahi in full.

The store gives its full names (service/resolve/known_names.py); each gives
the forms writers use for that person: the name as written and its family
name ("Sabahi", "al-Assad", "Assad"). A form found in the text becomes a
candidate of source "known", then goes through the same clean-up and
rejection as the model's spans, and more: a form found alone must stand
alone (no capitalized word joined to it, which would make it part of
another name, a street or a company), must not be a place, and when it is
also an English word ("Rice", "Hope") it must not be where any word is
capitalized (a sentence's start, a headline).

A family name is also found written another way (KnownForms): "Araqchi told
state television..." after Abbas Araghchi is known, when the two share a
consonant key and the name engine matches them.
"""
import re
import unicodedata
from collections.abc import Container, Iterator
from functools import lru_cache

from service.names import compare_names
from service.names.normalize import key_skeleton
from service.nlp import rules
from service.nlp.headline import is_headline
from service.nlp.lexicon import is_english_word
from service.nlp.places import is_place
from service.nlp.words import (
    APOSTROPHES,
    Word,
    is_capitalized,
    is_initial,
    is_particle,
    is_title_word,
    next_word,
    previous_word,
    words_between,
)

# The longest form looked up, in words ("Abdul-Aziz Jassem al-Shallal" is 3).
MAX_WORDS = 5
# A family name shorter than this is too often something else to be looked
# up alone ("Li", "Ma", "Ali").
MIN_FAMILY_LETTERS = 4
# Generational suffixes, never a family name by themselves.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_forms(surface: str) -> set[str]:
    """The forms under which a full name may be found in a text: the name
    as written, its family name with and without its particle ("al-Assad",
    "Assad"; "Al Thani", "Thani"). A one-word name gives nothing: the store
    knows no more of that person than a word."""
    written = words_between(surface, 0, len(surface))
    words = [w for w in written if w.key not in _SUFFIXES]
    if len(words) < 2 or not all(is_capitalized(w) or is_particle(w) or is_initial(w) for w in words):
        return set()
    forms = {" ".join(w.text for w in written)}
    last, before = words[-1], words[-2]
    if is_initial(last) or is_title_word(last):
        return forms
    if is_particle(before) and "-" not in before.key:
        # "bin Salman" names a man by his father: "Salman" alone is the father.
        forms.add(f"{before.text} {last.text}")
        if before.key in rules.PATRONYMICS:
            return forms
    bare = re.split(r"[-‐‑]", last.text, maxsplit=1)[-1] if is_particle(last) else last.text
    if is_particle(last):
        forms.add(last.text)
    if sum(c.isalpha() for c in bare) >= MIN_FAMILY_LETTERS and bare[:1].isupper():
        forms.add(bare)
    return forms


class KnownForms:
    """The forms of known full names (name_forms), with their bare family
    names indexed by consonant key (key_skeleton), so that a family name
    written another way is found too. Added to in place while other threads
    read: each step is one operation under the interpreter lock, and readers
    copy what they iterate."""

    def __init__(self) -> None:
        self._forms: set[str] = set()
        # Key -> its one family name, or a tuple of them (up to one more
        # than MAX_SPELLINGS_PER_KEY): most keys hold one name, and a string
        # already held costs the entry nothing more.
        self._by_key: dict[str, str | tuple[str, ...]] = {}

    def add(self, surface: str) -> None:
        for form in name_forms(surface) - self._forms:
            self._forms.add(form)
            if form.isalpha():  # the bare family name: Assad, not al-Assad
                self._index(form)

    def _index(self, form: str) -> None:
        key = _folded_key(form)
        held = self._by_key.get(key)
        if held is None:
            self._by_key[key] = form
        elif isinstance(held, str):
            self._by_key[key] = (held, form)
        elif len(held) <= MAX_SPELLINGS_PER_KEY:
            self._by_key[key] = (*held, form)

    def __contains__(self, form: object) -> bool:
        return form in self._forms

    def __iter__(self) -> Iterator[str]:
        return iter(tuple(self._forms))

    def __len__(self) -> int:
        return len(self._forms)

    def spelled_otherwise(self, word: str) -> bool:
        """`word` is a known family name written another way (Araqchi:
        Araghchi), as the name engine says. A key that many known names share
        (Assad, Saad, Said, Sayed) says nothing of which one a word is: as a
        one-word form with many bearers names none of them (resolution's
        rule), it is not looked at."""
        return any(form != word and _same_name(word, form) for form in self.spellings_like(word))

    def spellings_like(self, word: str) -> tuple[str, ...]:
        """The known family names with the consonant key of `word`; none
        when more than MAX_SPELLINGS_PER_KEY share it."""
        held = self._by_key.get(_key(word), ())
        candidates = (held,) if isinstance(held, str) else held
        return candidates if len(candidates) <= MAX_SPELLINGS_PER_KEY else ()


# The most known family names one consonant key may hold and still be looked
# up for other spellings.
MAX_SPELLINGS_PER_KEY = 8


@lru_cache(maxsize=65536)
def _same_name(word: str, form: str) -> bool:
    return compare_names(word, form).match


def _folded_key(word: str) -> str:
    """The consonant key of a word, its letters folded to plain ASCII."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isascii() and c.isalpha())
    return key_skeleton(folded)


# Remembered for the words of articles, which repeat; not for the store's
# names, read once each.
_key = lru_cache(maxsize=65536)(_folded_key)


def known_spans(text: str, names: Container[str], covered: bytearray) -> list[tuple[int, int]]:
    """Spans of `text` holding a known form, longest first at each word,
    outside what `covered` marks (spans already taken, the model's other
    entities), each passing the checks above; with KnownForms, a lone word
    that spells a known family name otherwise too."""
    words = words_between(text, 0, len(text))
    out = []
    i = 0
    while i < len(words):
        found = _longest_at(text, words, i, names) if words[i].text[:1].isupper() else None
        if found is None and isinstance(names, KnownForms):
            found = _spelled_otherwise_at(text, words, i, names)
        if found is None:
            i += 1
            continue
        start, end, count = found
        if not any(covered[start:end]) and _stands_alone(text, words[i:i + count], start, end):
            out.append((start, end))
        i += count
    return out


def _longest_at(text: str, words: list[Word], i: int, names: Container[str]) -> tuple[int, int, int] | None:
    """(start, end, word count) of the longest known form starting at word i;
    the words must be joined by single spaces, and the last may carry a
    possessive, which stays out of the span."""
    joined = words[i].text
    forms = [(joined, i)]
    for j in range(i + 1, min(i + MAX_WORDS, len(words))):
        if text[words[j - 1].end:words[j].start] != " ":
            break
        joined += " " + words[j].text
        forms.append((joined, j))
    for form, j in reversed(forms):
        bare = _without_possessive(form)
        if bare in names:
            return words[i].start, words[i].start + len(bare), j - i + 1
    return None


def _spelled_otherwise_at(text: str, words: list[Word], i: int, names: KnownForms) -> tuple[int, int, int] | None:
    """(start, end, 1) of a capitalized word, its possessive left out, that
    spells a known family name otherwise; the cheap checks first."""
    word = words[i]
    bare = _without_possessive(word.text.rstrip(".,;:!?\"')”’"))
    start, end = word.start, word.start + len(bare)
    if (not bare[:1].isupper() or not bare.isalpha() or len(bare) < MIN_FAMILY_LETTERS
            or not names.spellings_like(bare)
            or not _stands_alone(text, [Word(start, end, bare)], start, end)
            or not names.spelled_otherwise(bare)):
        return None
    return start, end, 1


def _without_possessive(form: str) -> str:
    if len(form) > 2 and form[-2] in APOSTROPHES and form[-1] == "s":
        return form[:-2]
    return form


def _stands_alone(text: str, words: list[Word], start: int, end: int) -> bool:
    """A lone family name is taken only where it is one: no capitalized word
    joined to it on either side (a title before it is fine: "Mr. Sabahi"),
    not a place, and not an English word where capitals tell nothing."""
    if len(words) > 1 and not is_particle(words[0]):
        return _apart(text, start, end)
    lone = Word(start, end, text[start:end])
    if is_place(text, [lone]) or not _apart(text, start, end):
        return False
    return not (is_english_word(lone.key) and (_starts_sentence(text, start) or is_headline(text, start)))


def _apart(text: str, start: int, end: int) -> bool:
    """No capitalized word joined to the span by a space, other than a title
    or a possessive before it ("Mr. Sabahi", "Egypt's Sabahi"), and other
    than an English word where capitals tell nothing: a sentence's first
    word ("Then Sabahi said"), a headline's ("Sabahi Rejects Charter")."""
    headline = is_headline(text, start)
    before, after = previous_word(text, start), next_word(text, end)
    joined_before = (before is not None and text[before.end:start] == " " and before.text[:1].isupper()
                     and not is_title_word(before) and not before.text.endswith(("'s", "’s"))
                     and not _ends_sentence(before)
                     and not ((headline or _starts_sentence(text, before.start)) and is_english_word(before.key)))
    joined_after = (after is not None and text[end:after.start] == " " and after.text[:1].isupper()
                    and not (headline and is_english_word(after.key)))
    return not joined_before and not joined_after


# Abbreviations before a name, with their period: "St. Louis", "Ft. Worth".
MAX_ABBREVIATION_LETTERS = 3


def _ends_sentence(word: Word) -> bool:
    """A word with a sentence's final stop ("Monday.") is not joined to the
    next sentence's first word; an initial ("F. Kennedy") or a short
    abbreviation ("St. Louis") is."""
    if word.text.endswith(("!", "?")):
        return True
    letters = sum(c.isalpha() for c in word.text)
    return word.text.endswith(".") and not is_initial(word) and letters > MAX_ABBREVIATION_LETTERS


def _starts_sentence(text: str, pos: int) -> bool:
    """At the start of a line or after a sentence's end (and quotes)."""
    before = text[:pos].rstrip(" \t\"'“‘(")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))
