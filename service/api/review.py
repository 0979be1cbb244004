from typing import Annotated, Literal

from fastapi import APIRouter, Query

from service import review
from service.api.deps import SessionDep
from service.schemas import ReviewPage

router = APIRouter(prefix="/v1/review", tags=["review"])


@router.get("", response_model=ReviewPage)
def list_review(
    session: SessionDep,
    status: Literal["open", "accepted", "rejected"] = "open",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> ReviewPage:
    """Possible matches the resolver was unsure of, newest first, for editors to review."""
    return review.list_review(session, status, limit, offset)
