"""Link-or-create: the decision for one person group of one article."""
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from service.db.models import Entity
from service.names import blocking_keys, compare_names
from service.nlp import PersonGroup
from service.resolve.aliases import record_alias
from service.resolve.candidates import find_candidates


@dataclass(frozen=True)
class Decision:
    """The known entity a group should link to (None: a new one), and how sure."""

    entity: Entity | None
    score: float


@dataclass(frozen=True)
class Resolution:
    entity: Entity
    score: float
    created: bool


def decide(session: Session, group: PersonGroup) -> Decision:
    """A first, simple rule: link to the candidate whose alias best matches one
    of the group's spellings, when the name engine calls it a match."""
    spellings = {m.text for m in group.mentions}
    keys = set().union(*(blocking_keys(s) for s in spellings))
    best = Decision(None, 1.0)
    best_score = 0.0
    for entity, aliases in find_candidates(session, keys):
        for alias in aliases:
            for spelling in spellings:
                comparison = compare_names(spelling, alias.surface)
                if comparison.match and comparison.score > best_score:
                    best, best_score = Decision(entity, comparison.score), comparison.score
    return best


def apply(session: Session, group: PersonGroup, decision: Decision, now: datetime) -> Resolution:
    """Create the entity if needed, count the group's mentions and aliases."""
    entity = decision.entity
    if entity is None:
        entity = Entity(canonical_name=group.name, created_at=now, updated_at=now)
        session.add(entity)
        session.flush()  # the entity's row must exist before its aliases point at it
    # SQL expressions, not Python sums: concurrent writers both count.
    entity.mention_count = Entity.mention_count + len(group.mentions)
    entity.article_count = Entity.article_count + 1
    entity.updated_at = now
    session.add(entity)
    for spelling, count in Counter(m.text for m in group.mentions).items():
        record_alias(session, entity, spelling, count, now)
    return Resolution(entity, decision.score, decision.entity is None)
