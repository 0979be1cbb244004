"""The review queue: pairs of entities the resolver was unsure of, for
editors. One item per pair (service/resolve/queue.py writes them)."""
from sqlmodel import Session, col, select

from service import curation
from service.db.models import Entity, PossibleMatch
from service.errors import Conflict, NotFound
from service.resolve.queue import examples
from service.schemas import EntityRef, ReviewExample, ReviewItem, ReviewPage, page_rows


def list_review(session: Session, status: str, limit: int, offset: int) -> ReviewPage:
    rows = session.exec(
        select(PossibleMatch).where(PossibleMatch.status == status)
        .order_by(col(PossibleMatch.updated_at).desc(), col(PossibleMatch.id).desc())
        .offset(offset).limit(limit + 1)
    ).all()
    items, next_offset = page_rows(rows, limit, offset)
    ids = {i for item in items for i in (item.entity_a, item.entity_b)}
    names = dict(session.exec(select(Entity.id, Entity.canonical_name).where(col(Entity.id).in_(ids))).all())
    return ReviewPage(items=[_item(item, names) for item in items], limit=limit, offset=offset,
                      next_offset=next_offset)


def _item(item: PossibleMatch, names: dict[str, str]) -> ReviewItem:
    newest = examples(item)
    return ReviewItem(
        id=item.id, entity=EntityRef(id=item.entity_id, canonical_name=names[item.entity_id]),
        candidate=EntityRef(id=_candidate(item), canonical_name=names[_candidate(item)]),
        article_count=item.article_count, examples=[ReviewExample(**e) for e in newest],
        article_id=newest[0]["article_id"], name=newest[0]["name"], score=item.score,
        status=item.status, created_at=item.created_at, updated_at=item.updated_at)


def _candidate(item: PossibleMatch) -> str:
    return item.entity_b if item.entity_id == item.entity_a else item.entity_a


def settle(session: Session, match_id: int, accept: bool, actor: str) -> None:
    """Accept: the two are one person, the candidate absorbs the entity.
    Reject: they are two, and are marked distinct so no article merges them.
    The curation settles the item (service/resolve/queue.py): it is settled
    in the curation's transaction, which the caller commits."""
    match = _open(session, match_id)
    # Under the pair's locks, read again: another editor may have settled it meanwhile.
    curation.locked_live(session, match.entity_id, _candidate(match))
    match = _open(session, match_id, fresh=True)
    if accept:
        curation.merge(session, survivor_id=_candidate(match), other_id=match.entity_id, actor=actor)
    else:
        curation.distinct(session, entity_id=match.entity_id, other_id=_candidate(match), actor=actor)


def _open(session: Session, match_id: int, fresh: bool = False) -> PossibleMatch:
    match = session.exec(select(PossibleMatch).where(PossibleMatch.id == match_id)
                         .execution_options(populate_existing=fresh)).first()
    if match is None:
        raise NotFound("possible match", str(match_id))
    if match.status != "open":
        raise Conflict(f"possible match {match_id} was already {match.status}")
    return match
