"""Alias upkeep: every surface form of an entity with its count and dates."""
from datetime import datetime

from sqlmodel import Session, select

from service.db.models import Alias, Entity, NameKey
from service.db.upsert import insert_ignoring_duplicates
from service.names import blocking_keys, normalize_name


def record_alias(session: Session, entity: Entity, surface: str, count: int, now: datetime) -> None:
    """Count `surface` `count` more times for `entity` and index its keys."""
    alias = session.exec(
        select(Alias).where(Alias.entity_id == entity.id, Alias.surface == surface)
    ).first()
    if alias is None:
        session.add(Alias(entity_id=entity.id, surface=surface, normalized=normalize_name(surface),
                          count=count, first_seen=now, last_seen=now))
        keys = blocking_keys(surface)
        insert_ignoring_duplicates(session, NameKey, [{"key": k, "entity_id": entity.id} for k in keys])
    else:
        # An SQL expression, not a Python sum: concurrent writers both count.
        alias.count = Alias.count + count
        alias.last_seen = now
        session.add(alias)


def forget_alias(session: Session, entity_id: str, surface: str, count: int) -> None:
    """Take back `count` sightings of `surface`; an alias seen no more is removed."""
    alias = session.exec(
        select(Alias).where(Alias.entity_id == entity_id, Alias.surface == surface)
    ).first()
    if alias is None:
        return
    if alias.count <= count:
        session.delete(alias)
    else:
        alias.count = Alias.count - count
        session.add(alias)

