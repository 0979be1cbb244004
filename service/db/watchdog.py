"""A bound on every wait for PostgreSQL, on the client's side.

The server ends a statement that runs too long (statement_timeout), and TCP
keepalives with tcp_user_timeout end a connection whose peer stops
acknowledging. Neither helps when the path stays open but no answer comes:
a stalled proxy or load balancer, a server that never got the statement.
libpq would wait for as long as that lasts, holding the request, its pooled
connection and, in the end, the whole pool.

So every call into the database (a statement, a commit or rollback, the
ping at checkout) is watched: when one is not over within its deadline, a
background thread shuts the connection's socket down. The waiting call then
fails at once as a lost connection: the pool discards it, and the request
answers 503 like any other database outage."""
import logging
import os
import socket
import threading
import time

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

log = logging.getLogger("namesake")

# How often the thread looks at the deadlines, in seconds.
_TICK = 0.25

_lock = threading.Lock()
_deadlines: dict[int, tuple[float, object]] = {}  # id(DBAPI connection) -> (deadline, connection)
_thread: threading.Thread | None = None


def watch(engine: Engine, seconds: float) -> None:
    """Cut any call of `engine`'s connections that takes over `seconds`.
    The pool's own ping before each checkout moves under the same bound
    (replacing pool_pre_ping). A connection with the execution option
    `unwatched` (migrations) is left alone."""

    def arm(dbapi_connection) -> None:
        with _lock:
            _deadlines[id(dbapi_connection)] = (time.monotonic() + seconds, dbapi_connection)

    def disarm(dbapi_connection) -> None:
        with _lock:
            _deadlines.pop(id(dbapi_connection), None)

    def checked_out(dbapi_connection, _record, _proxy) -> None:
        arm(dbapi_connection)
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as err:
            # The pool drops this connection and tries a fresh one.
            raise DisconnectionError(f"ping failed: {err.__class__.__name__}") from err
        finally:
            disarm(dbapi_connection)

    def statement(conn, *_args) -> None:
        if not conn.get_execution_options().get("unwatched"):
            arm(conn.connection.dbapi_connection)

    def ended(conn, *_args) -> None:
        if conn is not None and not conn.invalidated and conn.connection.dbapi_connection is not None:
            disarm(conn.connection.dbapi_connection)

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "after_cursor_execute", ended)
    event.listen(engine, "commit", statement)
    event.listen(engine, "rollback", statement)
    event.listen(engine, "reset", lambda dbapi_connection, *_: arm(dbapi_connection))
    event.listen(engine, "checkin", lambda dbapi_connection, *_: disarm(dbapi_connection))
    event.listen(engine, "handle_error", lambda context: ended(context.connection))
    _start_thread()


def _start_thread() -> None:
    global _thread
    with _lock:
        if _thread is not None and _thread.is_alive():
            return
        _thread = threading.Thread(target=_patrol, name="namesake-db-watchdog", daemon=True)
        _thread.start()


def _patrol() -> None:
    while True:
        time.sleep(_TICK)
        now = time.monotonic()
        with _lock:
            late = [(key, conn) for key, (deadline, conn) in _deadlines.items() if deadline < now]
            for key, _ in late:
                del _deadlines[key]
        for _, connection in late:
            _cut(connection)


def _cut(dbapi_connection) -> None:
    """Shut the connection's socket down under the call that waits on it."""
    try:
        fd = dbapi_connection.fileno()
    except Exception:  # already closed: nothing waits on it
        return
    log.warning("a database call passed its deadline: its connection is cut")
    duplicate = socket.socket(fileno=os.dup(fd))
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()
