"""INSERT ... ON CONFLICT DO NOTHING, on either backend."""
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_ignoring_duplicates(session: Session, model: type[SQLModel], rows: list[dict]) -> None:
    """Insert rows, skipping those that would break a unique constraint: two
    articles naming the same person may add the same key at the same time."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(model).values(rows).on_conflict_do_nothing())
