"""GET /metrics in one process: requests labelled by route template, counts
taken only when their transaction commits, the review gauge read from the
database, the pool gauge, and an endpoint that needs no key and shows no text.

The metrics are the process's own, shared by every app a test run builds:
each test compares a scrape after with one before."""
import os
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from service import metrics
from service.app import create_app
from service.config import Settings
from service.db.engine import make_engine
from service.metrics_files import MULTIPROC_ENV, worker_files
from tests.metrics_scrape import label_values, parse, posts, value
from tests.reliability.helpers import row_counts

MERKEL = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."
BASHAR = "President Bashar al-Assad met the envoys in Damascus."
HAFEZ = "Hafez al-Assad died in 2000 after three decades in power."
LONE = "Assad said on Tuesday that the talks had failed."  # Bashar or Hafez: raises two review pairs
REQUESTS = "namesake_http_requests_total"


def scrape(client):
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return parse(response.text)


def test_paths_are_labelled_by_their_route_template(client):
    before = scrape(client)
    ids = [uuid.uuid4().hex for _ in range(3)]
    for entity_id in ids:
        assert client.get(f"/v1/entities/{entity_id}").status_code == 404
        assert client.get(f"/no/such/{entity_id}").status_code == 404
    client.post(f"/v1/entities/{ids[0]}/merge", content=b"{}", headers={
        "content-type": "application/json", "content-length": str(10**10)})  # refused before routing
    after = scrape(client)
    entity = {"route": "/v1/entities/{entity_id}", "method": "GET", "status": "404"}
    assert value(after, REQUESTS, **entity) - value(before, REQUESTS, **entity) == 3
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, REQUESTS, **unmatched) - value(before, REQUESTS, **unmatched) == 3
    refused = {"route": "/v1/entities/{entity_id}/merge", "method": "POST", "status": "413"}
    assert value(after, REQUESTS, **refused) - value(before, REQUESTS, **refused) == 1
    # No path made a series of its own: every route label is a template or `unmatched`.
    routes = label_values(after, REQUESTS, "route")
    assert not any(entity_id in route for route in routes for entity_id in ids), routes
    assert label_values(after, REQUESTS, "route") - label_values(before, REQUESTS, "route") <= {
        "/v1/entities/{entity_id}", "unmatched", "/v1/entities/{entity_id}/merge", "/metrics"}
    seconds = {"route": "/v1/entities/{entity_id}", "method": "GET"}
    assert value(after, "namesake_http_request_duration_seconds_count", **seconds) \
        - value(before, "namesake_http_request_duration_seconds_count", **seconds) == 3


def test_an_odd_method_is_one_label(client):
    before = scrape(client)
    assert client.request("BREW", "/v1/articles").status_code == 405
    after = scrape(client)
    other = {"route": "/v1/articles", "method": "other", "status": "405"}
    assert value(after, REQUESTS, **other) - value(before, REQUESTS, **other) == 1
    assert "BREW" not in label_values(after, REQUESTS, "method")


def deltas(before, after, *names: str) -> dict[str, float]:
    return {name: value(after, name) - value(before, name) for name in names}


STORED = ("namesake_mentions_stored_total", "namesake_entities_created_total", "namesake_entities_merged_total",
          "namesake_article_ner_seconds_count", "namesake_article_database_seconds_count")


def test_stored_work_is_counted(client):
    before = scrape(client)
    first = client.post("/v1/articles", json={"text": MERKEL, "external_id": "m-1"})
    assert first.status_code == 201
    assert client.post("/v1/articles", json={"text": MERKEL, "external_id": "m-1"}).status_code == 200
    edited = client.post("/v1/articles", json={"text": MERKEL + " Merkel smiled.", "external_id": "m-1"})
    assert edited.status_code == 200
    after = scrape(client)
    created = value(after, "namesake_articles_stored_total", outcome="created") \
        - value(before, "namesake_articles_stored_total", outcome="created")
    updated = value(after, "namesake_articles_stored_total", outcome="updated") \
        - value(before, "namesake_articles_stored_total", outcome="updated")
    assert (created, updated) == (1, 1)  # the unchanged repeat stored nothing
    assert deltas(before, after, *STORED) == {
        "namesake_mentions_stored_total": len(first.json()["mentions"]) + len(edited.json()["mentions"]),
        "namesake_entities_created_total": 2, "namesake_entities_merged_total": 0,
        "namesake_article_ner_seconds_count": 2,  # the repeat is not read again
        "namesake_article_database_seconds_count": 3}
    assert posts(after) - posts(before) == 1 and posts(after, "200") - posts(before, "200") == 2


