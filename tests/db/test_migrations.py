"""Alembic migrations on both backends: from empty to head and back, one
revision at a time, and the models agree with the newest schema."""
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from migrations.versions._0005_keys import blocking_keys as keys_0005
from migrations.versions._0011_keys import blocking_keys as keys_0011
from migrations.versions._0012_keys import blocking_keys as keys_0012
from migrations.versions._0016_keys import blocking_keys as keys_0016
from migrations.versions._0017_keys import blocking_keys as keys_0017
from migrations.versions._0018_keys import blocking_keys as keys_0018
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


def store_riyad_at(engine, revision: str) -> None:
    """The schema at `revision`, holding one article that names Riyad Hijab
    (mention 7), as every revision so far can hold it."""
    upgrade(engine, revision)
    with engine.begin() as connection:
        connection.execute(RIYAD)
        connection.execute(text(
            "INSERT INTO article (id, content_hash, text, created_at, updated_at)"
            " VALUES ('a1', 'h', 'Riyad Hijab left.', '2013-01-01', '2013-01-01')"))
        connection.execute(text(
            'INSERT INTO mention (id, article_id, entity_id, start, "end", text, score)'
            " VALUES (7, 'a1', 'e1', 0, 11, 'Riyad Hijab', 1.0)"))


def test_upgrade_from_0001_keeps_the_rows(empty_database):
    """Rows written under the first schema survive the move to the newest."""
    engine = make_engine(empty_database)
    store_riyad_at(engine, "0001")
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
    downgrade(engine, "0008")
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


REVIEW_ROWS = [  # (id, article, entity, candidate, score, status, day): one row per article, as before
    (1, "a1", "e1", "e2", 0.7, "open", 1),
    (2, "a2", "e2", "e1", 0.8, "open", 2),      # the same pair, the other way round
    (3, "a3", "e1", "e2", 0.75, "rejected", 3),
    (4, "a4", "e1", "e2", 0.72, "open", 4),
    (5, "a1", "e3", "e1", 0.65, "open", 1),     # marked distinct since
    (6, "a5", "e4", "e5", 0.7, "open", 5),      # e5 was merged into e2: the pair is (e2, e4)
    (7, "a6", "e2", "e4", 0.9, "open", 6),
    (8, "a6", "e5", "e2", 0.6, "open", 6),      # merged into one entity since
    (9, "a2", "e3", "e4", 0.7, "accepted", 2),  # settled, then the merge undone
    (10, "a3", "e3", "e4", 0.7, "rejected", 3),
]
NEW_ITEM = text(
    "INSERT INTO possible_match (entity_a, entity_b, entity_id, article_count, score, examples, status,"
    " created_at, updated_at) VALUES ('e3', 'e5', :entity, 1, 0.7, '[]', 'open', '2013-01-09 00:00:00',"
    " '2013-01-09 00:00:00')")
REVIEW_ITEMS = "SELECT id, entity_a, entity_b, entity_id, article_count, score, examples, status FROM possible_match"


def test_upgrade_to_review_pairs_folds_the_rows_of_each_pair(empty_database):
    engine = make_engine(empty_database)
    upgrade(engine, "0007")
    with engine.begin() as connection:
        for entity in ("e1", "e2", "e3", "e4", "e5"):
            connection.execute(text(
                "INSERT INTO entity (id, canonical_name, mention_count, article_count, created_at, updated_at)"
                " VALUES (:e, :e, 0, 0, '2013-01-01 00:00:00', '2013-01-01 00:00:00')"), {"e": entity})
        connection.execute(text("UPDATE entity SET merged_into = 'e2' WHERE id = 'e5'"))
        for article in ("a1", "a2", "a3", "a4", "a5", "a6"):
            connection.execute(text(
                "INSERT INTO article (id, content_hash, text, created_at, updated_at)"
                " VALUES (:a, :a, 'Assad spoke.', '2013-01-01 00:00:00', '2013-01-01 00:00:00')"), {"a": article})
        connection.execute(text("INSERT INTO distinct_pair (entity_a, entity_b, created_at)"
                                " VALUES ('e1', 'e3', '2013-01-01 00:00:00')"))
        for row in REVIEW_ROWS:
            connection.execute(text(
                "INSERT INTO possible_match (id, article_id, entity_id, candidate_id, name, score, status,"
                " created_at) VALUES (:id, :article, :entity, :candidate, 'Assad', :score, :status,"
                " :at)"), dict(zip(("id", "article", "entity", "candidate", "score", "status"), row[:6], strict=True),
                               at=f"2013-01-0{row[6]} 00:00:00"))
    upgrade(engine)
    with engine.connect() as connection:
        items = {(r.entity_a, r.entity_b): r for r in connection.execute(text(REVIEW_ITEMS))}
    with engine.begin() as connection:  # a new item's ID comes after the kept ones
        connection.execute(NEW_ITEM, {"entity": "e3"})
        new_id = connection.execute(text("SELECT id FROM possible_match WHERE entity_b = 'e5'")).scalar_one()
    with pytest.raises(IntegrityError), engine.begin() as connection:  # one open item per pair
        connection.execute(NEW_ITEM, {"entity": "e5"})
    downgrade(engine, "0007")
    with engine.connect() as connection:
        unfolded = connection.execute(text("SELECT count(*) FROM possible_match")).scalar_one()
    engine.dispose()

    def folded(pair):
        item = items[pair]
        return (item.id, item.entity_id, item.article_count, item.score,
                [e["article_id"] for e in json.loads(item.examples)], item.status)

    assert set(items) == {("e1", "e2"), ("e1", "e3"), ("e2", "e4"), ("e2", "e2"), ("e3", "e4")}
    assert folded(("e1", "e2")) == (4, "e1", 4, 0.8, ["a2", "a3", "a4"], "open")
    assert folded(("e1", "e3")) == (5, "e3", 1, 0.65, ["a1"], "rejected")
    assert folded(("e2", "e4")) == (7, "e4", 2, 0.9, ["a5", "a6"], "open")
    assert folded(("e2", "e2")) == (8, "e2", 1, 0.6, ["a6"], "accepted")
    assert folded(("e3", "e4")) == (10, "e3", 2, 0.7, ["a2", "a3"], "rejected")
    assert new_id == 11
    assert unfolded == 3 + 1 + 2 + 1 + 2  # down again: a row per example


