"""Writing an article's decisions: entities, mentions, aliases, keys, titles,
context words and possible matches, a few statements per article.

Each table gets one executemany for the whole article, not one statement per
person: the round trips, not the rows, are what an ingest pays for."""
from collections import Counter
from datetime import datetime

from sqlalchemy import bindparam, update
from sqlmodel import Session

from service.db.models import Entity, EntityTitle, EntityWord, Mention
from service.db.upsert import insert_rows
from service.resolve.aliases import add_keys, record_aliases, record_counts, refresh_canonical_names
from service.resolve.link import Decision, group_keys
from service.resolve.merge import merge_entities
from service.resolve.queue import Raised, raise_pairs
from service.resolve.titles import canonical_titles
from service.resolve.words import context_words


def apply_decisions(session: Session, decisions: list[Decision], article_id: str,
                    now: datetime) -> list[Entity]:
    """Create or link each group's entity and store what the article says of it;
    answers the entities, one per decision."""
    if not decisions:
        return []
    entities = [_entity(session, d, now) for d in decisions]
    session.flush()  # new entities' rows exist before anything points at them
    for decision, entity in zip(decisions, entities):
        for other in decision.absorb:
            merge_entities(session, survivor=entity, absorbed=other, now=now)
    _count(session, decisions, entities, now)
    _mentions(session, decisions, entities, article_id)
    record_aliases(session, _aliases(decisions, entities), now)
    add_keys(session, {(e.id, k) for d, e in zip(decisions, entities) for k in group_keys(d.group)})
    record_counts(session, EntityTitle, {(e.id, t) for d, e in zip(decisions, entities)
                                         for t in canonical_titles(d.group.titles)})
    record_counts(session, EntityWord, {(e.id, w) for d, e in zip(decisions, entities)
                                        for w in context_words(d.group)})
    _possible_matches(session, decisions, entities, article_id, now)
    refresh_canonical_names(session, {e.id for e in entities})
    session.flush()  # the names chosen, before the objects are expired
    for entity in entities:
        session.expire(entity)  # counts changed behind the ORM's back: read afresh if asked
    return entities


def _entity(session: Session, decision: Decision, now: datetime) -> Entity:
    if decision.entity is not None:
        return decision.entity
    entity = Entity(canonical_name=decision.group.name, created_at=now, updated_at=now)
    session.add(entity)
    return entity


def _count(session: Session, decisions: list[Decision], entities: list[Entity], now: datetime) -> None:
    # SQL expressions, not Python sums: concurrent writers both count.
    table = Entity.__table__
    statement = (update(table).where(table.c.id == bindparam("entity"))
                 .values(mention_count=table.c.mention_count + bindparam("mentions"),
                         article_count=table.c.article_count + 1, updated_at=now))
    session.execute(statement, [{"entity": e.id, "mentions": len(d.group.mentions)}
                                for d, e in zip(decisions, entities)])


def _mentions(session: Session, decisions: list[Decision], entities: list[Entity], article_id: str) -> None:
    rows = [{"article_id": article_id, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text,
             "score": round(d.score * m.score, 4), "titles": "; ".join(m.titles) or None}
            for d, e in zip(decisions, entities) for m in d.group.mentions]
    insert_rows(session, Mention, rows)


def _aliases(decisions: list[Decision], entities: list[Entity]) -> Counter:
    """(entity ID, surface form) -> how often the article wrote it."""
    return Counter((e.id, m.text) for d, e in zip(decisions, entities) for m in d.group.mentions)


def _possible_matches(session: Session, decisions: list[Decision], entities: list[Entity],
                      article_id: str, now: datetime) -> None:
    raise_pairs(session, [Raised(e.id, p.candidate.entity.id, article_id, d.group.name,
                                 round(min(1.0, max(0.0, p.score)), 4))
                          for d, e in zip(decisions, entities) for p in d.review], now)
