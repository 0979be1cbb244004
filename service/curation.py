"""Editors correct the machine: merge, split, rename, mark as distinct. Every
curation is one transaction with an audit entry that says how to undo it.

These functions only flush: the caller commits, through
service.db.retry.committed, so that a curation can be part of a larger
transaction (settling a review item) and the whole of it starts again when
it lost a race."""
import json

from sqlalchemy import delete, or_
from sqlmodel import Session, col, select

from service import changes, ledger
from service.db.locks import lock_entities
from service.db.models import AuditEntry, DistinctPair, Entity, Mention, utcnow
from service.db.retry import StaleRead
from service.errors import Conflict, NotFound, StoreInconsistent
from service.live import fresh, live_entity, locked_live
from service.resolve import queue
from service.resolve.merge import are_distinct, merge_entities
from service.schemas import AuditOut, AuditPage, page_rows


def merge(session: Session, *, survivor_id: str, other_id: str, actor: str) -> AuditEntry:
    survivor, other = locked_live(session, survivor_id, other_id)
    if survivor.id == other.id:
        raise Conflict(f"{survivor_id} and {other_id} are already one entity")
    if are_distinct(session, a=survivor.id, b=other.id):
        raise Conflict(f"{survivor.id} and {other.id} are marked as distinct people")
    moved = _mention_ids(session, other.id)
    merge_entities(session, survivor=survivor, absorbed=other)
    return _audit(session, actor, "merge", survivor.id,
                  {"survivor": survivor.id, "absorbed": other.id, "mention_ids": moved})


def split(session: Session, entity_id: str, mention_ids: list[int], surfaces: list[str],
          actor: str) -> AuditEntry:
    """Move the given mentions (or every mention written as one of `surfaces`)
    to a new entity, marked as distinct from the old one."""
    source, = locked_live(session, entity_id)
    chosen = session.exec(select(Mention).where(Mention.entity_id == source.id, or_(
        col(Mention.id).in_(mention_ids or [-1]), col(Mention.text).in_(surfaces or [""])))).all()
    if not chosen:
        raise Conflict("none of those mentions or aliases belong to the entity")
    if len(chosen) == source.mention_count:
        raise Conflict("a split must leave the entity at least one mention")
    new = Entity(canonical_name=chosen[0].text, created_at=utcnow(), updated_at=utcnow())
    session.add(new)
    session.flush()
    ids = sorted(m.id for m in chosen if m.id is not None)  # a stored mention always has its ID
    ledger.move(session, ids, to=new.id)
    _mark_distinct(session, a=source.id, b=new.id)
    return _audit(session, actor, "split", source.id,
                  {"source": source.id, "new": new.id, "mention_ids": ids})


def rename(session: Session, entity_id: str, name: str, actor: str) -> AuditEntry:
    entity, = locked_live(session, entity_id)
    before = {"old_name": entity.canonical_name, "old_locked": entity.name_locked}
    entity.canonical_name, entity.name_locked, entity.updated_at = name, True, utcnow()
    session.add(entity)
    return _audit(session, actor, "rename", entity.id, {**before, "entity": entity.id, "name": name})


def distinct(session: Session, *, entity_id: str, other_id: str, actor: str) -> AuditEntry:
    a, b = locked_live(session, entity_id, other_id)
    if a.id == b.id:
        raise Conflict("an entity cannot be distinct from itself; split it instead")
    if not are_distinct(session, a=a.id, b=b.id):
        _mark_distinct(session, a=a.id, b=b.id)
    queue.settle_pair(session, a=a.id, b=b.id, status="rejected")  # two people: the question is answered
    return _audit(session, actor, "distinct", a.id, {"a": a.id, "b": b.id})


def undo(session: Session, entry_id: int, actor: str) -> AuditEntry:
    entry = session.get(AuditEntry, entry_id)
    if entry is None:
        raise NotFound("audit entry", str(entry_id))
    details = json.loads(entry.details)
    # Every entity the curation named, and where each lives now.
    named = {v for k, v in details.items() if k in _ENTITY_KEYS}
    where = _live_ids(session, named)
    lock_entities(session, named | where)
    # Under the locks, again: another request may have undone it, or moved
    # its people on, meanwhile. (The undo steps below take these fresh
    # entities from the session.)
    fresh(session, Entity, sorted(named | where))
    if _live_ids(session, named) != where:
        raise StaleRead("an entity")
    entry = fresh(session, AuditEntry, [entry_id])[entry_id]
    if entry.undone_by is not None or entry.action == "undo":
        raise Conflict(f"audit entry {entry_id} cannot be undone (already undone, or an undo)")
    _UNDO[entry.action](session, details)
    done = _audit(session, actor, "undo", entry.entity_id, {"undid": entry.id, "action": entry.action},
                  entity_ids=sorted(named | where))
    entry.undone_by = done.id
    session.add(entry)
    session.flush()
    return done


