"""Engine and sessions."""
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

# Seconds to wait for PostgreSQL to accept a connection. Without it libpq
# waits as long as the network lets it (minutes when packets are dropped,
# for ever when something accepts the connection and never answers), and
# requests would hang instead of answering 503.
CONNECT_TIMEOUT = 5


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # A connect_timeout written in the URL wins over the default.
        connect_args = {} if "connect_timeout" in make_url(url).query else {"connect_timeout": CONNECT_TIMEOUT}
        # pool_pre_ping: a replica survives the database restarting under it.
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    event.listen(engine, "reset", _roll_back_what_is_left)
    return engine


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
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
