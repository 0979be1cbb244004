"""Opaque page tokens: a small JSON object, base64url-encoded without padding.
Clients pass back the token they were given; anything else is refused with
InvalidCursor (422 invalid_cursor), never a 500."""
import base64
import json
from typing import Any

from service.errors import InvalidCursor


def encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def decode(cursor: str) -> dict[str, Any]:
    """The token's object; InvalidCursor when it is not one this service could have made."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, TypeError) as err:
        raise InvalidCursor(cursor) from err
    if not isinstance(payload, dict):
        raise InvalidCursor(cursor)
    return payload
