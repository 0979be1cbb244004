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


def test_upgrade_to_0009_gives_stored_mentions_their_context_words(empty_database, tmp_path):
    """Mentions stored before each kept its context words get them from the
    article's text, as the service records them today, and entity_word is
    recounted from them: `namesake check` then finds nothing to repair."""
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from service.app import create_app
    from service.config import Settings
    from service.ledger.check import differences

    engine = make_engine(empty_database)
    upgrade(engine)
    with TestClient(create_app(Settings(database_url=empty_database, migrate_on_start=False))) as client:
        for text_ in ARTICLES:
            assert client.post("/v1/articles", json={"text": text_}).status_code == 201
    stored = "SELECT id, words FROM mention ORDER BY id"
    with engine.connect() as connection:
        recorded = connection.execute(text(stored)).all()
        counted = set(connection.execute(text("SELECT entity_id, word, count FROM entity_word")).all())
    downgrade(engine, "0007")
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text(stored)).all() == recorded
        assert set(connection.execute(text("SELECT entity_id, word, count FROM entity_word")).all()) == counted
    with Session(engine) as session:
        assert differences(session) == []
    engine.dispose()
    assert any(words for _, words in recorded)


ARTICLES = [
    "Syrian Prime Minister Riyad Hijab defected to Jordan on Monday, officials in Amman said. "
    "Hijab, a Sunni from Deir ez-Zor, had been appointed in June by President Bashar al-Assad.",
    "Jordanian officials said Riad Hijab arrived in Amman with his family. Mr. Hijab met "
    "Jordan's King Abdullah II, and Assad's office named Omar Ghalawanji caretaker premier.",
    "José Ramos-Horta, the former president of East Timor, praised the negotiators in Geneva; "
    "Ramos-Horta said the ceasefire would hold through the winter.",
]
