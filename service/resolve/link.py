"""Link-or-create for the person groups of one article.

decide() only reads the store; apply_decisions() writes. An edited article is
decided against the store as it was, so its people keep their IDs when the
old version's mentions are undone in between."""
import re
from dataclasses import dataclass, field, replace

from sqlmodel import Session

from service.db.models import Entity
from service.names import blocking_keys
from service.names.keys import every_bearer_keyed
from service.names.rules import PARTICLES
from service.names.titles import canonical_titles, ranks_conflict
from service.nlp import PersonGroup
from service.resolve.candidates import (
    PER_SINGLE_KEY,
    Candidate,
    candidate_lists,
    co_articles,
    each_once,
    load_candidates,
    together,
)
from service.resolve.merge import are_distinct
from service.resolve.score import COMPANY_MAX, Scored, name_size, score_candidate, with_company
from service.resolve.why import Why, explain
from service.resolve.words import context_words

# The two thresholds on a candidate's score (name evidence with context).
# At or above LINK_ABOVE a name the engine accepts links; below CREATE_BELOW
# the candidate is ignored; in between the group links only when context
# (shared company, an agreeing title, words) singles the candidate out, and the
# pair goes to review. Measured on tests/names/pairs.tsv (457 same-person and
# 176 different-person pairs): at 0.85, 97.8% of same-person pairs and 2.3% of
# different-person pairs score at or above; under 0.6 lie 79% of the
# different-person pairs and 0.7% of the same-person ones; the band between
# holds 7 same-person and 33 different-person pairs: context must decide there.
LINK_ABOVE = 0.85
CREATE_BELOW = 0.6
# A one-word group links only when its best candidate leads the next by this.
SHORT_MARGIN = 0.1
# A one-word form that context does not single out still names one known
# person when only one known person bears it (its "bearers": those whose given
# or family name it can be, as the name engine says), or when, with a title
# that bearer holds, it names the bearer named in at least DOMINANCE times as
# many articles, and mentions, as any other: a title and a surname alone
# ("Chancellor Merz") are how writers name the holder their readers know.
# Were the form drawn in proportion to how often each bearer is named, it
# would be the dominant bearer rather than any other one at least three times
# in four; the agreeing title is asked on top of that, and mentions as well
# as articles, so that one long profile of another bearer also holds it back.
DOMINANCE = 3
THRESHOLDS = {"link_above": LINK_ABOVE, "create_below": CREATE_BELOW, "short_margin": SHORT_MARGIN,
              "dominance": DOMINANCE}
# How a group links to a known entity (Decision.rule, published as WhyOut.rule):
# name_match, a full name the name engine accepts at LINK_ABOVE or more;
# context, a full name in the band that context speaks for, its only
# plausible candidate; singled_out, a one-word form that context singles out;
# sole_bearer and dominant_bearer, a one-word form's only or dominant bearer.


@dataclass
class Decision:
    group: PersonGroup
    entity: Entity | None           # None: a new entity
    score: float
    review: list[Scored] = field(default_factory=list)   # possible matches for editors
    absorb: list[Entity] = field(default_factory=list)   # entities found to be the same person
    words: set[str] = field(default_factory=set)  # the group's context words, as scored and as stored
    rule: str | None = None  # how it linked (the rules above); None for a new entity
    apart: dict[str, str] = field(default_factory=dict)  # strong candidates not absorbed, and why
    why: Why | None = None

    @property
    def outcome(self) -> str:
        if self.absorb:
            return "merged"
        if self.review:
            return "queued_for_review"
        return "linked" if self.entity is not None else "created"


def decide(session: Session, groups: list[PersonGroup], article_id: str | None) -> list[Decision]:
    """Decide every group of an article: full names first, then one-word
    forms, which need the company of the people already resolved.

    The store is read up front, a few queries for the whole article: each
    group's candidates by key, their evidence, and which of them were named
    together before."""
    words = [context_words(g) for g in groups]
    scored, in_view = _score_all(session, groups, words)
    # Only a candidate that company could lift into play needs its company counted.
    company = co_articles(session, {s.candidate.entity.id for row in scored for s in row
                                    if s.match or s.score + COMPANY_MAX >= CREATE_BELOW})
    taken: set[str] = set()
    decisions = {}
    for index in sorted(range(len(groups)), key=lambda i: _order(groups[i])):
        weighed = _weighed(scored[index], company, taken, article_id)
        decision = _decide_one(session, groups[index], scored[index], weighed, company, taken, in_view[index])
        decision.why = _explained(decision, weighed, [s for s in scored[index] if s.candidate.entity.id in taken],
                                  in_view[index])
        taken |= {e.id for e in ([decision.entity] if decision.entity else []) + decision.absorb}
        decision.words = words[index]
        decisions[index] = decision
    return [decisions[i] for i in range(len(groups))]


