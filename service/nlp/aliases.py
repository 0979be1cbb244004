"""Aliases an article gives: "X, also known as Y", "X (a.k.a. Y)", "X, whose
real name is Y", "X is also known as A, B and C". The names share nothing the
name engine could see; the cue alone says they are one person
(data/aliases.tsv lists the cues, with their reasons)."""
import bisect
import re
from pathlib import Path

from service.nlp.extract import PersonMention


def _read_cues() -> list[str]:
    text = (Path(__file__).parent / "data" / "aliases.tsv").read_text(encoding="utf-8")
    return [line.split("\t")[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]


# The longest cue first: "also known as" before "known as". Not after a hyphen:
# "Syrian-born" is no cue.
_CUE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in sorted(_read_cues(), key=len, reverse=True))
                  + r")(?!\w)", re.IGNORECASE)
# Between the name and the cue: "X, also known as", "X (a.k.a.", "X is also
# known as", "X, who was born".
_BEFORE = re.compile(r"[\s,(]*(?:(?:who\s+)?(?:is|was)\s+)?")
# Quotes and the opening marks of a transliteration (‘Abdul) before an alias.
_OPEN = r"[\s\"“‘'’:]*"
_FIRST = re.compile(_OPEN)
# Between two aliases of a list: "A, B, and C", "A or B".
_NEXT = re.compile(r"[\s,;\"”’'“‘]*(?:(?:and|or)\s+)?" + _OPEN)


def read_aliases(mentions: list[PersonMention], text: str) -> list[tuple[int, int]]:
    """(start of the name, start of an alias) for every alias the article
    gives."""
    ordered = sorted(mentions, key=lambda m: m.start)
    starts, ends = [m.start for m in ordered], [m.end for m in ordered]
    pairs = []
    for cue in _CUE.finditer(text):
        i = bisect.bisect_right(ends, cue.start()) - 1
        if i < 0 or not _BEFORE.fullmatch(text, ends[i], cue.start()):
            continue
        j, pos, gap = bisect.bisect_left(starts, cue.end()), cue.end(), _FIRST
        while j < len(ordered) and gap.fullmatch(text, pos, starts[j]):
            pairs.append((starts[i], starts[j]))
            j, pos, gap = j + 1, ends[j], _NEXT
    return pairs
