from fastapi import APIRouter

from service.names import MATCH_THRESHOLD, compare_names
from service.schemas import BODY_REFUSALS, AlignmentOut, CompareIn, CompareOut, ErrorOut

router = APIRouter(prefix="/v1/names", tags=["names"])


@router.post("/compare", response_model=CompareOut, responses={**BODY_REFUSALS, 422: {"model": ErrorOut}})
def compare(data: CompareIn) -> CompareOut:
    """Can two written names be the same person? A score, a decision and why."""
    result = compare_names(data.a, data.b)
    return CompareOut(
        a=data.a, b=data.b, score=result.score, match=result.match, threshold=MATCH_THRESHOLD,
        explanation=[AlignmentOut(a=x.a, b=x.b, rule=x.rule, score=x.score)
                     for x in result.alignments],
    )
