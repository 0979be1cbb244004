"""Span clean-up: from a rough span (the model's or a recovery rule's) to the
name alone, with the titles before it recorded apart.

Order of the steps: split at separators, trim edges (quotes, possessives,
leading verbs and titles, trailing credits), extend over name parts the span
left out, and read the title that stands before the name in the text.
"""
import re
from dataclasses import dataclass

from service.nlp import rules
from service.nlp.words import (
    APOSTROPHES,
    CLOSERS,
    Word,
    is_capitalized,
    is_given_name_title,
    is_initial,
    is_name_word,
    is_particle,
    is_title_head,
    is_title_word,
    next_word,
    previous_word,
    reads_as_title,
    words_between,
)

# Characters that separate two names or a name and a credit inside one span:
# "Annie Barker / The Herald", "AP Photo/Evan Vucci", "TikTok\n\nEverett".
_SEPARATORS = re.compile(r"[\n/|;•·]| [–—-] |\t")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)


@dataclass(frozen=True)
class Cleaned:
    start: int
    end: int
    titles: tuple[str, ...] = ()


def clean_span(text: str, start: int, end: int) -> list[Cleaned]:
    """The names inside text[start:end], each trimmed, extended and with
    the titles found before it. Empty when nothing name-like is left."""
    out = []
    pos = start
    for sep in list(_SEPARATORS.finditer(text, start, end)) + [None]:
        seg_end = sep.start() if sep else end
        out += _clean_segment(text, pos, seg_end)
        if sep:
            pos = sep.end()
    return out


def _clean_segment(text: str, start: int, end: int) -> list[Cleaned]:
    """A possessive ends a name: "Blinken's Call" is Blinken. What follows
    it is another name only when a title opens it ("Britain's Prince Harry",
    "Kuwait's Emir Sheikh Sabah")."""
    out = []
    for i, words in enumerate(_possessive_parts(text, words_between(text, start, end))):
        if i and not _title_run(text, words):
            break
        cleaned = _clean_words(text, words)
        if cleaned:
            out.append(cleaned)
    return out


def _possessive_parts(text: str, words: list[Word]) -> list[list[Word]]:
    parts: list[list[Word]] = [[]]
    for i, w in enumerate(words):
        parts[-1].append(w)
        if i < len(words) - 1 and ends_possessive(text, w):
            parts.append([])
    return parts


def ends_possessive(text: str, word: Word) -> bool:
    """"Blinken’s", "Jones’" (its apostrophe left outside the word)."""
    return bool(_POSSESSIVE.search(word.text)) or (
        word.text[-1:] in "sS" and text[word.end : word.end + 1] in APOSTROPHES)


def _clean_words(text: str, words: list[Word]) -> Cleaned | None:
    words = _drop_possessive(text, words)
    titles: list[str] = []
    words = _trim_leading(text, words, titles)
    words = _trim_trailing(words)
    if not words:
        return None
    words = _extend_left(text, words)
    words = _without_sentence_dot(_extend_right(text, words))
    if not titles:  # the name read in full may show its first word a title: "Amir Tamim" + "bin Hamad"
        words = _trim_leading(text, words, titles)
    s, e = words[0].start, words[-1].end
    if not titles:
        before = title_before(text, s, e)
        if before:
            titles.append(before)
    return Cleaned(s, e, tuple(titles))


def _drop_possessive(text: str, words: list[Word]) -> list[Word]:
    if not words:
        return words
    last = words[-1]
    m = _POSSESSIVE.search(last.text)
    if m and len(last.text) > len(m.group()):
        words = words[:-1] + [Word(last.start, last.start + m.start(), last.text[: m.start()])]
    return words


def _title_run(text: str, words: list[Word]) -> int:
    """Length of the title ("Maj. Gen.", "Prime Minister", "Secretary of
    State") at the start of `words`, 0 if none. A run of title words counts
    only if it holds a title head and a name word follows it."""
    n = 0
    while n < len(words) and is_title_word(words[n]):
        n += 1
    if n == len(words):
        n -= 1  # "Mr. White": the last word is the name, not more title
    if n and not reads_as_title(words[n - 1], words[n:], text):
        n -= 1  # "Amir Peretz": a given name, not a title
    if n == 0 or not any(is_title_head(w) for w in words[:n]):
        return 0
    # "of"/"the" may sit inside a title, never end it.
    while n > 0 and words[n - 1].key in ("of", "the", "and", "for"):
        n -= 1
    return n


def _trim_leading(text: str, words: list[Word], titles: list[str]) -> list[Word]:
    while words:
        first = words[0]
        n = _title_run(text, words)
        if n:
            titles.append(text[words[_first_title_word(words[:n])].start : words[n - 1].end])
            words = words[n:]
        elif len(words) > 1 and (
            first.key in rules.LEADING_NON_NAME
            or first.key in rules.DEMONYMS
            or (not is_capitalized(first) and not is_particle(first))
            or not is_name_word(first)
        ):
            words = words[1:]
        elif not is_name_word(first) and not is_particle(first):
            words = words[1:]
        else:
            break
    return words


