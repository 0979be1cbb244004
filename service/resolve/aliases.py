"""Alias and title upkeep: every surface form of an entity with its count and
dates, the titles seen on it, and the canonical name chosen from them."""
from datetime import datetime

from sqlmodel import Session, select

from service.db.models import Alias, Entity, EntityTitle, EntityWord, NameKey
from service.db.upsert import insert_ignoring_duplicates, insert_or_add
from service.names import blocking_keys, normalize_name
from service.resolve.score import name_size


def record_aliases(session: Session, entity: Entity, counts: dict[str, int], now: datetime) -> None:
    """Count each surface form `count` more times for `entity` and index its keys."""
    rows = [{"entity_id": entity.id, "surface": surface, "normalized": normalize_name(surface),
             "count": count, "first_seen": now, "last_seen": now}
            for surface, count in sorted(counts.items())]
    insert_or_add(session, Alias, rows, ["entity_id", "surface"], "count", ("last_seen",))
    add_keys(session, entity.id, set().union(*(blocking_keys(s) for s in counts)))


def add_keys(session: Session, entity_id: str, keys: set[str]) -> None:
    insert_ignoring_duplicates(session, NameKey, [{"key": k, "entity_id": entity_id} for k in sorted(keys)])


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


def record_counts(session: Session, model: type[EntityTitle | EntityWord], entity_id: str,
                  values: set[str]) -> None:
    """Count one more article for each title (or context word) of an entity."""
    column = _value_column(model).key
    rows = [{"entity_id": entity_id, column: value, "count": 1} for value in sorted(values)]
    insert_or_add(session, model, rows, ["entity_id", column], "count")


def forget_counts(session: Session, model: type[EntityTitle | EntityWord], entity_id: str,
                  values: set[str]) -> None:
    """Take back one article's sighting of each value."""
    for value in sorted(values):
        row = _counted_row(session, model, entity_id, value)
        if row is not None and row.count <= 1:
            session.delete(row)
        elif row is not None:
            row.count = model.count - 1
            session.add(row)


def _counted_row(session: Session, model, entity_id: str, value: str):
    column = _value_column(model)
    return session.exec(select(model).where(model.entity_id == entity_id, column == value)).first()


def _value_column(model):
    return model.title if model is EntityTitle else model.word


def refresh_canonical_name(session: Session, entity: Entity) -> None:
    """The most complete well-attested full form: a full name before a one-word
    form, then among the forms seen at least twice (or all, when none is) the
    one with the most name parts, then the most seen (Mohammed Nour Izz al-din
    Khalouf rather than Khalouf)."""
    if entity.name_locked:
        return  # an editor chose it
    # populate_existing: counts were just changed by statements the loaded
    # objects did not see.
    aliases = session.exec(select(Alias).where(Alias.entity_id == entity.id)
                           .execution_options(populate_existing=True)).all()
    if not aliases:
        return
    best = max(aliases, key=lambda a: (name_size(a.surface) > 1, min(a.count, 2),
                                       name_size(a.surface), a.count, a.surface))
    if best.surface != entity.canonical_name:
        entity.canonical_name = best.surface
        session.add(entity)
