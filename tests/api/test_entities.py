"""GET /v1/entities and /v1/entities/{id}, on SQLite and PostgreSQL."""
from itertools import pairwise

import pytest

ARTICLES = [
    "Angela Merkel met Olaf Scholz in Berlin. Angela Merkel then left.",
    "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday.",
    "Emmanuel Macron resigned on Tuesday, said Olaf Scholz.",
]


@pytest.fixture
def stocked(client):
    for i, text in enumerate(ARTICLES):
        assert client.post("/v1/articles", json={"text": text, "external_id": f"e{i}"}).status_code == 201
    return client


def entity_id(client, surface):
    hits = client.get("/v1/entities", params={"q": surface}).json()["items"]
    return hits[0]["id"]


def test_entity_profile_has_aliases_with_counts(stocked):
    merkel = entity_id(stocked, "Angela Merkel")
    response = stocked.get(f"/v1/entities/{merkel}")
    assert response.status_code == 200
    body = response.json()
    assert body["canonical_name"] == "Angela Merkel"
    assert body["mention_count"] == 3 and body["article_count"] == 2
    [alias] = body["aliases"]
    assert alias["surface"] == "Angela Merkel" and alias["count"] == 3
    assert alias["first_seen"] <= alias["last_seen"]


def test_search_finds_by_name_best_first(stocked):
    body = stocked.get("/v1/entities", params={"q": "Emmanuel Macron"}).json()
    assert body["items"][0]["canonical_name"] == "Emmanuel Macron"
    assert body["items"][0]["score"] == 1.0
    assert all(a["score"] >= b["score"] for a, b in pairwise(body["items"]))


def test_search_without_a_match_is_empty(stocked):
    body = stocked.get("/v1/entities", params={"q": "Xavier Quintanilla"}).json()
    assert body["items"] == [] and body["next_offset"] is None


def test_listing_is_paginated(stocked):
    first = stocked.get("/v1/entities", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_offset"] == 2
    rest = stocked.get("/v1/entities", params={"limit": 2, "offset": 2}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    seen = [e["id"] for e in first["items"] + rest["items"]]
    assert len(set(seen)) == 3
    assert first["items"][0]["mention_count"] >= first["items"][1]["mention_count"]


def test_unknown_entity_is_404(client):
    response = client.get("/v1/entities/nobody")
    assert response.status_code == 404 and "nobody" in response.json()["message"]


@pytest.mark.parametrize("params", [
    {"q": ""}, {"limit": 0}, {"limit": 1000}, {"offset": -1}, {"limit": "many"}, {"sort": "name"},
])
def test_bad_search_parameters_are_422(client, params):
    response = client.get("/v1/entities", params=params)
    assert response.status_code == 422 and response.json()["message"]


def test_search_query_without_letters_is_422(client):
    response = client.get("/v1/entities", params={"q": "!!!"})
    assert response.status_code == 422 and response.json()["error"] == "invalid_name"


def test_search_finds_any_spelling(client):
    client.post("/v1/articles", json={"text": "Libyan leader Muammar Gaddafi said on Monday that "
                                              "the talks had failed."})
    for query in ("Moammar Qaddafi", "Muammar al-Qadhafi", "Gadhafi"):
        hits = client.get("/v1/entities", params={"q": query}).json()["items"]
        assert hits and hits[0]["canonical_name"] == "Muammar Gaddafi", query


def test_search_in_another_script_finds_the_latin_name(client):
    client.post("/v1/articles", json={"text": "Ukrainian President Volodymyr Zelenskyy met reporters "
                                              "in Kyiv on Monday. Former Chinese leader Mao Zedong was "
                                              "also mentioned."})
    for query, name in (("Володимир Зеленський", "Volodymyr Zelenskyy"), ("Mao Tse-tung", "Mao Zedong"),
                        ("毛泽东", "Mao Zedong")):
        hits = client.get("/v1/entities", params={"q": query}).json()["items"]
        assert hits and hits[0]["canonical_name"] == name, (query, hits)


def paged_ids(client, **params) -> list[str]:
    """Every ID of the list, a page of one at a time, following `next_cursor`."""
    seen, cursor = [], None
    while True:
        page = client.get("/v1/entities", params={"limit": 1, **params} | ({"cursor": cursor} if cursor else {}))
        seen += [e["id"] for e in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return seen


def test_cursor_pages_through_everything_once(stocked):
    seen = paged_ids(stocked)
    assert len(seen) == len(set(seen)) == 3


def test_bad_cursor_is_422(client):
    response = client.get("/v1/entities", params={"cursor": "not-a-cursor"})
    assert response.status_code == 422 and response.json()["error"] == "invalid_cursor"


def test_filters_updated_since_and_has_alias(stocked):
    assert stocked.get("/v1/entities", params={"updated_since": "2999-01-01T00:00:00Z"}).json()[
        "items"] == []
    everyone = stocked.get("/v1/entities", params={"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert len(everyone["items"]) == 3
    known = stocked.get("/v1/entities", params={"has_alias": "olaf scholz"}).json()["items"]
    assert [e["canonical_name"] for e in known] == ["Olaf Scholz"]
    with_q = stocked.get("/v1/entities", params={"q": "Merkel", "has_alias": "Olaf Scholz"}).json()
    assert with_q["items"] == []


def test_sort_by_latest_change(stocked):
    """`sort=updated` lists the most recently changed first: here the person
    an editor renamed last, though the least mentioned."""
    scholz = entity_id(stocked, "Olaf Scholz")
    assert stocked.post(f"/v1/entities/{scholz}/rename", json={"name": "Olaf Scholz"}).status_code == 200
    items = stocked.get("/v1/entities", params={"sort": "updated"}).json()["items"]
    assert items[0]["id"] == scholz and len(items) == 3
    assert all(a["updated_at"] >= b["updated_at"] for a, b in pairwise(items))
    hits = stocked.get("/v1/entities", params={"q": "Olaf Scholz", "sort": "updated"}).json()["items"]
    assert hits[0]["id"] == scholz


def test_sort_by_mentions_is_the_default_order(stocked):
    default = stocked.get("/v1/entities").json()["items"]
    by_mentions = stocked.get("/v1/entities", params={"sort": "mentions"}).json()["items"]
    assert [e["id"] for e in by_mentions] == [e["id"] for e in default]
    assert all(a["mention_count"] >= b["mention_count"] for a, b in pairwise(by_mentions))
    assert default[0]["canonical_name"] == "Angela Merkel"


@pytest.mark.parametrize("sort", ["mentions", "updated"])
def test_sorted_pages_list_everyone_once(stocked, sort):
    seen = paged_ids(stocked, sort=sort)
    assert len(seen) == len(set(seen)) == 3
    everyone = stocked.get("/v1/entities", params={"sort": sort}).json()["items"]
    assert seen == [e["id"] for e in everyone]
