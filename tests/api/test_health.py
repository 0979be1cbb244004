"""GET /healthz and /readyz."""
from fastapi.testclient import TestClient

from service.app import create_app


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "checks": {}}


def test_readyz_when_database_and_model_are_there(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"model": "ok", "database": "ok"}


def test_readyz_fails_when_the_database_is_unreachable(settings):
    # A port nobody listens on: the app starts (no migration) but is not ready.
    down = settings.model_copy(update={
        "database_url": "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2",
    })
    with TestClient(create_app(down)) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["database"].startswith("unreachable")
        assert client.get("/healthz").status_code == 200