def test_editors_curations_are_counted(client):
    """A split creates an entity and a merge absorbs one, as the resolver's
    do; an undo cannot lower a counter, so it is counted by what it undid."""
    posted = client.post("/v1/articles", json={"text": MERKEL + " Merkel said the talks went well."}).json()["mentions"]
    merkel = [m for m in posted if "Merkel" in m["text"]]
    macron = next(m["entity_id"] for m in posted if "Macron" in m["text"])
    assert len(merkel) == 2 and merkel[0]["entity_id"] == merkel[1]["entity_id"], posted
    names = ("namesake_entities_created_total", "namesake_entities_merged_total")
    undone = "namesake_curations_undone_total"

    before = scrape(client)
    split = client.post(f"/v1/entities/{merkel[0]['entity_id']}/split", json={"mention_ids": [merkel[1]["id"]]})
    assert split.status_code == 200, split.text
    merged = client.post(f"/v1/entities/{macron}/merge", json={"other_id": split.json()["entity"]["id"]})
    assert merged.status_code == 200, merged.text
    assert client.post(f"/v1/audit/{merged.json()['audit']['id']}/undo", json={}).status_code == 200
    refused = client.post(f"/v1/audit/{merged.json()['audit']['id']}/undo", json={})  # already undone
    assert refused.status_code == 409, refused.text
    after = scrape(client)

    assert deltas(before, after, *names) == dict.fromkeys(names, 1)
    assert value(after, undone, action="merge") - value(before, undone, action="merge") == 1
    assert value(after, undone, action="split") == value(before, undone, action="split")


@pytest.fixture
def store(settings):
    return settings.database_url


def refuse_commit(engine):
    """The database refuses the next COMMIT (a lost connection)."""
    def on_commit(_connection):
        event.remove(engine, "commit", on_commit)
        raise OperationalError("COMMIT", {}, Exception("injected: disk I/O error"))
    event.listen(engine, "commit", on_commit)


def test_an_article_rolled_back_counts_nothing(client, store):
    before, rows = scrape(client), row_counts(store)
    refuse_commit(client.app.state.engine)
    assert client.post("/v1/articles", json={"text": MERKEL, "external_id": "m-1"}).status_code == 503
    assert row_counts(store) == rows
    after = scrape(client)
    assert value(after, "namesake_articles_stored_total", outcome="created") \
        == value(before, "namesake_articles_stored_total", outcome="created")
    assert deltas(before, after, *STORED[:3], "namesake_article_database_seconds_count") == dict.fromkeys(
        (*STORED[:3], "namesake_article_database_seconds_count"), 0)
    # The same session's next commit does not carry the dropped counts either.
    assert client.post("/v1/articles", json={"text": MERKEL, "external_id": "m-1"}).status_code == 201
    again = scrape(client)
    assert value(again, "namesake_entities_created_total") - value(before, "namesake_entities_created_total") == 2


def test_review_items_open_is_read_from_the_database(client, monkeypatch):
    monkeypatch.setattr(metrics, "REVIEW_CACHE_SECONDS", 0)
    for text in (BASHAR, HAFEZ):
        client.post("/v1/articles", json={"text": text})
    assert value(scrape(client), "namesake_review_items_open") == 0
    client.post("/v1/articles", json={"text": LONE})
    listed = client.get("/v1/review", params={"status": "open"}).json()["items"]
    assert len(listed) == 2
    assert value(scrape(client), "namesake_review_items_open") == 2


def test_the_pool_gauge_counts_connections_in_use(client):
    engine = client.app.state.engine

    def in_use() -> float:
        return metrics.REGISTRY.get_sample_value("namesake_database_connections_in_use")

    idle = in_use()
    with engine.connect(), engine.connect():
        assert in_use() == idle + 2
    assert in_use() == idle


def test_metrics_need_no_key_and_show_no_text(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'keys.db'}",
                        api_keys="desk:0123456789abcdef0123:write")
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/articles", json={"text": MERKEL}).status_code == 401
        assert client.post("/v1/articles", json={"text": MERKEL},
                           headers={"X-API-Key": "0123456789abcdef0123"}).status_code == 201
        text = client.get("/metrics").text
    assert "namesake_articles_stored_total" in text
    for secret in ("Merkel", "Macron", "0123456789abcdef0123", "desk"):
        assert secret not in text


def test_a_servers_metrics_folder_starts_empty(tmp_path, monkeypatch):
    monkeypatch.delenv(MULTIPROC_ENV, raising=False)
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_12345.db").write_bytes(b"an earlier run's counts")
    (folder / "README").write_text("not ours")
    with worker_files(1, str(folder)):
        assert os.environ[MULTIPROC_ENV] == str(folder)
        assert [p.name for p in folder.iterdir()] == ["README"]
    with worker_files(2, None):
        fresh = Path(os.environ[MULTIPROC_ENV])
        assert fresh.is_dir() and not list(fresh.iterdir())
    assert not fresh.exists()
    with worker_files(1, None):
        assert MULTIPROC_ENV not in os.environ  # one worker: values in memory
    assert MULTIPROC_ENV not in os.environ


def test_counts_kept_in_a_session_go_with_its_transaction(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'session.db'}")

    def mentions() -> float:
        return metrics.REGISTRY.get_sample_value("namesake_mentions_stored_total")

    start = mentions()
    with Session(engine) as session:
        metrics.at_commit(session, metrics.MENTIONS, 5)
        session.rollback()
        session.commit()  # the session's next transaction does not carry them
        assert mentions() == start
        metrics.at_commit(session, metrics.MENTIONS, 2)
        with session.begin_nested():
            metrics.at_commit(session, metrics.MENTIONS, 3)
        assert mentions() == start  # a savepoint released is not a commit
        session.commit()
        assert mentions() == start + 5
    engine.dispose()
