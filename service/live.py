"""The live entity behind an ID: a merged-away ID keeps answering as the
entity it was merged into. Readers follow `merged_into`; writers lock the
live entities and read them afresh under the lock (service/db/locks.py)."""
from sqlalchemy import or_
from sqlmodel import Session, col, select

from service.db.locks import lock_entities
from service.db.models import Entity
from service.db.retry import StaleRead
from service.errors import NotFound, StoreInconsistent

# `merged_into` leads in one step to a live entity (service/resolve/merge.py
# `redirect`, and migration 0007 in the database); a reader follows a few
# steps at most, so that a broken record can never hold it in a loop.
MAX_MERGE_STEPS = 3


def live_entity(session: Session, entity_id: str) -> Entity:
    """The entity, or the one it was merged into: a merged-away ID keeps answering."""
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise NotFound("entity", entity_id)
    for _ in range(MAX_MERGE_STEPS):
        if entity is None or entity.merged_into is None:
            break
        entity = session.get(Entity, entity.merged_into)
    if entity is None or entity.merged_into is not None:
        raise StoreInconsistent(f"the merges of entity {entity_id!r} lead to no live entity")
    return entity


def locked_live(session: Session, *entity_ids: str) -> list[Entity]:
    """The live entity behind each ID (the one it was merged into, if it
    was), locked for the rest of the transaction and read afresh under the
    lock. Should a merge have moved one on before the lock was held, the
    operation starts again (StaleRead)."""
    live = [live_entity(session, i).id for i in entity_ids]
    lock_entities(session, set(live))
    rows = fresh(session, Entity, live)
    if any(e.merged_into is not None for e in rows.values()):
        raise StaleRead("an entity")
    return [rows[i] for i in live]


def counted_on(session: Session, entity_ids: list[str]) -> dict[str, str]:
    """What counts on each live entity among these: the entity itself and
    those merged into it, each mapped to it (one statement: `merged_into` is
    one step to a live entity). An ID merged away counts on its survivor,
    and is left out unless that survivor is among them."""
    if not entity_ids:
        return {}
    rows = session.exec(select(Entity.id, Entity.merged_into).where(
        or_(col(Entity.id).in_(entity_ids), col(Entity.merged_into).in_(entity_ids))))
    wanted = set(entity_ids)
    return {entity_id: survivor or entity_id for entity_id, survivor in rows if (survivor or entity_id) in wanted}


def fresh(session: Session, model, ids: list) -> dict:
    """Rows read again from the database, over what the session holds."""
    rows = session.exec(select(model).where(col(model.id).in_(ids))
                        .execution_options(populate_existing=True)).all()
    return {row.id: row for row in rows}
