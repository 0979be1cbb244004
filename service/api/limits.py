"""A limit on the size of request bodies, enforced before they are read.

MAX_TEXT_CHARS is checked once the JSON body has been received and parsed:
too late to stop a client sending 50 MB, which would sit in memory first.
This pure-ASGI middleware refuses such bodies with 413: at once when the
Content-Length header announces too much, and otherwise (chunked uploads,
or a header that lies) as soon as the bytes received pass the limit.

The 413 is sent at once; then the rest of the upload is read and thrown away
(up to DRAIN_BYTES, nothing kept). A client that sends its whole body before
it reads the answer (most HTTP libraries) then gets the 413 instead of a
connection reset, which would look like a network fault worth retrying."""
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.errors import BodyTooLarge, answer_for, error_body

DRAIN_BYTES = 256 * 2**20


class _LimitPassed(Exception):
    """Raised into the application's receive() when the limit is passed."""


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received, exceeded, started, complete = 0, False, False, False

        async def counting_receive() -> Message:
            nonlocal received, exceeded, complete
            message = await receive()
            if message["type"] == "http.request":
                complete = not message.get("more_body", False)
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _LimitPassed()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app answers to the aborted read, the client gets the 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            # The app may have turned _LimitPassed into another error; only
            # errors that have nothing to do with the limit go on up.
            if not exceeded:
                raise
        if exceeded and not started:
            await self._refuse(scope, receive, send, drain=not complete)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, drain: bool = True) -> None:
        refusal = BodyTooLarge(f"the request body is over the limit of {self.max_bytes} bytes")
        body = json.dumps(error_body(refusal)).encode()
        await send({"type": "http.response.start", "status": answer_for(refusal).status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        # The whole answer, but not yet the end of the exchange: the server
        # closes the connection when it ends, which would reset it while the
        # client is still sending.
        await send({"type": "http.response.body", "body": body, "more_body": True})
        # (Nothing to read when the body is all in, or when the client waits
        # for a "100 Continue" before it sends any.)
        waits = any(n == b"expect" and v.lower() == b"100-continue" for n, v in scope.get("headers", ()))
        if drain and not waits:
            drained = 0
            while drained < DRAIN_BYTES:
                message = await receive()
                if message["type"] != "http.request":
                    break  # the client went away
                drained += len(message.get("body", b""))
                if not message.get("more_body", False):
                    break
        await send({"type": "http.response.body", "body": b""})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server answers 400 to a malformed length
    return None
