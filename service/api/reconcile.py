"""The W3C / OpenRefine entity reconciliation service."""
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from service import entities, reconcile
from service.api.deps import SessionDep
from service.api.errors import MalformedForm, UnsupportedMediaType
from service.reconcile import InvalidBatch, Manifest, QueryResult, SuggestResult
from service.schemas import ErrorOut, Responses, Text

FORM = "application/x-www-form-urlencoded"


class OpenToBrowsers(APIRoute):
    """Browser-based reconciliation clients call the service from other
    origins: every answer of these routes may be read by any origin, the
    refusals (answered by the app's error handlers) as much as the results."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_open(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["Access-Control-Allow-Origin"] = "*"
            await send(message)

        await super().handle(scope, receive, send_open)


router = APIRouter(prefix="/v1/reconcile", tags=["reconcile"], route_class=OpenToBrowsers)

Batch = dict[str, QueryResult]
REFUSALS: Responses = {status: {"model": ErrorOut} for status in (400, 413, 422)}
QUERIES_DOC = ('A JSON object of named queries: {"q0": {"query": "Moammar Qaddafi", '
               '"type": "person", "limit": 3}}')
FORM_BODY = {"requestBody": {"required": True, "content": {FORM: {"schema": {
    "type": "object", "required": ["queries"],
    "properties": {"queries": {"type": "string", "description": QUERIES_DOC}},
}}}}}


def _base_url(request: Request) -> str:
    # From settings, never from the request: any client can set its Host
    # header, and the manifest's URLs are where clients send their users.
    return request.app.state.settings.public_base_url()


def queries_from_form(body: bytes, content_type: str) -> str:
    """The `queries` field of a form-encoded POST, as OpenRefine sends it."""
    if content_type.split(";")[0].strip().lower() != FORM:
        raise UnsupportedMediaType(f"send queries=<JSON> as {FORM} (got {content_type or 'no type'!r})")
    try:
        fields = parse_qs(body.decode("ascii"), keep_blank_values=True, errors="strict",
                          max_num_fields=100)
    except (UnicodeDecodeError, ValueError) as err:
        raise MalformedForm("the form body is not valid URL-encoded text") from err
    if not fields.get("queries"):
        raise InvalidBatch("queries: the form has no queries field")
    return fields["queries"][0]


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
    return reconcile.reconcile_batch(session, reconcile.parse_batch(queries))


@router.post("", response_model=Batch, responses={**REFUSALS, 415: {"model": ErrorOut}},
             openapi_extra=FORM_BODY)
def reconcile_post(request: Request, session: SessionDep,
                   body: Annotated[bytes, Depends(_raw_body)]):
    """Reconcile a batch of names sent form-encoded (`queries=<JSON>`), as OpenRefine does."""
    queries = queries_from_form(body, request.headers.get("content-type", ""))
    return reconcile.reconcile_batch(session, reconcile.parse_batch(queries))


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
NOT_FOUND_JSON: Responses = {404: {"description": "No such entity", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/ErrorOut"}}}}}


@router.get("/preview", response_class=HTMLResponse, responses=NOT_FOUND_JSON)
def preview_entity(session: SessionDep,
            id: Annotated[Text, Query(min_length=1, max_length=64, description="An entity ID")]):
    """A small HTML card of a person, for the client's preview frame."""
    entity = entities.get_entity(session, id)
    return HTMLResponse(reconcile.preview_html(entity), headers={
        # Embedded in the client's page: nothing in it may run or load.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    })
