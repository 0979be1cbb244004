"""The OpenAPI document as clients and code generators get it.

FastAPI writes each operation's success from its route. What every route can
answer besides (a refusal of its input, of its key, a database gone away) is
added here from the rules that produce those answers, so the document cannot
drift from them: 401 wherever service/auth.py asks for a key, 403 wherever it
asks for more than read; 400, 413 and 415 wherever a body is read; 422
wherever there is input to check; 503 wherever the route opens a database
session; 500 everywhere. Every one carries the service's own error body
(ErrorOut), and the headers service/api/errors.py sends with it. FastAPI's
default 422 body, which the service never sends, is taken out. Every answer,
success or error, carries X-Request-ID (service/api/access.py). A route
declares only what is its own (404, 409, a more precise 413) with `refusals`."""
from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from service.api.access import REQUEST_ID
from service.api.deps import get_engine, get_session
from service.api.errors import ANSWERS
from service.auth import required_role
from service.schemas import ErrorOut, Responses

SCHEME = "ApiKey"
ERROR_SCHEMA = {"$ref": f"#/components/schemas/{ErrorOut.__name__}"}
_FASTAPI_422 = ("HTTPValidationError", "ValidationError")

TAGS = [
    {"name": "articles", "description": "Articles in: the people each names, every mention linked to a "
                                        "canonical person ID. Articles out: by ID, by the CMS's own ID, or "
                                        "listed newest first."},
    {"name": "entities", "description": "People: their canonical names, aliases, mentions and articles; "
                                        "search by any spelling."},
    {"name": "mentions", "description": "Why a mention went to the person it did."},
    {"name": "curation", "description": "Editors' corrections (merge, split, rename, mark distinct), their "
                                        "audit log and undo."},
    {"name": "changes", "description": "The change feed: what a client caching people must update, "
                                       "in commit order."},
    {"name": "webhooks", "description": "The change feed pushed to configured URLs: each URL's progress "
                                        "and the log of delivery attempts (admin)."},
    {"name": "names", "description": "The name engine on its own: can two written names be one person?"},
    {"name": "review", "description": "Possible matches the resolver was unsure of, for editors to settle."},
    {"name": "reconcile", "description": "A W3C Reconciliation Service API 0.2 endpoint (OpenRefine): "
                                         "match names, suggest, preview, extend with property values."},
    {"name": "health", "description": "Liveness and readiness, for load balancers; never need a key."},
]

# What each status means wherever the rules above add it.
GENERIC = {
    400: "The body cannot be read: not valid JSON (malformed_json) or not a valid form (malformed_form)",
    401: "No API key, or one this service does not know (unauthorized); only when API_KEYS is set",
    403: "The key's role is below {role} (forbidden); only when API_KEYS is set",
    413: "The request body is over MAX_BODY_BYTES (body_too_large), refused before it is read",
    415: "The body is not sent in the type the operation reads (unsupported_media_type)",
    422: "Invalid input (invalid_request, `details` names each field at fault; invalid_cursor; invalid_name)",
    500: "An unexpected failure (internal_error, store_inconsistent); the message shows no internals",
    503: "The database is unavailable or stayed busy (database_unavailable, busy): retry after Retry-After",
}


HEADERS = {
    "Location": "The new resource's path (/v1/articles/{id}), to resolve against the URL called",
    "Retry-After": "Seconds to wait before trying again",
    "WWW-Authenticate": "X-API-Key: the header that carries a key",
    REQUEST_ID: "The request's ID: the X-Request-ID the client sent (up to 128 letters, digits and `._:+=@/-`), "
                "or one the service made; the service's log lines for the request carry it",
}


def refusals(described: dict[int, str]) -> Responses:
    """A route's own error answers, each with its description, as FastAPI's `responses` takes them."""
    return {status: {"model": ErrorOut, "description": text} for status, text in described.items()}


class DocumentedApp(FastAPI):
    """FastAPI whose OpenAPI document is completed by `complete`, each time FastAPI builds it."""

    _completed: dict[str, Any] | None = None

    def openapi(self) -> dict[str, Any]:
        document = super().openapi()  # cached by FastAPI until its routes change
        if document is not self._completed:
            self._completed = complete(self, document)
        return document


def complete(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    components = document.setdefault("components", {})
    components["securitySchemes"] = {SCHEME: {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": "Needed by every operation but health when API_KEYS is set; each key has a role "
                       "(read, write, admin)."}}
    document["security"] = [{SCHEME: []}]
    # Operation IDs are route names (app.py): each operation's route, for what its document cannot say.
    routes = {route.name: route for route in _api_routes(app.routes)}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            route = routes[operation["operationId"]]  # a KeyError here: a route the walk below missed
            _complete_operation(operation, path, method.upper(), _opens_session(route.dependant))
    for name in _FASTAPI_422:
        components.get("schemas", {}).pop(name, None)
    return document


def _api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    """Every APIRoute, inside included routers too (which newer FastAPI keeps as routers of their own)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (router := getattr(route, "original_router", None)) is not None:
            yield from _api_routes(router.routes)


def _complete_operation(operation: dict[str, Any], path: str, method: str, opens_session: bool) -> None:
    role = required_role(method, path)
    if role is None:
        operation["security"] = []  # open even when keys are configured
    responses = operation["responses"]
    for status in _error_statuses(operation, role, opens_session):
        known = responses.get(str(status))
        if known is None or _is_fastapi_422(known):
            responses[str(status)] = {"description": GENERIC[status].format(role=role),
                                      "content": {"application/json": {"schema": ERROR_SCHEMA}}}
        _add_headers(responses[str(status)], _error_headers(status))
    if "201" in responses:
        _add_headers(responses["201"], ["Location"])
    for response in responses.values():
        _add_headers(response, [REQUEST_ID])  # every answer (service/api/access.py)


def _error_statuses(operation: dict[str, Any], role: str | None, opens_session: bool) -> list[int]:
    statuses = [500]
    if role is not None:
        statuses.append(401)
    if role not in (None, "read"):
        statuses.append(403)  # every key holds read at least: only writes and curations can be forbidden
    if "requestBody" in operation:
        statuses += [400, 413, 415]
    if "requestBody" in operation or operation.get("parameters"):
        statuses.append(422)
    if opens_session:
        statuses.append(503)
    return sorted(statuses)


def _is_fastapi_422(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref", "").rsplit("/", 1)[-1] in _FASTAPI_422


def _opens_session(dependant: Dependant) -> bool:
    return any(d.call in (get_session, get_engine) or _opens_session(d) for d in dependant.dependencies)


def _error_headers(status: int) -> list[str]:
    """The headers every answer of this status carries (service/api/errors.py ANSWERS)."""
    answers = [answer for answer in ANSWERS.values() if answer.status == status]
    return sorted(set.intersection(*(set(answer.headers or {}) for answer in answers)) if answers else set())


def _add_headers(response: dict[str, Any], names: list[str]) -> None:
    for name in names:
        response.setdefault("headers", {})[name] = {
            "description": HEADERS[name], "required": True, "schema": {"type": "string"}}
