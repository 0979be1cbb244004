"""Kinship cues around the mentions of one article.

Relatives often share a name, and a few words are all a writer gives to tell
them apart; grouping (group.py) reads them here:
- the kinship word that introduces a mention, read backwards over its title
  only ("his son, Capt. X") or in an appositive after it ("X, the son of Y");
- the side of the family that word, a seniority word ("the elder X") or a
  generation ("X Jr.") puts the person on (data/kinship.tsv);
- the relative named with the kinship word: Y in "X, the son of Y" and in
  "Y's son X"; in "Y ... and his son X" or "Y ... . His son X", the nearest
  person named before, whom "his" most likely stands for. X and Y are two
  people.
"""
import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from service.names import InvalidName, parse_name
from service.nlp import rules
from service.nlp.extract import PersonMention
from service.nlp.words import Word, is_title_word, next_word, previous_word

SENIOR, JUNIOR = "senior", "junior"
OPPOSITE = {SENIOR: JUNIOR, JUNIOR: SENIOR}


def _read_sides() -> dict[str, str]:
    text = (Path(__file__).parent / "data" / "kinship.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {word: side for word, side, *_reason in rows}


SIDES = _read_sides()
# Words that stop the reading of a title backwards: "Secretary of State" is a
# title, but in "the son of X" the kinship word is about someone else.
_LINKS = frozenset({"of", "the", "and", "for"})
_PRONOUNS = frozenset({"his", "her", "their"})
_POSSESSIVE = ("'s", "’s")
# A writer names the relative within a few words of the kinship word.
_REACH = 6
# The antecedent of "his" is looked for in its sentence and the one before
# ("Gen. Karim Haddad defected. His son, Capt. Nabil Haddad, ..."), never
# across a line: a headline, a caption or another paragraph.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*[ \t]+[\"'“‘(]*[A-Z]")
_SENTENCES_BACK = 1


@dataclass
class Kinship:
    """What the cues say of the mentions of one article, by mention start."""

    sides: dict[int, str] = field(default_factory=dict)                 # SENIOR or JUNIOR
    apart: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))  # two relatives
    before: dict[int, str] = field(default_factory=dict)  # "son" in "his son, Capt. X"
    after: dict[int, str] = field(default_factory=dict)   # "son" in "X, the son of Y"

    def relations(self, m: PersonMention, appositive: bool = True) -> set[str]:
        """Kinship words introducing the mention: "his son, Capt. X" ->
        {"son"} (read backwards over the mention's title only: in "sister of
        President X" the kinship word is about someone else); with
        `appositive`, also "X, the son of Y", "X, his younger brother"."""
        found = (self.before.get(m.start), self.after.get(m.start) if appositive else None)
        return {word for word in found if word is not None}

    def pair(self, a: PersonMention, b: PersonMention, word: Word) -> None:
        """a is introduced by `word` as b's relative: b is on the other side."""
        self.apart[a.start].add(b.start)
        self.apart[b.start].add(a.start)
        if word.key in SIDES:
            self.sides.setdefault(b.start, OPPOSITE[SIDES[word.key]])


def read_kinship(mentions: list[PersonMention], text: str) -> Kinship:
    kin = Kinship()
    by_start, by_end = {m.start: m for m in mentions}, {m.end: m for m in mentions}
    ends = sorted(by_end)
    for m in mentions:
        before, after = word_before(text, m), kin_after(text, m)
        named_after = _named_after(text, after, by_start) if after is not None else None
        side = _own_side(text, m, before, after, named_after is not None)
        if side:
            kin.sides[m.start] = side  # over the side a relative's cue gave (Kinship.pair)
        if after is not None:
            kin.after[m.start] = after.key
            if named_after is not None:
                kin.pair(m, named_after, after)
        if before is not None and before.key in rules.KIN_WORDS:
            kin.before[m.start] = before.key
            _pair_before(kin, text, m, before, by_end, ends)
    return kin


def _pair_before(kin: Kinship, text: str, m: PersonMention, word: Word, by_end: dict[int, PersonMention],
                 ends: list[int]) -> None:
    """The relative named before the kinship word that introduces m."""
    relative = _named_before(text, word, by_end, ends)
    if relative is not None:
        kin.pair(m, relative, word)


