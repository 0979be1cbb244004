"""End to end: `namesake serve` as a real process, the seed articles posted over HTTP."""
import json

import httpx
import pytest

from bench.server import running_server

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(empty_database, tmp_path):
    """A server on a fresh database, which it migrates itself on start."""
    with running_server(empty_database, tmp_path) as base:
        yield base


def test_seed_articles_round_trip(server, seeds):
    gold = json.loads((seeds / "gold.json").read_text())
    with httpx.Client(base_url=server, timeout=120) as client:
        for doc in gold["documents"]:
            text = (seeds / doc["file"]).read_text(encoding="utf-8")
            response = client.post("/v1/articles", json={"text": text, "external_id": doc["id"]})
            assert response.status_code == 201, response.text
            body = response.json()
            assert body["id"] and body["mentions"]
            for mention in body["mentions"]:
                assert text[mention["start"]:mention["end"]] == mention["text"]
                assert isinstance(mention["entity_id"], str) and mention["entity_id"]
            for entity_id in {m["entity_id"] for m in body["mentions"]}:
                assert client.get(f"/v1/entities/{entity_id}").status_code == 200
            stored = client.get(f"/v1/articles/{body['id']}").json()
            assert stored["text"] == text and stored["mentions"] == body["mentions"]
        again = client.post("/v1/articles", json={"text": text, "external_id": doc["id"]})
        assert again.status_code == 200 and again.json()["id"] == body["id"]
