"""Input at the edges of what the API accepts, on SQLite and PostgreSQL:
datetimes at the ends of the calendar and with offsets, bodies without a
JSON content type or not readable as JSON, forged page cursors, the longest
text the body limit must carry, and Host headers a client can forge."""
import base64
import json

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.config import Settings
from tests.conftest import wipe
from tests.reliability.helpers import TEXT, row_counts

JSON = {"Content-Type": "application/json"}

# Valid ISO 8601, but outside Python's datetime range once converted to UTC.
OUT_OF_RANGE = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]

# In range in UTC however far the offset: (sent, the same instant in UTC).
AT_THE_EDGES = [
    ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ("0001-01-01T00:00:00-14:00", "0001-01-01T14:00:00Z"),
    ("9999-12-31T23:59:59+14:00", "9999-12-31T09:59:59Z"),
    ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
]


def post(client, **fields):
    response = client.post("/v1/articles", json={"text": TEXT, **fields})
    assert response.status_code in (200, 201), response.text
    return response.json()


def published_everywhere(client, article: dict) -> set[str]:
    """published_at as every read of the article answers it."""
    entity_id = article["entities"][0]["id"]
    return {
        article["published_at"],
        client.get(f"/v1/articles/{article['id']}").json()["published_at"],
        client.get(f"/v1/entities/{entity_id}/articles").json()["items"][0]["published_at"],
        client.get(f"/v1/entities/{entity_id}/mentions").json()["items"][0]["published_at"],
    }


# 1. Datetimes are converted to UTC on input; instants outside years 1..9999 are refused.

@pytest.mark.parametrize("published_at", OUT_OF_RANGE)
def test_published_at_outside_the_utc_calendar_is_refused(client, settings, published_at):
    before = row_counts(settings.database_url)
    response = client.post("/v1/articles", json={"text": TEXT, "published_at": published_at})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_request"
    assert body["message"].startswith("body.published_at") and "9999" in body["message"], body
    assert row_counts(settings.database_url) == before


@pytest.mark.parametrize("published_at", OUT_OF_RANGE)
def test_published_at_outside_the_utc_calendar_is_refused_in_a_batch(client, published_at):
    response = client.post("/v1/articles:batch", json={"articles": [{"text": TEXT, "published_at": published_at}]})
    assert response.status_code == 200, response.text
    [item] = response.json()["items"]
    assert item["status"] == "error" and item["error"]["error"] == "invalid_request"
    assert "published_at" in item["error"]["message"]


@pytest.mark.parametrize("sent, utc", AT_THE_EDGES)
def test_published_at_at_the_ends_of_the_calendar_reads_back(client, sent, utc):
    article = post(client, published_at=sent)
    assert published_everywhere(client, article) == {utc}


def test_naive_published_at_is_taken_as_utc(client):
    article = post(client, published_at="2024-01-01T00:00:00")
    assert published_everywhere(client, article) == {"2024-01-01T00:00:00Z"}


def search(q: str | None, since: str) -> dict:
    return {"updated_since": since, **({"q": q} if q else {})}


@pytest.mark.parametrize("since", OUT_OF_RANGE)
@pytest.mark.parametrize("q", [None, "Angela Merkel"])
def test_updated_since_outside_the_utc_calendar_is_refused(client, since, q):
    post(client)
    response = client.get("/v1/entities", params=search(q, since))
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_request"
    assert "updated_since" in response.json()["message"]


# 2. The offset is kept: both backends answer the same instant.

def test_an_offset_gives_the_same_instant_on_every_backend(client):
    article = post(client, published_at="2024-01-01T00:00:00+05:00")
    assert published_everywhere(client, article) == {"2023-12-31T19:00:00Z"}


# 3. Entity search with a query and updated_since.

@pytest.mark.parametrize("q", [None, "Angela Merkel"])
def test_search_filters_on_updated_since(client, q):
    merkel = post(client)["entities"][0]["id"]

    def found(since: str) -> list[str]:
        response = client.get("/v1/entities", params=search(q, since))
        assert response.status_code == 200, response.text
        return [hit["id"] for hit in response.json()["items"]]

    assert merkel in found("2024-01-01T00:00:00Z")
    assert merkel in found("0001-01-01T00:00:00-14:00")  # year 1, in range once in UTC
    assert merkel in found("2024-01-01T00:00:00")  # naive: UTC
    assert found("9999-12-31T23:59:59+14:00") == []


