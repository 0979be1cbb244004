"""GET /v1/entities:export: every live entity as NDJSON, streamed."""
from itertools import chain

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from service import export
from service.api.deps import EngineDep

router = APIRouter(prefix="/v1", tags=["entities"])
NDJSON = "application/x-ndjson"


@router.get("/entities:export", response_class=StreamingResponse, summary="Export every person", responses={200: {
    "description": "One JSON object per line, as `namesake export` writes them",
    "content": {NDJSON: {"schema": {"type": "string"}}}}})
def export_entities(engine: EngineDep) -> StreamingResponse:
    """Every live entity with its aliases, titles, external identifiers,
    counts and the IDs merged into it, one per line, by ID."""
    # Its own sessions, a page each: the stream outlives the request's
    # session, and holds no transaction open between pages.
    lines = (export.jsonl_line(r) for r in export.records(engine))
    # The first page is read before the answer starts: a database that is
    # down answers 503, not a 200 cut short.
    first = next(lines, None)
    return StreamingResponse(chain([first] if first is not None else [], lines), media_type=NDJSON)
