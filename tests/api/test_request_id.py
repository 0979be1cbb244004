"""X-Request-ID: the client's when plausible, otherwise a new one, on every
answer: successes, refusals of every kind (the body limit's 413, a missing
key's 401, the 503 of a database gone, the 500 answered outside the
middlewares), and readable by browsers on allowed origins."""
import re

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from service.schemas import CompareOut

KEY = "k" * 20
CMS = "https://cms.example.org"
GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("request-id")
    settings = Settings(database_url=f"sqlite:///{folder / 'ids.db'}", api_keys=f"cms:{KEY}:admin",
                        cors_origins=CMS, max_body_bytes=2048)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def keyed(**headers) -> dict:
    return {"X-API-Key": KEY, **headers}


@pytest.mark.parametrize("given", ["3f2b1c0e-8d4a-4e6b-9c1d-2a3b4c5d6e7f", "cms-42:article/7", "a" * 128])
def test_a_plausible_id_is_echoed(app, given):
    response = app.get("/v1/entities", headers=keyed(**{"X-Request-ID": given}))
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["", "a" * 129, "two words", "quote\"d", "tab\there", "ünïcode"])
def test_an_implausible_id_is_replaced(app, given):
    response = app.get("/v1/entities", headers=keyed(**{"X-Request-ID": given.encode()}))
    assert GENERATED.fullmatch(response.headers["X-Request-ID"]), response.headers["X-Request-ID"]


def test_without_one_each_request_gets_its_own(app):
    ids = {app.get("/healthz").headers["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3 and all(GENERATED.fullmatch(i) for i in ids)


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("POST", "/v1/articles", {"json": {"text": "Olaf Scholz spoke."}}, 201),
    ("GET", "/v1/entities/nobody", {}, 404),
    ("GET", "/nowhere", {}, 404),
    ("PATCH", "/v1/entities", {}, 405),
    ("POST", "/v1/articles", {"content": b'{"text": ', "headers": {"content-type": "application/json"}}, 400),
    ("POST", "/v1/articles", {"json": {"text": "x" * 4000}}, 413),  # the body limit, before any route
    ("POST", "/v1/articles", {"content": b"Olaf", "headers": {"content-type": "text/plain"}}, 415),
    ("POST", "/v1/articles", {"json": {}}, 422),
    ("GET", "/docs", {}, 200),
    ("GET", "/static/namesake-embed.js", {}, 200),
])
def test_every_answer_carries_it(app, method, path, kwargs, status):
    headers = keyed(**kwargs.pop("headers", {}), **{"X-Request-ID": f"req-{status}"})
    response = app.request(method, path, headers=headers, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers.get_list("X-Request-ID") == [f"req-{status}"]


def test_a_missing_key_is_answered_with_it(app):
    response = app.get("/v1/entities", headers={"X-Request-ID": "no-key"})
    assert response.status_code == 401
    assert response.headers["X-Request-ID"] == "no-key"


def test_an_unexpected_error_is_answered_with_it(app, monkeypatch):
    """Starlette answers a 500 outside every middleware: the handler adds the ID itself."""
    def broken(cls, a, b):
        raise RuntimeError("a bug")

    monkeypatch.setattr(CompareOut, "of", classmethod(broken))
    response = app.post("/v1/names/compare", json={"a": "Riad Hijab", "b": "Riyad Hijab"},
                        headers=keyed(**{"X-Request-ID": "bug-1"}))
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert response.headers.get_list("X-Request-ID") == ["bug-1"]


def test_a_database_gone_is_answered_with_it(tmp_path):
    gone = Settings(database_url=f"sqlite:///{tmp_path / 'missing' / 'namesake.db'}", migrate_on_start=False)
    with TestClient(create_app(gone), raise_server_exceptions=False) as client:
        response = client.get("/v1/entities", headers={"X-Request-ID": "db-gone"})
    assert response.status_code == 503
    assert response.headers["X-Request-ID"] == "db-gone"


def test_browsers_on_allowed_origins_may_send_and_read_it(app):
    preflight = app.options("/v1/articles", headers={
        "Origin": CMS, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-api-key,x-request-id"})
    assert preflight.status_code == 200
    assert "x-request-id" in preflight.headers["access-control-allow-headers"].lower()
    response = app.get("/v1/entities", headers=keyed(Origin=CMS))
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
