"""GET /metrics, and the middleware that counts and times every request.

Requests are labelled by their route's template (/v1/entities/{entity_id}),
never the path itself: every ID or typo would be a new series. A path no
route matches is labelled `unmatched`, a method outside HTTP's own `other`."""
import re
import time
import weakref

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import metrics

UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

router = APIRouter()


@router.get("/metrics", include_in_schema=False)
def scrape(request: Request) -> Response:
    """Prometheus text format: infrastructure, like /healthz, so outside the API's document."""
    return Response(metrics.exposition(request.app.state.engine), media_type=CONTENT_TYPE_LATEST)


class RequestMetrics:
    """Pure ASGI: counts each answer by route, method and status, and times
    it from arrival to the end of its body (a streamed export included)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # As it arrived: routing may rewrite the scope's path and root_path (mounts).
        probe = {"type": "http", "path": scope["path"], "root_path": scope.get("root_path", ""),
                 "method": scope["method"]}
        status = 500  # an error that escapes is answered 500 outside this middleware

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "other"
            route = route_template(scope, probe)
            metrics.REQUESTS.labels(route, method, str(status)).inc()
            metrics.REQUEST_SECONDS.labels(route, method).observe(time.perf_counter() - started)


def route_template(scope: Scope, probe: Scope) -> str:
    """The template of the route that answered; for an answer given before
    routing (a body over the limit, a CORS preflight), the documented path
    the request was for; else `unmatched`."""
    route = scope.get("route")
    if route is not None:
        return getattr(route, "path_format", None) or UNMATCHED
    path = probe["path"].removeprefix(probe["root_path"]) or "/"
    return next((template for pattern, template in _documented(scope["app"]) if pattern.fullmatch(path)), UNMATCHED)


_templates: "weakref.WeakKeyDictionary[FastAPI, list[tuple[re.Pattern, str]]]" = weakref.WeakKeyDictionary()


def _documented(app: FastAPI) -> list[tuple[re.Pattern, str]]:
    """The paths of the API's document as patterns, made on first need: the
    router's own matching is FastAPI's private business."""
    if app not in _templates:
        _templates[app] = [(compile_path(template)[0], template) for template in app.openapi()["paths"]]
    return _templates[app]
