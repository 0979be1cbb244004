"""External identifiers: an entity's IDs in other systems, under named
schemes (`wikidata`: Q567, the newsroom's own people database). This module
owns the `external_id` table.

A (scheme, value) names one entity, and an entity holds one value per
scheme. A merge moves no row, so that its undo has nothing to give back:
the survivor answers with its own identifiers and, for each scheme it lacks,
that of an entity merged into it (the oldest such row); a lookup of any
identifier of a merged-away entity answers its survivor.

Writers take a name lock on the identifier before the entity locks
(service/db/locks.py): two requests setting one identifier on two entities
wait for each other, and the second sees the first's row and is refused.
Nothing here commits: the outermost caller does."""
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from service import changes
from service.db.locks import lock_names
from service.db.models import Entity, ExternalId, core_table, utcnow
from service.errors import Conflict, NotFound
from service.live import counted_on, live_entity, locked_live

_id = core_table(ExternalId).c


class NoIdentifier(NotFound):
    def __init__(self, entity_id: str, scheme: str):
        Exception.__init__(self, f"entity {entity_id!r} has no identifier under the scheme {scheme!r}")


def identifier_lock(scheme: str, value: str) -> str:
    """The name lock that serializes writers of one identifier."""
    return f"external_id:{scheme}:{value}"


def identifiers(session: Session, entity_ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each of these live entities' identifiers by scheme: its own, and for
    a scheme it lacks, the oldest of those of the entities merged into it.
    Entities without any (and IDs merged away) are left out."""
    live = counted_on(session, sorted(set(entity_ids)))
    if not live:
        return {}
    rows = session.connection().execute(core_select(_id.entity_id, _id.scheme, _id.value, _id.id)
                                        .where(_id.entity_id.in_(sorted(live))))
    found: dict[str, dict[str, str]] = defaultdict(dict)
    # Own rows first, then the oldest: the first value seen per scheme is kept.
    for owner, scheme, value, _ in sorted(rows, key=lambda r: (live[r[0]] != r[0], r[3])):
        found[live[owner]].setdefault(scheme, value)
    return dict(found)


def holder(session: Session, scheme: str, value: str) -> Entity | None:
    """The live entity holding the identifier (or holding the entity merged
    away that holds it), or None."""
    taken = _row(session, scheme, value)
    return live_entity(session, taken.entity_id) if taken is not None else None


def set_identifier(session: Session, entity_id: str, scheme: str, value: str, actor: str) -> bool:
    """Give the live entity behind `entity_id` this identifier (replacing its
    value under the scheme, if any); answers whether anything changed. An
    identifier held by another live entity is refused (Conflict)."""
    lock_names(session, {identifier_lock(scheme, value)})
    entity, = locked_live(session, entity_id)
    taken = _row(session, scheme, value)
    if taken is not None:
        owner = live_entity(session, taken.entity_id)
        if owner.id != entity.id:
            raise Conflict(f"{scheme}:{value} belongs to entity {owner.id} ({owner.canonical_name})")
    previous = identifiers(session, [entity.id]).get(entity.id, {}).get(scheme)
    if previous == value:
        return False
    _store(session, entity.id, scheme, value, taken)
    changes.record(session, "external_id.set", [entity.id], actor=actor,
                   details={"scheme": scheme, "value": value, "previous": previous})
    return True


def _store(session: Session, entity_id: str, scheme: str, value: str, taken: ExternalId | None) -> None:
    own = session.exec(select(ExternalId).where(ExternalId.entity_id == entity_id,
                                                ExternalId.scheme == scheme)).first()
    if taken is not None:
        # Held by an entity merged into this one, under another value of its
        # own: the row becomes the survivor's, which an editor asked for.
        if own is not None:
            session.delete(own)
            session.flush()
        taken.entity_id = entity_id
        session.add(taken)
    elif own is not None:
        own.value = value
        session.add(own)
    else:
        session.add(ExternalId(entity_id=entity_id, scheme=scheme, value=value, created_at=utcnow()))
    session.flush()


def remove_identifier(session: Session, entity_id: str, scheme: str, actor: str) -> None:
    """The live entity behind `entity_id` no longer answers to any identifier
    under the scheme: its own row goes, and those of the entities merged into
    it (an editor asked for the person, whose rows these are)."""
    entity, = locked_live(session, entity_id)
    shown = identifiers(session, [entity.id]).get(entity.id, {}).get(scheme)
    if shown is None:
        raise NoIdentifier(entity.id, scheme)
    session.execute(delete(ExternalId).where(col(ExternalId.scheme) == scheme,
                                             col(ExternalId.entity_id).in_(counted_on(session, [entity.id]))))
    changes.record(session, "external_id.removed", [entity.id], actor=actor,
                   details={"scheme": scheme, "value": shown})


def _row(session: Session, scheme: str, value: str) -> ExternalId | None:
    return session.exec(select(ExternalId).where(ExternalId.scheme == scheme,
                                                 ExternalId.value == value)).first()