# The keys of an audit entry's details that name entities.
_ENTITY_KEYS = {"survivor", "absorbed", "source", "new", "entity", "a", "b"}


def _live_ids(session: Session, entity_ids: set[str]) -> set[str]:
    return {live_entity(session, i).id for i in entity_ids}


def _recorded(session: Session, entity_id: str) -> Entity:
    """An entity an audit entry names: entities are never deleted."""
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise StoreInconsistent(f"entity {entity_id!r}, named in the audit, is not in the store")
    return entity


def _undo_merge(session: Session, d: dict) -> None:
    survivor, absorbed = _recorded(session, d["survivor"]), _recorded(session, d["absorbed"])
    # The mentions went on with the survivor if it was merged away since.
    holder = live_entity(session, survivor.id)
    absorbed.merged_into = None
    session.add(absorbed)
    ledger.move(session, d["mention_ids"], to=absorbed.id, only_from=holder.id)


def _undo_split(session: Session, d: dict) -> None:
    """The split was wrong: the new entity is the source's person again,
    with whatever was merged into it since (an editor said those are its
    person too). It joins the source, or whoever absorbed the source since."""
    source, new = _recorded(session, d["source"]), _recorded(session, d["new"])
    target, joined = live_entity(session, source.id), live_entity(session, new.id)
    _unmark_distinct(session, a=source.id, b=new.id)
    if joined.id == target.id:
        return  # a later merge made them one already
    if joined.id != new.id:
        raise Conflict(f"{new.id} was merged into {joined.id} since the split: "
                       f"merge {joined.id} with {target.id} instead")
    merge_entities(session, survivor=target, absorbed=new)


def _undo_rename(session: Session, d: dict) -> None:
    entity = _recorded(session, d["entity"])
    entity.canonical_name, entity.name_locked = d["old_name"], d["old_locked"]
    session.add(entity)
    if not entity.name_locked:
        ledger.refresh_names(session, {entity.id})


def _undo_distinct(session: Session, d: dict) -> None:
    _unmark_distinct(session, a=d["a"], b=d["b"])


_UNDO = {"merge": _undo_merge, "split": _undo_split, "rename": _undo_rename,
         "distinct": _undo_distinct}


def _mention_ids(session: Session, entity_id: str) -> list[int]:
    ids = session.exec(select(Mention.id).where(Mention.entity_id == entity_id)).all()
    return sorted(i for i in ids if i is not None)  # a stored mention always has its ID


def _mark_distinct(session: Session, *, a: str, b: str) -> None:
    x, y = sorted((a, b))
    session.add(DistinctPair(entity_a=x, entity_b=y, created_at=utcnow()))


def _unmark_distinct(session: Session, *, a: str, b: str) -> None:
    x, y = sorted((a, b))
    session.execute(delete(DistinctPair).where(
        col(DistinctPair.entity_a) == x, col(DistinctPair.entity_b) == y))


# The change feed's kind of each curation, and the keys of its details that
# name its entities, the surviving or first one first.
_CHANGES = {"merge": ("entity.merged", ("survivor", "absorbed")), "split": ("entity.split", ("source", "new")),
            "rename": ("entity.renamed", ("entity",)), "distinct": ("entity.distinct", ("a", "b"))}


def _audit(session: Session, actor: str, action: str, entity_id: str, details: dict,
           entity_ids: list[str] | None = None) -> AuditEntry:
    """The audit entry of a curation, and its change in the feed."""
    entry = AuditEntry(at=utcnow(), actor=actor, action=action, entity_id=entity_id,
                       details=json.dumps(details, sort_keys=True))
    session.add(entry)
    session.flush()
    if action == "undo":
        kind, involved = "curation.undone", entity_ids or [entity_id]
    else:
        kind, keys = _CHANGES[action]
        involved = [details[k] for k in keys]
    changes.record(session, kind, involved, actor=actor,
                   details={k: v for k, v in details.items() if k != "mention_ids"} | {"audit_id": entry.id})
    return entry


def details(entry: AuditEntry) -> dict:
    return json.loads(entry.details)


def audit_out(entry: AuditEntry) -> AuditOut:
    return AuditOut(**entry.model_dump(exclude={"details"}), details=details(entry))


def list_audit(session: Session, limit: int, offset: int) -> AuditPage:
    rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())
                        .offset(offset).limit(limit + 1)).all()
    shown, next_offset = page_rows(rows, limit, offset)
    return AuditPage(items=[audit_out(e) for e in shown], limit=limit, offset=offset, next_offset=next_offset)

