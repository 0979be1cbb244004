from typing import Annotated

from fastapi import APIRouter, Path

from service import mentions
from service.api.contract import refusals
from service.api.deps import SessionDep
from service.schemas import MAX_ROW_ID, WhyOut

router = APIRouter(prefix="/v1/mentions", tags=["mentions"])


@router.get("/{mention_id}/why", response_model=WhyOut, summary="Why a mention went to its person",
            responses=refusals({404: "No mention with this ID, or its article was deleted or edited since "
                                     "(not_found)"}))
def why_mention(mention_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID)], session: SessionDep) -> WhyOut:
    """The decision behind a mention: the candidates weighed, each with its
    name alignment and the context for and against it, the thresholds, the
    outcome, and where curation has moved the mention since."""
    return mentions.why(session, mention_id)
