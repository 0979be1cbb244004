"""The review queue's writes (service/resolve/queue.py) on both backends: one
open item per pair, however many articles raise it, in either direction, at
the same time; merges move items and settle the merged pair; pairs marked
distinct or merged are never raised."""
import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from service.db.engine import make_engine
from service.db.models import Article, DistinctPair, Entity, PossibleMatch, utcnow
from service.resolve.merge import merge_entities
from service.resolve.queue import Raised, examples, raise_pairs
from tests.conftest import wipe

A, B, C = "a" * 32, "b" * 32, "c" * 32


@pytest.fixture
def engine(database_url):
    wipe(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session:
        session.add_all([Entity(id=i, canonical_name=i[0].upper()) for i in (A, B, C)])
        session.add_all([Article(id=f"{n:032d}", content_hash=str(n), text="...") for n in range(1, 7)])
        session.commit()
    yield engine
    engine.dispose()
    wipe(database_url)


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


def doubt(entity: str, candidate: str, article: int, score: float = 0.7) -> Raised:
    return Raised(entity_id=entity, candidate_id=candidate, article_id=f"{article:032d}", name="Assad", score=score)


def open_items(session: Session) -> list[PossibleMatch]:
    return session.exec(select(PossibleMatch).where(PossibleMatch.status == "open")
                        .order_by(PossibleMatch.entity_a, PossibleMatch.entity_b)
                        .execution_options(populate_existing=True)).all()


def example_articles(item: PossibleMatch) -> list[int]:
    return [int(e["article_id"]) for e in examples(item)]


def test_later_articles_count_on_the_pair_in_either_direction(session):
    start = utcnow()
    for n, (entity, candidate, score) in enumerate([(A, B, 0.7), (B, A, 0.9), (A, B, 0.6), (B, A, 0.65),
                                                    (A, B, 0.7)], start=1):
        raise_pairs(session, [doubt(entity, candidate, n, score)], start + timedelta(minutes=n))
    [item] = open_items(session)
    assert (item.entity_a, item.entity_b, item.entity_id) == (A, B, A)  # the first article's direction
    assert item.article_count == 5 and item.score == 0.9
    assert example_articles(item) == [5, 4, 3]  # the newest, newest first
    assert item.updated_at - item.created_at == timedelta(minutes=4)


def test_an_article_counts_once_per_pair_with_its_best_doubt(session):
    raise_pairs(session, [doubt(A, B, 1, 0.7), doubt(B, A, 1, 0.8), doubt(A, A, 1)], utcnow())
    [item] = open_items(session)
    assert item.article_count == 1 and item.score == 0.8 and len(examples(item)) == 1


def test_distinct_and_merged_pairs_are_not_raised(session):
    session.add(DistinctPair(entity_a=A, entity_b=B))
    session.get(Entity, C).merged_into = B
    session.flush()
    raise_pairs(session, [doubt(A, B, 1), doubt(B, A, 2), doubt(A, C, 3)], utcnow())
    assert open_items(session) == []


def test_two_writers_raising_one_pair_at_once_count_on_one_item(engine, session):
    """The second writer's upsert waits for the first one's item, then counts
    on it (PostgreSQL: the row's lock; SQLite: the write lock)."""
    raise_pairs(session, [doubt(A, B, 1)], utcnow())  # not committed yet

    def second_writer():
        with Session(engine) as other:
            raise_pairs(other, [doubt(B, A, 2, 0.9)], utcnow())
            other.commit()

    writer = threading.Thread(target=second_writer)
    writer.start()
    time.sleep(0.5)
    assert writer.is_alive()  # waiting on the first writer's item
    session.commit()
    writer.join(timeout=30)
    assert not writer.is_alive()
    [item] = open_items(session)
    assert item.article_count == 2 and item.score == 0.9 and example_articles(item) == [2, 1]


def test_a_merge_settles_the_pair_and_joins_the_absorbed_items_to_the_survivors(session):
    now = utcnow()
    raise_pairs(session, [doubt(A, B, 1)], now)
    raise_pairs(session, [doubt(A, C, 2), doubt(A, B, 2)], now + timedelta(minutes=1))
    raise_pairs(session, [doubt(A, C, 3, 0.9)], now + timedelta(minutes=2))
    raise_pairs(session, [doubt(C, B, 4)], now + timedelta(minutes=3))
    merge_entities(session, survivor=session.get(Entity, B), absorbed=session.get(Entity, A))
    [item] = open_items(session)
    assert (item.entity_a, item.entity_b, item.entity_id) == (B, C, C)
    assert item.article_count == 3 and item.score == 0.9
    assert sorted(example_articles(item)) == [2, 3, 4]
    [settled] = session.exec(select(PossibleMatch).where(PossibleMatch.status != "open")).all()
    assert (settled.entity_a, settled.entity_b, settled.status, settled.article_count) == (A, B, "accepted", 2)


def test_a_merge_settles_what_the_survivor_is_marked_distinct_from(session):
    raise_pairs(session, [doubt(A, C, 1)], utcnow())
    session.add(DistinctPair(entity_a=B, entity_b=C))
    session.flush()
    merge_entities(session, survivor=session.get(Entity, B), absorbed=session.get(Entity, A))
    assert open_items(session) == []
    [item] = session.exec(select(PossibleMatch)).all()
    assert (item.entity_a, item.entity_b, item.status) == (A, C, "rejected")
