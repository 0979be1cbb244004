from typing import Annotated

from fastapi import APIRouter, Query

from service import changes
from service.api.deps import SessionDep
from service.schemas import ChangePage

router = APIRouter(prefix="/v1/changes", tags=["changes"])

# The largest cursor: change numbers are 64-bit on PostgreSQL.
MAX_CURSOR = 2**63 - 1


@router.get("", response_model=ChangePage, summary="Read the change feed")
def list_changes(
    session: SessionDep,
    after: Annotated[int, Query(ge=0, le=MAX_CURSOR,
                                description="The last change number already seen; 0 for the start.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> ChangePage:
    """Every change a client may cache (entities created, merged, split,
    renamed, marked distinct; undos; external IDs set or removed; articles
    deleted), in commit order, after a durable cursor."""
    rows = changes.read(session, after=after, limit=limit + 1)
    shown = rows[:limit]
    return ChangePage(items=[changes.change_out(c) for c in shown], next_after=shown[-1].id if shown else after,
                      more=len(rows) > limit)

