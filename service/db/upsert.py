"""INSERT ... ON CONFLICT, on either backend: one statement where a SELECT
then an INSERT or UPDATE would take several, and stay right when two
writers add the same row at once.

Each statement is built once per table and shape and cached, so it is
compiled once. How the rows travel depends on the backend:
- SQLite runs in the process: one executemany, a row at a time, is cheap.
- PostgreSQL is a round trip away and handles each row of an executemany on
  its own; there the rows go as one array per column, unnested by the
  server: one statement for the whole batch, whatever its size.
"""
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import Insert, Table, bindparam, case, func, select, text
from sqlalchemy import insert as plain_insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel

from service.db.models import core_table

_Insert = TypeVar("_Insert", bound=Insert)


def insert_rows(session: Session, model: type[SQLModel], rows: list[dict]) -> None:
    """Insert rows, all with the same columns."""
    if rows:
        _run(session, model, rows, ())


def insert_ignoring_duplicates(session: Session, model: type[SQLModel], rows: list[dict]) -> None:
    """Insert rows, skipping those that would break a unique constraint: two
    articles naming the same person may add the same key at the same time."""
    if rows:
        _run(session, model, rows, ("nothing",))


def insert_or_add(session: Session, model: type[SQLModel], rows: list[dict], unique: list[str],
                  add: str, oldest: tuple[str, ...] = (), newest: tuple[str, ...] = ()) -> None:
    """Insert rows; where a row with the same `unique` columns exists, add the
    new row's `add` column to it, and keep the older value of each column in
    `oldest` and the newer of each in `newest` (first and last seen)."""
    if rows:
        _run(session, model, _combined(rows, unique, add, oldest, newest),
             ("add", tuple(unique), add, oldest, newest))


def upsert(session: Session, model: type[SQLModel], rows: list[dict], unique: tuple[str, ...],
           changes: Callable, where: str | None = None) -> None:
    """Insert rows; where a row with the same `unique` columns exists (among
    the rows `where` holds, for a partial unique index), set what
    `changes(table, new, dialect)` answers instead: SQL over the stored row,
    which the statement holds locked, and the new one. `changes` must be one
    function for the table (statements are cached by it), and the rows must
    differ in `unique`: one PostgreSQL statement may update a row only once."""
    if rows:
        _run(session, model, rows, ("update", unique, changes, where))


def _combined(rows: list[dict], unique: list[str], add: str, oldest: tuple[str, ...],
              newest: tuple[str, ...]) -> list[dict]:
    """Rows with the same `unique` values as one, as the statement would
    combine them: one PostgreSQL statement may update a row only once."""
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[c] for c in unique)
        if key in merged:
            before = merged[key]
            row = {**row, add: before[add] + row[add], **{c: min(before[c], row[c]) for c in oldest},
                   **{c: max(before[c], row[c]) for c in newest}}
        merged[key] = row
    return list(merged.values())


def _run(session: Session, model: type[SQLModel], rows: list[dict], conflict: tuple) -> None:
    dialect = session.get_bind().dialect.name
    columns = tuple(rows[0])
    statement = _statement(core_table(model), dialect, columns, conflict)
    if dialect == "postgresql":
        session.execute(statement, {c: [row[c] for row in rows] for c in columns})
    else:
        session.execute(statement, rows)


@lru_cache(maxsize=64)
def _statement(table: Table, dialect: str, columns: tuple[str, ...], conflict: tuple):
    """The INSERT of these columns with its ON CONFLICT clause: () none,
    ("nothing",) skip, ("add", unique, add, oldest, newest) add up, ("update",
    unique, changes, where) as `upsert` says. Without one, the
    plain INSERT construct, whose compiled form SQLAlchemy caches (the
    dialects' own, which ON CONFLICT needs, is compiled at every execution)."""
    if not conflict:
        return _from_rows(plain_insert(table), table, dialect, columns)
    dialect_insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
    insert = _from_rows(dialect_insert, table, dialect, columns)
    if conflict[0] == "nothing":
        return insert.on_conflict_do_nothing()
    if conflict[0] == "update":
        _, unique, changes, where = conflict
        return insert.on_conflict_do_update(index_elements=list(unique),
                                            index_where=text(where) if where else None,
                                            set_=changes(table, insert.excluded, dialect))
    _, unique, add, oldest, newest = conflict
    # CASE, not LEAST/GREATEST: SQLite has neither.
    changes = {add: table.c[add] + insert.excluded[add],
               **{c: case((insert.excluded[c] < table.c[c], insert.excluded[c]), else_=table.c[c])
                  for c in oldest},
               **{c: case((insert.excluded[c] > table.c[c], insert.excluded[c]), else_=table.c[c])
                  for c in newest}}
    return insert.on_conflict_do_update(index_elements=list(unique), set_=changes)


def _from_rows(insert: _Insert, table: Table, dialect: str, columns: tuple[str, ...]) -> _Insert:
    """On PostgreSQL, the INSERT takes its rows from one array per column."""
    if dialect != "postgresql":
        return insert
    arrays = func.unnest(*(bindparam(c, type_=postgresql.ARRAY(table.c[c].type)) for c in columns))
    batch = arrays.table_valued(*columns).render_derived(name="batch")
    return insert.from_select(list(columns), select(*(batch.c[c] for c in columns)))
