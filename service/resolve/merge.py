"""Merging two entities found to be one person. The absorbed ID stays
resolvable: it points at the survivor through `merged_into`."""
from sqlalchemy import update
from sqlmodel import Session, col, select

from service import ledger
from service.db.models import DistinctPair, Entity
from service.errors import Conflict
from service.resolve.queue import move_pairs


def are_distinct(session: Session, *, a: str, b: str) -> bool:
    """An editor marked the two as different people (stored smaller ID first)."""
    x, y = sorted((a, b))
    return session.exec(select(DistinctPair).where(
        DistinctPair.entity_a == x, DistinctPair.entity_b == y)).first() is not None


def merge_entities(session: Session, *, survivor: Entity, absorbed: Entity) -> None:
    """The absorbed entity's mentions and review items go to the survivor,
    and its ID answers as the survivor's from now on."""
    session.flush()
    _repoint_reviews(session, survivor=survivor, absorbed=absorbed)
    redirect(session, absorbed=absorbed, survivor=survivor)
    ledger.absorb(session, survivor_id=survivor.id, absorbed_id=absorbed.id)


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


def _repoint_reviews(session: Session, *, survivor: Entity, absorbed: Entity) -> None:
    # The pair's open item is settled by the merge; the absorbed entity's
    # other open items become the survivor's.
    move_pairs(session, survivor=survivor.id, absorbed=absorbed.id)
