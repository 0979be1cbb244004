"""Headlines in title case ("Iran's Supreme Leader Backs Ahmadinejad, Warns
Protesters") capitalize verbs and nouns, which the model then reads as parts
of a name ("Backs Ahmadinejad", "Mubarak Sentenced"). A candidate on such a
line ends before a headline verb, and keeps only the words the rest of the
article shows to be name words."""
import re

from service.nlp import rules
from service.nlp.lexicon import is_english_word, is_inflected_verb
from service.nlp.words import Word, line_start

# Short function words that stay lower case in a title-case headline.
_MINOR = frozenset("a an the and or but nor for of to in on at by as with from vs via".split())
_LETTERS = re.compile(r"[^\W\d_]")
# Longer lines are prose, whatever their capitals.
_MAX_WORDS = 20


def is_headline(text: str, pos: int) -> bool:
    """The line holding `pos` is short, does not end as a sentence, and
    capitalizes nearly every word that is not a minor word."""
    start = line_start(text, pos)
    end = text.find("\n", pos)
    line = text[start:len(text) if end < 0 else end].strip()
    words = [w for w in line.split() if _LETTERS.search(w)]
    if not 3 <= len(words) <= _MAX_WORDS or line.endswith((".", "?", "\"", "”")):
        return False
    major = [w for w in words if w.lower().strip("'\"‘’“”,:;") not in _MINOR]
    capitalized = sum(1 for w in major if w.lstrip("'\"‘“(")[:1].isupper())
    return capitalized >= 0.8 * len(major)


def name_run(words: list[Word], known: set[str]) -> list[Word] | None:
    """The longest run of words that other names of the article hold (with
    particles), when it is shorter than the whole; None to keep the candidate
    as it is: when no word is held (the line may be a byline, "Martin Clegg
    in Riyadh and Priya Venkataraman in Doha"), or it is in capitals."""
    if all(w.text.isupper() for w in words):
        return None
    best: list[Word] = []
    run: list[Word] = []
    for word in words:
        key = _bare_key(word)
        if key in known or (run and key in rules.PARTICLES):
            run.append(word)
            best = max(best, run, key=len)
        else:
            run = []
    if not best or len(best) == len(words):
        return None
    return list(best)


def name_words(words: list[Word]) -> set[str]:
    """The keys of a name's words and of their hyphenated halves (al-Sadr: sadr)."""
    keys = {w.key for w in words}
    return keys | {half for key in keys for half in key.split("-") if half}


def headline_name(text: str, words: list[Word], known: set[str], titled: bool) -> list[Word] | None:
    """The name inside a candidate on a headline, None when there is none.
    A headline puts its verb, inflected, right after its subject ("Scholz
    Visits Kyiv", "Backs Ahmadinejad, Warns Protesters"): verbs around the
    name are left out. The object of a verb left out before it, or a verb
    alone ("Defects"), is no name when it is only English words that the
    article does not use as name words ("Warns Protesters", "Arming
    Rebels"), unless a title stands before it; a subject is kept ("Trump
    Says": family names are English words too)."""
    objects = _past_verbs(text, words, known)
    cut = next((i for i in range(1, len(objects)) if _headline_verb(text, objects[i], known)
                and not _given_name_alone(objects[:i])), len(objects))
    name = objects[:cut]
    verb_only = len(words) == 1 and _headline_verb(text, words[0], known)
    if (len(objects) < len(words) or verb_only) and not titled and all(
            _common_word(w, known) for w in name):
        return None
    return name


def _common_word(word: Word, known: set[str]) -> bool:
    key = _bare_key(word)
    return key not in known and not rules.is_given_name(key) and is_english_word(key)


def _past_verbs(text: str, words: list[Word], known: set[str]) -> list[Word]:
    while len(words) > 1 and _headline_verb(text, words[0], known):
        words = words[1:]
    return words


def _headline_verb(text: str, word: Word, known: set[str]) -> bool:
    """An inflected English verb ("Visits", "Says", "Sentenced") that the
    article does not use as a name word, nor is a given name (James), and
    that a word or the line's end follows: a name, not a verb, stands
    before a separator or a closing mark ("Tanisha Brooks / Valley Tribune")."""
    key = _bare_key(word)
    after = text[word.end : word.end + 3].lstrip(" \t")
    if after[:1] and not (after[:1].isalnum() or after[:1] in "\n\r'\"‘“"):
        return False
    return key not in known and not rules.is_given_name(key) and is_inflected_verb(key)


def _given_name_alone(words: list[Word]) -> bool:
    """A headline calls people by their family name: a cut that leaves a
    given name alone cut the family name off ("Bill Gates Says")."""
    return len(words) == 1 and rules.is_given_name(_bare_key(words[0]))


def _bare_key(word: Word) -> str:
    return word.key.removesuffix("'s").removesuffix("’s")
