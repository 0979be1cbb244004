"""API keys with roles, and CORS for CMS plugins."""
import pytest
from fastapi.testclient import TestClient

from service.app import create_app

READ, WRITE, ADMIN = "r" * 20, "w" * 20, "a" * 20
TEXT = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."


@pytest.fixture
def secured(settings):
    keys = f"reader:{READ}:read,publisher:{WRITE}:write,editor:{ADMIN}:admin"
    secure = settings.model_copy(update={"api_keys": keys,
                                         "cors_origins": "https://cms.example.org"})
    with TestClient(create_app(secure), raise_server_exceptions=False) as client:
        yield client
    from tests.conftest import wipe
    wipe(settings.database_url)


def as_(key):
    return {"X-API-Key": key}


def test_health_needs_no_key(secured):
    assert secured.get("/healthz").status_code == 200
    assert secured.get("/readyz").status_code == 200


def test_missing_or_unknown_key_is_401(secured):
    for headers in ({}, as_("x" * 20), as_(READ[:-1])):
        response = secured.get("/v1/entities", headers=headers)
        assert response.status_code == 401 and response.json()["error"] == "unauthorized"
        assert READ not in response.text


def test_roles(secured):
    assert secured.get("/v1/entities", headers=as_(READ)).status_code == 200
    assert secured.post("/v1/names/compare", json={"a": "Riad Hijab", "b": "Riyad Hijab"},
                        headers=as_(READ)).status_code == 200
    assert secured.post("/v1/articles", json={"text": TEXT}, headers=as_(READ)).status_code == 403
    body = secured.post("/v1/articles", json={"text": TEXT}, headers=as_(WRITE)).json()
    merkel = body["mentions"][0]["entity_id"]
    assert secured.get(f"/v1/mentions/{body['mentions'][0]['id']}/why", headers=as_(READ)).status_code == 200
    rename = {"name": "Angela Dorothea Merkel", "actor": "someone else"}
    assert secured.post(f"/v1/entities/{merkel}/rename", json=rename,
                        headers=as_(WRITE)).status_code == 403
    done = secured.post(f"/v1/entities/{merkel}/rename", json=rename, headers=as_(ADMIN))
    assert done.status_code == 200
    assert done.json()["audit"]["actor"] == "editor"  # the key's name, not the body's say
    assert secured.delete(f"/v1/articles/{body['id']}", headers=as_(READ)).status_code == 403
    assert secured.delete(f"/v1/articles/{body['id']}", headers=as_(ADMIN)).status_code == 204


def test_cors_for_configured_origins_only(secured):
    allowed = secured.options("/v1/entities", headers={
        "Origin": "https://cms.example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "X-API-Key"})
    assert allowed.headers.get("access-control-allow-origin") == "https://cms.example.org"
    other = secured.options("/v1/entities", headers={
        "Origin": "https://elsewhere.example.com", "Access-Control-Request-Method": "GET"})
    assert other.headers.get("access-control-allow-origin") is None


def test_without_keys_everything_is_open(client):
    assert client.get("/v1/entities").status_code == 200
