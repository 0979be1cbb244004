"""Alias and title upkeep: every surface form of an entity with its count and
dates, the titles seen on it, and the canonical name chosen from them."""
from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, select

from service.db.models import Alias, Entity, EntityTitle, EntityWord, NameKey
from service.db.upsert import insert_ignoring_duplicates, insert_or_add
from service.names import normalize_name
from service.resolve.score import name_size


def record_aliases(session: Session, counts: Counter, now: datetime) -> None:
    """Count each (entity ID, surface form) `count` more times."""
    rows = [{"entity_id": entity_id, "surface": surface, "normalized": normalize_name(surface),
             "count": count, "first_seen": now, "last_seen": now}
            for (entity_id, surface), count in sorted(counts.items())]
    insert_or_add(session, Alias, rows, ["entity_id", "surface"], "count", ("last_seen",))


def add_keys(session: Session, pairs: set[tuple[str, str]]) -> None:
    """Index (entity ID, blocking key) pairs for the candidate lookup."""
    insert_ignoring_duplicates(session, NameKey, [{"entity_id": e, "key": k} for e, k in sorted(pairs)])


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


def record_counts(session: Session, model: type[EntityTitle | EntityWord],
                  pairs: set[tuple[str, str]]) -> None:
    """Count one more article for each (entity ID, title or context word)."""
    column = _value_column(model).key
    rows = [{"entity_id": entity_id, column: value, "count": 1} for entity_id, value in sorted(pairs)]
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
    refresh_canonical_names(session, {entity.id})


_alias = Alias.__table__.c
_FORMS = select(_alias.entity_id, _alias.surface, _alias.count).where(
    _alias.entity_id.in_(bindparam("ids", expanding=True)))


def refresh_canonical_names(session: Session, ids: set[str]) -> None:
    """For each entity, the most complete well-attested full form: a full name
    before a one-word form, then among the forms seen at least twice (or all,
    when none is) the one with the most name parts, then the most seen
    (Mohammed Nour Izz al-din Khalouf rather than Khalouf). A name an editor
    chose stays."""
    if not ids:
        return
    ordered = sorted(ids)
    forms: dict[str, list] = defaultdict(list)
    for row in session.connection().execute(_FORMS, {"ids": ordered}):
        forms[row.entity_id].append(row)
    # Usually in the session already (the article's entities): no query then.
    for entity in filter(None, (session.get(Entity, i) for i in ordered)):
        if entity.name_locked or not forms[entity.id]:
            continue
        best = max(forms[entity.id], key=lambda a: (name_size(a.surface) > 1, min(a.count, 2),
                                                   name_size(a.surface), a.count, a.surface))
        if best.surface != entity.canonical_name:
            entity.canonical_name = best.surface
            session.add(entity)
