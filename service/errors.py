"""Domain errors and the one map from exceptions to JSON responses."""
import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from service.auth import Forbidden, Unauthorized
from service.db.retry import StaleRead
from service.names import InvalidName

log = logging.getLogger("namesake")


class NotFound(Exception):
    def __init__(self, kind: str, id_: str):
        super().__init__(f"no {kind} with id {id_!r}")


class Conflict(Exception):
    """The request contradicts the store's state (merging an entity into itself)."""


class StoreInconsistent(Exception):
    """The store breaks one of its own rules: a merged entity whose
    `merged_into` does not lead to a live one."""


class InvalidCursor(Exception):
    def __init__(self, cursor: str):
        super().__init__(f"not a page cursor this service gave out: {cursor[:100]!r}")


class TextTooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"text has {size} characters; the limit is {limit}")


class TooManyNames(Exception):
    def __init__(self, count: int, limit: int):
        super().__init__(f"text has {count} distinct names; the limit is {limit}")


def _error(status: int, code: str, message: str, details=None, headers=None) -> JSONResponse:
    body = {"error": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return _malformed_json()
    if _body_not_sent_as_json(request, errors):
        content_type = request.headers.get("content-type")
        got = repr(content_type) if content_type else "no Content-Type"
        return _error(415, "unsupported_media_type",
                      f"send a JSON body with Content-Type: application/json (got {got})")
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
        for e in errors
    ]
    summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details)
    return _error(422, "invalid_request", summary or "invalid request", details)


def _malformed_json() -> JSONResponse:
    return _error(400, "malformed_json", "the request body is not valid JSON")


def _body_not_sent_as_json(request: Request, errors) -> bool:
    """The one check behind 415 for every route with a JSON body. FastAPI
    (0.132 and later) reads a body as JSON only when its Content-Type says so
    (application/json or application/*+json); any other body, or one without
    a type, reaches the model unread and fails it. (The reconciliation routes read their
    form bodies themselves and answer their own 415.)"""
    if request.method != "POST" or not any(e.get("loc", ())[:1] == ("body",) for e in errors):
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
    return _error(exc.status_code, code, str(exc.detail), headers=headers)


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


def _database_down(_: Request, exc: OperationalError) -> JSONResponse:
    log.warning("database unavailable: %s", exc.__class__.__name__)
    return _error(503, "database_unavailable", "the database is unavailable; retry shortly",
                  headers={"Retry-After": "5"})


def _lost_race(_: Request, exc: StaleRead) -> JSONResponse:
    # Retried inside the service already (service/db/retry.py); still busy.
    log.warning("gave up after repeated races: %s", exc)
    return _error(503, "busy", str(exc), headers={"Retry-After": "1"})


def _inconsistent(_: Request, exc: StoreInconsistent) -> JSONResponse:
    log.error("inconsistent store: %s", exc)
    return _error(500, "store_inconsistent", str(exc))


def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    # Logged with its traceback for operators; the client gets no internals.
    log.error("unexpected error", exc_info=exc)
    return _error(500, "internal_error", "internal error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(
        NotFound, lambda _, exc: _error(404, "not_found", str(exc)))
    app.add_exception_handler(
        TextTooLarge, lambda _, exc: _error(413, "text_too_large", str(exc)))
    app.add_exception_handler(TooManyNames, lambda _, exc: _error(413, "too_many_names", str(exc)))
    app.add_exception_handler(Conflict, lambda _, exc: _error(409, "conflict", str(exc)))
    app.add_exception_handler(Unauthorized, lambda _, exc: _error(
        401, "unauthorized", str(exc), headers={"WWW-Authenticate": "X-API-Key"}))
    app.add_exception_handler(Forbidden, lambda _, exc: _error(403, "forbidden", str(exc)))
    app.add_exception_handler(
        InvalidCursor, lambda _, exc: _error(422, "invalid_cursor", str(exc)))
    app.add_exception_handler(
        InvalidName, lambda _, exc: _error(422, "invalid_name", str(exc)))
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(StaleRead, _lost_race)
    app.add_exception_handler(StoreInconsistent, _inconsistent)
    app.add_exception_handler(Exception, _unexpected)
