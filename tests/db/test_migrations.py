"""Alembic migrations on both backends: from empty to head and back, one
revision at a time, and the models agree with the newest schema."""
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from service.db.engine import make_engine
from service.db.migrate import alembic_config, downgrade, upgrade

TABLES = {"article", "entity", "alias", "name_key", "mention"}


def revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def current_revision(engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_upgrade_from_empty_to_head_and_down_to_base(empty_database):
    engine = make_engine(empty_database)
    upgrade(engine)
    assert TABLES <= set(inspect(engine).get_table_names())
    assert current_revision(engine) == revisions_oldest_first()[-1]
    downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    assert current_revision(engine) is None
    engine.dispose()


def test_each_revision_upgrades_from_the_previous_and_back(empty_database):
    engine = make_engine(empty_database)
    previous = "base"
    for revision in revisions_oldest_first():
        upgrade(engine, revision)
        assert current_revision(engine) == revision
        downgrade(engine, previous)
        assert current_revision(engine) == (None if previous == "base" else previous)
        upgrade(engine, revision)
        previous = revision
    engine.dispose()


def test_upgrade_twice_is_harmless(empty_database):
    engine = make_engine(empty_database)
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == revisions_oldest_first()[-1]
    engine.dispose()


def test_models_and_migrations_agree(empty_database):
    engine = make_engine(empty_database)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == [], f"autogenerate would change the schema: {diff}"
