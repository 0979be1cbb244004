"""Odd and hostile input to POST /v1/articles: each is either refused with a
4xx JSON error that leaves every table as it was, or stored exactly as sent
with offsets into the text that was sent. The service stays up throughout."""
import json
import re
import select
import socket

import httpx
import pytest
from fastapi.testclient import TestClient

from bench.server import serve
from service.app import create_app
from tests.conftest import wipe
from tests.reliability.helpers import TEXT, assert_mentions_consistent, row_counts

JSON = {"Content-Type": "application/json"}

REFUSED = {
    # name: (raw body, content type, status, error code)
    "empty object": (b"{}", "application/json", 422, "invalid_request"),
    "empty text": (b'{"text": ""}', "application/json", 422, "invalid_request"),
    "white space only": (b'{"text": " \\n\\t\\r "}', "application/json", 422, "invalid_request"),
    "unicode white space only": (b'{"text": "\\u3000\\u00a0\\u2028\\ufeff\\u1680"}', "application/json",
                                 422, "invalid_request"),
    "text is null": (b'{"text": null}', "application/json", 422, "invalid_request"),
    "text is a number": (b'{"text": 42}', "application/json", 422, "invalid_request"),
    "text is a list": (b'{"text": ["Angela Merkel"]}', "application/json", 422, "invalid_request"),
    "text is an object": (b'{"text": {"html": "x"}}', "application/json", 422, "invalid_request"),
    "body is a list": (b'["Angela Merkel"]', "application/json", 422, "invalid_request"),
    "body is a string": (b'"Angela Merkel"', "application/json", 422, "invalid_request"),
    "published_at is a number": (b'{"text": "Angela Merkel spoke.", "published_at": 1700000000}',
                                 "application/json", 422, "invalid_request"),
    "malformed JSON": (b'{"text": "Angela Merkel', "application/json", 400, "malformed_json"),
    "trailing garbage": (b'{"text": "Angela Merkel"} {}', "application/json", 400, "malformed_json"),
    "empty body": (b"", "application/json", 422, "invalid_request"),
    "invalid UTF-8": (b'{"text": "Riyad \xff\xfe Hijab"}', "application/json", 400, "malformed_json"),
    # Python's JSON reader lets surrogates encoded as UTF-8 through; the field check does not.
    "UTF-8 encoded surrogate": (b'{"text": "Riyad \xed\xa0\x80 Hijab"}', "application/json", 422,
                                "invalid_request"),
    "escaped lone surrogate": (b'{"text": "Riyad \\ud800 Hijab"}', "application/json", 422, "invalid_request"),
    "NUL": (b'{"text": "Riyad\\u0000 Hijab"}', "application/json", 422, "invalid_request"),
    "NUL in external_id": (b'{"text": "Riyad Hijab", "external_id": "a\\u0000"}', "application/json",
                           422, "invalid_request"),
    "raw control character in a JSON string": (b'{"text": "Riyad\x01 Hijab"}', "application/json", 400,
                                               "malformed_json"),
    "deeply nested JSON": (b'{"text": "Riyad Hijab", "title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                           "application/json", 400, "malformed_json"),
    "plain text": (b"Angela Merkel met Emmanuel Macron.", "text/plain", 415, "unsupported_media_type"),
    "form": (b"text=Angela+Merkel", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    "HTML page": (b"<html><body>Angela Merkel</body></html>", "text/html", 415, "unsupported_media_type"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_bad_input_is_refused_and_leaves_no_trace(client, settings, case):
    body, content_type, status, code = REFUSED[case]
    client.post("/v1/articles", json={"text": TEXT, "external_id": "before"})  # a store that is not empty
    before = row_counts(settings.database_url)
    response = client.post("/v1/articles", content=body, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()
    assert error["message"] and (code is None or error["error"] == code), error
    assert row_counts(settings.database_url) == before
    assert client.get("/healthz").status_code == 200


ARABIC = "\u0628\u0634\u0627\u0631 \u0627\u0644\u0623\u0633\u062f"  # Bashar al-Assad, in Arabic script
ACCEPTED = {
    "control characters": "Angela Merkel\u0007 met\u001b[31m French President\u007f Emmanuel Macron\u0085 today.",
    "100k-character single token": "x" * 100_000 + " German Chancellor Angela Merkel met Emmanuel Macron.",
    "long token of letters": "A" + "a" * 99_999 + " said Angela Merkel to Emmanuel Macron.",
    "repeated paragraphs": ("President Emmanuel Macron met Chancellor Angela Merkel in Berlin.\n\n" * 400),
    "HTML as text": ('<div class="story"><p>German Chancellor <b>Angela Merkel</b> met '
                     '<a href="/macron">Emmanuel Macron</a>.</p><script>alert(1)</script></div>'),
    "right-to-left and mixed scripts": (f"\u200fSyrian President Bashar al-Assad ({ARABIC}) met "
                                        f"\u05d1\u05e0\u05d9\u05de\u05d9\u05df and Angela Merkel \u202bin "
                                        f"\u062f\u0645\u0634\u0642\u202c on Monday."),
    "astral characters": "\U0001F600\U0001D400 German Chancellor Angela Merkel met Emmanuel Macron \U0001F44B.",
    "CRLF and tabs": "German Chancellor\tAngela Merkel\r\nmet French President\r\n\tEmmanuel Macron.\r\n",
    "combining marks": "Cafe\u0301 owner Jose\u0301 Garci\u0301a met Angela Merkel.",
}


@pytest.mark.parametrize("case", ACCEPTED, ids=list(ACCEPTED))
def test_odd_but_valid_text_is_stored_exactly(client, case):
    text = ACCEPTED[case]
    response = client.post("/v1/articles", json={"text": text, "external_id": case})
    assert response.status_code == 201, response.text
    body = response.json()
    assert_mentions_consistent(body, text)
    stored = client.get(f"/v1/articles/{body['id']}").json()
    assert stored["text"] == text
    assert [m["text"] for m in stored["mentions"]] == [m["text"] for m in body["mentions"]]
    for entity in body["entities"]:
        assert client.get(f"/v1/entities/{entity['id']}").status_code == 200
    assert client.post("/v1/articles", json={"text": text, "external_id": case}).status_code == 200


def test_repeated_paragraphs_give_every_mention(client):
    text = ACCEPTED["repeated paragraphs"]
    mentions = client.post("/v1/articles", json={"text": text}).json()["mentions"]
    assert len(mentions) == 2 * 400
    assert len({m["entity_id"] for m in mentions}) == 2


@pytest.mark.parametrize("path", ["/v1/articles/a%00b", "/v1/entities/a%00b", "/v1/entities/a%00b/mentions",
                                  "/v1/reconcile/preview?id=a%00b"])
def test_nul_in_an_id_is_a_4xx_on_every_backend(client, path):
    response = client.get(path)
    assert response.status_code == 422 and "NUL" in response.json()["message"]


@pytest.fixture
def small_limits(settings):
    """Limits small enough to pass in a test: 50 characters of text, 2 kB of body."""
    small = settings.model_copy(update={"max_text_chars": 50, "max_body_bytes": 2048})
    with TestClient(create_app(small), raise_server_exceptions=False) as client:
        yield client
    wipe(settings.database_url)


def test_text_over_the_limit_is_413(small_limits, settings):
    response = small_limits.post("/v1/articles", json={"text": "Angela Merkel " * 4})
    assert response.status_code == 413 and response.json()["error"] == "text_too_large"
    assert "50" in response.json()["message"]
    assert sum(row_counts(settings.database_url).values()) == 0


def test_body_over_the_limit_is_413_whatever_the_text(small_limits, settings):
    # Within the text limit, but a title makes the body too large.
    response = small_limits.post("/v1/articles", json={"text": "Angela Merkel", "title": "t" * 5000})
    assert response.status_code == 413 and response.json()["error"] == "body_too_large"
    assert response.headers["connection"] == "close"


def test_streamed_body_is_cut_off_at_the_limit(small_limits, settings):
    """No Content-Length (a chunked upload): the bytes are counted as they come."""
    sent = []

    def chunks():
        for _ in range(1000):  # 1 MB if it were all read
            sent.append(1)
            yield b" " * 1024

    response = small_limits.post("/v1/articles", content=chunks(), headers=JSON)
    assert response.status_code == 413 and response.json()["error"] == "body_too_large"
    assert sum(row_counts(settings.database_url).values()) == 0
    assert small_limits.get("/healthz").status_code == 200


def test_default_body_limit_follows_the_text_limit(settings):
    assert settings.body_limit() >= 12 * settings.max_text_chars  # \ud83d\ude00: one character
    assert settings.model_copy(update={"max_body_bytes": 1000}).body_limit() == 1000


def read_answer(sock) -> tuple[int, bytes]:
    """One HTTP answer with a Content-Length, read without waiting for the close."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1))
    while len(body) < length:
        body += sock.recv(65536)
    return int(head.split()[1]), body


@pytest.mark.e2e
def test_a_huge_body_is_refused_before_it_is_read(tmp_path):
    """Against a real server: 50 MB announced, or streamed without a length,
    is answered 413 as soon as the limit is passed, long before the end."""
    url = f"sqlite:///{tmp_path / 'huge.db'}"
    limit, huge = 1_000_000, 50 * 2**20
    with serve(url, tmp_path, MAX_BODY_BYTES=str(limit)) as server:
        port = int(server.url.rsplit(":", 1)[1])
        for framing in ("Content-Length", "chunked"):
            with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
                length = f"Content-Length: {huge}" if framing == "Content-Length" else "Transfer-Encoding: chunked"
                sock.sendall(f"POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             f"{length}\r\n\r\n".encode())
                sent, chunk = 0, b"x" * 65536
                while sent < huge and not select.select([sock], [], [], 0)[0]:  # until it answers
                    sock.sendall(chunk if framing == "Content-Length" else b"10000\r\n" + chunk + b"\r\n")
                    sent += len(chunk)
                status, body = read_answer(sock)
            assert status == 413 and json.loads(body)["error"] == "body_too_large", framing
            assert sent < 20 * limit, (framing, sent)  # answered long before the 50 MB
        # A client that sends it all before reading (as most do) reads the 413 too.
        response = httpx.post(f"{server.url}/v1/articles", content=b" " * (3 * limit), headers=JSON, timeout=60)
        assert response.status_code == 413 and response.json()["error"] == "body_too_large"
        assert httpx.get(f"{server.url}/healthz").status_code == 200
    assert row_counts(url)["article"] == 0
