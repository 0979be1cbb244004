"""The one map from exceptions to the API's JSON errors.

The service raises its own errors (service/errors.py and the modules that own
them) without knowing how HTTP answers them; this module gives each one its
status, its stable code and its headers. Every error body is
`{"error": <code>, "message": <what went wrong>}`, with `details` naming the
fields at fault when there are several.
"""
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from service.api.access import REQUEST_ID, current_request_id
from service.auth import Forbidden, Unauthorized
from service.db.retry import StaleRead
from service.errors import (
    Conflict,
    InvalidArticle,
    InvalidCursor,
    NotFound,
    StoreInconsistent,
    TextTooLarge,
    TooManyNames,
    field_problems,
    problems_message,
)
from service.names import InvalidName
from service.reconcile import BatchTooLarge, InvalidBatch, MalformedBatch

log = logging.getLogger("namesake")


# Errors of reading a request, before the service sees it.

class BodyTooLarge(Exception):
    """A body over the size limit, refused before it is read (service/api/limits.py)."""


class MalformedJson(Exception):
    """A body that is not valid JSON."""


class UnsupportedMediaType(Exception):
    """A body sent in a type the route does not read."""


class MalformedForm(Exception):
    """A form-encoded body that cannot be decoded."""


class InvalidRequest(Exception):
    """Fields that fail their checks; `details` names each with its problem."""

    def __init__(self, details: list[dict]):
        super().__init__(problems_message(details) or "invalid request")
        self.details = details


@dataclass(frozen=True)
class Answer:
    status: int
    code: str
    headers: dict[str, str] | None = None
    # A fixed message instead of the exception's own, which would show internals.
    message: str | None = None


ANSWERS: dict[type[Exception], Answer] = {
    NotFound: Answer(404, "not_found"),
    Conflict: Answer(409, "conflict"),
    TextTooLarge: Answer(413, "text_too_large"),
    TooManyNames: Answer(413, "too_many_names"),
    InvalidArticle: Answer(422, "invalid_request"),
    InvalidCursor: Answer(422, "invalid_cursor"),
    InvalidName: Answer(422, "invalid_name"),
    Unauthorized: Answer(401, "unauthorized", {"WWW-Authenticate": "X-API-Key"}),
    Forbidden: Answer(403, "forbidden"),
    BodyTooLarge: Answer(413, "body_too_large"),
    MalformedJson: Answer(400, "malformed_json"),
    UnsupportedMediaType: Answer(415, "unsupported_media_type"),
    MalformedForm: Answer(400, "malformed_form"),
    InvalidRequest: Answer(422, "invalid_request"),
    MalformedBatch: Answer(400, "malformed_json"),
    BatchTooLarge: Answer(413, "batch_too_large"),
    InvalidBatch: Answer(422, "invalid_request"),
    # Retried inside the service already (service/db/retry.py); still busy.
    StaleRead: Answer(503, "busy", {"Retry-After": "1"}),
    OperationalError: Answer(503, "database_unavailable", {"Retry-After": "5"},
                             "the database is unavailable; retry shortly"),
    StoreInconsistent: Answer(500, "store_inconsistent"),
    # Anything else: the client gets no internals.
    Exception: Answer(500, "internal_error", message="internal error"),
}


def answer_for(exc: Exception) -> Answer:
    """The answer of the exception's class, or of its nearest mapped base."""
    return next(ANSWERS[kind] for kind in type(exc).__mro__ if kind in ANSWERS)


def error_body(exc: Exception) -> dict:
    """The JSON error of an exception, as a response or a batch item carries it."""
    answer = answer_for(exc)
    body: dict[str, Any] = {"error": answer.code, "message": answer.message or str(exc)}
    details = getattr(exc, "details", None)
    if details is not None:
        body["details"] = details
    return body


def error_response(exc: Exception) -> JSONResponse:
    answer = answer_for(exc)
    return JSONResponse(error_body(exc), status_code=answer.status, headers=answer.headers)


