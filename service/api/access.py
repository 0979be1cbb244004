"""Every request's ID, and one log line per request (uvicorn's own access log is off).

The ID is the client's X-Request-ID when it is a plausible one, otherwise a new
one; it is sent back on every answer and put on every log line written for the
request (service/logs.py). A CMS can then quote it when something went wrong.

The request's line (written from service/api/observe.py) names its route
template (/v1/entities/{entity_id}), never the path or the query: a query
holds the names people searched for, and a path that matched no route is
whatever the client sent. No header is logged
(one holds the API key), nor any body (article text)."""
import logging
import re

from asgi_correlation_id import CorrelationIdMiddleware, correlation_id
from fastapi import FastAPI
from starlette.types import Scope

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


def log_request(scope: Scope, route: str, status: int, seconds: float) -> None:
    """The request's one line, at debug for a load balancer's probe that went well."""
    level = logging.DEBUG if route in _PROBES and status < 400 else logging.INFO
    client = (scope.get("client") or ("-",))[0]
    duration_ms = seconds * 1000
    log.log(level, "%s %s %d %.1f ms", scope["method"], route, status, duration_ms,
            extra={"method": scope["method"], "route": route, "status": status,
                   "duration_ms": round(duration_ms, 1), "client": client})


def install(app: FastAPI) -> None:
    """The ID's middleware, outside all the others (so call it after every
    other add_middleware): the ID is set before anything can log."""
    app.add_middleware(CorrelationIdMiddleware, header_name=REQUEST_ID, validator=plausible_id)