# 4. A POST with a JSON body must say so.

VALID_BODIES = {
    "/v1/articles": {"text": TEXT},
    "/v1/articles:batch": {"articles": [{"text": TEXT}]},
    "/v1/names/compare": {"a": "Riyad Hijab", "b": "Riad Hijab"},
    "/v1/entities/e1/merge": {"other_id": "e2"},
    "/v1/entities/e1/split": {"aliases": ["Hijab"]},
    "/v1/entities/e1/rename": {"name": "Riad Hijab"},
    "/v1/entities/e1/distinct": {"other_id": "e2"},
    "/v1/audit/1/undo": {},
    "/v1/review/1": {"decision": "accept"},
}


@pytest.mark.parametrize("content_type", [None, "text/plain", "text/json", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize("path", VALID_BODIES)
def test_a_json_body_not_sent_as_json_is_415(client, settings, path, content_type):
    before = row_counts(settings.database_url)
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(path, content=json.dumps(VALID_BODIES[path]).encode(), headers=headers)
    assert response.status_code == 415, response.text
    assert response.json()["error"] == "unsupported_media_type"
    assert "application/json" in response.json()["message"]
    assert row_counts(settings.database_url) == before


def test_a_post_with_no_body_and_no_type_is_415(client):
    response = client.post("/v1/articles")
    assert response.status_code == 415 and response.json()["error"] == "unsupported_media_type"


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/merge-patch+json"])
def test_json_content_types_are_read(client, content_type):
    response = client.post("/v1/names/compare", content=b'{"a": "Riyad Hijab", "b": "Riad Hijab"}',
                           headers={"Content-Type": content_type})
    assert response.status_code == 200, response.text


def test_reconciliation_still_takes_form_bodies(client):
    response = client.post("/v1/reconcile", data={"queries": json.dumps({"q0": {"query": "Angela Merkel"}})})
    assert response.status_code == 200 and response.json() == {"q0": {"result": []}}
    response = client.post("/v1/reconcile", content=b'queries={"q0":{"query":"Angela Merkel"}}')
    assert response.status_code == 415 and response.json()["error"] == "unsupported_media_type"


# 5. Bodies that cannot be read as JSON are malformed_json.

UNREADABLE = {
    "invalid UTF-8": b'{"text": "Riyad \xff\xfe Hijab"}',
    "invalid UTF-8 at the start": b'\xff{"text": "Riyad Hijab"}',
    "deeply nested": b'{"text": "Riyad Hijab", "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "deeply nested objects": b'{"a": ' * 100_000 + b"1" + b"}" * 100_000,
}


@pytest.mark.parametrize("path", ["/v1/articles", "/v1/names/compare"])
@pytest.mark.parametrize("case", UNREADABLE)
def test_a_body_that_is_not_readable_json_is_malformed_json(client, settings, path, case):
    before = row_counts(settings.database_url)
    response = client.post(path, content=UNREADABLE[case], headers=JSON)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "malformed_json" and response.json()["message"]
    assert row_counts(settings.database_url) == before


# 6. Page cursors hold an integer offset, and only that.

def cursor(payload: bytes) -> str:
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


@pytest.mark.parametrize("payload", [b'{"o": true}', b'{"o": false}', b'{"o": 1.0}', b'{"o": "1"}'])
def test_a_cursor_that_is_not_an_integer_offset_is_refused(client, payload):
    post(client)
    response = client.get("/v1/entities", params={"cursor": cursor(payload)})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_cursor"


def test_a_cursor_given_out_still_pages(client):
    post(client)
    response = client.get("/v1/entities", params={"cursor": cursor(b'{"o": 1}')})
    assert response.status_code == 200 and response.json()["offset"] == 1


# 7. The default body limit carries the longest text, each character escaped as JSON.

ASTRAL = "\U0001F600"  # one code point, 12 bytes as JSON: \ud83d\ude00


def longest_fields() -> dict:
    """Every other field at its longest, written with astral characters too."""
    return {"external_id": ASTRAL * 512, "title": ASTRAL * 10_000, "url": ASTRAL * 10_000,
            "source": ASTRAL * 512, "published_at": "2024-01-01T00:00:00+05:00"}


@pytest.fixture
def app_for(database_url):
    """A real app with a text limit of its own (and the default body limit)."""
    started = []

    def start(max_text_chars: int) -> TestClient:
        settings = Settings(database_url=database_url, migrate_on_start=False, max_text_chars=max_text_chars)
        client = TestClient(create_app(settings), raise_server_exceptions=False).__enter__()
        started.append(client)
        return client

    yield start
    for client in started:
        client.__exit__(None, None, None)
    wipe(database_url)


def escaped(body: dict) -> bytes:
    data = json.dumps(body).encode()  # ensure_ascii: every astral character as a surrogate pair
    assert data.count(b"\\ud83d\\ude00") == sum(v.count(ASTRAL) for v in body.values())
    return data


def test_the_longest_text_of_astral_characters_is_accepted(app_for):
    client = app_for(1000)
    text = "Angela Merkel met Emmanuel Macron. " + ASTRAL * (1000 - 35)
    response = client.post("/v1/articles", content=escaped({"text": text, **longest_fields()}), headers=JSON)
    assert response.status_code == 201, response.text
    assert client.get(f"/v1/articles/{response.json()['id']}").json()["text"] == text


def test_the_body_limit_lets_the_longest_escaped_text_through_to_the_text_check(app_for):
    # Longer than the 1 MiB allowance for other fields could hide: one character
    # over the text limit must be refused for its characters, not for its bytes.
    chars = 300_000
    client = app_for(chars)
    body = escaped({"text": ASTRAL * (chars + 1), **longest_fields()})
    response = client.post("/v1/articles", content=body, headers=JSON)
    assert response.status_code == 413, response.text
    assert response.json()["error"] == "text_too_large", response.json()


def test_default_body_limit_counts_twelve_bytes_a_character():
    settings = Settings(database_url="sqlite:///unused.db", max_text_chars=1000)
    assert settings.body_limit() >= 12 * 1000 + 12 * (512 + 10_000 + 10_000 + 512)
    assert settings.model_copy(update={"max_body_bytes": 5000}).body_limit() == 5000


# 8. The reconciliation manifest's URLs come from settings, never from the request.

def manifest_urls(manifest: dict) -> list[str]:
    return [manifest["view"]["url"], manifest["preview"]["url"], manifest["suggest"]["entity"]["service_url"]]


def test_a_forged_host_header_does_not_reach_the_manifest(client):
    response = client.get("/v1/reconcile", headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200
    assert "evil" not in response.text
    assert manifest_urls(response.json()) == ["http://127.0.0.1:8000/ui/#/entity/{{id}}",
                                              "http://127.0.0.1:8000/v1/reconcile/preview?id={{id}}",
                                              "http://127.0.0.1:8000"]


def test_public_url_builds_the_manifest(settings):
    public = settings.model_copy(update={"public_url": "https://names.example.org/namesake/"})
    with TestClient(create_app(public), raise_server_exceptions=False) as client:
        manifest = client.get("/v1/reconcile", headers={"Host": "evil.example"}).json()
    assert manifest_urls(manifest) == ["https://names.example.org/namesake/ui/#/entity/{{id}}",
                                       "https://names.example.org/namesake/v1/reconcile/preview?id={{id}}",
                                       "https://names.example.org/namesake"]


@pytest.mark.parametrize("host, port, base", [
    ("0.0.0.0", 9000, "http://127.0.0.1:9000"),
    ("::", 8000, "http://127.0.0.1:8000"),
    ("::1", 8001, "http://[::1]:8001"),
    ("names.internal", 80, "http://names.internal:80"),
])
def test_without_public_url_the_base_comes_from_host_and_port(host, port, base):
    assert Settings(database_url="sqlite:///unused.db", host=host, port=port).public_base_url() == base


@pytest.mark.parametrize("url", ["names.example.org", "ftp://names.example.org", "https://", "https://x/?q=1"])
def test_a_public_url_that_is_no_base_url_stops_the_service(url):
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        Settings(database_url="sqlite:///unused.db", public_url=url)
