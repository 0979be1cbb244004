from fastapi import APIRouter

from service.schemas import BODY_REFUSALS, CompareIn, CompareOut, ErrorOut

router = APIRouter(prefix="/v1/names", tags=["names"])


@router.post("/compare", response_model=CompareOut, responses={**BODY_REFUSALS, 422: {"model": ErrorOut}})
def compare(data: CompareIn) -> CompareOut:
    """Can two written names be the same person? A score, a decision and why."""
    return CompareOut.of(data.a, data.b)
