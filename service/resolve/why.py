"""Why a person group went where it did: the candidates the resolver
weighed, each with its scores and the evidence for and against it, the rule
that decided and the thresholds it decided by.

Built in decide() from the decision and its scored candidates, while they
are at hand: the store moves on (later articles, merges), and the
candidates seen then could not be found again. Kept as JSON with the
article (the `decision` table); GET /v1/mentions/{id}/why reads it back
(service/mentions.py), and aligns each candidate's names only then."""
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service.db.models import Entity
from service.names.titles import canonical_titles
from service.resolve.score import Scored

if TYPE_CHECKING:  # link.py builds explanations: it imports this module
    from service.resolve.link import Decision

# Candidates kept besides those that took part in the decision (linked,
# merged, listed for review, plausible): the best few of the rest. A group
# may have 50 candidates, most of them far under the thresholds, and every
# article stores its groups' explanations.
SHOWN = 5


@dataclass
class Seen:
    """One candidate as the resolver weighed it."""

    id: str
    name: str                       # its canonical name then
    spelling: str | None            # the group's spelling and the candidate's alias
    alias: str | None               # that gave the name score
    name_score: float               # the name engine's score alone
    match: bool                     # the name engine accepts the two as one person
    score: float                    # with context
    evidence_for: list[str]
    evidence_against: list[str]
    plausible: bool                 # in play: over CREATE_BELOW, and a match or context speaks for it
    chosen: bool = False            # the group linked to it
    absorbed: bool = False          # merged into the chosen one: a fuller name bridged the two
    review: bool = False            # listed for editors as a possible match


@dataclass
class Why:
    name: str
    spellings: list[str]
    one_word: bool
    titles: list[str]
    rule: str | None                # how the group linked (Decision.rule), None for a new entity
    candidates: list[Seen]
    more: int                       # candidates weighed but not kept, all scoring lower
    notes: list[str] = field(default_factory=list)   # about the group itself
    thresholds: dict[str, float] = field(default_factory=dict)

    def details(self) -> str:
        # Each object as its fields, as they are: asdict() would copy them all first.
        return json.dumps(self, default=vars, ensure_ascii=False, separators=(",", ":"))


def explain(decision: "Decision", weighed: list[Scored], taken: list[Scored], plausible: set[str],
            one_word: bool, notes: list[str], thresholds: dict[str, float]) -> Why:
    """The explanation of `decision`, from the candidates in play for its
    group (`weighed`, best first), those another group of the article went
    to (`taken`), and which were `plausible`."""
    group = decision.group
    involved = {c.id for c in _chosen(decision)} | plausible | set(decision.apart) \
        | {s.candidate.entity.id for s in decision.review}
    every = sorted(weighed + taken, key=lambda s: -s.score)
    others = {id(s) for s in taken}
    rest = [s for s in every if s.candidate.entity.id not in involved]
    kept = {id(s) for s in rest[:SHOWN]} | {id(s) for s in every if s.candidate.entity.id in involved}
    return Why(name=group.name, spellings=sorted({m.text for m in group.mentions}), one_word=one_word,
               titles=sorted(canonical_titles(group.titles)), rule=decision.rule,
               candidates=[_seen(s, decision, plausible, id(s) in others) for s in every if id(s) in kept],
               more=max(0, len(rest) - SHOWN), notes=notes, thresholds=thresholds)


def _chosen(decision: "Decision") -> list[Entity]:
    return ([decision.entity] if decision.entity else []) + decision.absorb


def _seen(s: Scored, decision: "Decision", plausible: set[str], taken: bool) -> Seen:
    entity_id = s.candidate.entity.id
    against = s.against + ([decision.apart[entity_id]] if entity_id in decision.apart else [])
    if taken:
        against.append("another person named in this article went to this entity")
    spelling, alias = s.aligned or (None, None)
    return Seen(id=entity_id, name=s.candidate.entity.canonical_name, spelling=spelling, alias=alias,
                name_score=round(s.name, 4), match=s.match, score=round(s.score, 4),
                evidence_for=list(s.reasons), evidence_against=against, plausible=entity_id in plausible,
                chosen=decision.entity is not None and entity_id == decision.entity.id,
                absorbed=any(e.id == entity_id for e in decision.absorb),
                review=any(r.candidate.entity.id == entity_id for r in decision.review))
