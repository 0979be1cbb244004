"""The service's own errors: what went wrong, in the service's terms. How the
API answers each one (status, code, headers) is service/api/errors.py."""
from collections.abc import Iterable, Mapping
from typing import Any


class NotFound(Exception):
    def __init__(self, kind: str, id_: str):
        super().__init__(f"no {kind} with id {id_!r}")


class Conflict(Exception):
    """The request contradicts the store's state (merging an entity into itself)."""


class StoreInconsistent(Exception):
    """The store breaks one of its own rules: a merged entity whose
    `merged_into` does not lead to a live one, an entity the audit names gone."""


class InvalidCursor(Exception):
    def __init__(self, cursor: str):
        super().__init__(f"not a page cursor this service gave out: {cursor[:100]!r}")


class InvalidArticle(Exception):
    """An article of a batch whose fields fail their checks; the message names them."""


class TextTooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"text has {size} characters; the limit is {limit}")


class TooManyNames(Exception):
    def __init__(self, count: int, limit: int):
        super().__init__(f"text has {count} distinct names; the limit is {limit}")


# Pydantic's validation errors, worded the same wherever fields are refused.

def field_problems(errors: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Each field at fault by its dotted path ("" for the value as a whole),
    with its problem: the `details` of an error answer."""
    return [{"field": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in errors]


def problems_message(problems: list[dict], whole: str = "") -> str:
    """The problems as one message, "field: problem; ..."; `whole` names the
    value itself where a problem is not one field's."""
    return "; ".join(f"{p['field'] or whole}: {p['problem']}" for p in problems)
