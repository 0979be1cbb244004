"""The change feed on SQLite and PostgreSQL: what articles, curations and
deletes add to it, its cursor, and its order (commit order) across
concurrent writers."""
import threading
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from service import changes
from service.app import create_app
from service.db.engine import make_engine
from tests.api.test_curation import MACRON, MERKEL, curate, one_id, post
from tests.conftest import wipe


def feed(client, after=0, limit=100):
    response = client.get("/v1/changes", params={"after": after, "limit": limit})
    assert response.status_code == 200, response.text
    return response.json()


def test_an_article_adds_the_people_it_created(client):
    body = post(client, MERKEL)
    page = feed(client)
    created = {(c["kind"], tuple(c["entity_ids"]), c["article_id"], c["actor"]) for c in page["items"]}
    assert created == {("entity.created", (e["id"],), body["id"], "machine") for e in body["entities"]}
    assert not page["more"] and page["next_after"] == max(c["id"] for c in page["items"])
    # Posting the same article again changes nothing.
    post(client, MERKEL)
    assert feed(client, after=page["next_after"])["items"] == []


def test_the_cursor_pages_through_the_feed_in_order(client):
    for text in (MERKEL, MACRON.replace("Emmanuel Macron", "Olaf Scholz"), "Joe Biden spoke on Friday."):
        post(client, text)
    everything = feed(client)["items"]
    seen, after = [], 0
    while True:
        page = feed(client, after=after, limit=2)
        seen += page["items"]
        after = page["next_after"]
        if not page["more"]:
            break
    assert seen == everything and [c["id"] for c in seen] == sorted(c["id"] for c in seen)
    assert feed(client, after=after) == {"items": [], "next_after": after, "more": False}


def test_curations_name_their_entities_and_their_actor(client):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    macron = one_id(post(client, MACRON), "Emmanuel Macron")
    start = feed(client)["next_after"]
    audit = curate(client, merkel, "merge", other_id=macron).json()["audit"]
    curate(client, merkel, "rename", name="Angela Dorothea Merkel")
    assert client.post(f"/v1/audit/{audit['id']}/undo", json={"actor": "editor-2"}).status_code == 200
    curate(client, merkel, "distinct", other_id=macron)
    assert one_id(post(client, "Merkel said on Friday that the talks would go on."), "Merkel") == merkel
    new = curate(client, merkel, "split", aliases=["Merkel"]).json()["entity"]["id"]
    items = feed(client, after=start)["items"]
    assert [(c["kind"], c["entity_ids"], c["actor"]) for c in items] == [
        ("entity.merged", [merkel, macron], "editor-1"),
        ("entity.renamed", [merkel], "editor-1"),
        ("curation.undone", sorted([merkel, macron]), "editor-2"),
        ("entity.distinct", [merkel, macron], "editor-1"),
        ("entity.split", [merkel, new], "editor-1"),
    ]
    assert items[1]["details"]["name"] == "Angela Dorothea Merkel"
    assert items[2]["details"]["action"] == "merge"
    assert all(c["details"]["audit_id"] for c in items) and all(c["article_id"] is None for c in items)


def test_a_deleted_article_names_its_people(client):
    body = post(client, MERKEL)
    start = feed(client)["next_after"]
    assert client.delete(f"/v1/articles/{body['id']}").status_code == 204
    [change] = feed(client, after=start)["items"]
    assert change["kind"] == "article.deleted" and change["article_id"] == body["id"]
    assert change["entity_ids"] == sorted(e["id"] for e in body["entities"])
    assert change["actor"] == "anonymous"  # no keys: nobody named; never the machine, which deletes nothing


