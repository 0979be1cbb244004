"""Editors correct the machine: merge, split, rename, mark as distinct. Every
curation is one transaction with an audit entry that says how to undo it."""
import json

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from service.db.models import AuditEntry, DistinctPair, Entity, Mention, utcnow
from service.schemas import AuditOut, AuditPage
from service.entities import live_entity
from service.errors import Conflict, NotFound
from service.resolve.merge import are_distinct, merge_entities
from service.resolve.rebuild import rebuild_entity


def merge(session: Session, survivor_id: str, other_id: str, actor: str) -> AuditEntry:
    survivor, other = live_entity(session, survivor_id), live_entity(session, other_id)
    if survivor.id == other.id:
        raise Conflict(f"{survivor_id} and {other_id} are already one entity")
    if are_distinct(session, survivor.id, other.id):
        raise Conflict(f"{survivor.id} and {other.id} are marked as distinct people")
    moved = _mention_ids(session, other.id)
    merge_entities(session, survivor=survivor, absorbed=other, now=utcnow())
    rebuild_entity(session, survivor)
    return _committed(session, _audit(session, actor, "merge", survivor.id,
                                      {"survivor": survivor.id, "absorbed": other.id,
                                       "mention_ids": moved}))


def split(session: Session, entity_id: str, mention_ids: list[int], surfaces: list[str],
          actor: str) -> AuditEntry:
    """Move the given mentions (or every mention written as one of `surfaces`)
    to a new entity, marked as distinct from the old one."""
    source = live_entity(session, entity_id)
    chosen = session.exec(select(Mention).where(Mention.entity_id == source.id, or_(
        col(Mention.id).in_(mention_ids or [-1]), col(Mention.text).in_(surfaces or [""])))).all()
    if not chosen:
        raise Conflict("none of those mentions or aliases belong to the entity")
    if len(chosen) == source.mention_count:
        raise Conflict("a split must leave the entity at least one mention")
    new = Entity(canonical_name=chosen[0].text, created_at=utcnow(), updated_at=utcnow())
    session.add(new)
    session.flush()
    ids = sorted(m.id for m in chosen)
    _move(session, ids, new.id)
    _mark_distinct(session, source.id, new.id)
    for entity in (source, new):
        rebuild_entity(session, entity)
    return _committed(session, _audit(session, actor, "split", source.id,
                                      {"source": source.id, "new": new.id, "mention_ids": ids}))


def rename(session: Session, entity_id: str, name: str, actor: str) -> AuditEntry:
    entity = live_entity(session, entity_id)
    before = {"old_name": entity.canonical_name, "old_locked": entity.name_locked}
    entity.canonical_name, entity.name_locked, entity.updated_at = name, True, utcnow()
    session.add(entity)
    return _committed(session, _audit(session, actor, "rename", entity.id,
                                      {**before, "entity": entity.id, "name": name}))


def distinct(session: Session, entity_id: str, other_id: str, actor: str) -> AuditEntry:
    a, b = live_entity(session, entity_id), live_entity(session, other_id)
    if a.id == b.id:
        raise Conflict("an entity cannot be distinct from itself; split it instead")
    if not are_distinct(session, a.id, b.id):
        _mark_distinct(session, a.id, b.id)
    return _committed(session, _audit(session, actor, "distinct", a.id, {"a": a.id, "b": b.id}))


def undo(session: Session, entry_id: int, actor: str) -> AuditEntry:
    entry = session.get(AuditEntry, entry_id)
    if entry is None:
        raise NotFound("audit entry", str(entry_id))
    if entry.undone_by is not None or entry.action == "undo":
        raise Conflict(f"audit entry {entry_id} cannot be undone (already undone, or an undo)")
    details = json.loads(entry.details)
    _UNDO[entry.action](session, details)
    done = _audit(session, actor, "undo", entry.entity_id, {"undid": entry.id, "action": entry.action})
    entry.undone_by = done.id
    session.add(entry)
    return _committed(session, done)


def _undo_merge(session: Session, d: dict) -> None:
    survivor, absorbed = session.get(Entity, d["survivor"]), session.get(Entity, d["absorbed"])
    absorbed.merged_into = None
    session.add(absorbed)
    _move(session, d["mention_ids"], absorbed.id, only_from=survivor.id)
    for entity in (survivor, absorbed):
        rebuild_entity(session, entity)


def _undo_split(session: Session, d: dict) -> None:
    source, new = session.get(Entity, d["source"]), session.get(Entity, d["new"])
    _move(session, d["mention_ids"], source.id, only_from=new.id)
    _unmark_distinct(session, source.id, new.id)
    new.merged_into = source.id  # its ID stays resolvable
    session.add(new)
    for entity in (source, new):
        rebuild_entity(session, entity)


def _undo_rename(session: Session, d: dict) -> None:
    entity = session.get(Entity, d["entity"])
    entity.canonical_name, entity.name_locked = d["old_name"], d["old_locked"]
    session.add(entity)
    if not entity.name_locked:
        rebuild_entity(session, entity)


def _undo_distinct(session: Session, d: dict) -> None:
    _unmark_distinct(session, d["a"], d["b"])


_UNDO = {"merge": _undo_merge, "split": _undo_split, "rename": _undo_rename,
         "distinct": _undo_distinct}


def _mention_ids(session: Session, entity_id: str) -> list[int]:
    return sorted(session.exec(select(Mention.id).where(Mention.entity_id == entity_id)).all())


def _move(session: Session, ids: list[int], to: str, only_from: str | None = None) -> None:
    query = update(Mention).where(col(Mention.id).in_(ids or [-1])).values(entity_id=to)
    if only_from is not None:  # later curations may have moved some on: leave those
        query = query.where(col(Mention.entity_id) == only_from)
    session.execute(query)
    session.flush()


def _mark_distinct(session: Session, a: str, b: str) -> None:
    x, y = sorted((a, b))
    session.add(DistinctPair(entity_a=x, entity_b=y, created_at=utcnow()))


def _unmark_distinct(session: Session, a: str, b: str) -> None:
    x, y = sorted((a, b))
    session.execute(delete(DistinctPair).where(
        col(DistinctPair.entity_a) == x, col(DistinctPair.entity_b) == y))


def _committed(session: Session, entry: AuditEntry) -> AuditEntry:
    session.commit()
    session.refresh(entry)
    return entry


def _audit(session: Session, actor: str, action: str, entity_id: str, details: dict) -> AuditEntry:
    entry = AuditEntry(at=utcnow(), actor=actor, action=action, entity_id=entity_id,
                       details=json.dumps(details, sort_keys=True))
    session.add(entry)
    session.flush()
    return entry


def details(entry: AuditEntry) -> dict:
    return json.loads(entry.details)


def audit_out(entry: AuditEntry) -> AuditOut:
    return AuditOut(**entry.model_dump(exclude={"details"}), details=details(entry))


def list_audit(session: Session, limit: int, offset: int) -> AuditPage:
    rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())
                        .offset(offset).limit(limit + 1)).all()
    return AuditPage(items=[audit_out(e) for e in rows[:limit]], limit=limit, offset=offset,
                     next_offset=offset + limit if len(rows) > limit else None)

