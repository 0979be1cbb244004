"""Locks that serialize writers across replicas sharing one PostgreSQL.

Two kinds of lock, always taken in this order within a transaction:
1. Names (`lock_names`): two replicas reading an article about the same new
   person at the same time would each find no candidate and each create an
   entity. Every article first takes a transaction-scoped advisory lock on
   each of its people's blocking keys (and on its own external ID): a second
   writer naming the same person waits, then finds the entity the first one
   committed.
2. Entities (`lock_entities`): every transaction that changes an entity's
   rows (its counts, aliases, keys, mentions, review items, `merged_into`)
   holds the entity's lock: articles on the entities they link and on the
   candidates they raise for review, edits and deletes on
   the entities they take mentions from, merges, splits and undos on every
   entity they touch. Merges and posts about one person then serialize
   instead of deadlocking on rows, and a merge reads under its locks.

Each kind is taken in one statement, sorted by lock number: two writers
never wait on each other in opposite orders. SQLite allows one writer at a
time: there the transaction takes the write lock at once (BEGIN IMMEDIATE),
so that decisions are made on what is committed."""
import hashlib

from sqlalchemy import text
from sqlmodel import Session


def lock_id(name: str) -> int:
    """A stable 64-bit signed number per name, for PostgreSQL's advisory locks
    (Python's hash() differs between processes)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


_PG_LOCKS = text("SELECT pg_advisory_xact_lock(id) FROM unnest(CAST(:ids AS bigint[])) AS id")


def lock_names(session: Session, names: set[str]) -> None:
    """Hold an advisory lock on each name until the transaction ends."""
    _lock(session, names)


def lock_entities(session: Session, entity_ids: set[str]) -> None:
    """Hold each entity's lock until the transaction ends. Taken after any
    name locks of the same transaction, never before."""
    _lock(session, {f"entity:{i}" for i in entity_ids})


def _lock(session: Session, names: set[str]) -> None:
    if session.get_bind().dialect.name == "sqlite":
        _sqlite_write_lock(session)
    elif names:
        # One round trip for all of them; unnest keeps the array's (sorted) order.
        session.execute(_PG_LOCKS, {"ids": sorted({lock_id(n) for n in names})})


def _sqlite_write_lock(session: Session) -> None:
    # The sqlite3 module opens a transaction only at the first write; reads
    # before it see no lock. Waits up to the busy timeout for other writers.
    # Sent through SQLAlchemy, so that a timeout arrives as its
    # OperationalError (answered 503), not as the driver's own.
    connection = session.connection()
    driver = connection.connection.dbapi_connection
    assert driver is not None  # an open Connection holds its driver's connection
    if not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
