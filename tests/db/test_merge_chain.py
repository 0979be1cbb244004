"""`merged_into` leads in one step to a live entity (migration 0007): the
upgrade repairs the loops and chains that earlier races stored, and the
database refuses new ones on both backends, whatever code writes them."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from service.db.engine import make_engine
from service.db.migrate import downgrade, upgrade

ENTITY = text("INSERT INTO entity (id, canonical_name, mention_count, article_count, created_at, updated_at)"
              " VALUES (:id, :id, 0, 0, '2013-01-01', '2013-01-01')")
POINT = text("UPDATE entity SET merged_into = :to WHERE id = :id")


def entities(connection, *ids: str) -> None:
    for entity_id in ids:
        connection.execute(ENTITY, {"id": entity_id})


def pointers(engine) -> dict[str, str | None]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT id, merged_into FROM entity")).all())


def test_upgrade_breaks_loops_and_shortens_chains(empty_database):
    engine = make_engine(empty_database)
    upgrade(engine, "0006")
    with engine.begin() as connection:
        entities(connection, "a", "b", "c", "d", "e", "f", "g")
        # a <-> b, a loop; c -> a, a tail into it; d -> e -> f, a chain; g live.
        for source, target in [("a", "b"), ("b", "a"), ("c", "a"), ("d", "e"), ("e", "f")]:
            connection.execute(POINT, {"id": source, "to": target})
    upgrade(engine, "0007")
    after = pointers(engine)
    downgrade(engine, "0006")  # and back down, with the repaired rows
    engine.dispose()
    assert after == {"a": None, "b": "a", "c": "a", "d": "f", "e": "f", "f": None, "g": None}


@pytest.mark.parametrize("moves", [
    [("a", "a")],                # itself
    [("a", "b"), ("b", "a")],    # a loop
    [("a", "b"), ("b", "c")],    # b is merged away while a points to it
    [("b", "c"), ("a", "b")],    # a into an entity that is merged away
])
def test_the_database_refuses_what_is_not_one_step(empty_database, moves):
    engine = make_engine(empty_database)
    upgrade(engine)
    with engine.begin() as connection:
        entities(connection, "a", "b", "c")
    with pytest.raises(IntegrityError, match="one step to a live entity"):
        with engine.begin() as connection:
            for source, target in moves:
                connection.execute(POINT, {"id": source, "to": target})
    assert set(pointers(engine).values()) == {None}  # nothing of it was kept
    engine.dispose()


def test_the_database_allows_a_merge_done_in_order(empty_database):
    """What the service does: earlier merges into the absorbed entity first
    lead to the survivor, then the absorbed entity itself."""
    engine = make_engine(empty_database)
    upgrade(engine)
    with engine.begin() as connection:
        entities(connection, "a", "b", "c")
        connection.execute(POINT, {"id": "a", "to": "b"})
        connection.execute(text("UPDATE entity SET merged_into = 'c' WHERE merged_into = 'b'"))
        connection.execute(POINT, {"id": "b", "to": "c"})
    assert pointers(engine) == {"a": "c", "b": "c", "c": None}
    engine.dispose()


@pytest.mark.e2e
def test_a_loop_stored_without_the_rule_answers_at_once(empty_database, tmp_path):
    """A loop in a database that lacks the rule (an old schema): reading the
    entity ends in a clear 500 at once, instead of spinning for ever."""
    import httpx

    from bench.server import serve

    engine = make_engine(empty_database)
    upgrade(engine)
    with engine.begin() as connection:
        # The rule of revision 0007 goes (its triggers); the rest of the schema
        # stays as new as the service's code, which reads it.
        drops = (["DROP TRIGGER entity_merge_one_step_insert", "DROP TRIGGER entity_merge_one_step_update"]
                 if engine.dialect.name == "sqlite" else ["DROP TRIGGER entity_merge_one_step ON entity"])
        for statement in drops:
            connection.execute(text(statement))
        entities(connection, "a", "b")
        connection.execute(POINT, {"id": "a", "to": "b"})
        connection.execute(POINT, {"id": "b", "to": "a"})
    engine.dispose()
    with serve(empty_database, tmp_path, MIGRATE_ON_START="false") as server:
        answer = httpx.get(f"{server.url}/v1/entities/a", timeout=10)
        assert answer.status_code == 500 and answer.json()["error"] == "store_inconsistent"
        assert httpx.get(f"{server.url}/readyz", timeout=10).status_code == 200
