"""API keys with roles. When keys are configured, every endpoint but the
health checks and /metrics needs one; which role a request needs is the table below."""
import hmac
import re

from fastapi import Request

from service.config import Settings

# Roles include those below them: admin can write, write can read.
_RANK = {"read": 0, "write": 1, "admin": 2}

# (method or "*", path pattern, role needed), first match wins. Curation and
# external identifiers are for editors; storing articles for services that
# publish; the rest reads.
RULES = (
    # Prometheus scrapes without a key; /metrics holds counts, never text, names or keys.
    ("*", r"/(healthz|readyz|metrics)", None),
    ("POST", r"/v1/entities/[^/]+/(merge|split|rename|distinct)", "admin"),
    ("PUT", r"/v1/entities/[^/]+/external-ids/[^/]+", "admin"),
    ("DELETE", r"/v1/entities/[^/]+/external-ids/[^/]+", "admin"),
    ("POST", r"/v1/audit/[^/]+/undo", "admin"),
    ("POST", r"/v1/review/[^/]+", "admin"),
    # The webhooks' URLs and their log are the operators' business.
    ("GET", r"/v1/webhooks(/deliveries)?", "admin"),
    ("POST", r"/v1/articles(:batch)?", "write"),
    ("DELETE", r"/v1/articles/[^/]+", "write"),
    ("*", r".*", "read"),
)


class Unauthorized(Exception):
    """No key, or a key this service does not know."""


class Forbidden(Exception):
    """A known key whose role is too low for the request."""


def required_role(method: str, path: str) -> str | None:
    for rule_method, pattern, role in RULES:
        if rule_method in ("*", method) and re.fullmatch(pattern, path):
            return role
    return "read"


async def authorize(request: Request) -> None:
    """A dependency of every route: checks the X-API-Key header, and records
    the key's name as the actor of curations. Async: it does no I/O, and a
    plain function would cost every request a hop through the thread pool."""
    settings: Settings = request.app.state.settings
    keys = settings.keys()
    role = required_role(request.method, request.url.path)
    if not keys or role is None:
        return
    match = _match(request.headers.get("x-api-key", ""), keys)
    if match is None:
        raise Unauthorized("send a valid API key in the X-API-Key header")
    name, granted = match
    if _RANK[granted] < _RANK[role]:
        raise Forbidden(f"this key's role ({granted}) cannot do this; it needs {role}")
    request.state.actor = name


def _match(given: str, keys: list[tuple[str, str, str]]) -> tuple[str, str] | None:
    """The (name, role) of the given key, or None. Compares against every key
    in constant time, so timing reveals nothing."""
    found = None
    for name, key, role in keys:
        if hmac.compare_digest(given.encode(), key.encode()):
            found = (name, role)
    return found
