"""Every request's ID, and one log line per request (uvicorn's own access log is off).

The ID is the client's X-Request-ID when it is a plausible one, otherwise a new
one; it is sent back on every answer and put on every log line written for the
request (service/logs.py). A CMS can then quote it when something went wrong.

The request's line names its route template (/v1/entities/{entity_id}), never
the path or the query: a query holds the names people searched for, and a
path that matched no route is whatever the client sent. No header is logged
(one holds the API key), nor any body (article text)."""
import logging
import re
import time

from asgi_correlation_id import CorrelationIdMiddleware, correlation_id
from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send

REQUEST_ID = "X-Request-ID"
# Letters, digits and a few separators, at most 128: UUIDs, nginx's $request_id,
# ULIDs, a CMS's own. Anything else (newlines, quotes, a megabyte) is replaced.
_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._:+=@/-]{1,128}")
# Load balancers' probes every few seconds would drown the lines that matter.
_PROBES = ("/healthz", "/readyz")

log = logging.getLogger("namesake.access")


def plausible_id(value: str) -> bool:
    return _PLAUSIBLE_ID.fullmatch(value) is not None


def current_request_id() -> str | None:
    return correlation_id.get()


class AccessLog:
    """Pure ASGI: times the whole exchange, the body's streaming included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500  # an exception before the answer began: a 500

        async def watched_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        finally:
            _log_request(scope, status, (time.perf_counter() - started) * 1000)


def _log_request(scope: Scope, status: int, duration_ms: float) -> None:
    route = route_template(scope)
    level = logging.DEBUG if route in _PROBES and status < 400 else logging.INFO
    client = (scope.get("client") or ("-",))[0]
    log.log(level, "%s %s %d %.1f ms", scope["method"], route or "-", status, duration_ms,
            extra={"method": scope["method"], "route": route, "status": status,
                   "duration_ms": round(duration_ms, 1), "client": client})


def route_template(scope: Scope) -> str | None:
    """The template of the route that answered, or None when none matched."""
    route = scope.get("route")
    if route is not None:
        return route.path  # an API route: /v1/entities/{entity_id}
    if "app_root_path" in scope:  # a mount (static files): its prefix
        return scope["root_path"].removeprefix(scope["app_root_path"]) + "/{path}"
    if "endpoint" in scope:
        return scope["path"]  # a fixed route of the app's own (/docs, /openapi.json)
    return None


def install(app: FastAPI) -> None:
    """Both middlewares, outside all the others: the ID is set before anything
    can log, and the line sees the final status (a 413 from the body limit too).
    Call it after every other add_middleware."""
    app.add_middleware(AccessLog)
    app.add_middleware(CorrelationIdMiddleware, header_name=REQUEST_ID, validator=plausible_id)
