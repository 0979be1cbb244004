"""Alembic migrations on both backends: from empty to head and back, one
revision at a time, and the models agree with the newest schema."""
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from migrations.versions._0005_keys import blocking_keys as keys_0005
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


RIYAD = text(  # an entity row as every revision so far can hold it
    "INSERT INTO entity (id, canonical_name, mention_count, article_count, created_at, updated_at)"
    " VALUES ('e1', 'Riyad Hijab', 1, 1, '2013-01-01', '2013-01-01')")


def test_upgrade_from_0001_keeps_the_rows(empty_database):
    """Rows written under the first schema survive the move to the newest."""
    engine = make_engine(empty_database)
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(RIYAD)
        connection.execute(text(
            "INSERT INTO article (id, content_hash, text, created_at, updated_at)"
            " VALUES ('a1', 'h', 'Riyad Hijab left.', '2013-01-01', '2013-01-01')"))
        connection.execute(text(
            'INSERT INTO mention (article_id, entity_id, start, "end", text, score)'
            " VALUES ('a1', 'e1', 0, 11, 'Riyad Hijab', 1.0)"))
    upgrade(engine)
    with engine.connect() as connection:
        entity = connection.execute(text("SELECT canonical_name, merged_into FROM entity")).one()
        mention = connection.execute(text("SELECT text, titles FROM mention")).one()
    engine.dispose()
    assert tuple(entity) == ("Riyad Hijab", None)
    assert tuple(mention) == ("Riyad Hijab", None)


def test_upgrade_from_0004_adds_pair_keys_to_stored_aliases(empty_database):
    """Aliases stored before pair keys existed get them, so that a store
    upgraded in place finds its people as a new one would; down again, they go."""
    engine = make_engine(empty_database)
    upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.execute(RIYAD)
        connection.execute(text(
            "INSERT INTO alias (entity_id, surface, normalized, count, first_seen, last_seen)"
            " VALUES ('e1', 'Riyad Hijab', 'riyad hijab', 1, '2013-01-01', '2013-01-01')"))
        connection.execute(text("INSERT INTO name_key (key, entity_id) VALUES ('n:hKB', 'e1')"))
    keys = "SELECT key FROM name_key WHERE entity_id = 'e1'"
    upgrade(engine, "0005")
    with engine.connect() as connection:
        upgraded = set(connection.execute(text(keys)).scalars())
    downgrade(engine, "0004")
    with engine.connect() as connection:
        downgraded = set(connection.execute(text(keys)).scalars())
    engine.dispose()
    assert upgraded == keys_0005("Riyad Hijab") and any(k.startswith("p:") for k in upgraded)
    assert downgraded == {k for k in upgraded if not k.startswith("p:")}
