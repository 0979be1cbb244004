"""Grouping the mentions of one article by person.

1. Full names (two name parts or more) group when the name engine says they
   match; a name whose given name differs (Mohammed Khalouf, Ezz al-Din
   Khalouf) is another person, however much else agrees.
2. A short form ("Khalouf", "al-Hourani", "Captain Ezzedine") joins the
   full-name group that holds it as a part. When several do (father and son),
   cues decide: a rank that agrees, "the elder" / "his son"; otherwise the
   most prominent group (most mentions, not introduced as someone's relative,
   first seen).
3. Short forms that join no full name form their own group.
"""
from dataclasses import dataclass, field
from functools import lru_cache

from service.names import InvalidName, compare_names, normalize_name
from service.nlp import rules
from service.nlp.extract import PersonMention
from service.nlp.words import is_title_word, previous_word


@dataclass
class PersonGroup:
    """All the mentions of one person in one article. `name` is the most
    complete form, the canonical name candidate; `spellings` the distinct
    surface forms; `titles` every title seen before a mention; `relations`
    the kinship words that introduced the person ("son"); `context` a short
    window of text around the first mentions, for the resolver."""

    name: str
    mentions: list[PersonMention]
    titles: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


@dataclass
class _Draft:
    name: str
    parts: list[str]                      # normalized name parts of `name`
    mentions: list[PersonMention] = field(default_factory=list)
    relations: set[str] = field(default_factory=set)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


_CONTEXT_CHARS = 80
_CONTEXT_WINDOWS = 3


def group_mentions(mentions: list[PersonMention], text: str) -> list[PersonGroup]:
    """One group per person; `text` is the article, for the cues that tell
    apart people sharing a name."""
    full, short = [], []
    for m in sorted(mentions, key=lambda m: m.start):
        parts = _parts(m.text)
        if parts is None:
            continue
        (full if len(_core(parts)) > 1 else short).append((m, parts))
    drafts: list[_Draft] = []
    for m, parts in full:
        draft = _matching_full(drafts, m.text, parts)
        if draft is None:
            draft = _Draft(m.text, parts)
            drafts.append(draft)
        elif len(parts) > len(draft.parts):
            draft.name, draft.parts = m.text, parts
        draft.mentions.append(m)
        draft.relations |= _relations(text, m)
    n_full = len(drafts)
    for m, parts in short:
        draft = _short_form_owner(drafts[:n_full], m, parts, text)
        if draft is None:
            draft = next((d for d in drafts[n_full:] if d.parts == parts), None)
        if draft is None:
            draft = _Draft(m.text, parts)
            drafts.append(draft)
        draft.mentions.append(m)
        draft.relations |= _relations(text, m)
    return [_finish(d, text) for d in sorted(drafts, key=lambda d: d.first)]


@lru_cache(maxsize=4096)
def _matches(a: str, b: str) -> bool:
    try:
        return compare_names(a, b).match
    except InvalidName:
        return False


def _parts(name: str) -> list[str] | None:
    try:
        return normalize_name(name).split()
    except InvalidName:
        return None


def _core(parts: list[str]) -> list[str]:
    """Name parts without particles: "al assad" is one part."""
    return [p for p in parts if p not in rules.PARTICLES] or parts


def _matching_full(drafts: list[_Draft], name: str, parts: list[str]) -> _Draft | None:
    for d in drafts:
        if d.parts == parts or _core(d.parts) == _core(parts):
            return d
    for d in drafts:
        if _core(d.parts)[0] != _core(parts)[0] and not _same_given(d.parts, parts):
            continue  # another given name: another person (father and son)
        if _matches(d.name, name):
            return d
    return None


def _same_given(a: list[str], b: list[str]) -> bool:
    return _matches(_core(a)[0], _core(b)[0])


