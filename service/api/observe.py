"""Every request observed once: its route template, status and duration,
handed to the access log (service/api/access.py) and to the request metrics
(service/metrics.py), so both always name the same route for the same answer.

Requests are named by their route's template (/v1/entities/{entity_id}),
never the path itself: a path holds IDs and the names people searched for,
and every ID or typo would be a metric series of its own."""
import re
import time
import weakref

from fastapi import FastAPI
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service import metrics
from service.api import access

UNMATCHED = "unmatched"


class ObserveRequests:
    """Pure ASGI: times the whole exchange, from arrival to the end of the
    body (a streamed export included), and notes the status sent."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # As it arrived: routing rewrites the scope's path and root_path (mounts).
        arrived = (scope["path"], scope.get("root_path", ""))
        status = 500  # an error that escapes is answered 500 outside this middleware

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            seconds, route = time.perf_counter() - started, route_template(scope, *arrived)
            metrics.count_request(route, scope["method"], status, seconds)
            access.log_request(scope, route, status, seconds)


def route_template(scope: Scope, path: str, root_path: str) -> str:
    """The template of the route that answered; for an answer given before
    routing (a body over the limit, a CORS preflight), the documented path
    the request was for; else `unmatched`."""
    route = scope.get("route")
    if route is not None:  # an API route
        return getattr(route, "path_format", None) or route.path
    if "app_root_path" in scope:  # a mount (static files): its prefix
        return scope["root_path"].removeprefix(scope["app_root_path"]) + "/{path}"
    if "endpoint" in scope:  # a fixed route of the app's own (/docs, /openapi.json)
        return scope["path"]
    path = path.removeprefix(root_path) or "/"
    return next((template for pattern, template in _documented(scope["app"]) if pattern.fullmatch(path)), UNMATCHED)


_templates: "weakref.WeakKeyDictionary[FastAPI, list[tuple[re.Pattern, str]]]" = weakref.WeakKeyDictionary()


def _documented(app: FastAPI) -> list[tuple[re.Pattern, str]]:
    """The paths of the API's document as patterns, made on first need: the
    router's own matching is FastAPI's private business."""
    if app not in _templates:
        _templates[app] = [(compile_path(template)[0], template) for template in app.openapi()["paths"]]
    return _templates[app]
