"""External identifiers through the API, on SQLite and PostgreSQL: set and
removed, unique per scheme, returned with the entity, searchable, kept by
the survivor of a merge (and given back by its undo), in the change feed
and in reconciliation."""
import json

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from tests.api.test_changes import feed
from tests.api.test_curation import MACRON, MERKEL, curate, one_id, post


def put(client, entity_id, scheme, value, actor="desk"):
    return client.put(f"/v1/entities/{entity_id}/external-ids/{scheme}", json={"value": value, "actor": actor})


def people(client):
    body = post(client, MERKEL)
    return one_id(body, "Angela Merkel"), one_id(body, "Emmanuel Macron")


def by_identifier(client, written, **params):
    response = client.get("/v1/entities", params={"external_id": written, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_set_returns_the_entity_with_it_and_replacing_changes_the_value(client):
    merkel, _ = people(client)
    answer = put(client, merkel, "wikidata", "Q567")
    assert answer.status_code == 200, answer.text
    assert answer.json()["external_ids"] == {"wikidata": "Q567"} and answer.json()["description"] is None
    put(client, merkel, "newsroom", "p-17")
    assert put(client, merkel, "wikidata", "Q568").json()["external_ids"] == {"wikidata": "Q568", "newsroom": "p-17"}
    assert client.get(f"/v1/entities/{merkel}").json()["external_ids"] == {"wikidata": "Q568", "newsroom": "p-17"}
    assert by_identifier(client, "wikidata:Q567")["items"] == []


def test_an_identifier_names_one_entity(client):
    merkel, macron = people(client)
    put(client, merkel, "wikidata", "Q567")
    refused = put(client, macron, "wikidata", "Q567")
    assert refused.status_code == 409 and merkel in refused.json()["message"]
    assert "Angela Merkel" in refused.json()["message"]
    # The same value under another scheme is another identifier.
    assert put(client, macron, "viaf", "Q567").status_code == 200


@pytest.mark.parametrize(("scheme", "value", "problem"), [
    ("WikiData", "Q567", "lowercase letters"),
    ("wiki data", "Q567", "lowercase letters"),
    ("w" * 65, "Q567", "1 to 64"),
    ("-wikidata", "Q567", "starting with a letter or digit"),
    (".x", "Q567", "starting with a letter or digit"),
    ("wikidata", "   ", "something other than white space"),
    ("wikidata", " Q567", "must not start or end with white space"),
    ("wikidata", "Q" * 257, "256"),
    ("wikidata", "", "at least 1 character"),
])
def test_invalid_schemes_and_values_are_422_with_a_reason(client, scheme, value, problem):
    merkel, _ = people(client)
    answer = put(client, merkel, scheme, value)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "invalid_request" and problem in answer.json()["message"], answer.json()


def test_remove_and_unknown_ones(client):
    merkel, _ = people(client)
    put(client, merkel, "wikidata", "Q567")
    removed = client.delete(f"/v1/entities/{merkel}/external-ids/wikidata", params={"actor": "desk"})
    assert removed.status_code == 200 and removed.json()["external_ids"] == {}
    again = client.delete(f"/v1/entities/{merkel}/external-ids/wikidata")
    assert again.status_code == 404 and "wikidata" in again.json()["message"]
    assert put(client, "nobody", "wikidata", "Q1").status_code == 404
    # Once removed, it is free for someone else.
    assert put(client, one_id(post(client, MACRON), "Emmanuel Macron"), "wikidata", "Q567").status_code == 200


def test_set_and_remove_are_in_the_change_feed_with_the_actor(client):
    merkel, _ = people(client)
    after = feed(client)["next_after"]
    put(client, merkel, "wikidata", "Q567", actor="desk-1")
    put(client, merkel, "wikidata", "Q567", actor="desk-1")  # unchanged: nothing recorded
    client.delete(f"/v1/entities/{merkel}/external-ids/wikidata", params={"actor": "desk-2"})
    items = feed(client, after=after)["items"]
    assert [(c["kind"], c["entity_ids"], c["actor"], c["details"]) for c in items] == [
        ("external_id.set", [merkel], "desk-1", {"scheme": "wikidata", "value": "Q567", "previous": None}),
        ("external_id.removed", [merkel], "desk-2", {"scheme": "wikidata", "value": "Q567"})]


def test_search_by_identifier_answers_the_holder_as_a_page(client):
    merkel, _ = people(client)
    put(client, merkel, "wikidata", "Q567")
    page = by_identifier(client, "wikidata:Q567")
    assert [(h["id"], h["score"]) for h in page["items"]] == [(merkel, 1.0)]
    assert page["next_offset"] is None and page["next_cursor"] is None
    assert by_identifier(client, "wikidata:Q567", has_alias="Emmanuel Macron")["items"] == []
    assert by_identifier(client, "wikidata:Q1")["items"] == []
    for bad, problem in (("Q567", "scheme:value"), ("Wiki:Q567", "lowercase")):
        answer = client.get("/v1/entities", params={"external_id": bad})
        assert answer.status_code == 422 and problem in answer.json()["message"]
    both = client.get("/v1/entities", params={"external_id": "wikidata:Q567", "q": "Merkel"})
    assert both.status_code == 422 and "not both" in both.json()["message"]


def test_the_survivor_keeps_the_identifiers_of_a_merge_and_undo_gives_them_back(client):
    merkel, macron = people(client)
    put(client, merkel, "wikidata", "Q567")
    put(client, macron, "wikidata", "Q3052772")
    put(client, macron, "newsroom", "p-9")
    merged = curate(client, merkel, "merge", other_id=macron).json()
    # Its own wikidata ID wins; the newsroom's, which it lacked, comes from the absorbed.
    assert merged["entity"]["external_ids"] == {"wikidata": "Q567", "newsroom": "p-9"}
    for written in ("wikidata:Q567", "wikidata:Q3052772", "newsroom:p-9"):
        assert [h["id"] for h in by_identifier(client, written)["items"]] == [merkel], written
    # Another entity cannot take an identifier the survivor holds through the absorbed.
    scholz = one_id(post(client, "Olaf Scholz spoke in Berlin."), "Olaf Scholz")
    assert put(client, scholz, "newsroom", "p-9").status_code == 409
    client.post(f"/v1/audit/{merged['audit']['id']}/undo", json={})
    assert client.get(f"/v1/entities/{macron}").json()["external_ids"] == {"wikidata": "Q3052772",
                                                                         "newsroom": "p-9"}
    assert client.get(f"/v1/entities/{merkel}").json()["external_ids"] == {"wikidata": "Q567"}
    assert [h["id"] for h in by_identifier(client, "newsroom:p-9")["items"]] == [macron]


def test_setting_on_a_merged_away_id_acts_on_the_survivor(client):
    merkel, macron = people(client)
    curate(client, merkel, "merge", other_id=macron)
    answer = put(client, macron, "wikidata", "Q567")
    assert answer.status_code == 200
    assert answer.json()["id"] == merkel and answer.json()["redirected_from"] == macron
    assert answer.json()["external_ids"] == {"wikidata": "Q567"}
    removed = client.delete(f"/v1/entities/{macron}/external-ids/wikidata")
    assert removed.status_code == 200 and removed.json()["external_ids"] == {}


def test_setting_an_absorbed_identifier_on_the_survivor_makes_it_its_own(client):
    merkel, macron = people(client)
    put(client, merkel, "wikidata", "Q567")
    put(client, macron, "wikidata", "Q3052772")
    curate(client, merkel, "merge", other_id=macron)
    answer = put(client, merkel, "wikidata", "Q3052772")
    assert answer.status_code == 200 and answer.json()["external_ids"] == {"wikidata": "Q3052772"}
    # Removing takes the scheme away from the person, whichever entity held it.
    client.delete(f"/v1/entities/{merkel}/external-ids/wikidata")
    assert client.get(f"/v1/entities/{merkel}").json()["external_ids"] == {}


def test_identifiers_need_the_admin_role(settings):
    reader, editor = "r" * 20, "a" * 20
    secure = settings.model_copy(update={"api_keys": f"reader:{reader}:read,editor:{editor}:admin"})
    with TestClient(create_app(secure), raise_server_exceptions=False) as client:
        merkel = one_id(client.post("/v1/articles", json={"text": MERKEL}, headers={"X-API-Key": editor})
                        .json(), "Angela Merkel")
        path = f"/v1/entities/{merkel}/external-ids/wikidata"
        assert client.put(path, json={"value": "Q567"}, headers={"X-API-Key": reader}).status_code == 403
        assert client.delete(path, headers={"X-API-Key": reader}).status_code == 403
        done = client.put(path, json={"value": "Q567", "actor": "claimed"}, headers={"X-API-Key": editor})
        assert done.status_code == 200
        [change] = [c for c in client.get("/v1/changes", headers={"X-API-Key": reader}).json()["items"]
                    if c["kind"] == "external_id.set"]
        assert change["actor"] == "editor"  # the key's name, not the one claimed
    from tests.conftest import wipe
    wipe(settings.database_url)


def test_a_body_not_sent_as_json_is_415(client):
    merkel, _ = people(client)
    answer = client.put(f"/v1/entities/{merkel}/external-ids/wikidata", content=b'{"value": "Q567"}',
                        headers={"Content-Type": "text/plain"})
    assert answer.status_code == 415


def reconcile(client, query):
    response = client.post("/v1/reconcile", data={"queries": json.dumps({"q0": query})})
    assert response.status_code == 200, response.text
    return response.json()["q0"]["result"]


def test_reconciliation_shows_identifiers_and_matches_by_them(client):
    merkel, macron = people(client)
    put(client, merkel, "wikidata", "Q567")
    [best, *_] = reconcile(client, {"query": "Angela Merkel"})
    assert best["id"] == merkel and best["match"] and "wikidata:Q567" in best["description"]
    # An identifier matches its holder exactly, whatever the name says.
    [exact, *rest] = reconcile(client, {"query": "Emmanuel Macron",
                                        "properties": [{"pid": "wikidata", "v": "Q567"}]})
    assert (exact["id"], exact["score"], exact["match"]) == (merkel, 100.0, True)
    assert [r["id"] for r in rest] == [macron] and not rest[0]["match"]
    # A name match holding another value under the scheme asked for is no certain match.
    [other] = reconcile(client, {"query": "Angela Merkel", "properties": [{"pid": "wikidata", "v": ["Q1"]}]})
    assert other["id"] == merkel and not other["match"]
    preview = client.get("/v1/reconcile/preview", params={"id": merkel}).text
    assert "wikidata:Q567" in preview
