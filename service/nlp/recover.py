"""Recovery of names the model missed, from patterns that news pages share:
bylines, contributor lines, photo credits, a title or rank before capitalized
words, speaker labels in transcripts, and a known given name before a
capitalized word.

Each rule is a row of RULES: a regular expression whose group "names" marks
the region holding one or more names, the source recorded on the mention,
how many words a name there needs, and the reason the rule exists. The
names are then read from the region by `name_runs` and go through the same
clean-up and rejection as the model's spans.
"""
import re
from dataclasses import dataclass

from service.names import titles
from service.nlp import rules
from service.nlp.cleanup import ends_possessive
from service.nlp.headline import is_headline
from service.nlp.lexicon import is_english_word
from service.nlp.words import (
    Word,
    is_initial,
    is_name_word,
    is_title_word,
    reads_as_title,
    words_between,
)


@dataclass(frozen=True)
class Rule:
    source: str
    pattern: re.Pattern
    min_words: int
    chain: bool  # names follow one another: stop at the first chunk without one
    reason: str


def _re(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(pattern, flags | re.MULTILINE)


def _capitalized(title: str) -> str:
    """"Capt", "Major[ -]General": a title as written before a name."""
    return "[ -]".join(re.escape(word.capitalize()) for word in title.split())


# Titles that, followed by capitalized words, introduce a name even where the
# model saw none (the "sure" titles of the title vocabulary).
_TITLE_ALT = "|".join(sorted(map(_capitalized, titles.SURE_TITLES), key=len, reverse=True))

RULES: tuple[Rule, ...] = (
    Rule("byline", _re(r"^[ \t>*•-]*(?:By|BY|by)[ \t]+(?P<names>[^\n]{3,200})"), 2, True,
         "A line opening with 'By' names the writers: 'By Jane Doe, Reuters'."),
    Rule("byline", _re(r"\b(?:[Ss]tory|[Ww]ords|[Tt]ext|[Ww]ritten|[Pp]osted|[Rr]eported)"
                       r" by[ \t]+(?P<names>[^\n;()]{3,160})"), 2, True,
         "'Story by', 'Written by', 'Posted by' before the writers' names."),
    Rule("credit", _re(r"\b(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Cc]ompiled|[Ee]dited|"
                       r"[Pp]roduced|[Aa]dditional reporting|[Pp]hotos?|[Pp]hotographs?|"
                       r"[Ii]llustrations?|[Gg]raphics?|[Vv]ideo|[Ii]mages?|[Ii]nterview)"
                       r" by[ \t]+(?P<names>[^\n;()]{3,160})"), 2, True,
         "Wire credit lines: '(Reporting by X; Editing by Y and Z)', 'Photo by X'."),
    Rule("contributor", _re(r"(?:^|[.!?”\"]\s+)(?P<names>[^\n.;:!?()]{3,200}?)[ \t]+(?:also[ \t]+)?"
                            r"contributed(?:[ \t]+reporting)?(?:[ \t]+to)?[ \t]+"
                            r"(?:this|the)[ \t]+(?:report|story|article|coverage)"), 2, False,
         "'X and Y contributed to this report' closes many wire stories."),
    Rule("contributor", _re(r"(?:^|[.!?]\s+)(?P<names>[^\n.;:!?()]{3,120}?)[ \t]+reported[ \t]+from[ \t]"),
         2, False, "'X reported from Cairo' credits a correspondent."),
    Rule("contributor", _re(r"^[ \t]*Contribut(?:ing|ors?)[ \t]*:[ \t]*(?P<names>[^\n]{3,200})"), 2, False,
         "'Contributing: X, Y' closes some newspaper stories."),
    Rule("credit", _re(r"\((?P<names>[^()\n]{0,80}/[^()\n]{0,80})\)"), 2, False,
         "Photo credits in parentheses: '(Annie Barker / The Herald)', '(AP Photo/Evan Vucci)'."),
    Rule("credit", _re(r"\b(?:[Pp]hoto(?:graph)?|[Ii]mage|[Pp]icture|[Cc]redit|[Cc]ourtesy)s?"
                       r"(?: of)?[ \t]*:[ \t]*(?P<names>[^\n]{3,120})"), 2, True,
         "Caption credits: 'Photo: X/AFP', 'Credit: X'."),
    Rule("credit", _re(r"\b(?:REUTERS|AFP|EPA|AP|Reuters|UPI|Getty Images)[ \t]*/[ \t]*"
                       r"(?P<names>[A-Z][^\n/()|;]{2,60})"), 2, True,
         "Agency photo credits: 'REUTERS/Kevin Lamarque'."),
    Rule("title", _re(r"(?<![\w.-])(?:" + _TITLE_ALT + r")\.?[ \t]+(?=(?P<names>[^\n]{1,120}))"), 1, True,
         "A title or rank before capitalized words names a person: 'Capt. Ezzedine', 'Gen. Smith'."),
    Rule("speaker", _re(r"^[ \t]*(?P<names>(?:[A-Z][A-Z'’.-]*[ \t]+){0,4}[A-Z][A-Z'’-]+)"
                        r"(?:[ \t]*,[^:\n]{0,60})?[ \t]*:"), 1, True,
         "Transcripts label turns with the speaker's name in capitals: 'SMITH:', 'MR. JONES:'."),
)

_CHUNK_SPLIT = re.compile(r",|;|\||/|\(|\)| and | & | [–—-] |—|–")


@dataclass(frozen=True)
class Recovered:
    start: int
    end: int
    source: str


# A known given name followed by one or two capitalized words ("Nigerian
# striker Emeka Obi"): the model misses names it has rarely seen, most often
# those from outside Europe and North America.
_CAPITALIZED_PAIR = re.compile(r"(?<![\w'’.-])([A-Z][^\W\d_]+)[ \t]+([A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?)")


def _given_name_pairs(text: str) -> list[Recovered]:
    """Not on title-case headlines, where every word is capitalized."""
    given = rules.given_names()
    return [Recovered(m.start(), m.end(), "given-name")
            for m in _CAPITALIZED_PAIR.finditer(text)
            if m.group(1).lower() in given and not is_headline(text, m.start())]


# The other titles of a person (Spokesperson, Director, Chairwoman, Speaker):
# before capitalized words they may also open the name of an organisation or
# a thing ("Major League Baseball", "Chief Medical Examiner", "Lady Justice").
_OTHER_TITLES = sorted((t for t in titles.TITLE_WORDS
                        if t not in titles.SURE_TITLES and t not in titles.GIVEN_NAME_TITLES),
                       key=len, reverse=True)
_OTHER_TITLE = _re(r"(?<![\w.-])(?i:" + "|".join(map(re.escape, _OTHER_TITLES)) + r")\.?[ \t]+"
                   r"(?=(?P<names>[^\n]{1,120}))")
# A name of two or three words after such a title, as an attribution line
# gives it ("attributable to Spokesperson Jane Doe:").
_TITLED_NAME_WORDS = (2, 3)


def _titled_names(text: str) -> list[Recovered]:
    """Names after the titles that are not sure: only a run of two or three
    name words that reads as a personal name (see _reads_as_name)."""
    out = []
    for m in _OTHER_TITLE.finditer(text):
        run = _run_after_title(text, m.start("names"), m.end("names"))
        if run and len(run) in _TITLED_NAME_WORDS and _reads_as_name(run):
            out.append(Recovered(run[0].start, run[-1].end, "title"))
    return out


def _reads_as_name(run: list[Word]) -> bool:
    """A run of capitalized words is a personal name rather than a phrase
    ("Medical Examiner", "League Baseball") when its first word is a known
    given name or no English word ("Ned Price", "Vedant Patel"), and none of
    its words is a title, organisation or place word (the title goes on:
    "Director General", "Officer"; or the name is an institution's)."""
    first = run[0].key
    if first not in rules.given_names() and is_english_word(first):
        return False
    return not any(is_title_word(w) or w.key in rules.ORG_WORDS or w.key in rules.PLACE_WORDS
                   for w in run)


def recover(text: str) -> list[Recovered]:
    """Every name region the rules find, as rough spans for clean-up."""
    out = _given_name_pairs(text) + _titled_names(text)
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            s, e = m.span("names")
            if rule.source == "title":
                run = _name_after_title(text, s, e)
                if run:
                    out.append(Recovered(run[0], run[1], rule.source))
                continue
            for a, b in name_runs(text, s, e, rule.min_words, rule.chain):
                out.append(Recovered(a, b, rule.source))
    return out


def name_runs(text: str, start: int, end: int, min_words: int, chain: bool) -> list[tuple[int, int]]:
    """Names in a region such as "Ahmed Ramadan and Suzan Haidamous" or
    "AP Photo/Evan Vucci, File": in each chunk between separators, the
    first run of name words that are not credit or title words."""
    out = []
    pos = start
    for sep in list(_CHUNK_SPLIT.finditer(text, start, end)) + [None]:
        chunk_end = sep.start() if sep else end
        run = _first_run(words_between(text, pos, chunk_end), min_words)
        if run:
            out.append(run)
        elif chain and text[pos:chunk_end].strip():
            break
        if sep:
            pos = sep.end()
    return out


def _first_run(words: list[Word], min_words: int) -> tuple[int, int] | None:
    run: list[Word] = []
    for w in words:
        if _run_word(w) and not _ends_sentence(w):
            run.append(w)
            continue
        if _run_word(w):
            run.append(w)  # its dot ends the sentence, and the run with it
        if len(run) >= min_words:
            break
        run = []
    if len(run) >= min_words and not all(is_title_word(w) for w in run):
        return run[0].start, run[-1].end
    return None


def _ends_sentence(w: Word) -> bool:
    """"Nairobi." in "a clinic in Nairobi. Tanisha Brooks / Tribune": a dot
    after a word that is no initial nor a name suffix (Jr.) ends a sentence."""
    return w.text.endswith(".") and not is_initial(w) and w.key not in rules.NAME_SUFFIXES


def _run_word(w: Word) -> bool:
    return (
        (is_name_word(w) or is_initial(w))
        and w.key not in rules.CREDIT_WORDS
        and w.key not in rules.CALENDAR
        and w.key not in rules.NON_NAME_STARTS
    )


def _name_after_title(text: str, start: int, end: int) -> tuple[int, int] | None:
    run = _run_after_title(text, start, end)
    if not run:
        return None
    return run[0].start, run[-1].end


# Title words after which the title names its portfolio or its place, not
# its holder: "Minister of Defence", "Minister for Health Affairs", "the
# Foreign Minister for Qatar's role", "Secretary and Minister".
_PORTFOLIO_BEFORE = ("of", "the", "for", "and")


def _run_after_title(text: str, start: int, end: int) -> list[Word]:
    """The capitalized words right after a title, past further title words
    ("Gen." then "Mohammed Khalouf"; "Secretary General" then the name)."""
    words = words_between(text, start, end)
    i = 0
    while (i < len(words) and is_title_word(words[i]) and words[i].key not in _PORTFOLIO_BEFORE
           and reads_as_title(words[i], words[i + 1:], text)):
        i += 1
    run: list[Word] = []
    for w in words[i:]:
        if not _run_word(w) or w.key in rules.LEADING_NON_NAME:
            break
        run.append(w)
        if text[w.end : w.end + 1] in ",;:)’'\"”" or ends_possessive(text, w) or _ends_sentence(w):
            break  # the name ends at a comma, a possessive or a sentence end
        if len(run) == 5:
            break
    return run
