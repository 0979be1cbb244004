from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from sqlmodel import Session

from service import curation, entities
from service.api.contract import refusals
from service.api.deps import SessionDep, actor_name
from service.db.models import AuditEntry
from service.db.retry import committed
from service.schemas import (
    MAX_ROW_ID,
    Actor,
    AuditOut,
    AuditPage,
    CurationOut,
    DistinctIn,
    MergeIn,
    RenameIn,
    SplitIn,
    Text,
)

router = APIRouter(prefix="/v1", tags=["curation"])
ERRORS = refusals({404: "No entity (or audit entry) with this ID (not_found)",
                   409: "The store's state forbids it: merging an entity with itself or one marked distinct, "
                        "undoing twice (conflict)"})


def _curate(session: Session, work: Callable[..., AuditEntry], *args, **kwargs) -> AuditEntry:
    """Run one curation as its own transaction: the route commits, nothing in
    the curation does."""
    entry = committed(session, work, *args, **kwargs)
    session.refresh(entry)  # expired by the commit
    return entry


def _out(session, entry, entity_id: str) -> CurationOut:
    return CurationOut(audit=curation.audit_out(entry),
                       entity=entities.get_entity(session, entity_id))


@router.post("/entities/{entity_id}/merge", response_model=CurationOut, summary="Merge two people",
             responses=ERRORS)
def merge_entities(entity_id: Text, data: MergeIn, session: SessionDep, request: Request) -> CurationOut:
    """Absorb `other_id` into this entity; the absorbed ID keeps answering with this one."""
    entry = _curate(session, curation.merge, survivor_id=entity_id, other_id=data.other_id,
                    actor=actor_name(request, data.actor))
    return _out(session, entry, entity_id)


@router.post("/entities/{entity_id}/split", response_model=CurationOut, summary="Split mentions off a person",
             responses=ERRORS)
def split_entity(entity_id: Text, data: SplitIn, session: SessionDep, request: Request) -> CurationOut:
    """Move mentions (by ID, or every mention written as one of `aliases`) to a new
    entity, marked as distinct from this one. Answers with the new entity."""
    entry = _curate(session, curation.split, entity_id, data.mention_ids, data.aliases,
                    actor_name(request, data.actor))
    return _out(session, entry, curation.details(entry)["new"])


@router.post("/entities/{entity_id}/rename", response_model=CurationOut, summary="Rename a person",
             responses=ERRORS)
def rename_entity(entity_id: Text, data: RenameIn, session: SessionDep, request: Request) -> CurationOut:
    """Set the canonical name; the machine no longer changes it."""
    entry = _curate(session, curation.rename, entity_id, data.name, actor_name(request, data.actor))
    return _out(session, entry, entity_id)


@router.post("/entities/{entity_id}/distinct", response_model=CurationOut,
             summary="Mark two people as different", responses=ERRORS)
def mark_distinct(entity_id: Text, data: DistinctIn, session: SessionDep, request: Request) -> CurationOut:
    """Mark two entities as different people: no article will ever merge them."""
    entry = _curate(session, curation.distinct, entity_id=entity_id, other_id=data.other_id,
                    actor=actor_name(request, data.actor))
    return _out(session, entry, entity_id)


@router.get("/audit", response_model=AuditPage, summary="List curations, newest first")
def list_audit(session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 50,
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> AuditPage:
    """Every curation, newest first: who, when, what."""
    return curation.list_audit(session, limit, offset)


@router.post("/audit/{entry_id}/undo", response_model=AuditOut, summary="Undo a curation", responses=ERRORS)
def undo(entry_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], data: Actor, session: SessionDep,
         request: Request) -> AuditOut:
    """Undo a curation; the undo is recorded too."""
    return curation.audit_out(_curate(session, curation.undo, entry_id, actor_name(request, data.actor)))
