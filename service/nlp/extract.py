"""Finding the people named in a text.

    model entities + recovery rules  ->  clean-up  ->  rejection
      -> article-wide votes (a word the model calls a place more often than
         a person is a place; an organisation span holding a known person's
         name is that person) and evidence (countries, a recovered span the
         model calls a place, a lone al- word that is no one's family name:
         evidence.py)
      -> overlaps resolved -> every other occurrence of an accepted name
      -> names the store knows that the model missed (known.py)
"""
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from spacy.language import Language

from service.nlp import rules
from service.nlp.cleanup import clean_span
from service.nlp.evidence import not_a_person, page_of, spelling_of
from service.nlp.headline import headline_name, is_headline, name_run, name_words
from service.nlp.known import known_spans, name_forms
from service.nlp.ner import Entity, find_entities
from service.nlp.places import is_place
from service.nlp.recover import recover
from service.nlp.reject import is_speaker_role, reject_reason
from service.nlp.words import (
    Word,
    is_initial,
    is_particle,
    is_title_word,
    next_word,
    previous_word,
    words_between,
)


@dataclass(frozen=True)
class PersonMention:
    """A span of the text naming a person; offsets in code points, end
    exclusive, `text == article[start:end]`. Titles found before the name
    are kept out of the span and listed in `titles`; `source` names the rule
    that found it."""

    start: int
    end: int
    text: str
    score: float = 1.0
    titles: tuple[str, ...] = ()
    source: str = "ner"


# Confidence by source: recovery patterns are explicit about a person, the
# model's PERSON label less so, votes and repeats least.
_SCORES = {"byline": 0.95, "credit": 0.95, "contributor": 0.95, "speaker": 0.9,
           "title": 0.9, "ner": 0.85, "repeat": 0.8, "known": 0.8, "relabel": 0.75, "given-name": 0.7}
# When two accepted spans overlap, the longer wins; on equal length, this order.
_RANK = {"byline": 6, "credit": 6, "contributor": 6, "speaker": 5, "title": 4, "ner": 3,
         "relabel": 2, "given-name": 1, "repeat": 0, "known": 0}
# Model labels whose spans may still be people the model mislabelled.
_OTHER_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC", "LOC", "WORK_OF_ART", "PRODUCT",
                           "EVENT", "LAW", "LANGUAGE"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class _Candidate:
    start: int
    end: int
    source: str
    titles: tuple[str, ...] = ()
    words: list[Word] = field(default_factory=list)


def extract_people(nlp: Language, text: str, entities: list[Entity] | None = None,
                   known: Collection[str] = ()) -> list[PersonMention]:
    """The people named in `text`; `entities`, when given, are the model's
    entities of the text, found beforehand (see read_people_many); `known`,
    the forms of the names the store knows (known.py)."""
    if entities is None:
        entities = find_entities(nlp, text)
    votes = _label_votes(text, entities)
    accepted = _accepted_candidates(text, entities)
    accepted = _apply_votes(text, accepted, votes)
    accepted = _without_places_and_groups(text, accepted, entities)
    accepted += _relabelled(text, entities, accepted, known)
    accepted = _without_overlaps(accepted)
    accepted = _trim_headlines(text, accepted)
    accepted += _repeats(text, accepted, entities)
    accepted += _known(text, accepted, entities, _own_forms(text, accepted), "repeat")
    accepted += _known(text, accepted, entities, known, "known")
    accepted = _without_overlaps(accepted)
    return [
        PersonMention(c.start, c.end, text[c.start : c.end], _SCORES[c.source], c.titles, c.source)
        for c in sorted(accepted, key=lambda c: c.start)
    ]


# Rejections that hold for the whole page: a site's name, a storm's or a
# ship's ("Hurricane Delphine" ... "Delphine made landfall").
_PAGE_WIDE = ("site name", "the name of a storm")


