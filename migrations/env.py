"""Alembic environment: runs on a connection handed over by the service
(service/db/migrate.py) or, for developers' `alembic` commands, on DATABASE_URL."""
from alembic import context
from sqlmodel import SQLModel

import service.db.models  # noqa: F401  (registers the tables on the metadata)
from service.config import get_settings
from service.db.engine import make_engine

target_metadata = SQLModel.metadata


def run_on(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    engine = make_engine(get_settings().database_url)
    with engine.connect() as conn:
        run_on(conn)
    engine.dispose()