def test_upgrade_from_0009_keeps_mentions_that_have_no_decision(empty_database):
    """Mentions stored before decisions were kept stay as they were; asked
    why, they answer that the decision is not known. Down again, decisions go."""
    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.config import Settings

    engine = make_engine(empty_database)
    store_riyad_at(engine, "0009")
    upgrade(engine)
    with engine.connect() as connection:
        assert tuple(connection.execute(text("SELECT id, text, decision FROM mention")).one()) == \
            (7, "Riyad Hijab", None)
    with TestClient(create_app(Settings(database_url=empty_database, migrate_on_start=False))) as client:
        answer = client.get("/v1/mentions/7/why").json()
        stored = client.post("/v1/articles", json={"text": "Riad Hijab arrived in Amman."}).json()
        fresh = client.get(f"/v1/mentions/{stored['mentions'][0]['id']}/why").json()
    assert (answer["outcome"], answer["decided_entity"], answer["candidates"]) == ("unknown", None, [])
    assert answer["current_entity"] == {"id": "e1", "canonical_name": "Riyad Hijab"}
    downgrade(engine, "0009")
    with engine.connect() as connection:
        assert "decision" not in inspect(engine).get_table_names()
        assert connection.execute(text("SELECT count(*) FROM mention")).scalar_one() == 2
    engine.dispose()
    assert fresh["outcome"] == "created"  # a mention stored after the upgrade has its decision


def test_upgrade_to_0011_keys_every_entity_as_the_engine_of_0011_does(empty_database):
    """Each entity's keys become those its aliases give under 0011's frozen
    engine (the new keys of Elkaddafi and of a Wade-Giles name included), stale
    keys go, and an entity with no alias left keeps none."""
    engine = make_engine(empty_database)
    upgrade(engine, "0010")
    with engine.begin() as connection:
        for entity, surface in (("e1", "Mutassim Elkaddafi"), ("e2", "Mao Tse-tung"), ("e3", None)):
            connection.execute(text(
                "INSERT INTO entity (id, canonical_name, mention_count, article_count, created_at, updated_at)"
                " VALUES (:e, 'x', 1, 1, '2013-01-01', '2013-01-01')"), {"e": entity})
            connection.execute(text("INSERT INTO name_key (key, entity_id) VALUES ('n:stale', :e)"), {"e": entity})
            if surface:
                connection.execute(text(
                    "INSERT INTO alias (entity_id, surface, normalized, count, first_seen, last_seen)"
                    " VALUES (:e, :s, 'x', 1, '2013-01-01', '2013-01-01')"), {"e": entity, "s": surface})
    upgrade(engine, "0011")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT entity_id, key FROM name_key")).all()
    engine.dispose()
    keys = {entity: {k for e, k in rows if e == entity} for entity in ("e1", "e2", "e3")}
    assert keys == {"e1": keys_0011("Mutassim Elkaddafi"), "e2": keys_0011("Mao Tse-tung"), "e3": set()}
    assert keys["e1"] - keys_0005("Mutassim Elkaddafi") and keys["e2"] - keys_0005("Mao Tse-tung")