def _first_title_word(run: list[Word]) -> int:
    """Skip the words that only qualify a title ("former", "the") when
    recording it."""
    for i, w in enumerate(run):
        if w.key not in ("the", "of", "former", "late", "retired", "acting", "interim"):
            return i
    return 0


def _trim_trailing(words: list[Word]) -> list[Word]:
    while len(words) > 1:
        last = words[-1]
        if last.key in rules.NAME_SUFFIXES or last.text.rstrip(".").isalpha() and len(last.text.rstrip(".")) == 1:
            break
        if (
            last.key in rules.CREDIT_WORDS
            or last.key in rules.CALENDAR
            or not is_name_word(last)
        ):
            words = words[:-1]
            continue
        break
    return _without_sentence_dot(words)


def _without_sentence_dot(words: list[Word]) -> list[Word]:
    """A dot after the last word is sentence punctuation unless the word is an
    abbreviation kept in names (Jr., an initial); so is what the dot closes
    ("Price:." ends an attribution line)."""
    if words:
        last = words[-1]
        if last.text.endswith(".") and last.key not in rules.NAME_SUFFIXES and len(last.key) > 1:
            core = last.text.rstrip(".").rstrip(CLOSERS)
            words = words[:-1] + [Word(last.start, last.start + len(core), core)]
    return words


def _extend_left(text: str, words: list[Word]) -> list[Word]:
    """"al-Din Khalouf" -> "Ezz al-Din Khalouf", "J. Blinken" -> "Antony J.
    Blinken": a span starting with a particle, a middle initial or the second
    half of a compound lost its first part; "Nasser" after "Moza bint" lost
    the given name that "son of" or "daughter of" follows."""
    for _ in range(3):
        first = words[0]
        starts_short = is_particle(first) or is_initial(first) or first.key in rules.COMPOUND_TAILS or (
            "-" in first.key and first.key.split("-")[-1] in rules.COMPOUND_TAILS
        )
        after_patronymic = _AFTER_PATRONYMIC.search(text, max(0, first.start - 7), first.start)
        prev = _joined_before(text, first) if starts_short or after_patronymic else None
        given = _joined_before(text, prev) if prev is not None and after_patronymic else None
        if prev is not None and starts_short:
            words = [prev] + words
        elif prev is not None and given is not None:
            words = [given, prev] + words
        else:
            break
    return words


_AFTER_PATRONYMIC = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(rules.PATRONYMICS)) + r") $")


def _joined_before(text: str, word: Word) -> Word | None:
    """The word one space before `word`, if it can be part of a name."""
    prev = previous_word(text, word.start)
    if prev is None or text[prev.end : word.start] != " " or not (_can_join(prev) or _is_patronymic(prev)):
        return None
    return prev


def _is_patronymic(word: Word) -> bool:
    return word.key in rules.PATRONYMICS and word.text.islower()


def _extend_right(text: str, words: list[Word]) -> list[Word]:
    """"Mohammed bin" + "Salman", "Saif" + "al-Islam Gaddafi": a particle after
    the span (or ending it) belongs to the name with the word after it. So
    does a capital "Al" after a name built with bin: the family's name
    ("Mohammed bin Abdulrahman" + "Al Thani")."""
    for _ in range(3):
        last = words[-1]
        nxt = next_word(text, last.end)
        if nxt is None or text[last.end : nxt.start] != " ":
            break
        if is_particle(last) and "-" not in last.key and _can_join(nxt):
            words = words + [nxt]
        elif is_particle(nxt) and not is_capitalized(nxt) and "-" in nxt.key:
            words = words + [nxt]
        elif is_particle(nxt) and (not is_capitalized(nxt) or _family_article(words, nxt)):
            after = next_word(text, nxt.end)
            if after is None or text[nxt.end : after.start] != " " or not _can_join(after):
                break
            words = words + [nxt, after]
        else:
            break
    return words


def _family_article(words: list[Word], word: Word) -> bool:
    """"Al" written apart and capitalized after a name holding bin or ibn."""
    return word.text == "Al" and any(_is_patronymic(w) for w in words)


def _can_join(word: Word) -> bool:
    return (
        is_name_word(word)
        # a title that is also a given name is the name next to a particle (bin Sultan)
        and (not is_title_word(word) or is_given_name_title(word))
        and word.key not in rules.DEMONYMS
        and word.key not in rules.LEADING_NON_NAME
        and word.key not in rules.NON_NAME_STARTS
        and word.key not in rules.CALENDAR
    )


def title_before(text: str, start: int, end: int) -> str | None:
    """The title standing right before the name text[start:end] ("Maj. Gen."
    in "Syrian Maj. Gen. Abdul-Aziz ..."), read backwards over title words on
    the same line."""
    run: list[Word] = []
    pos = start
    while True:
        prev = previous_word(text, pos)
        if prev is None or not is_title_word(prev) or not text[prev.end : pos].isspace():
            break
        run.insert(0, prev)
        pos = prev.start
    if run and not reads_as_title(run[-1], words_between(text, start, end), text):
        return None  # "Amir" before "Peretz": the given name the span left out
    while run and run[0].key in ("of", "the", "and", "for", "former", "late", "retired"):
        run = run[1:]
    if not run or not any(is_title_head(w) for w in run):
        return None
    return text[run[0].start : run[-1].end]
