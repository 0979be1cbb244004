"""One article, one transaction: a failure anywhere in ingesting it (in the
resolver, after some rows were written, at the commit itself) leaves no
article, mention, alias, blocking key, entity, title, word or possible match
behind, and answers a clean JSON error. Posting it again then succeeds."""
import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

import service.articles
from tests.reliability.helpers import TEXT, row_counts

OTHER = "Syrian President Bashar al-Assad received Russian Foreign Minister Sergei Lavrov in Damascus."
EDITED = TEXT + " Merkel later spoke with Italian Prime Minister Giorgio Meloni."


class Injected(Exception):
    """The failure the test injects; its message must never reach a client."""


def failing_decide(*args, **kwargs):
    raise Injected("injected in the resolver: /work/secret/path.py DATABASE_URL")


def failing_after_writes(real):
    def apply_then_fail(session, decisions, article_id, now):
        real(session, decisions, article_id, now)
        session.flush()  # the rows are in the database's transaction now
        raise Injected("injected after the writes")
    return apply_then_fail


@pytest.fixture
def store(client, settings):
    """A store holding one other article, so that leftovers would show."""
    assert client.post("/v1/articles", json={"text": OTHER, "external_id": "other"}).status_code == 201
    return settings.database_url


def assert_clean_500(response):
    assert response.status_code == 500
    assert response.json() == {"error": "internal_error", "message": "internal error"}
    assert "injected" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("where", ["resolver", "after_writes"])
def test_failure_while_ingesting_leaves_nothing(client, store, monkeypatch, where):
    before = row_counts(store)
    if where == "resolver":
        monkeypatch.setattr(service.articles, "decide", failing_decide)
    else:
        monkeypatch.setattr(service.articles, "apply_decisions",
                            failing_after_writes(service.articles.apply_decisions))
    assert_clean_500(client.post("/v1/articles", json={"text": TEXT, "external_id": "a1"}))
    assert row_counts(store) == before
    assert client.get("/v1/entities", params={"q": "Angela Merkel"}).json()["items"] == []
    monkeypatch.undo()
    retried = client.post("/v1/articles", json={"text": TEXT, "external_id": "a1"})
    assert retried.status_code == 201
    assert len(retried.json()["mentions"]) == 2
    after = row_counts(store)
    assert after["article"] == before["article"] + 1 and after["entity"] == before["entity"] + 2


def refuse_commit(engine, error: Exception):
    """The database refuses the next COMMIT (a disk error, a lost connection)."""
    def on_commit(_connection):
        event.remove(engine, "commit", on_commit)
        raise error
    event.listen(engine, "commit", on_commit)


@pytest.mark.parametrize("error, status", [
    (Injected("injected at commit"), 500),
    (OperationalError("COMMIT", {}, Exception("injected: disk I/O error")), 503),
])
def test_failed_commit_leaves_nothing(client, store, error, status):
    before = row_counts(store)
    refuse_commit(client.app.state.engine, error)
    response = client.post("/v1/articles", json={"text": TEXT, "external_id": "a1"})
    assert response.status_code == status
    assert "injected" not in response.text and "Traceback" not in response.text
    if status == 503:
        assert response.json()["error"] == "database_unavailable" and response.headers["retry-after"]
    assert row_counts(store) == before
    assert client.post("/v1/articles", json={"text": TEXT, "external_id": "a1"}).status_code == 201


def test_failed_edit_keeps_the_previous_version_whole(client, store, monkeypatch):
    first = client.post("/v1/articles", json={"text": TEXT, "external_id": "a1"}).json()
    before = row_counts(store)
    previous = client.get(f"/v1/articles/{first['id']}").json()
    merkel = client.get(f"/v1/entities/{first['mentions'][0]['entity_id']}").json()
    monkeypatch.setattr(service.articles, "apply_decisions",
                        failing_after_writes(service.articles.apply_decisions))
    assert_clean_500(client.post("/v1/articles", json={"text": EDITED, "external_id": "a1"}))
    assert row_counts(store) == before
    assert client.get(f"/v1/articles/{first['id']}").json() == previous
    assert client.get(f"/v1/entities/{merkel['id']}").json() == merkel  # counts and aliases untouched
    monkeypatch.undo()
    edited = client.post("/v1/articles", json={"text": EDITED, "external_id": "a1"})
    assert edited.status_code == 200 and edited.json()["id"] == first["id"]
    assert len(edited.json()["mentions"]) > 2


def test_failed_batch_item_costs_only_itself(client, store, monkeypatch):
    real, calls = service.articles.apply_decisions, []

    def fail_second(session, decisions, article_id, now):
        calls.append(article_id)
        real(session, decisions, article_id, now)
        if len(calls) == 2:
            raise Injected("injected in the second article")

    monkeypatch.setattr(service.articles, "apply_decisions", fail_second)
    before = row_counts(store)
    batch = {"articles": [{"text": TEXT, "external_id": "b1"}, {"text": EDITED, "external_id": "b2"}]}
    response = client.post("/v1/articles:batch", json=batch)
    assert response.status_code in (200, 500) and "injected" not in response.text
    if response.status_code == 200:
        assert [i["status"] for i in response.json()["items"]] == ["created", "error"]
    # The first article was stored in its own transaction; the second left nothing.
    b1 = client.post("/v1/articles", json=batch["articles"][0]).json()
    after = row_counts(store)
    assert after["article"] == before["article"] + 1
    assert after["mention"] == before["mention"] + len(b1["mentions"])
    monkeypatch.undo()
    again = client.post("/v1/articles:batch", json=batch).json()["items"]
    assert [i["status"] for i in again] == ["stored", "created"]
    assert row_counts(store)["article"] == before["article"] + 2
