"""Locks that serialize writers across replicas sharing one PostgreSQL.

Two replicas reading an article about the same new person at the same time
would each find no candidate and each create an entity. Every article first
takes a transaction-scoped advisory lock on each of its people's blocking
keys (and on its own external ID): a second writer naming the same person
waits, then finds the entity the first one committed. SQLite allows one
writer at a time: there the transaction takes the write lock at once
(BEGIN IMMEDIATE), so that decisions are made on what is committed."""
import hashlib

from sqlalchemy import text
from sqlmodel import Session


def _lock_id(name: str) -> int:
    # A stable 64-bit signed number per name (Python's hash() differs between processes).
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


_PG_LOCKS = text("SELECT pg_advisory_xact_lock(id) FROM unnest(CAST(:ids AS bigint[])) AS id")


def lock_names(session: Session, names: set[str]) -> None:
    """Hold an advisory lock on each name until the transaction ends. Taken
    in one sorted order by every writer, so two writers never deadlock."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_write_lock(session)
    elif names:
        # One round trip for all of them; unnest keeps the array's (sorted) order.
        session.execute(_PG_LOCKS, {"ids": sorted({_lock_id(n) for n in names})})


def _sqlite_write_lock(session: Session) -> None:
    # The sqlite3 module opens a transaction only at the first write; reads
    # before it see no lock. Waits up to the busy timeout for other writers.
    raw = session.connection().connection.dbapi_connection
    if not raw.in_transaction:
        raw.execute("BEGIN IMMEDIATE")
