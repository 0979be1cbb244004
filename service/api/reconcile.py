"""The W3C / OpenRefine entity reconciliation service."""
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from sqlmodel import Session

from service import entities, reconcile
from service.api.deps import SessionDep
from service.reconcile import BadQueries, Manifest, QueryResult, ReconQuery, SuggestResult
from service.schemas import ErrorOut, Text


def _open_to_browsers(response: Response) -> None:
    # Browser-based reconciliation clients call the service from other origins.
    response.headers["Access-Control-Allow-Origin"] = "*"


router = APIRouter(prefix="/v1/reconcile", tags=["reconcile"],
                   dependencies=[Depends(_open_to_browsers)])

Batch = dict[str, QueryResult]
REFUSALS = {status: {"model": ErrorOut} for status in (400, 413, 422)}
QUERIES_DOC = ('A JSON object of named queries: {"q0": {"query": "Moammar Qaddafi", '
               '"type": "person", "limit": 3}}')
FORM_BODY = {"requestBody": {"required": True, "content": {reconcile.FORM: {"schema": {
    "type": "object", "required": ["queries"],
    "properties": {"queries": {"type": "string", "description": QUERIES_DOC}},
}}}}}


def _base_url(request: Request) -> str:
    # From settings, never from the request: any client can set its Host
    # header, and the manifest's URLs are where clients send their users.
    return request.app.state.settings.public_base_url()


def _answer(session: Session, read: Callable[[], dict[str, ReconQuery]]) -> Batch | JSONResponse:
    # Refusals are answered here, in the service's JSON error format: the
    # app-wide handlers know nothing of form-encoded batches.
    try:
        batch = read()
    except BadQueries as err:
        body = {"error": err.code, "message": str(err)}
        if err.details:
            body["details"] = err.details
        return JSONResponse(body, status_code=err.status,
                            headers={"Access-Control-Allow-Origin": "*"})
    return reconcile.reconcile_batch(session, batch)


async def _raw_body(request: Request) -> bytes:
    return await request.body()


@router.get("", response_model=Manifest | Batch, responses=REFUSALS)
def reconcile_get(
    request: Request,
    session: SessionDep,
    queries: Annotated[str | None, Query(description=QUERIES_DOC)] = None,
):
    """The service manifest; with `queries`, reconcile a batch of names."""
    if queries is None:
        return reconcile.manifest(_base_url(request), request.app.version)
    return _answer(session, lambda: reconcile.parse_batch(queries))


@router.post("", response_model=Batch, responses={**REFUSALS, 415: {"model": ErrorOut}},
             openapi_extra=FORM_BODY)
def reconcile_post(request: Request, session: SessionDep,
                   body: Annotated[bytes, Depends(_raw_body)]):
    """Reconcile a batch of names sent form-encoded (`queries=<JSON>`), as OpenRefine does."""
    content_type = request.headers.get("content-type", "")
    return _answer(session, lambda: reconcile.parse_batch(
        reconcile.queries_from_form(body, content_type)))


@router.get("/suggest/entity", response_model=SuggestResult, responses={422: {"model": ErrorOut}})
def suggest_entity(
    session: SessionDep,
    prefix: Annotated[str, Query(min_length=1, max_length=reconcile.MAX_QUERY_CHARS,
                                 description="The start of a name, or a name in any spelling")],
    cursor: Annotated[int, Query(ge=0, le=10_000, description="How many suggestions to skip")] = 0,
) -> SuggestResult:
    """Suggest people for a name being typed."""
    return reconcile.suggest_entities(session, prefix, cursor)


# The 404 is written out: with "model", FastAPI would file it under text/html.
NOT_FOUND_JSON = {404: {"description": "No such entity", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/ErrorOut"}}}}}


@router.get("/preview", response_class=HTMLResponse, responses=NOT_FOUND_JSON)
def preview_entity(session: SessionDep,
            id: Annotated[Text, Query(min_length=1, max_length=64, description="An entity ID")]):
    """A small HTML card of a person, for the client's preview frame."""
    entity = entities.get_entity(session, id)
    return HTMLResponse(reconcile.preview_html(entity), headers={
        "Access-Control-Allow-Origin": "*",
        # Embedded in the client's page: nothing in it may run or load.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    })