def _cleaned(text: str, start: int, end: int, source: str,
             not_people: set[str] | None = None) -> list[_Candidate]:
    """Clean-up then rejection; names rejected for the whole page go to
    `not_people` (with their last word for things: "Solberg" for "MV Ingrid
    Solberg"), so that the same name is rejected everywhere in the page."""
    out = []
    for cl in clean_span(text, start, end):
        words = words_between(text, cl.start, cl.end)
        reason = reject_reason(text, cl.start, cl.end)
        if reason is None:
            out.append(_Candidate(cl.start, cl.end, source, cl.titles, words))
        elif reason.startswith(_PAGE_WIDE) and not_people is not None:
            not_people.add(_key(words))
            if not reason.startswith("site name"):
                not_people.add(words[-1].key)
    return out


_THING = re.compile(
    r"\b(?i:" + "|".join(sorted(rules.THING_BEFORE, key=len, reverse=True)) + r")\.?[ \t]+"
    r"((?:[A-Z][\w'’-]*[ \t]?){1,3})")


def _thing_names(text: str) -> set[str]:
    """Names the page gives to storms and ships ("Hurricane Delphine", "the MV
    Ingrid Solberg"), whole and by their last word."""
    names = set()
    for match in _THING.finditer(text):
        words = words_between(text, match.start(1), match.end(1))
        if words:
            names |= {_key(words), words[-1].key}
    return names


def _accepted_candidates(text: str, entities: list[Entity]) -> list[_Candidate]:
    out = []
    not_people: set[str] = _thing_names(text)
    for ent in entities:
        if ent.label == "PERSON":
            out += _cleaned(text, ent.start, ent.end, "ner", not_people)
    speakers: list[_Candidate] = []
    for rec in recover(text):
        for cand in _cleaned(text, rec.start, rec.end, rec.source):
            (speakers if rec.source == "speaker" else out).append(cand)
    out += _real_speakers(speakers)
    return [c for c in out if _key(c.words) not in not_people]


def _real_speakers(speakers: list[_Candidate]) -> list[_Candidate]:
    """Speaker labels that name a role ("QUESTION:") are dropped; a single
    capitalized word before a colon counts only if it labels several turns
    or carries a title ("MR. PRICE:"), so that a dateline ("BEIRUT:") or a
    heading does not become a person."""
    counts = Counter(" ".join(w.key for w in c.words) for c in speakers)
    out = []
    for c in speakers:
        if is_speaker_role(c.words):
            continue
        if len(c.words) == 1 and not c.titles and counts[c.words[0].key] < 2:
            continue
        out.append(c)
    return out


# Sources whose span a headline's verbs can run into: the model's, and the
# rules that read capitalized words after a title or a given name.
_HEADLINE_SOURCES = frozenset({"ner", "title", "given-name", "relabel"})


