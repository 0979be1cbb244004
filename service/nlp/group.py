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

Whatever the spellings, two mentions never share a group when the article
says they are two people: their ranks differ (a captain and a major general
Qabbani), or a kinship cue sets them apart ("his son", "X, the son of Y", "the
elder" and "the younger", "Jr." and "Sr."; kinship.py reads them). Resolution
keeps entities apart on the same evidence. And two groups are one person when
the article gives one name as an alias of the other ("X, also known as Y";
aliases.py), unless that evidence says otherwise.

A name is compared only with the groups that share a key with it (_Index),
not with every group of the article: the cost grows with the pairs of names
that share a key, not with every pair. The keys are those of the name engine
plus those of the rules here; two spellings alike only letter by letter
(Hamad, Haddad) and sharing no key are no longer compared.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from service.names import InvalidName, Part, blocking_keys, compare_names, normalize_name, parse_name
from service.names.titles import canonical_title, ranks_conflict, same_title
from service.nlp import rules
from service.nlp.aliases import read_aliases
from service.nlp.extract import PersonMention
from service.nlp.kinship import OPPOSITE, Kinship, read_kinship


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
    ranks: set[str] = field(default_factory=set)   # canonical ranks of its mentions
    sides: set[str] = field(default_factory=set)   # kinship.SENIOR, JUNIOR
    aliases: set[int] = field(default_factory=set)  # starts of the mentions that joined as aliases

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def add(self, m: PersonMention, kin: Kinship) -> None:
        self.mentions.append(m)
        self.ranks |= _ranks(m.titles)
        if m.start in kin.sides:
            self.sides.add(kin.sides[m.start])


_CONTEXT_CHARS = 80
_CONTEXT_WINDOWS = 3


def group_mentions(mentions: list[PersonMention], text: str) -> list[PersonGroup]:
    """One group per person; `text` is the article, for the cues that tell
    apart people sharing a name."""
    full: list[tuple[PersonMention, list[str]]] = []
    short: list[tuple[PersonMention, list[str]]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        parts = _parts(m.text)
        if not parts:
            continue
        # "Trump Jr." is a family name with its suffix: a short form.
        name_words = [p for p in _core(parts) if p not in rules.JUNIOR_SENIOR] or parts
        (full if len(name_words) > 1 else short).append((m, parts))
    named = [m for m, _ in full + short]
    kin = read_kinship(named, text)
    drafts = _full_name_groups(_evidence_first(full, kin), kin)
    drafts += _short_form_groups(short, drafts, kin)
    drafts = _join_aliases(drafts, read_aliases(named, text), kin)
    return [_finish(d, text) for d in sorted(drafts, key=lambda d: d.first)]


_Mentions = list[tuple[PersonMention, list[str]]]  # each with its normalized parts


def _evidence_first(full: _Mentions, kin: Kinship) -> _Mentions:
    """The full names that say who someone is (a rank, a kinship cue) before
    the others, each part in text order. Two people of one name are told
    apart by those; a bare mention of the name then joins the one spelled
    alike, instead of founding a group that the first of them would join
    and the second could not, whichever came first."""
    return sorted(full, key=lambda mp: not (_ranks(mp[0].titles) or mp[0].start in kin.sides
                                            or mp[0].start in kin.apart))


def _full_name_groups(full: _Mentions, kin: Kinship) -> list[_Draft]:
    """The groups of the full names, in the order they were made."""
    drafts: list[_Draft] = []
    index = _Index()
    for m, parts in full:
        keys, lookup = _full_keys(m.text, parts)
        pool = [d for d in index.candidates(lookup) if not _conflicts(d, m, kin)]
        draft = _matching_full(pool, m.text, parts)
        if draft is None:
            draft = _Draft(m.text, parts)
            drafts.append(draft)
        elif len(parts) > len(draft.parts):
            draft.name, draft.parts = m.text, parts
        draft.add(m, kin)
        draft.relations |= kin.relations(m)
        index.add(draft, keys)
    return drafts


def _short_form_groups(short: _Mentions, drafts: list[_Draft], kin: Kinship) -> list[_Draft]:
    """Adds each short form to the full-name group that holds it; answers the
    groups of those that join none. A short form before the form that links
    it to a group ("Zelenskyy's" in a headline, "Zelenskyy" in the body) is
    tried again once that form has joined: where a form stands in the
    article (headline, dateline, caption) does not decide its group."""
    owners = _Index()
    for owner in drafts:
        for m in owner.mentions:
            owners.add(owner, _owner_keys(m.text, _parts(m.text)))
    shorts: dict[str, Counter] = defaultdict(Counter)  # the short forms by first word
    for _, parts in short:
        shorts[parts[0]][tuple(parts)] += 1
    pending = short
    while pending:
        left = [(m, parts) for m, parts in pending if not _join_owner(owners, m, parts, shorts, kin)]
        if len(left) == len(pending):
            break
        pending = left
    return _alone_groups(pending, kin)


def _join_owner(owners: "_Index", m: PersonMention, parts: list[str], shorts: dict[str, Counter],
                kin: Kinship) -> bool:
    draft = _short_form_owner(owners.candidates(_short_keys(m.text)), m, shorts, kin)
    if draft is None:
        return False
    owners.add(draft, _owner_keys(m.text, parts))  # _holds reads every mention
    draft.add(m, kin)
    draft.relations |= kin.relations(m, appositive=False)
    return True


def _alone_groups(short: _Mentions, kin: Kinship) -> list[_Draft]:
    """The groups of the short forms that join no full name: one per form,
    but for forms the article shows to be two people (a colonel and a
    captain Darwish)."""
    alone: dict[tuple[str, ...], list[_Draft]] = defaultdict(list)
    for m, parts in short:
        same = alone[tuple(parts)]
        draft = next((d for d in same if not _conflicts(d, m, kin)), None)
        if draft is None:
            draft = _Draft(m.text, parts)
            same.append(draft)
        draft.add(m, kin)
        draft.relations |= kin.relations(m, appositive=False)
    return [d for same in alone.values() for d in same]


def _join_aliases(drafts: list[_Draft], aliases: list[tuple[int, int]], kin: Kinship) -> list[_Draft]:
    """Each alias's group joins the group of the name it is given for, once
    every name has found its group: the name may be a short form ("Al-Mawla
    is also known as ..."). Not when ranks or kinship cues set the two apart."""
    owner = {m.start: d for d in drafts for m in d.mentions}
    gone: set[int] = set()
    for name, alias in aliases:
        keep, other = owner[name], owner[alias]
        if keep is other or any(_conflicts(keep, m, kin) for m in other.mentions):
            continue
        for m in other.mentions:
            keep.add(m, kin)
            owner[m.start] = keep
        keep.relations |= other.relations
        keep.aliases |= {m.start for m in other.mentions}
        gone.add(id(other))
    return [d for d in drafts if id(d) not in gone]


class _Index:
    """Groups by key. A name is compared only with the groups sharing one of
    its keys, taken in the order of the mentions that founded them, which is
    the article's order (the first seen wins a tie, as with a plain scan of
    the article), whatever the order the mentions were grouped in."""

    def __init__(self) -> None:
        self._drafts: dict[int, _Draft] = {}  # by the start of its founding mention
        self._by_key: dict[str, set[int]] = defaultdict(set)

    def add(self, draft: _Draft, keys: set[str]) -> None:
        founded = draft.mentions[0].start
        self._drafts[founded] = draft
        for key in keys:
            self._by_key[key].add(founded)

    def candidates(self, keys: set[str]) -> list[_Draft]:
        found = set().union(*(self._by_key.get(key, ()) for key in keys))
        return [self._drafts[i] for i in sorted(found)]


# Keys: two names the rules below may put together must share one, or the
# group is never looked at. The name engine's blocking keys are shared by the
# names it matches (service/names/keys.py); the other keys cover what those
# leave out on purpose and what only this module accepts.

def _full_keys(name: str, parts: list[str]) -> tuple[set[str], set[str]]:
    """Keys of a full name, for the other full names (_matching_full): the
    keys its group is found by, and the keys it looks up."""
    keys = ({"core:" + " ".join(_core(parts))}  # the same name but for particles
            | set(blocking_keys(name)) | _initial_keys(name, parts) | _no_s_keys(parse_name(name).parts[1:]))
    # A frequent given name (Mohammed) has no key of its own in a full name,
    # yet a name the engine reads as one part ("Elizabeth II") may be the
    # given name of another ("Elizabeth Windsor"). Only those two meet on it,
    # not the article's full names that share a frequent given name.
    given = blocking_keys(parts[0])
    if len(parse_name(name).parts) == 1:
        return keys | {"one-part:" + k for k in given}, keys | {"given:" + k for k in given}
    return keys | {"given:" + k for k in given}, keys | {"one-part:" + k for k in given}


def _owner_keys(name: str, parts: list[str]) -> set[str]:
    """Keys of a group's mention, for the short forms (_holds). The engine
    compares a one-part name with the given and the family name only, and
    those give their keys here even when frequent (Mohammed): "Mohammed"
    alone may be Mohammed Khalouf."""
    named = parse_name(name).parts
    ends = (named[0], named[-1])
    keys = {key for part in ends for key in blocking_keys(part.display)}
    keys |= _no_s_keys(ends) | _quoted_keys(name)
    if "-" in parts[0]:
        keys.add("head:" + parts[0].split("-")[0])  # _compound_head
    return keys


def _short_keys(name: str) -> set[str]:
    """Keys of a short form, for the groups that may hold it (_holds)."""
    keys = set(blocking_keys(name)) | _no_s_keys(parse_name(name).parts) | {"quote:" + name}
    words = _parts(name)
    if len(words) == 1:
        keys.add("head:" + words[0])  # _compound_head
    return keys


def _quoted_keys(name: str) -> set[str]:
    """Every quoted stretch of the name, as _quoted_nickname looks for it."""
    keys = set()
    for q, e in _QUOTES:
        starts = [i for i, c in enumerate(name) if c == q]
        ends = [i for i, c in enumerate(name) if c == e]
        keys |= {"quote:" + name[i + 1:j] for i in starts for j in ends if j > i}
    return keys


def _initial_keys(name: str, parts: list[str]) -> set[str]:
    """The given name with the first letter of each later part: the engine
    aligns an initial with any part of that letter ("John M. Smith" and
    "John Morson"), and initials make no blocking key."""
    rest = parse_name(name).parts[1:]
    return {f"initial:{key}+{part.compact[0]}" for key in blocking_keys(parts[0]) for part in rest}


def _no_s_keys(parts: tuple[Part, ...]) -> set[str]:
    """The parts without a final s: a possessive or a plural ("Blinken's
    Meeting", "the Houthis") is close enough letter by letter for the engine
    to match the name, but the s changes its consonant key."""
    return {"no-s:" + part.compact.removesuffix("s") for part in parts if not part.initial}


# Room for the pairs one long article compares (a few thousand at the cap on
# names, service/nlp/people.py), each compared again for every mention.
@lru_cache(maxsize=32768)
def _matches(a: str, b: str) -> bool:
    try:
        return compare_names(a, b).match
    except InvalidName:
        return False


def _parts(name: str) -> list[str]:
    """The normalized words of a name; none when it holds no name."""
    try:
        return normalize_name(name).split()
    except InvalidName:
        return []


def _core(parts: list[str]) -> list[str]:
    """Name parts without particles: "al assad" is one part."""
    return [p for p in parts if p not in rules.PARTICLES] or parts


def _conflicts(d: _Draft, m: PersonMention, kin: Kinship) -> bool:
    """The article says the mention is not the group's person: their ranks
    differ, the mention is on the other side of a family ("the younger" for
    "the elder"; "his son" for "his father"), or a kinship cue names one as
    the other's relative ("X, the son of Y")."""
    ranks = _ranks(m.titles)
    if ranks and d.ranks and ranks_conflict(d.ranks, set(ranks)):
        return True
    side = kin.sides.get(m.start)
    if side is not None and OPPOSITE[side] in d.sides:
        return True
    relatives = kin.apart.get(m.start, set())
    return any(x.start in relatives for x in d.mentions) if relatives else False


@lru_cache(maxsize=4096)
def _ranks(titles: tuple[str, ...]) -> frozenset[str]:
    """The ranks among the titles: offices and honorifics change or are
    shared too often to tell two people apart (resolution weighs them)."""
    found = (canonical_title(t) for t in titles)
    return frozenset(t[0] for t in found if t and t[1] == "rank")


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


def _short_form_owner(drafts: list[_Draft], m: PersonMention, shorts: dict[str, Counter],
                      kin: Kinship) -> _Draft | None:
    """The full-name group a one-part mention belongs to, or None. `shorts`
    holds the article's one-part forms by first word, to see who is called by
    given name."""
    owners = [d for d in drafts if _holds(d, m.text) and not _conflicts(d, m, kin)
              and _same_generation(d, m.text)]
    if len(owners) <= 1:
        return owners[0] if owners else None
    return _decide(owners, m, shorts, kin)


def _same_generation(d: _Draft, short: str) -> bool:
    """A short form with a suffix ("Trump Jr.") is the person whose full name
    carries it, never the father the full name without it names."""
    generation = _generation(short)
    return not generation or any(_generation(x.text) == generation for x in d.mentions)


@lru_cache(maxsize=65536)
def _generation(name: str) -> str:
    try:
        return parse_name(name).generation
    except InvalidName:
        return ""


def _holds(d: _Draft, short: str) -> bool:
    """The name engine accepts the one-part form as the given or family name
    of one of the group's full names ("Khalouf", "Ezzedine" for Izz al-Din
    Khalouf), never as a middle or father's name ("Hamad" is not Tamim bin
    Hamad)."""
    return (any(_matches(short, m.text) for m in d.mentions) or _compound_head(short, d)
            or _quoted_nickname(short, d))


def _quoted_nickname(short: str, d: _Draft) -> bool:
    """"Peggy" for Margaret "Peggy" Sullivan: a nickname quoted inside the
    full name is what the rest of the article calls the person."""
    return any(f"{q}{short}{e}" in m.text for m in d.mentions for q, e in _QUOTES)


_QUOTES = (('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"))


def _compound_head(short: str, d: _Draft) -> bool:
    """"Seif" for Seif al-Islam Kadhafi: writers shorten a compound given name
    to its first word within one article."""
    given, word = d.parts[0], _parts(short)
    return bool(word) and len(word) == 1 and "-" in given and given.split("-")[0] == word[0]


def _decide(owners: list[_Draft], m: PersonMention, shorts: dict[str, Counter], kin: Kinship) -> _Draft:
    """Several full names hold this short form: a rank that agrees, then a
    side of the family that agrees ("the elder X"), then the most likely
    referent of a bare family name: someone already named, not someone the
    article calls by given name ("Bashar"), not someone introduced as
    another's relative ("his son, Capt. X"), the most named so far."""
    if m.titles:
        title = m.titles[0]
        same_rank = [d for d in owners if any(same_title(title, t) for x in d.mentions for t in x.titles)]
        if len(same_rank) == 1:
            return same_rank[0]
    side = kin.sides.get(m.start)
    same_side = [d for d in owners if side in d.sides]
    if side is not None and len(same_side) == 1:
        return same_side[0]
    return max(owners, key=lambda d: (_named_before(d, m.start) > 0,
                                      not _called_by_given_name(d, m, shorts), -_kinship_rank(d),
                                      _named_before(d, m.start), -d.first))


def _kinship_rank(d: _Draft) -> int:
    """0: introduced as nobody's relative; 1: as a parent, spouse or sibling;
    2: as a son, daughter, nephew..."""
    if not d.relations:
        return 0
    return 2 if d.relations & rules.JUNIOR_KIN else 1


def _named_before(d: _Draft, pos: int) -> int:
    """How often the person was named before `pos`, other than by given name
    alone: the most prominent so far is the likeliest referent of a bare
    family name (a person named only further down cannot be meant yet), and
    one the article calls by given name ("Bilawal, 19, named party chairman;
    Zardari to run party") makes the family name no likelier his."""
    given = d.parts[:1]
    return sum(x.start < pos and _parts(x.text) != given for x in d.mentions)


# A single given-name mention may be a quote ("Bashar is the face of the
# regime"); a writer's habit shows from the second one on.
_GIVEN_NAME_USES = 2


def _called_by_given_name(d: _Draft, m: PersonMention, shorts: dict[str, Counter]) -> bool:
    """The article calls this person by given name ("Bashar" for Bashar
    al-Assad): then the bare family name is more likely someone else's."""
    own = tuple(_parts(m.text))
    uses = sum(n for form, n in shorts.get(d.parts[0], {}).items() if form != own)
    return uses >= _GIVEN_NAME_USES


def _finish(d: _Draft, text: str) -> PersonGroup:
    mentions = sorted(d.mentions, key=lambda m: m.start)
    titles = tuple(dict.fromkeys(t for m in mentions for t in m.titles))
    spellings = tuple(dict.fromkeys(m.text for m in mentions))
    # The name is the person's, not an alias the article gives.
    own = [m.text for m in mentions if m.start not in d.aliases] or spellings
    name = max(own, key=lambda s: (len(_parts(s)), len(s)))
    return PersonGroup(name, mentions, titles, spellings, tuple(sorted(d.relations)),
                       context_windows(mentions, text))


def context_windows(mentions: list[PersonMention], text: str) -> tuple[str, ...]:
    """Short windows of text around the first mentions (in text order), for the resolver."""
    return tuple(" ".join(text[max(0, m.start - _CONTEXT_CHARS) : m.end + _CONTEXT_CHARS].split())
                 for m in mentions[:_CONTEXT_WINDOWS])