def _score_all(session: Session, groups: list[PersonGroup],
               words: list[set[str]]) -> tuple[list[list[Scored]], list[bool]]:
    """Each group's candidates, scored on names, titles and its nearby
    `words`; and whether the lookup saw every known bearer of its names
    (_in_view)."""
    ids = candidate_lists(session, [{m.text for m in g.mentions} for g in groups])
    pool = load_candidates(session, set().union(*ids), set().union(*words))
    return ([[score_candidate(g, _asked(c, w)) for c in each_once(pool, found)]
             for g, found, w in zip(groups, ids, words, strict=True)],
            [_in_view(g, found) for g, found in zip(groups, ids, strict=True)])


def _in_view(group: PersonGroup, found: list[str]) -> bool:
    """The lookup saw every known person who may bear the group's names:
    fewer than PER_SINGLE_KEY found, so no key's list was cut short, and no
    frequent given name, which full names do not key (every_bearer_keyed).
    Only then can a one-word form be said to lead every other bearer."""
    return len(found) < PER_SINGLE_KEY and all(every_bearer_keyed(m.text) for m in group.mentions)


def _asked(candidate: Candidate, words: set[str]) -> Candidate:
    """The candidate with only the nearby words this group asked about."""
    return replace(candidate, words={w: n for w, n in candidate.words.items() if w in words})


def _order(group: PersonGroup) -> tuple:
    full = max((name_size(m.text) for m in group.mentions), default=0) > 1
    return (not full, -len(group.mentions), min(m.start for m in group.mentions))


def group_keys(group: PersonGroup) -> set[str]:
    """The blocking keys of every spelling of a group."""
    return set().union(*(blocking_keys(m.text) for m in group.mentions))


def people_keys(groups: list[PersonGroup]) -> set[str]:
    return set().union(*(group_keys(g) for g in groups)) if groups else set()


def _weighed(candidates: list[Scored], company: dict[str, set[str]], taken: set[str],
             article_id: str | None) -> list[Scored]:
    """The candidates still open to a group, with the company they keep in
    this article, best first: those `taken` are other people of it."""
    return sorted(
        (with_company(s, together(company, s.candidate.entity.id, taken, article_id))
         for s in candidates if s.candidate.entity.id not in taken),
        key=lambda s: (-s.score, s.candidate.entity.created_at, s.candidate.entity.id),
    )


def _one_word(group: PersonGroup) -> bool:
    return all(name_size(m.text) <= 1 for m in group.mentions)


def _plausible(s: Scored, one_word: bool) -> bool:
    # A full name the engine does not accept outright may still be the person
    # when context speaks for it; it then links only as the sole candidate.
    # Context lifts a name the engine finds possible, never one it finds to be
    # someone else's (given names differ: Jean-Yves, Jens), however many
    # articles name both with the same people.
    # A one-word name needs the engine's match ("Saad" is not "Assad").
    return _possible(s) and (s.match or (s.support and not one_word))


def _possible(s: Scored) -> bool:
    """Within reach on names, with context: the engine matches the name, or
    finds it possible on its own (at least CREATE_BELOW before context)."""
    return s.score >= CREATE_BELOW and (s.match or s.name >= CREATE_BELOW)


def _decide_one(session: Session, group: PersonGroup, candidates: list[Scored], scored: list[Scored],
                company: dict[str, set[str]], taken: set[str], in_view: bool) -> Decision:
    """`candidates` as scored on their own, `scored` with their company."""
    one_word = _one_word(group)
    plausible = [s for s in scored if _plausible(s, one_word)]
    if not plausible:
        # Full-name candidates in the band go to review all the same.
        doubtful = [] if one_word else [s for s in scored if _possible(s)]
        return Decision(group, None, 1.0, review=doubtful)
    best = plausible[0]
    # A one-word name ("Nasser") fits every Nasser in the store: it links
    # when context speaks for one candidate and no other comes close, or when
    # it names one known person only (see DOMINANCE).
    if one_word and not _singled_out(plausible, in_view):
        found = _short_form_person(group, candidates, plausible, taken, in_view)
        if found is None:
            return Decision(group, None, 1.0, review=plausible)
        person, rule = found
        return Decision(group, person.candidate.entity, min(1.0, person.score), rule=rule)
    if (best.match and best.score >= LINK_ABOVE) or (best.support and len(plausible) == 1):
        absorb, apart = ([], {}) if one_word else _same_person(session, best, plausible[1:], company)
        absorbed = {e.id for e in absorb}
        review = [s for s in plausible[1:] if s.candidate.entity.id not in absorbed]
        if best.score < LINK_ABOVE:
            review = [best] + review
        rule = "singled_out" if one_word else "name_match" if best.match and best.score >= LINK_ABOVE else "context"
        return Decision(group, best.candidate.entity, min(1.0, best.score), review, absorb, rule=rule, apart=apart)
    return Decision(group, None, 1.0, review=plausible)


