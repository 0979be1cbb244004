"""Writing an article's decisions: entities, mentions and possible matches,
then the ledger's record of what the mentions imply (service/ledger).

Each table gets one executemany for the whole article, not one statement per
person: the round trips, not the rows, are what an ingest pays for."""
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col

from service import changes, ledger, metrics
from service.db.models import Entity, Mention, StoredDecision
from service.db.upsert import insert_rows
from service.ledger.tally import TITLE_SEPARATOR, WORD_SEPARATOR
from service.resolve.link import Decision
from service.resolve.merge import merge_entities
from service.resolve.queue import Raised, raise_pairs


def apply_decisions(session: Session, decisions: list[Decision], article_id: str,
                    now: datetime) -> list[Entity]:
    """Create or link each group's entity and store its mentions; answers the
    entities, one per decision. `now` is when the article's text came in."""
    if not decisions:
        return []
    entities = [_entity(session, d, now) for d in decisions]
    session.flush()  # new entities' rows exist before anything points at them
    for decision, entity in zip(decisions, entities, strict=True):
        if decision.entity is None:
            changes.record(session, "entity.created", [entity.id], article_id=article_id,
                           details={"name": entity.canonical_name})
        for other in decision.absorb:
            merge_entities(session, survivor=entity, absorbed=other)
            # A name in this article bridged two entities the store held apart.
            changes.record(session, "entity.merged", [entity.id, other.id], article_id=article_id,
                           details={"survivor": entity.id, "absorbed": other.id, "name": decision.group.name})
    insert_rows(session, StoredDecision, _explanations(decisions, entities, article_id, now))
    rows = _mentions(decisions, entities, article_id)
    insert_rows(session, Mention, rows)
    metrics.at_commit(session, metrics.MENTIONS, len(rows))
    ledger.record(session, [ledger.Row(r["entity_id"], article_id, r["text"], r["titles"], r["words"], now)
                            for r in rows])
    _possible_matches(session, decisions, entities, article_id, now)
    return entities


def take_back(session: Session, article_id: str) -> None:
    """Undo what apply_decisions wrote for an article (before it is deleted or
    its edited text decided again): its mentions, through the ledger, and
    its decisions. Review items keep their examples."""
    ledger.retract(session, article_id)
    session.execute(delete(StoredDecision).where(col(StoredDecision.article_id) == article_id))


def _entity(session: Session, decision: Decision, now: datetime) -> Entity:
    if decision.entity is not None:
        return decision.entity
    entity = Entity(canonical_name=decision.group.name, created_at=now, updated_at=now)
    session.add(entity)
    return entity


def _explanations(decisions: list[Decision], entities: list[Entity], article_id: str,
                  now: datetime) -> list[dict]:
    """A decision row per group, numbered in the article's order of groups."""
    return [{"article_id": article_id, "ordinal": i, "entity_id": e.id, "outcome": d.outcome,
             "details": d.why.details() if d.why else "{}", "created_at": now}
            for i, (d, e) in enumerate(zip(decisions, entities, strict=True))]


def _mentions(decisions: list[Decision], entities: list[Entity], article_id: str) -> list[dict]:
    """The mention rows, each with its titles, its person's context words and
    the number of its group's decision."""
    rows = []
    for i, (d, e) in enumerate(zip(decisions, entities, strict=True)):
        words = WORD_SEPARATOR.join(sorted(d.words)) or None
        rows += [{"article_id": article_id, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text,
                  "score": round(d.score * m.score, 4), "titles": TITLE_SEPARATOR.join(m.titles) or None,
                  "words": words, "decision": i}
                 for m in d.group.mentions]
    return rows


def _possible_matches(session: Session, decisions: list[Decision], entities: list[Entity],
                      article_id: str, now: datetime) -> None:
    raise_pairs(session, [Raised(entity_id=e.id, candidate_id=p.candidate.entity.id, article_id=article_id,
                                 name=d.group.name, score=round(min(1.0, max(0.0, p.score)), 4))
                          for d, e in zip(decisions, entities, strict=True) for p in d.review], now)
