"""Engine and sessions."""
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

from service import metrics
from service.db.watchdog import watch

# Seconds to wait for PostgreSQL to accept a connection. Without it libpq
# waits as long as the network lets it (minutes when packets are dropped,
# for ever when something accepts the connection and never answers), and
# requests would hang instead of answering 503.
CONNECT_TIMEOUT = 5
# Seconds any one wait for the database may last (DATABASE_TIMEOUT): a
# statement, a lock, SQLite's write lock. Past it the request answers 503.
DEFAULT_TIMEOUT = 30.0
# The client's own bound is this much longer than the server's: a statement
# the server cancels at the timeout answers well within it.
WATCHDOG_FACTOR = 1.5


def make_engine(url: str, timeout: float = DEFAULT_TIMEOUT) -> Engine:
    if url.startswith("sqlite"):
        # `timeout` is the sqlite3 module's busy timeout: how long a writer
        # waits for another's write lock.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, connect_args=_postgres_args(url, timeout))
        # Also pings each connection at checkout (what pool_pre_ping did):
        # a replica survives the database restarting under it.
        watch(engine, timeout * WATCHDOG_FACTOR)
    event.listen(engine, "reset", _roll_back_what_is_left)
    metrics.watch(engine)  # the time per article's statements, the connections in use
    return engine


def _postgres_args(url: str, timeout: float) -> dict:
    """Every wait bounded: the connect, each statement (lock waits included),
    a transaction left idle, and a peer that stops acknowledging (TCP
    keepalives on idle pooled connections, tcp_user_timeout on unanswered
    sends). A setting written in the URL wins over these defaults."""
    ms = int(timeout * 1000)
    defaults = {
        "connect_timeout": CONNECT_TIMEOUT,
        "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3,
        "tcp_user_timeout": ms,
        # Timestamps travel in UTC: every instant the API accepts (years 1 to
        # 9999 in UTC) then reads back, whatever the server's own zone.
        "options": f"-c statement_timeout={ms} -c idle_in_transaction_session_timeout={2 * ms}"
                   " -c timezone=UTC",
    }
    given = make_url(url).query
    return {key: value for key, value in defaults.items() if key not in given}


def _roll_back_what_is_left(dbapi_connection, _record, state) -> None:
    # When a COMMIT fails, SQLAlchemy counts the transaction as over and the
    # pool skips its rollback: the failed request's writes (and SQLite's write
    # lock, PostgreSQL's advisory locks) would stay open on the connection,
    # for the next request to see and commit. Roll back whatever is left; a
    # no-op when nothing is (both drivers check before sending anything).
    if state.transaction_was_reset and not state.terminate_only \
            and not getattr(dbapi_connection, "closed", False):  # a lost connection holds nothing
        dbapi_connection.rollback()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers work while one writer commits; foreign keys are off
    # in SQLite unless asked for on each connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
