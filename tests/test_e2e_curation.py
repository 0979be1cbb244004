"""End to end for clients and editors: the seed articles posted to a real
server, people found by any spelling, merges and splits that later articles
respect, and a reconciliation query as OpenRefine sends it."""
import json

import httpx
import pytest

from bench.server import running_server

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(seeds, tmp_path):
    with running_server(f"sqlite:///{tmp_path / 'e2e.db'}", tmp_path) as base:
        with httpx.Client(base_url=base, timeout=120) as client:
            gold = json.loads((seeds / "gold.json").read_text())
            for doc in gold["documents"]:
                text = (seeds / doc["file"]).read_text(encoding="utf-8")
                client.post("/v1/articles", json={"text": text, "external_id": doc["id"]})
            yield client


def top_hit(api, q):
    return api.get("/v1/entities", params={"q": q}).json()["items"][0]


def linked(api, text, surface):
    body = api.post("/v1/articles", json={"text": text}).json()
    [entity_id] = {m["entity_id"] for m in body["mentions"] if m["text"] == surface}
    return entity_id


def test_the_father_is_found_by_any_spelling(api):
    father = top_hit(api, "Khalluf")
    assert father["canonical_name"] == "Mohammed Nour Izz al-din Khalouf"
    assert top_hit(api, "Mohammed Ezz al-Din Khalouf")["id"] == father["id"]
    aliases = {a["surface"] for a in api.get(f"/v1/entities/{father['id']}").json()["aliases"]}
    assert {"Mohammed Khalluf", "Mohammed Ezz al-Din Khalouf", "Khalouf"} <= aliases
    son = top_hit(api, "Izz al-din Khalouf")
    assert son["id"] != father["id"]


def test_merges_and_splits_are_respected_by_later_articles(api):
    bashar, hafez = top_hit(api, "Bashar al-Assad")["id"], top_hit(api, "Hafez al-Assad")["id"]
    assert bashar != hafez
    merged = api.post(f"/v1/entities/{bashar}/merge", json={"other_id": hafez, "actor": "desk"})
    assert merged.status_code == 200
    assert linked(api, "Hafez al-Assad ruled Syria for thirty years, officials said.",
                  "Hafez al-Assad") == bashar
    split = api.post(f"/v1/entities/{bashar}/split", json={"aliases": ["Hafez al-Assad"]}).json()
    hafez_again = split["entity"]["id"]
    assert hafez_again != bashar
    assert linked(api, "Hafez al-Assad died in June 2000, state television said.",
                  "Hafez al-Assad") == hafez_again
    assert linked(api, "President Bashar al-Assad spoke in Damascus on Sunday.",
                  "Bashar al-Assad") == bashar
    actions = [e["action"] for e in api.get("/v1/audit").json()["items"]]
    assert actions == ["split", "merge"]


def test_reconciliation_as_openrefine_sends_it(api):
    father = top_hit(api, "Khalluf")["id"]
    queries = {"q0": {"query": "Mohammed Khalluf", "type": "person", "limit": 3},
               "q1": {"query": "Riad Hijab", "type": "person"}}
    response = api.post("/v1/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    results = response.json()
    assert results["q0"]["result"][0]["id"] == father
    assert results["q1"]["result"][0]["name"] == "Riyad Hijab"
    manifest = api.get("/v1/reconcile").json()
    assert manifest["defaultTypes"][0]["id"] == "person"