def word_before(text: str, m: PersonMention) -> Word | None:
    """The first word before the mention that is not part of its title: a
    kinship word ("son" in "his son, Capt. X"), a seniority word ("elder" in
    "the elder X"), or whatever ends the title. "Senior" and "Junior" qualify
    titles too ("Senior Adviser X"): they are seniority words only right
    before the name."""
    pos = m.start
    for i in range(_REACH):
        prev = previous_word(text, pos)
        if prev is None or prev.key in rules.KIN_WORDS or (i == 0 and prev.key in SIDES):
            return prev
        if not is_title_word(prev) or prev.key in _LINKS:
            return prev
        pos = prev.start
    return None


def kin_after(text: str, m: PersonMention) -> Word | None:
    """The kinship word of an appositive after the name: "son" in "X, the son
    of Y", "brother" in "X, his younger brother"."""
    if not text[m.end:m.end + 2].startswith(","):
        return None
    pos = m.end + 1
    for _ in range(_REACH):
        word = next_word(text, pos)
        if word is None:
            return None
        key = word.key.rstrip(",")
        if key in rules.KIN_WORDS:
            return Word(word.start, word.start + len(key), word.text[:len(key)])
        # "the late president's younger brother": a possessive is a filler too.
        if key not in rules.APPOSITIVE_FILLERS and not key.endswith(_POSSESSIVE):
            return None
        pos = word.end
    return None


def _own_side(text: str, m: PersonMention, before: Word | None, after: Word | None,
              relative_named: bool) -> str | None:
    """The side the words next to the mention put it on: "his son X", "the
    elder X", "X, the father of Y", "X Jr.". A kinship word says whose
    relative only with a possessive or the relative named: in "X, a father
    of three" or "Father X" (a priest), it puts X on no side."""
    if before is not None and before.key in SIDES and (before.key not in rules.KIN_WORDS
                                                       or _possessor(text, before)):
        return SIDES[before.key]
    if after is not None and after.key in SIDES and (relative_named or _possessor(text, after)):
        return SIDES[after.key]
    try:
        return SIDES.get(parse_name(m.text).generation)
    except InvalidName:
        return None


def _named_after(text: str, kin: Word, by_start: dict[int, PersonMention]) -> PersonMention | None:
    """Y in "X, the son of Y": the mention after "of", past its title."""
    word = next_word(text, kin.end)
    if word is None or word.key != "of":
        return None
    for _ in range(_REACH):
        word = next_word(text, word.end)
        if word is None or word.start in by_start:
            return by_start.get(word.start) if word else None
        if not is_title_word(word) and word.key not in rules.APPOSITIVE_FILLERS:
            return None
    return None


def _named_before(text: str, kin: Word, by_end: dict[int, PersonMention],
                  ends: list[int]) -> PersonMention | None:
    """Y in "Y's son X"; in "Y ... and his son X", Y is the nearest mention
    before (_antecedent)."""
    owner = _possessor(text, kin)
    if owner is None:
        return None
    if owner.key in _PRONOUNS:
        return _antecedent(text, owner.start, by_end, ends)
    return by_end.get(owner.end - 2) or by_end.get(owner.end)


def _possessor(text: str, kin: Word) -> Word | None:
    """"his" in "his eldest son", "Farouk's" in "Farouk's son", "president's"
    in "the late president's son": whose relative the kinship word says."""
    pos = kin.start
    for _ in range(_REACH):
        prev = previous_word(text, pos)
        if prev is None:
            return None
        if prev.key in _PRONOUNS or prev.key.endswith(_POSSESSIVE):
            return prev
        if prev.key not in rules.APPOSITIVE_FILLERS:
            return None
        pos = prev.start
    return None


def _antecedent(text: str, pos: int, by_end: dict[int, PersonMention],
                ends: list[int]) -> PersonMention | None:
    """The nearest mention ending before `pos`, in its sentence or the one
    before, on its line."""
    i = bisect.bisect_right(ends, pos)
    if i == 0 or "\n" in text[ends[i - 1]:pos]:
        return None
    if len(_SENTENCE_END.findall(text, ends[i - 1], pos + 1)) > _SENTENCES_BACK:
        return None
    return by_end[ends[i - 1]]
