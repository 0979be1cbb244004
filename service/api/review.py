from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, status
from pydantic import ConfigDict

from service import review
from service.api.contract import refusals
from service.api.deps import SessionDep, actor_name
from service.db.retry import committed
from service.schemas import MAX_ROW_ID, Actor, ReviewPage

router = APIRouter(prefix="/v1/review", tags=["review"])


@router.get("", response_model=ReviewPage, summary="List possible matches")
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
    model_config = ConfigDict(json_schema_extra={"examples": [{"decision": "accept", "actor": "desk"}]})

    decision: Literal["accept", "reject"]


@router.post("/{match_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Settle a possible match",
             response_description="Settled", responses=refusals({
                 404: "No review item with this ID (not_found)",
                 409: "The item is settled already, or the pair can no longer be merged (conflict)"}))
def settle(match_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], data: Settle, session: SessionDep,
           request: Request) -> None:
    """Accept (the two are one person: merged) or reject (two people: marked
    distinct). The curation and the item's settlement are one transaction."""
    committed(session, review.settle, match_id, data.decision == "accept", actor_name(request, data.actor))

