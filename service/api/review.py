from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, status

from service import review
from service.api.deps import SessionDep, actor_name
from service.db.retry import committed
from service.schemas import BODY_REFUSALS, MAX_ROW_ID, Actor, ErrorOut, ReviewPage

router = APIRouter(prefix="/v1/review", tags=["review"])


@router.get("", response_model=ReviewPage)
def list_review(
    session: SessionDep,
    status: Literal["open", "accepted", "rejected"] = "open",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ReviewPage:
    """Pairs of entities that might be one person, one item per pair, most
    recently raised first, for editors to review."""
    return review.list_review(session, status, limit, offset)


class Settle(Actor):
    decision: Literal["accept", "reject"]


@router.post("/{match_id}", status_code=status.HTTP_204_NO_CONTENT,
             responses={**BODY_REFUSALS, 404: {"model": ErrorOut}, 409: {"model": ErrorOut}})
def settle(match_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], data: Settle, session: SessionDep,
           request: Request) -> None:
    """Accept (the two are one person: merged) or reject (two people: marked
    distinct). The curation and the item's settlement are one transaction."""
    committed(session, review.settle, match_id, data.decision == "accept", actor_name(request, data.actor))