def test_a_deleted_article_names_the_key_that_deleted_it(settings):
    wire, reader = "w" * 20, "r" * 20
    secure = settings.model_copy(update={"api_keys": f"wire:{wire}:write,cms:{reader}:read"})
    try:
        with TestClient(create_app(secure), raise_server_exceptions=False) as client:
            body = client.post("/v1/articles", json={"text": MERKEL}, headers={"X-API-Key": wire}).json()
            assert client.delete(f"/v1/articles/{body['id']}", headers={"X-API-Key": wire}).status_code == 204
            items = client.get("/v1/changes", headers={"X-API-Key": reader}).json()["items"]
            assert {c["actor"] for c in items if c["kind"] == "entity.created"} == {"machine"}
            [deleted] = [c for c in items if c["kind"] == "article.deleted"]
            assert (deleted["article_id"], deleted["actor"]) == (body["id"], "wire")
    finally:
        wipe(settings.database_url)


def test_a_refused_curation_adds_nothing(client):
    merkel = one_id(post(client, MERKEL), "Angela Merkel")
    start = feed(client)["next_after"]
    assert curate(client, merkel, "merge", other_id=merkel).status_code == 409
    assert curate(client, "nobody", "rename", name="X").status_code == 404
    assert feed(client, after=start)["items"] == []


def test_a_bridging_name_adds_a_merge_by_the_machine(client):
    first = one_id(post(client, "Abdulaziz Jassem spoke to reporters in Amman on Sunday."), "Abdulaziz Jassem")
    second = one_id(post(client, "Maj. Gen. Abdulaziz al-Shallal said he had defected."), "Abdulaziz al-Shallal")
    start = feed(client)["next_after"]
    body = post(client, "Maj. Gen. Abdul-Aziz Jassem al-Shallal, the head of the military police, "
                        "defected on Wednesday.")
    [merge] = [c for c in feed(client, after=start)["items"] if c["kind"] == "entity.merged"]
    assert set(merge["entity_ids"]) == {first, second} and merge["actor"] == "machine"
    assert merge["article_id"] == body["id"]
    assert merge["entity_ids"][0] == one_id(body, "Abdul-Aziz Jassem al-Shallal")  # the survivor first


def test_numbers_follow_commit_order_across_concurrent_writers(database_url):
    """A transaction that is slow to commit after writing its change holds
    the feed's lock: a second one commits after it and gets the larger number.
    Without the lock, a reader could see the second number before the first
    exists and skip the first for good."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: the order is the commit order by construction")
    engine = make_engine(database_url)
    slow, fast = Session(engine), Session(engine)
    paused = threading.Event()

    def pause_after_insert(session):
        if session is slow:
            paused.set()
            time.sleep(1.0)

    event.listen(Session, "before_commit", pause_after_insert)  # runs after changes' own listener
    try:
        changes.record(slow, "entity.created", ["slow"])
        changes.record(fast, "entity.created", ["fast"])
        finished = {}
        thread = threading.Thread(target=lambda: (slow.commit(), finished.setdefault("slow", time.monotonic())))
        thread.start()
        assert paused.wait(5)
        fast.commit()
        finished["fast"] = time.monotonic()
        thread.join()
    finally:
        event.remove(Session, "before_commit", pause_after_insert)
        slow.close()
        fast.close()
    with Session(engine) as reader:
        rows = {c.entity_ids: c.id for c in changes.read(reader, after=0, limit=10)}
    engine.dispose()
    assert finished["fast"] > finished["slow"]
    assert rows['["slow"]'] < rows['["fast"]']


def test_a_rollback_drops_what_was_kept_but_a_savepoint_rollback_does_not(database_url):
    engine = make_engine(database_url)
    with Session(engine) as session:
        start = max([c.id or 0 for c in changes.read(session, after=0, limit=1000)], default=0)
        session.rollback()
        changes.record(session, "entity.created", ["gone"])
        session.rollback()
        changes.record(session, "entity.created", ["kept"])
        savepoint = session.begin_nested()
        savepoint.rollback()
        session.commit()
        kinds = [c.entity_ids for c in changes.read(session, after=start, limit=10)]
    engine.dispose()
    assert kinds == ['["kept"]']
