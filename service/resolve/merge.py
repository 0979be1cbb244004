"""Merging two entities found to be one person. The absorbed ID stays
resolvable: it points at the survivor through `merged_into`."""
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from service.db.models import (
    Alias, DistinctPair, Entity, EntityTitle, EntityWord, Mention, NameKey,
)
from service.errors import Conflict
from service.resolve.aliases import add_keys
from service.resolve.queue import move_pairs


def are_distinct(session: Session, a: str, b: str) -> bool:
    """An editor marked the two as different people (stored smaller ID first)."""
    x, y = sorted((a, b))
    return session.exec(select(DistinctPair).where(
        DistinctPair.entity_a == x, DistinctPair.entity_b == y)).first() is not None


def merge_entities(session: Session, survivor: Entity, absorbed: Entity, now: datetime) -> None:
    session.flush()
    session.execute(update(Mention).where(col(Mention.entity_id) == absorbed.id)
                    .values(entity_id=survivor.id))
    _move_aliases(session, survivor, absorbed)
    keys = set(session.exec(select(NameKey.key).where(NameKey.entity_id == absorbed.id)).all())
    add_keys(session, {(survivor.id, k) for k in keys})
    session.execute(NameKey.__table__.delete().where(NameKey.__table__.c.entity_id == absorbed.id))
    _move_counts(session, EntityTitle, EntityTitle.title, survivor, absorbed)
    _move_counts(session, EntityWord, EntityWord.word, survivor, absorbed)
    _repoint_reviews(session, survivor, absorbed)
    redirect(session, absorbed=absorbed, survivor=survivor)
    absorbed.mention_count = 0
    absorbed.article_count = 0
    absorbed.updated_at = now
    session.add(absorbed)
    session.flush()
    survivor.mention_count = session.exec(
        select(func.count()).select_from(Mention).where(Mention.entity_id == survivor.id)).one()
    survivor.article_count = session.exec(
        select(func.count(func.distinct(Mention.article_id))).where(Mention.entity_id == survivor.id)
    ).one()
    survivor.updated_at = now
    session.add(survivor)
    session.flush()


def redirect(session: Session, *, absorbed: Entity, survivor: Entity) -> None:
    """Make the absorbed ID answer as the survivor. `merged_into` is one step
    from any entity to a live one, never a chain or a loop: the survivor must
    be live, and earlier merges into the absorbed entity now lead to the
    survivor directly. (Migration 0007 holds the database to the same rule.)"""
    if survivor.id == absorbed.id or survivor.merged_into is not None:
        raise Conflict(f"{absorbed.id} cannot be merged into {survivor.id}: "
                       f"{survivor.id} is not a live entity distinct from it")
    session.execute(update(Entity).where(col(Entity.merged_into) == absorbed.id)
                    .values(merged_into=survivor.id))
    absorbed.merged_into = survivor.id
    session.add(absorbed)
    session.flush()


def _move_aliases(session: Session, survivor: Entity, absorbed: Entity) -> None:
    kept = {a.surface: a for a in session.exec(select(Alias).where(Alias.entity_id == survivor.id))}
    for alias in session.exec(select(Alias).where(Alias.entity_id == absorbed.id)).all():
        same = kept.get(alias.surface)
        if same is None:
            alias.entity_id = survivor.id
            session.add(alias)
            continue
        same.count += alias.count
        same.first_seen = min(same.first_seen, alias.first_seen)
        same.last_seen = max(same.last_seen, alias.last_seen)
        session.add(same)
        session.delete(alias)


def _move_counts(session: Session, model, column, survivor: Entity, absorbed: Entity) -> None:
    """Titles or context words of the absorbed entity, added to the survivor's."""
    kept = {getattr(r, column.key): r
            for r in session.exec(select(model).where(model.entity_id == survivor.id))}
    for row in session.exec(select(model).where(model.entity_id == absorbed.id)).all():
        same = kept.get(getattr(row, column.key))
        if same is None:
            row.entity_id = survivor.id
            session.add(row)
        else:
            same.count += row.count
            session.add(same)
            session.delete(row)


def _repoint_reviews(session: Session, survivor: Entity, absorbed: Entity) -> None:
    # The pair's open item is settled by the merge; the absorbed entity's
    # other open items become the survivor's.
    move_pairs(session, survivor.id, absorbed.id)