def _short_form_owner(drafts: list[_Draft], m: PersonMention, parts: list[str], text: str) -> _Draft | None:
    """The full-name group a one-part mention belongs to, or None."""
    word = _core(parts)[0]
    owners = [d for d in drafts if _holds(d, word)]
    if len(owners) <= 1:
        return owners[0] if owners else None
    return _decide(owners, m, text)


def _holds(d: _Draft, word: str) -> bool:
    """"khalouf" in "mohammed khalouf"; "ezzedine" against "izz al din" too
    (a given name written as one word)."""
    core = _core(d.parts)
    if word in core:
        return True
    candidates = set(core)
    if len(core) > 2:
        candidates.add(" ".join(d.parts[: d.parts.index(core[-1])]))  # all but the surname
    return any(_matches(word, c) for c in candidates)


def _decide(owners: list[_Draft], m: PersonMention, text: str) -> _Draft:
    """Several full names hold this short form: a rank that agrees, then
    seniority cues, then prominence."""
    if m.titles:
        rank = _rank(m.titles[0])
        same_rank = [d for d in owners if any(_rank(t) == rank for x in d.mentions for t in x.titles)]
        if len(same_rank) == 1:
            return same_rank[0]
    cue = _cue_before(text, m.start)
    juniors = [d for d in owners if d.relations & rules.JUNIOR_CUES]
    seniors = [d for d in owners if d not in juniors]
    if cue in rules.JUNIOR_CUES and len(juniors) == 1:
        return juniors[0]
    if cue in rules.SENIOR_CUES and len(seniors) == 1:
        return seniors[0]
    return max(owners, key=lambda d: (not d.relations, len(d.mentions), -d.first))


def _rank(title: str) -> str:
    """The last word of a title, abbreviations spelled out, so that
    "Maj. Gen.", "General" and "Brigadier General" agree, "Capt." and
    "Captain" agree, and a captain and a general do not."""
    last = title.lower().replace(".", " ").split()[-1]
    return _ABBREVIATIONS.get(last, last)


_ABBREVIATIONS = {"gen": "general", "capt": "captain", "col": "colonel", "maj": "major",
                  "lt": "lieutenant", "sgt": "sergeant", "adm": "admiral", "cmdr": "commander",
                  "brig": "brigadier", "sen": "senator", "rep": "representative", "gov": "governor",
                  "dr": "doctor", "prof": "professor"}


def _cue_before(text: str, start: int) -> str | None:
    """"elder" in "The elder Khalouf", "son" in "his son Khalouf"."""
    pos = start
    for _ in range(3):
        prev = previous_word(text, pos)
        if prev is None:
            return None
        if prev.key in rules.SENIOR_CUES or prev.key in rules.JUNIOR_CUES:
            return prev.key
        pos = prev.start
    return None


def _relations(text: str, m: PersonMention) -> set[str]:
    """Kinship words introducing the mention: "his son, Capt. X" -> {"son"}.
    Read backwards over the mention's title only: in "sister of President X"
    the kinship word is about someone else."""
    pos = m.start
    for _ in range(6):
        prev = previous_word(text, pos)
        if prev is None:
            return set()
        key = prev.key
        if key in rules.KIN_WORDS:
            return {key}
        if not is_title_word(prev) or key in ("of", "the", "and", "for"):
            return set()
        pos = prev.start
    return set()


def _finish(d: _Draft, text: str) -> PersonGroup:
    mentions = sorted(d.mentions, key=lambda m: m.start)
    titles = tuple(dict.fromkeys(t for m in mentions for t in m.titles))
    spellings = tuple(dict.fromkeys(m.text for m in mentions))
    context = tuple(
        " ".join(text[max(0, m.start - _CONTEXT_CHARS) : m.end + _CONTEXT_CHARS].split())
        for m in mentions[:_CONTEXT_WINDOWS]
    )
    name = max(spellings, key=lambda s: (len(_parts(s) or []), len(s)))
    return PersonGroup(name, mentions, titles, spellings, tuple(sorted(d.relations)), context)