def _trim_headlines(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """On a title-case headline, a candidate keeps only its name: the words
    before the headline's verb ("Scholz Visits Kyiv" -> "Scholz"), and for
    one the model found, the words that the article's other names show to be
    name words ("Backs Ahmadinejad" -> "Ahmadinejad"); none when what is left
    is English words alone ("Warns Protesters")."""
    in_headline = [is_headline(text, c.start) and c.source in _HEADLINE_SOURCES for c in cands]
    known = set().union(*(name_words(c.words) for c, h in zip(cands, in_headline, strict=True) if not h))
    out = []
    for c, headline in zip(cands, in_headline, strict=True):
        if headline:
            run = headline_name(text, c.words, known, bool(c.titles))
            if run is None:
                continue
            if c.source == "ner":
                run = name_run(run, known) or run
            c = _Candidate(run[0].start, run[-1].end, c.source, c.titles, run)
        out.append(c)
    return out


def _key(words: list[Word]) -> str:
    return " ".join(w.key for w in words)


def _label_votes(text: str, entities: list[Entity]) -> dict[str, Counter]:
    """How often the model gave each single-word surface form each label."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for ent in entities:
        ws = words_between(text, ent.start, ent.end)
        if len(ws) == 1:
            key = re.sub(r"['’]s$", "", ws[0].key)
            votes[key][ent.label] += 1
    return votes


def _surnames(cands: list[_Candidate]) -> set[str]:
    """Last words of the multi-word names accepted so far: "shallal" and
    "al-shallal" from "Abdul-Aziz Jassem al-Shallal"."""
    out = set()
    for c in cands:
        if len(c.words) > 1:
            last = c.words[-1].key
            out.add(last)
            if "-" in last:
                out.add(last.split("-", 1)[1])
    return out


def _apply_votes(text: str, cands: list[_Candidate], votes: dict[str, Counter]) -> list[_Candidate]:
    """A single word the model calls a person here is not one when the
    article uses it as a place ("in Everett", "Everett, Washington") or the
    model calls it a place or an organisation at least as often (Monroe),
    unless the article also names someone with it as surname, or a title or a
    recovery pattern stands by it."""
    # A headline's title case makes any word look like a name: its spans
    # ("Scholz Visits Kyiv") show no surname.
    surnames = _surnames([c for c in cands if not is_headline(text, c.start)])
    places = _place_words(text)
    out = []
    for c in cands:
        keys = [w.key for w in c.words]
        if c.source == "ner" and len(keys) == 1 and not c.titles and keys[0] not in surnames:
            v = votes.get(keys[0], Counter())
            other = sum(n for label, n in v.items() if label != "PERSON")
            placed = keys[0] in places and other > 0
            if placed or (other >= v["PERSON"] and other > 0) or _after_locative(text, c):
                continue
        if c.source == "ner" and len(keys) > 1 and all(
            k in places or k in rules.STATE_NAMES for k in keys
        ):
            continue  # "Everett Washington": a city and its state
        out.append(c)
    return out


_PLACE_CONTEXT = re.compile(
    r"\b(?:in|near|outside|inside|across|throughout|around)[ \t]+([A-Z][\w'’.-]+)(?![\w'’])(?!['’]s)"
    r"|\b([A-Z][\w'’.-]+),[ \t]+(?:"
    + "|".join(sorted(rules.STATE_NAMES, key=len, reverse=True)).title()
    + r")\b"
)


def _without_places_and_groups(text: str, cands: list[_Candidate],
                               entities: list[Entity]) -> list[_Candidate]:
    """What the page shows to be a place or a group (see evidence.py)."""
    full_names = [c.words for c in cands if len(c.words) > 1 and not is_place(text, c.words)]
    page = page_of(full_names, [(e.label, words_between(text, e.start, e.end)) for e in entities])
    return [c for c in cands
            if not not_a_person(text, c.words, bool(c.titles), c.source == "ner", page)]


def _place_words(text: str) -> set[str]:
    """Capitalized words the article itself uses as places: "in Everett",
    "Everett, Washington"."""
    out = set()
    for m in _PLACE_CONTEXT.finditer(text):
        word = (m.group(1) or m.group(2)).rstrip(".").lower()
        out.add(word)
    return out


def _after_locative(text: str, c: _Candidate, strict: bool = False) -> bool:
    """Right after a locative ("in Monroe"); `strict`: one that does not
    precede people as often ("from Qadhafi", "loyal to Qadhafi")."""
    prev = previous_word(text, c.start)
    if prev is None or prev.key not in rules.LOCATIVE_BEFORE:
        return False
    if strict and prev.key in rules.PERSON_OR_PLACE_BEFORE:
        return False
    return text[c.end : c.end + 2] not in ("'s", "’s")


def _relabelled(text: str, entities: list[Entity], accepted: list[_Candidate],
                store_forms: Collection[str] = ()) -> list[_Candidate]:
    """Spans the model labelled otherwise that hold a person: the name of a
    person accepted elsewhere in the article ("Khalouf" tagged ORG once, or
    "Maher" after "Maher al-Assad"), or
    another romanization of a surname accepted there ("Qadhafi" after
    "Muammar Qadafi"), a known surname after a capitalized word ("Michell
    Gaff"), a known given name followed by a surname ("Mitchell Gaff"
    tagged ORG), or a given name in any listed spelling before a family name
    the store knows ("Yehia Sinwar" tagged ORG, once Yahya Sinwar is known)."""
    given = rules.given_names()
    pending = [
        c
        for ent in entities
        if ent.label in _OTHER_LABELS
        for c in _cleaned(text, ent.start, ent.end, "relabel")
        if len(c.words) <= 3
    ]
    out: list[_Candidate] = []
    for _ in range(2):  # a relabelled full name makes its surname known
        known = accepted + out
        # A lone given name of a full name accepted here is that person on a
        # later reference, as a lone surname is ("Maher, 45, rarely appears").
        names = {_key(c.words) for c in known} | {w.lower() for w in _given_names_of(known)}
        surnames = _surnames(known)
        for c in pending:
            if any(o.start < c.end and c.start < o.end for o in out):
                continue
            keys = [w.key for w in c.words]
            if len(keys) == 1:
                ok = ((keys[0] in names or keys[0] in surnames or spelling_of(c.words[0], surnames))
                      and not _after_locative(text, c, strict=True) and not is_place(text, c.words))
            else:
                ok = (_key(c.words) in names or keys[-1] in surnames or keys[0] in given
                      or _particle_inside(c.words)
                      or (c.words[-1].text in store_forms and rules.is_given_name(keys[0])))
            if ok:
                out.append(c)
    return out


def _particle_inside(words: list[Word]) -> bool:
    """"Staffan de Mistura", "Hamad bin Khalifa": a lower-case particle between
    capitalized words is how personal names, not organisations, are built."""
    return any(
        w.key in rules.PARTICLES and w.text.islower() for w in words[1:-1]
    ) and words[0].text[:1].isupper() and words[-1].text[:1].isupper()


def _without_overlaps(cands: list[_Candidate]) -> list[_Candidate]:
    best = sorted(cands, key=lambda c: (-(c.end - c.start), -_RANK[c.source], c.start))
    kept: list[_Candidate] = []
    for c in best:
        if not any(k.start < c.end and c.start < k.end for k in kept):
            kept.append(c)
    return kept


def _given_names_of(accepted: list[_Candidate]) -> set[str]:
    """The first word of each accepted full name ("Bilawal" of Bilawal Bhutto
    Zardari): writers go on to call people by it ("Bilawal said")."""
    out = set()
    for c in accepted:
        first = c.words[0] if len(c.words) > 1 else None
        if first is not None and first.text[:1].isupper() and len(first.key) > 2 and not (
                is_particle(first) or is_initial(first) or is_title_word(first)):
            out.add(first.text)
    return out


def _repeats(text: str, accepted: list[_Candidate], entities: list[Entity]) -> list[_Candidate]:
    """Other occurrences of an accepted name, or of the given name of an
    accepted full name, that the model left out: a whole-word, same-case
    match that no other entity covers."""
    covered = _covered(text, accepted, entities)
    names = sorted({text[c.start : c.end] for c in accepted} | _given_names_of(accepted),
                   key=len, reverse=True)
    out: list[_Candidate] = []
    if not names:
        return out
    # one pass over the text, longest names first
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    for m in pattern.finditer(text):
        s, e = m.span()
        if any(covered[s:e]):
            continue
        nxt = next_word(text, e)
        if nxt is not None and " " not in m.group() and text[e : nxt.start] == " " and nxt.text[:1].isupper():
            continue  # "Best Buy": a capitalized word follows a lone surname
        for c in _cleaned(text, s, e, "repeat"):
            out.append(c)
            covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    return out


def _covered(text: str, accepted: list[_Candidate], entities: list[Entity]) -> bytearray:
    """A mark on every character of an accepted span or of an entity the
    model labelled other than PERSON."""
    covered = bytearray(len(text) + 1)
    for a, b in [(c.start, c.end) for c in accepted] + [
        (e.start, e.end) for e in entities if e.label != "PERSON"
    ]:
        covered[a:b] = b"\x01" * (b - a)
    return covered


def _own_forms(text: str, accepted: list[_Candidate]) -> set[str]:
    """The forms of the article's own full names ("Merkel" of Angela Merkel):
    after the first reference, news calls a person by the family name alone,
    and the model misses some of those ("Merkel smiled."). They are looked for
    as the store's names are, with the same checks. A headline's title case
    shows no full name."""
    return set().union(*(name_forms(text[c.start:c.end]) for c in accepted
                         if len(c.words) > 1 and not is_headline(text, c.start)))


def _known(text: str, accepted: list[_Candidate], entities: list[Entity],
           known: Collection[str], source: str) -> list[_Candidate]:
    """Names known (to the store, or from the article's own full names)
    where the model saw no one; the rejection rules apply to them as to any
    span ("in Sabahi" is a place)."""
    if not known:
        return []
    return [c for start, end in known_spans(text, known, _covered(text, accepted, entities))
            for c in _cleaned(text, start, end, source)]
