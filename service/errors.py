"""The service's own errors: what went wrong, in the service's terms. How the
API answers each one (status, code, headers) is service/api/errors.py."""


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
