"""The batch writes of service/db/upsert.py on both backends: rows inserted
as given, duplicates skipped or added up, within one batch and across
batches, and NULLs and timestamps carried through (PostgreSQL gets them as
one array per column)."""
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from service.db.engine import make_engine
from service.db.models import Alias, Article, Entity, EntityWord, Mention, NameKey, utcnow
from service.db.upsert import insert_ignoring_duplicates, insert_or_add, insert_rows
from service.ledger.tally import utc
from tests.conftest import wipe


@pytest.fixture
def session(database_url):
    wipe(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session:
        session.add_all([Entity(id="a" * 32, canonical_name="A"), Entity(id="b" * 32, canonical_name="B"),
                         Article(id="c" * 32, content_hash="h", text="Ali and Bo")])
        session.flush()
        yield session
    engine.dispose()
    wipe(database_url)


def test_rows_are_inserted_with_their_nulls(session):
    rows = [{"article_id": "c" * 32, "entity_id": e * 32, "start": s, "end": s + 2, "text": t,
             "score": 0.5, "titles": titles}
            for e, s, t, titles in (("a", 0, "Al", "Dr."), ("b", 8, "Bo", None))]
    insert_rows(session, Mention, rows)
    stored = session.exec(select(Mention).order_by(Mention.start)).all()
    assert [(m.entity_id, m.start, m.end, m.text, m.titles) for m in stored] == [
        ("a" * 32, 0, 2, "Al", "Dr."), ("b" * 32, 8, 10, "Bo", None)]


def test_duplicates_are_skipped_within_and_across_batches(session):
    rows = [{"entity_id": "a" * 32, "key": k} for k in ("n:x", "n:y", "n:x")]
    insert_ignoring_duplicates(session, NameKey, rows)
    insert_ignoring_duplicates(session, NameKey, [{"entity_id": "a" * 32, "key": "n:y"},
                                                  {"entity_id": "b" * 32, "key": "n:y"}])
    assert sorted((k.entity_id[0], k.key) for k in session.exec(select(NameKey))) == [
        ("a", "n:x"), ("a", "n:y"), ("b", "n:y")]


def test_counts_add_up_within_and_across_batches(session):
    first, later = utcnow(), utcnow() + timedelta(hours=1)
    earlier = first - timedelta(hours=1)

    def alias(surface: str, count: int, when) -> dict:
        return {"entity_id": "a" * 32, "surface": surface, "normalized": surface.lower(), "count": count,
                "first_seen": when, "last_seen": when}

    def add(rows):
        insert_or_add(session, Alias, rows, ["entity_id", "surface"], "count",
                      oldest=("first_seen",), newest=("last_seen",))

    add([alias("Ali", 2, first), alias("Ali", 3, first), alias("Aly", 1, first)])
    add([alias("Ali", 4, later)])
    # Seen again at an earlier time (an old article edited): only the first sighting moves.
    add([alias("Aly", 1, earlier), alias("Aly", 1, first)])
    stored = {a.surface: a for a in session.exec(select(Alias))}
    assert {s: a.count for s, a in stored.items()} == {"Ali": 9, "Aly": 3}
    assert utc(stored["Ali"].first_seen) == first and utc(stored["Ali"].last_seen) == later
    assert utc(stored["Aly"].first_seen) == earlier and utc(stored["Aly"].last_seen) == first
    insert_or_add(session, EntityWord, [{"entity_id": "b" * 32, "word": "envoy", "count": 1}] * 2,
                  ["entity_id", "word"], "count")
    assert [(w.word, w.count) for w in session.exec(select(EntityWord))] == [("envoy", 2)]
