"""The W3C / OpenRefine entity reconciliation service."""
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from sqlmodel import Session
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from service import entities, reconcile
from service.api.contract import ERROR_SCHEMA, refusals
from service.api.deps import SessionDep
from service.api.errors import MalformedForm, UnsupportedMediaType
from service.reconcile import ExtendResult, InvalidBatch, Manifest, PropertyProposal, QueryResult, SuggestResult
from service.schemas import Responses, Text

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
# The batch's own refusals, beside those of every body (service/api/contract.py).
REFUSALS = refusals({400: "queries or extend is not valid JSON (malformed_json), or the form cannot be "
                          "read (malformed_form)",
                     413: f"queries or extend is over {reconcile.MAX_BATCH_CHARS:,} characters "
                          "(batch_too_large), or the body over MAX_BODY_BYTES (body_too_large)",
                     422: "Not a batch of valid queries (invalid_request, `details` names the query at "
                          "fault), or a name without letters (invalid_name)"})
QUERIES_DOC = ('A JSON object of named queries: {"q0": {"query": "Moammar Qaddafi", '
               '"type": "person", "limit": 3}}')
EXTEND_DOC = ('A data extension query, JSON: {"ids": ["<entity ID>", ...], "properties": '
              '[{"id": "aliases"}, {"id": "description"}, {"id": "external_id:wikidata"}]}')
FORM_BODY = {"requestBody": {"required": True, "content": {FORM: {
    "schema": {
        "type": "object",
        "properties": {"queries": {"type": "string", "description": QUERIES_DOC},
                       "extend": {"type": "string", "description": EXTEND_DOC}},
        # One or the other: a batch of names to reconcile, or of entities to extend.
        "oneOf": [{"required": ["queries"]}, {"required": ["extend"]}],
    },
    "examples": {
        "reconcile": {"summary": "Reconcile two names",
                      "value": {"queries": '{"q0": {"query": "Moammar Qaddafi", "type": "person", "limit": 3}, '
                                           '"q1": {"query": "Angela Merkel"}}'}},
        "extend": {"summary": "Fetch aliases and Wikidata IDs",
                   "value": {"extend": '{"ids": ["4896a1c2d3e44f5a8b6c7d8e9f0a1b2c"], '
                                       '"properties": [{"id": "aliases"}, {"id": "external_id:wikidata"}]}'}},
    },
}}}}


def form_fields(body: bytes, content_type: str) -> dict[str, str]:
    """The fields of a form-encoded POST, as OpenRefine sends them (the first value of each)."""
    if content_type.split(";")[0].strip().lower() != FORM:
        raise UnsupportedMediaType(f"send queries=<JSON> or extend=<JSON> as {FORM} "
                                   f"(got {content_type or 'no type'!r})")
    try:
        fields = parse_qs(body.decode("ascii"), keep_blank_values=True, errors="strict",
                          max_num_fields=100)
    except (UnicodeDecodeError, ValueError) as err:
        raise MalformedForm("the form body is not valid URL-encoded text") from err
    return {name: values[0] for name, values in fields.items()}


def _answer(session: Session, queries: str | None, extend: str | None) -> Batch | ExtendResult:
    """A reconciliation batch or a data extension query: one of the two, never both."""
    if queries is not None and extend is not None:
        raise InvalidBatch("send either queries or extend, not both")
    if extend is not None:
        return reconcile.extend(session, reconcile.parse_extend(extend))
    if queries is None:
        raise InvalidBatch("queries: the form has no queries or extend field")
    return reconcile.reconcile_batch(session, reconcile.parse_batch(queries))


async def _raw_body(request: Request) -> bytes:
    return await request.body()


@router.get("", response_model=Manifest | Batch | ExtendResult, responses=REFUSALS,
            summary="The manifest, or reconcile or extend a batch")
def reconcile_get(
    request: Request,
    session: SessionDep,
    queries: Annotated[str | None, Query(description=QUERIES_DOC)] = None,
    extend: Annotated[str | None, Query(description=EXTEND_DOC)] = None,
):
    """The service manifest; with `queries`, reconcile a batch of names; with
    `extend`, the values of properties of entities (data extension)."""
    if queries is None and extend is None:
        return reconcile.manifest(request.app.state.settings, request.app.version)
    return _answer(session, queries, extend)


@router.post("", response_model=Batch | ExtendResult, responses=REFUSALS, openapi_extra=FORM_BODY,
             summary="Reconcile or extend a batch sent as a form")
def reconcile_post(request: Request, session: SessionDep,
                   body: Annotated[bytes, Depends(_raw_body)]):
    """Reconcile a batch of names sent form-encoded (`queries=<JSON>`), as
    OpenRefine does, or extend entities with property values (`extend=<JSON>`)."""
    fields = form_fields(body, request.headers.get("content-type", ""))
    return _answer(session, fields.get("queries"), fields.get("extend"))


@router.get("/properties", response_model=PropertyProposal, summary="Properties data extension can fetch")
def propose_properties(
    session: SessionDep,
    type: Annotated[str, Query(min_length=1, max_length=200, description="The type of the entities: person")],
    limit: Annotated[int | None, Query(ge=1, le=1000, description="At most this many properties")] = None,
) -> PropertyProposal:
    """The properties data extension can fetch for entities of a type: aliases,
    description, and one external ID per scheme the store holds."""
    return reconcile.propose_properties(session, type, limit)


@router.get("/suggest/entity", response_model=SuggestResult, summary="Suggest people for a name being typed",
            responses=refusals({422: "Invalid parameters (invalid_request), or a prefix without letters "
                                     "(invalid_name)"}))
def suggest_entity(
    session: SessionDep,
    prefix: Annotated[str, Query(min_length=1, max_length=reconcile.MAX_QUERY_CHARS,
                                 description="The start of a name, or a name in any spelling")],
    cursor: Annotated[int, Query(ge=0, le=10_000, description="How many suggestions to skip")] = 0,
) -> SuggestResult:
    """Suggest people for a name being typed."""
    return reconcile.suggest_entities(session, prefix, cursor)


# The 404 is written out: with "model", FastAPI would file it under text/html.
NOT_FOUND_JSON: Responses = {404: {"description": "No entity with this ID (not_found)",
                                   "content": {"application/json": {"schema": ERROR_SCHEMA}}}}


@router.get("/preview", response_class=HTMLResponse, responses=NOT_FOUND_JSON, summary="A person's card",
            response_description="A small HTML card")
def preview_entity(session: SessionDep,
            id: Annotated[Text, Query(min_length=1, max_length=64, description="An entity ID")]):
    """A small HTML card of a person, for the client's preview frame."""
    entity = entities.get_entity(session, id)
    return HTMLResponse(reconcile.preview_html(entity), headers={
        # Embedded in the client's page: nothing in it may run or load.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    })
