"""The review queue through the API, on SQLite and PostgreSQL: one item per
pair of entities, however many articles raise it; pairs marked distinct or
merged are settled and never raised again; settling an item is one
transaction with its curation."""
import pytest

from service.resolve import queue
from tests.api.test_curation import one_id, post
from tests.reliability.helpers import row_counts

BASHAR = "President Bashar al-Assad met the envoys in Damascus."
HAFEZ = "Hafez al-Assad died in 2000 after three decades in power."


def lone_assads(client, days) -> list[str]:
    """Articles naming only "Assad", which Bashar and Hafez al-Assad both
    might be: each raises the pairs (Assad, Bashar) and (Assad, Hafez)."""
    return [post(client, f"Assad said on day {day} that the talks had failed.")["id"] for day in days]


def review(client, status="open") -> dict:
    """The listed items by candidate name."""
    items = client.get("/v1/review", params={"status": status}).json()["items"]
    return {item["candidate"]["canonical_name"]: item for item in items}


@pytest.fixture
def people(client):
    bashar = one_id(post(client, BASHAR), "Bashar al-Assad")
    hafez = one_id(post(client, HAFEZ), "Hafez al-Assad")
    return bashar, hafez


def test_many_articles_raising_one_pair_make_one_item(client, people):
    bashar, _ = people
    articles = lone_assads(client, range(6))
    listed = review(client)
    assert set(listed) == {"Bashar al-Assad", "Hafez al-Assad"}
    item = listed["Bashar al-Assad"]
    assert item["candidate"]["id"] == bashar and item["entity"]["canonical_name"] == "Assad"
    assert item["article_count"] == 6
    assert [e["article_id"] for e in item["examples"]] == articles[:-4:-1]  # the newest three, newest first
    assert item["article_id"] == articles[-1] and item["name"] == "Assad"
    assert item["score"] == max(e["score"] for e in item["examples"])


def test_after_distinct_later_articles_queue_nothing_for_the_pair(client, people):
    bashar, _ = people
    lone_assads(client, range(2))
    assad = review(client)["Bashar al-Assad"]["entity"]["id"]
    marked = client.post(f"/v1/entities/{assad}/distinct", json={"other_id": bashar})
    assert marked.status_code == 200, marked.text
    assert review(client, "rejected")["Bashar al-Assad"]["article_count"] == 2  # settled by the mark
    lone_assads(client, range(2, 5))
    assert set(review(client)) == {"Hafez al-Assad"}
    assert review(client)["Hafez al-Assad"]["article_count"] == 5
    assert review(client, "rejected")["Bashar al-Assad"]["article_count"] == 2


def test_a_merge_settles_the_pair_and_moves_the_others(client, people):
    bashar, hafez = people
    lone_assads(client, range(3))
    assad = review(client)["Bashar al-Assad"]["entity"]["id"]
    assert client.post(f"/v1/entities/{bashar}/merge", json={"other_id": assad}).status_code == 200
    assert review(client, "accepted")["Bashar al-Assad"]["entity"]["id"] == assad
    [moved] = review(client).values()  # (Assad, Hafez) is now Bashar's
    assert (moved["entity"]["id"], moved["candidate"]["id"], moved["article_count"]) == (bashar, hafez, 3)


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_settling_is_one_transaction(client, settings, people, monkeypatch, decision):
    """The item's settlement fails after the curation did its part (the pair
    merged, or marked distinct): nothing of either is kept."""
    lone_assads(client, range(2))
    item = review(client)["Bashar al-Assad"]
    before = row_counts(settings.database_url)

    def broken(*args, **kwargs):
        raise RuntimeError("the settlement failed")

    monkeypatch.setattr(queue, "settle_pair", broken)
    assert client.post(f"/v1/review/{item['id']}", json={"decision": decision}).status_code == 500
    assert row_counts(settings.database_url) == before  # no distinct mark, no audit entry
    assert review(client)["Bashar al-Assad"] == item
    assert client.get(f"/v1/entities/{item['entity']['id']}").json()["id"] == item["entity"]["id"]  # not merged
    monkeypatch.undo()
    assert client.post(f"/v1/review/{item['id']}", json={"decision": decision}).status_code == 204
    assert "Bashar al-Assad" in review(client, f"{decision}ed")


def test_marking_distinct_is_one_transaction_with_the_settlement(client, settings, people, monkeypatch):
    bashar, _ = people
    lone_assads(client, range(2))
    assad = review(client)["Bashar al-Assad"]["entity"]["id"]
    before = row_counts(settings.database_url)
    monkeypatch.setattr(queue, "settle_pair", lambda *args, **kwargs: 1 / 0)
    assert client.post(f"/v1/entities/{assad}/distinct", json={"other_id": bashar}).status_code == 500
    assert row_counts(settings.database_url) == before
    assert "Bashar al-Assad" in review(client)