def _explained(decision: Decision, weighed: list[Scored], taken: list[Scored], in_view: bool) -> Why:
    """The decision's explanation, with what held a one-word form back when it
    made a new entity."""
    one_word = _one_word(decision.group)
    notes = []
    if one_word and decision.entity is None:
        if not in_view:
            notes.append("the lookup could not see every known bearer of this name: it is too common")
        if _kinship_cue(decision.group):
            notes.append("a kinship word or a patronym names a relative of the bearer")
    plausible = {s.candidate.entity.id for s in weighed if _plausible(s, one_word)}
    return explain(decision, weighed, taken, plausible, one_word, notes, THRESHOLDS)


def _same_person(session: Session, best: Scored, others: list[Scored],
                 company: dict[str, set[str]]) -> tuple[list[Entity], dict[str, str]]:
    """Other strong candidates that this group shows to be the same person as
    the best: two entities created apart (Abdulaziz Jassem, Abdulaziz
    al-Shallal), now bridged by a fuller name (Abdul-Aziz Jassem al-Shallal).
    Two entities ever named apart in one article are two people, and so are
    two whose ranks differ or that an editor marked as distinct. Answers
    those absorbed, and why each other strong candidate was not."""
    absorb, apart = [], {}
    for other in others:
        if other.match and other.score >= LINK_ABOVE:
            reason = _kept_apart(session, best.candidate, other.candidate, company)
            if reason is None:
                absorb.append(other.candidate.entity)
            else:
                apart[other.candidate.entity.id] = reason
    return absorb, apart


def _kept_apart(session: Session, survivor: Candidate, other: Candidate, company: dict[str, set[str]]) -> str | None:
    if ranks_conflict(survivor.titles, other.titles):
        return "not merged with the linked entity: their ranks differ"
    if are_distinct(session, a=survivor.entity.id, b=other.entity.id):
        return "not merged with the linked entity: an editor marked them distinct"
    if together(company, other.entity.id, {survivor.entity.id}, None):
        return "not merged with the linked entity: an article names both"
    return None


def _singled_out(plausible: list[Scored], in_view: bool) -> bool:
    """Context speaks for the best candidate of a one-word form and it leads
    the next by SHORT_MARGIN; a lead over the candidates found is a lead over
    every bearer only when the lookup saw them all (_in_view)."""
    best = plausible[0]
    return in_view and best.support and (len(plausible) == 1
                                         or best.score - plausible[1].score >= SHORT_MARGIN)


def _short_form_person(group: PersonGroup, candidates: list[Scored], plausible: list[Scored],
                       taken: set[str], in_view: bool) -> tuple[Scored, str] | None:
    """The one known person a one-word form names when context singles out
    no one: its only bearer, or its dominant bearer with an agreeing title;
    never against a rank or a kinship cue. Bearers are told only when the
    lookup saw them all (`in_view`); one named elsewhere in the article
    (`taken`) is someone else, and still a bearer. Answers the person and
    the rule that named it."""
    if not in_view or _kinship_cue(group):
        return None
    bearers = [s for s in candidates if s.match]
    person, rule = _sole_bearer(bearers), "sole_bearer"
    if person is None:
        person, rule = _dominant_bearer(group, bearers), "dominant_bearer"
    if person is None or ranks_conflict(canonical_titles(group.titles), person.candidate.titles):
        return None
    found = next((s for s in plausible if s.candidate.entity.id == person.candidate.entity.id
                  and s.candidate.entity.id not in taken), None)
    return None if found is None else (found, rule)


def _sole_bearer(bearers: list[Scored]) -> Scored | None:
    return bearers[0] if len(bearers) == 1 else None


def _dominant_bearer(group: PersonGroup, bearers: list[Scored]) -> Scored | None:
    """The bearer who holds one of the group's titles and is named in
    DOMINANCE times as many articles, and mentions, as any other."""
    titles = canonical_titles(group.titles)
    if not titles or len(bearers) < 2:
        return None
    top = max(bearers, key=lambda s: (s.candidate.entity.article_count, s.candidate.entity.mention_count))
    first = top.candidate.entity
    others = [s.candidate.entity for s in bearers if s is not top]
    if titles & top.candidate.titles and all(first.article_count >= DOMINANCE * o.article_count
                                             and first.mention_count >= DOMINANCE * o.mention_count
                                             for o in others):
        return top
    return None


# "bin Nasser", "bint Nasser": the word after names the father of the person
# named, not that person.
_PATRONYM = "|".join(w for w, (kind, _) in PARTICLES.items() if kind == "patronymic")


def _kinship_cue(group: PersonGroup) -> bool:
    """The one-word form stands for a relative of its bearer: a kinship word
    introduced it ("his son Rami"), or it is written as a father's name in a
    patronym ("Moza bint Nasser"), which names his child."""
    if group.relations:
        return True
    patronyms = [re.compile(rf"(?<!\w)(?:{_PATRONYM})\s+{re.escape(m.text)}(?!\w)", re.IGNORECASE)
                 for m in group.mentions]
    return any(p.search(window) for p in patronyms for window in group.context)
