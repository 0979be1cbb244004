"""Headlines in title case ("Iran's Supreme Leader Backs Ahmadinejad, Warns
Protesters") capitalize verbs and nouns, which the model then reads as parts
of a name ("Backs Ahmadinejad", "Mubarak Sentenced"). A candidate on such a
line keeps only the words the rest of the article shows to be name words."""
import re

from service.nlp import rules
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
        key = word.key.removesuffix("'s").removesuffix("’s")
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
