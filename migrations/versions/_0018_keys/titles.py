"""The one title vocabulary (data/titles.tsv) and the questions asked of it.

Extraction (service/nlp) asks which words are titles and which only qualify
one; the name engine (parse.py) what to set aside before and after a name;
resolution (service/resolve) which title a written one stands for, of what
kind, and whether two ranks can belong to one person. The file explains each
kind and flag.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TITLE_KINDS = frozenset({"rank", "office", "honorific", "role", "courtesy"})
# Titles that say who someone is: kept on entities and weighed by resolution.
# Courtesy titles (Mr, Mrs) only say how to address them.
EVIDENCE_KINDS = TITLE_KINDS - {"courtesy"}
AFTER_NAME_KINDS = frozenset({"suffix", "generation"})
# A title that is also a given name reads as a title only before a name of
# this many parts: "Sultan Qaboos bin Said", but "Sultan bin Salman".
GIVEN_NAME_TITLE_PARTS = 2


@dataclass(frozen=True)
class Entry:
    written: str
    canonical: str
    kind: str
    flags: frozenset[str]


def _read() -> tuple[Entry, ...]:
    text = (resources.files(__package__) / "data" / "titles.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(Entry(written, canonical, kind, frozenset(flags.split(",")) - {"-"})
                 for written, canonical, kind, flags, *_reason in rows)


ENTRIES = _read()
_TITLES = {e.written: e for e in ENTRIES if e.kind in TITLE_KINDS}
_KINDS = {e.canonical: e.kind for e in _TITLES.values()}

# Extraction and the name engine read titles word by word.
TITLE_WORDS = frozenset(w for w in _TITLES if " " not in w)
QUALIFIERS = frozenset(e.written for e in ENTRIES if e.kind == "qualifier")
GIVEN_NAME_TITLES = frozenset(w for w, e in _TITLES.items() if "given-name" in e.flags)
# Of those, the ones more often a given name than the title (Amir, Sultan):
# extraction reads them as titles only with more evidence (words.reads_as_title).
NAME_FIRST_TITLES = frozenset(w for w, e in _TITLES.items() if "name-first" in e.flags)
SURE_TITLES = tuple(w for w, e in _TITLES.items() if "sure" in e.flags)
# Words written after a name ("jr", "phd"), with their kind and canonical form.
AFTER_NAME = {e.written: e for e in ENTRIES if e.kind in AFTER_NAME_KINDS}
# Titles of several words, by their words: ("secretary", "of", "state").
PHRASES = frozenset(tuple(w.split()) for w in _TITLES if " " in w)
_LONGEST_PHRASE = max(map(len, PHRASES))


def phrase_at(words: list[str], i: int) -> int:
    """Length of the longest title phrase starting at words[i], 0 if none."""
    for n in range(min(_LONGEST_PHRASE, len(words) - i), 1, -1):
        if tuple(words[i : i + n]) in PHRASES:
            return n
    return 0


def is_title_before(word: str, parts_after: int) -> bool:
    """`word` (lower case, no dot) reads as a title before a name of
    `parts_after` parts; one that is also a given name needs two."""
    if word not in TITLE_WORDS:
        return False
    return word not in GIVEN_NAME_TITLES or parts_after >= GIVEN_NAME_TITLE_PARTS


def title_key(written: str) -> str:
    """"maj gen" for "Maj.-Gen.": lower case, dots and hyphens as spaces."""
    return " ".join(re.sub(r"[.\-‐‑]", " ", written.lower()).split())


@lru_cache(maxsize=4096)
def canonical_title(written: str) -> tuple[str, str] | None:
    """("major general", "rank") for "Maj. Gen."; None for no known title.
    "Syrian Maj. Gen.", "former President": the longest known ending decides."""
    words = title_key(written).split()
    for i in range(len(words)):
        entry = _TITLES.get(" ".join(words[i:]))
        if entry:
            return entry.canonical, entry.kind
    return None


def canonical_titles(written: list[str] | tuple[str, ...]) -> set[str]:
    """The canonical forms of the written titles that say who someone is."""
    found = (canonical_title(w) for w in written)
    return {t[0] for t in found if t and t[1] in EVIDENCE_KINDS}


def ranks_conflict(a: set[str], b: set[str]) -> bool:
    """Both sets of canonical titles hold ranks, and no rank of one agrees
    with a rank of the other: a captain is not the major general who shares
    his name."""
    ra, rb = _ranks(a), _ranks(b)
    if not ra or not rb:
        return False
    return not any(ranks_agree(x, y) for x in ra for y in rb)


def _ranks(titles: set[str]) -> set[str]:
    return {t for t in titles if _KINDS.get(t) == "rank"}


def ranks_agree(x: str, y: str) -> bool:
    """The same rank, or a compound rank and the bare rank it ends with:
    writers shorten a major general to "General" and a lieutenant colonel to
    "Colonel" (but a major general is never "Major")."""
    return x == y or x.split()[-1] == y or y.split()[-1] == x


def same_title(a: str, b: str) -> bool:
    """Two written titles stand for one title, or for ranks that agree:
    "Capt." and "Captain", "Maj. Gen." and "General". Titles the vocabulary
    does not know agree when written alike."""
    ta, tb = canonical_title(a), canonical_title(b)
    if ta is None or tb is None:
        return title_key(a) == title_key(b)
    if ta[1] == tb[1] == "rank":
        return ranks_agree(ta[0], tb[0])
    return ta[0] == tb[0]
