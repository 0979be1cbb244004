"""Bringing a database's schema to a revision with Alembic, in code."""
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

import migrations

# A fixed number for PostgreSQL's advisory lock, so that replicas starting
# together take turns to migrate instead of racing on the same DDL.
_MIGRATION_LOCK = 0x6E616D65


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    _run(engine, command.downgrade, revision)


def _run(engine: Engine, action, revision: str) -> None:
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying and dropping it, which its
            # foreign-key checks would refuse; the switch only works outside
            # a transaction.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            if not sqlite:
                # An index built over millions of rows may take longer than
                # any request should: the timeouts are for requests.
                connection.execution_options(unwatched=True)
                connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
            config.attributes["connection"] = connection
            action(config, revision)
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
