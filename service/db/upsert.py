"""INSERT ... ON CONFLICT, on either backend: one statement where a SELECT
then an INSERT or UPDATE would take several, and stay right when two
writers add the same row at once.

The rows go as one executemany against the table (not the ORM class, not a
multi-row VALUES): the statement is compiled once and cached for every later
call, and a row repeated within one call just meets its own conflict."""
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def _insert(session: Session, model: type[SQLModel]):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model.__table__)


def insert_ignoring_duplicates(session: Session, model: type[SQLModel], rows: list[dict]) -> None:
    """Insert rows, skipping those that would break a unique constraint: two
    articles naming the same person may add the same key at the same time."""
    if rows:
        session.execute(_insert(session, model).on_conflict_do_nothing(), rows)


def insert_or_add(session: Session, model: type[SQLModel], rows: list[dict], unique: list[str],
                  add: str, replace: tuple[str, ...] = ()) -> None:
    """Insert rows; where a row with the same `unique` columns exists, add the
    new row's `add` column to it and take the new values of `replace`."""
    if not rows:
        return
    insert = _insert(session, model)
    column = model.__table__.c[add]
    changes = {add: column + insert.excluded[add], **{c: insert.excluded[c] for c in replace}}
    session.execute(insert.on_conflict_do_update(index_elements=unique, set_=changes), rows)