def rekeyed(database_url: str, before: str, after: str, surface: str) -> set[str]:
    """The keys of an entity known by `surface`, stored at revision `before`
    with a stale key, once upgraded to `after`."""
    engine = make_engine(database_url)
    upgrade(engine, before)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO entity (id, canonical_name, mention_count, article_count, created_at, updated_at)"
            " VALUES ('e1', 'x', 1, 1, '2013-01-01', '2013-01-01')"))
        connection.execute(text(
            "INSERT INTO alias (entity_id, surface, normalized, count, first_seen, last_seen)"
            " VALUES ('e1', :surface, 'x', 1, '2013-01-01', '2013-01-01')"), {"surface": surface})
        connection.execute(text("INSERT INTO name_key (key, entity_id) VALUES ('n:stale', 'e1')"))
    upgrade(engine, after)
    with engine.connect() as connection:
        keys = set(connection.execute(text("SELECT key FROM name_key WHERE entity_id = 'e1'")).scalars())
    engine.dispose()
    return keys


def test_upgrade_to_0012_keys_belarusian_names_as_their_russian_forms(empty_database):
    """0012's frozen engine keys Uladzimir as Vladimir: a store keyed by 0011
    is keyed again, so that a lookup by the Russian form finds the entity by
    its given name and family name together."""
    keys = rekeyed(empty_database, "0011", "0012", "Uladzimir Karpenka")
    assert keys == keys_0012("Uladzimir Karpenka")
    assert keys != keys_0011("Uladzimir Karpenka")
    # The Russian form's pair key, which 0011's keys of the alias lacked.
    assert "p:FlDmr+KrBnK" in keys & keys_0012("Vladimir Karpenko")
    assert "p:FlDmr+KrBnK" not in keys_0011("Uladzimir Karpenka")


def test_upgrade_to_0016_keys_artyom_as_artem(empty_database):
    """0016's frozen engine reads ё written yo as e, so Artyom keys as the
    listed given name Artem: a store keyed by 0015 is keyed again, so that a
    lookup by "Artem Kuznetsov" finds the entity known as Artyom by given
    and family name together."""
    keys = rekeyed(empty_database, "0015", "0016", "Artyom Kuznetsov")
    assert keys == keys_0016("Artyom Kuznetsov")
    # The given-name family's pair key, which 0012's engine did not give the alias.
    assert "p:артем+KDnDS" in keys & keys_0016("Artem Kuznetsov")
    assert "p:артем+KDnDS" not in keys_0012("Artyom Kuznetsov")


def test_upgrade_to_0017_keys_hotsaniuk_as_gotsanyuk(empty_database):
    """0017's frozen engine reads Ukrainian г written h in a family name as
    the Russian g: a store keyed by 0016 is keyed again, so that a lookup by
    "Gotsanyuk" finds the entity known as Hotsaniuk."""
    keys = rekeyed(empty_database, "0016", "0017", "Iurii Hotsaniuk")
    assert keys == keys_0017("Iurii Hotsaniuk")
    shared = keys & keys_0017("Yuri Gotsanyuk")
    assert shared - keys_0016("Iurii Hotsaniuk"), shared


def test_upgrade_to_0018_keys_tsikhanouskaya_as_tikhanovskaya(empty_database):
    """0018's frozen engine reads Belarusian ў and initial ц as the Russian в
    and т: a store keyed by 0017 is keyed again, so that a lookup by
    "Svetlana Tikhanovskaya" finds the entity known as Tsikhanouskaya by
    given and family name together."""
    keys = rekeyed(empty_database, "0017", "0018", "Sviatlana Tsikhanouskaya")
    assert keys == keys_0018("Sviatlana Tsikhanouskaya")
    shared = keys & keys_0018("Svetlana Tikhanovskaya")
    assert {k for k in shared if k.startswith("p:")} - keys_0017("Sviatlana Tsikhanouskaya"), shared


def test_0014_keeps_authority_titles_apart_and_down_again_takes_their_counted_rows(empty_database):
    """0014 adds authority_title; going back to 0013, the titles counted from
    it (count 0) go with it, and titles counted from mentions stay."""
    engine = make_engine(empty_database)
    upgrade(engine, "0014")
    with engine.begin() as connection:
        connection.execute(RIYAD)
        connection.execute(text("INSERT INTO authority_title (entity_id, title, created_at)"
                                " VALUES ('e1', 'prime minister', '2013-01-01')"))
        connection.execute(text("INSERT INTO entity_title (entity_id, title, count)"
                                " VALUES ('e1', 'prime minister', 0), ('e1', 'general', 2)"))
        with pytest.raises(IntegrityError):  # one row per entity and title
            with connection.begin_nested():
                connection.execute(text("INSERT INTO authority_title (entity_id, title, created_at)"
                                        " VALUES ('e1', 'prime minister', '2014-01-01')"))
    downgrade(engine, "0013")
    with engine.connect() as connection:
        titles = connection.execute(text("SELECT title, count FROM entity_title")).all()
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert "authority_title" not in tables
    assert [tuple(t) for t in titles] == [("general", 2)]
