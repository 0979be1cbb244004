"""`namesake check`: a store written by the service is found consistent;
derived rows broken behind its back are each reported, and `--repair`
rebuilds them from the mentions, on both backends."""
import subprocess

from fastapi.testclient import TestClient
from sqlalchemy import text

from service.app import create_app
from service.config import Settings
from service.db.engine import make_engine
from service.db.migrate import upgrade
from tests.test_config_cli import NAMESAKE

TEXTS = ["German Chancellor Angela Merkel met French President Emmanuel Macron on Monday.",
         "Merkel said on Tuesday that the talks in Paris had gone well.",
         "Gen. Khalid al-Fahd spoke to reporters in Riyadh about the border agreement."]
# Each breaks one derived table the way a bug in a writer would.
BREAKS = ["UPDATE alias SET count = count + 1 WHERE surface = 'Angela Merkel'",
          "DELETE FROM name_key WHERE entity_id IN (SELECT entity_id FROM alias WHERE surface = 'Emmanuel Macron')",
          "DELETE FROM entity_title",
          "UPDATE entity_word SET count = 7",
          "UPDATE entity SET mention_count = 0, canonical_name = 'Someone' WHERE canonical_name = 'Emmanuel Macron'"]


def check(url: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([NAMESAKE, "check", "--quiet", *flags], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url}, timeout=120)


def test_check_reports_each_break_and_repair_mends_it(empty_database):
    engine = make_engine(empty_database)
    upgrade(engine)
    with TestClient(create_app(Settings(database_url=empty_database, migrate_on_start=False))) as client:
        for article in TEXTS:
            assert client.post("/v1/articles", json={"text": article}).status_code == 201
    clean = check(empty_database)
    assert clean.returncode == 0 and clean.stdout.strip() == "0 differences in 0 entities", clean
    with engine.begin() as connection:
        for statement in BREAKS:
            connection.execute(text(statement))
    broken = check(empty_database)
    assert broken.returncode == 1, broken
    for table in ("alias 'Angela Merkel'", "name_key", "entity_title", "entity_word", "counts",
                  "canonical name"):
        assert table in broken.stdout, (table, broken.stdout)
    repaired = check(empty_database, "--repair")
    assert repaired.returncode == 0 and "repaired" in repaired.stdout, repaired
    again = check(empty_database)
    assert again.returncode == 0 and again.stdout.strip() == "0 differences in 0 entities", again
    with engine.connect() as connection:
        assert connection.execute(text("SELECT canonical_name FROM entity WHERE canonical_name = "
                                       "'Emmanuel Macron'")).scalar_one() == "Emmanuel Macron"
    engine.dispose()


def test_repair_moves_mentions_off_a_merged_away_entity(empty_database):
    """An entity marked merged while it still holds mentions (what an old
    version's undo could leave): reported, and repaired by moving them."""
    engine = make_engine(empty_database)
    upgrade(engine)
    with TestClient(create_app(Settings(database_url=empty_database, migrate_on_start=False))) as client:
        for article in TEXTS[:2]:
            assert client.post("/v1/articles", json={"text": article}).status_code == 201
    people = "SELECT id FROM entity WHERE canonical_name = :name"
    with engine.begin() as connection:
        merkel = connection.execute(text(people), {"name": "Angela Merkel"}).scalar_one()
        macron = connection.execute(text(people), {"name": "Emmanuel Macron"}).scalar_one()
        connection.execute(text("UPDATE entity SET merged_into = :m WHERE id = :e"), {"m": macron, "e": merkel})
    broken = check(empty_database)
    assert broken.returncode == 1 and f"{merkel}: mention on a merged-away entity" in broken.stdout, broken
    assert check(empty_database, "--repair").returncode == 0
    assert check(empty_database).returncode == 0
    with engine.connect() as connection:
        holders = connection.execute(text("SELECT DISTINCT entity_id FROM mention")).scalars().all()
    assert holders == [macron]
    engine.dispose()
