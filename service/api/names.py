from fastapi import APIRouter

from service.schemas import CompareIn, CompareOut

router = APIRouter(prefix="/v1/names", tags=["names"])


@router.post("/compare", response_model=CompareOut, summary="Compare two written names")
def compare(data: CompareIn) -> CompareOut:
    """Can two written names be the same person? A score, a decision and why."""
    return CompareOut.of(data.a, data.b)