def _answered(_: Request, exc: Exception) -> JSONResponse:
    return error_response(exc)


def _database_down(request: Request, exc: OperationalError) -> JSONResponse:
    log.warning("database unavailable: %s", exc.__class__.__name__)
    return _answered(request, exc)


def _lost_race(request: Request, exc: StaleRead) -> JSONResponse:
    log.warning("gave up after repeated races: %s", exc)
    return _answered(request, exc)


def _inconsistent(request: Request, exc: StoreInconsistent) -> JSONResponse:
    log.error("inconsistent store: %s", exc)
    return _answered(request, exc)


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Logged with its traceback for operators.
    log.error("unexpected error", exc_info=exc)
    response = _answered(request, exc)
    # Starlette answers this one outside every middleware, the request ID's too.
    if (request_id := current_request_id()) is not None:
        response.headers[REQUEST_ID] = request_id
    return response


# A handler is called with an exception of the class it is registered for:
# its exception is typed Any, as Starlette's signature (any Exception) cannot say which.
Handler = Callable[[Request, Any], JSONResponse]

# The answers operators need to hear about as well.
_LOGGED: dict[type[Exception], Handler] = {OperationalError: _database_down, StaleRead: _lost_race,
           StoreInconsistent: _inconsistent, Exception: _unexpected}


# --- what the framework raises -------------------------------------------------

def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return _malformed_json()
    if _body_not_sent_as_json(request, errors):
        content_type = request.headers.get("content-type")
        got = repr(content_type) if content_type else "no Content-Type"
        return error_response(UnsupportedMediaType(
            f"send a JSON body with Content-Type: application/json (got {got})"))
    return error_response(InvalidRequest(field_problems(errors)))


def _malformed_json() -> JSONResponse:
    return error_response(MalformedJson("the request body is not valid JSON"))


def _body_not_sent_as_json(request: Request, errors) -> bool:
    """The one check behind 415 for every route with a JSON body. FastAPI
    (0.132 and later) reads a body as JSON only when its Content-Type says so
    (application/json or application/*+json); any other body, or one without
    a type, reaches the model unread and fails it. (The reconciliation routes
    read their form bodies themselves and raise UnsupportedMediaType.)"""
    if request.method not in ("POST", "PUT") or not any(e.get("loc", ())[:1] == ("body",) for e in errors):
        return False
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    is_json = media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json"))
    return not is_json


def _unreadable_json(exc: HTTPException) -> bool:
    # FastAPI answers a bare 400 when reading the body as JSON fails other
    # than by a syntax error: bytes that are not UTF-8 (UnicodeDecodeError, a
    # ValueError), nesting too deep for Python's parser (RecursionError).
    # To the client these are malformed JSON like any other.
    return exc.status_code == 400 and isinstance(exc.__cause__, (ValueError, RecursionError))


def _http(request: Request, exc: HTTPException) -> JSONResponse:
    if _unreadable_json(exc):
        return _malformed_json()
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed_methods(request)}
    # Starlette's own errors (unknown path, wrong method) keep their status.
    return JSONResponse({"error": code, "message": str(exc.detail)}, status_code=exc.status_code,
                        headers=headers)


def _allowed_methods(request: Request) -> str:
    # Starlette's Allow names only the methods of the first route on the path
    # (GET and DELETE /v1/articles/{id} are two routes). The OpenAPI document
    # knows every operation on it.
    methods = set()
    for template, operations in request.app.openapi()["paths"].items():
        pattern = "[^/]+".join(re.escape(part) for part in re.split(r"\{[^}]+\}", template))
        if re.fullmatch(pattern, request.scope["path"]):
            methods |= {method.upper() for method in operations}
    if "GET" in methods:
        methods.add("HEAD")  # answered for every GET route
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    handlers: dict[type[Exception], Handler] = {RequestValidationError: _validation, HTTPException: _http}
    handlers |= {kind: _LOGGED.get(kind, _answered) for kind in ANSWERS}
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)
