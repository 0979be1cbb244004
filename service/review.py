"""The review queue: links the resolver was unsure of, for editors."""
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from service import curation
from service.db.models import Entity, PossibleMatch
from service.errors import Conflict, NotFound
from service.schemas import EntityRef, ReviewItem, ReviewPage


def list_review(session: Session, status: str, limit: int, offset: int) -> ReviewPage:
    linked, candidate = aliased(Entity), aliased(Entity)
    rows = session.exec(
        select(PossibleMatch, linked, candidate)
        .join(linked, col(linked.id) == PossibleMatch.entity_id)
        .join(candidate, col(candidate.id) == PossibleMatch.candidate_id)
        .where(PossibleMatch.status == status)
        .order_by(col(PossibleMatch.created_at).desc(), col(PossibleMatch.id).desc())
        .offset(offset).limit(limit + 1)
    ).all()
    items = [
        ReviewItem(**match.model_dump(exclude={"entity_id", "candidate_id"}),
                   entity=EntityRef(id=e.id, canonical_name=e.canonical_name),
                   candidate=EntityRef(id=c.id, canonical_name=c.canonical_name))
        for match, e, c in rows[:limit]
    ]
    return ReviewPage(items=items, limit=limit, offset=offset,
                      next_offset=offset + limit if len(rows) > limit else None)


def settle(session: Session, match_id: int, accept: bool, actor: str) -> None:
    """Accept: the two are one person, the candidate absorbs the entity.
    Reject: they are two, and are marked distinct so no article merges them.
    Flushes only: the caller commits the curation and the settlement as one
    transaction."""
    match = session.get(PossibleMatch, match_id)
    if match is None:
        raise NotFound("possible match", str(match_id))
    if match.status != "open":
        raise Conflict(f"possible match {match_id} was already {match.status}")
    if accept:
        curation.merge(session, match.candidate_id, match.entity_id, actor)
    else:
        curation.distinct(session, match.entity_id, match.candidate_id, actor)
    match = session.get(PossibleMatch, match_id)
    match.status = "accepted" if accept else "rejected"
    session.add(match)
    session.flush()

