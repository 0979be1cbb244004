"""Webhooks on SQLite and PostgreSQL, against real receivers (HTTP servers on
127.0.0.1 in threads of the test): signed deliveries carrying the change
feed, retries in order, receivers that fail, hang or are down, the lease
between replicas, the admin endpoints, the settings and the receivers'
signature check. Waits poll with generous bounds; nothing asserts timing."""
import json
import logging
import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from sys import executable

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError
from sqlmodel import Session

from service import webhooks
from service.app import create_app
from service.client import sign, verify_signature
from service.config import Settings
from service.db.engine import make_engine
from service.db.models import utcnow
from tests.api.test_curation import MACRON, MERKEL, post
from tests.conftest import wipe

SECRET = "webhook-secret-for-tests"
# Short pauses, so that each test takes seconds.
FAST = {"webhook_secret": SecretStr(SECRET), "webhook_timeout": 2.0, "webhook_lease": 6.0,
        "webhook_backoff": 0.05, "webhook_max_backoff": 0.2, "webhook_poll_interval": 0.05}
TEXTS = [MERKEL, MACRON, "Joe Biden spoke on Friday.", "Olaf Scholz met Rishi Sunak in Berlin."]
ADMIN = "a" * 20


class Receiver:
    """A webhook receiver: answers each POST with the next of `statuses`, then
    200; with `hang`, holds every request until `release()`. Records each
    request with the status it answered."""

    def __init__(self, statuses=(), hang=False, port=0):
        self.statuses, self.requests = list(statuses), []
        self.held = 0  # requests waiting for release() now
        self.released = threading.Event()
        if not hang:
            self.released.set()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.wait_for_release()
                with receiver.lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.requests.append((status, dict(self.headers), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler

    def wait_for_release(self):
        with self.lock:
            self.held += 1
        self.released.wait(60)
        with self.lock:
            self.held -= 1

    def accepted(self) -> list[tuple[dict, bytes]]:
        with self.lock:
            return [(headers, body) for status, headers, body in self.requests if status == 200]

    def items(self) -> list[dict]:
        """Every change it acknowledged, in the order received."""
        return [item for _, body in self.accepted() for item in json.loads(body)["items"]]

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    """A port nothing listens on (until a receiver takes it)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_port
    server.server_close()
    return port


def wait_until(condition: Callable[[], object], what: str, seconds: float = 60):
    """Poll until `condition` answers something true; a generous bound, not a timing check."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def feed(client) -> list[dict]:
    response = client.get("/v1/changes", params={"limit": 1000})
    assert response.status_code == 200
    return response.json()["items"]


def delivered_all(client, receiver) -> list[dict]:
    """Waits until the receiver acknowledged the whole feed and the sender
    recorded it (the receiver answers before the sender writes); the feed."""
    wait_until(lambda: {c["id"] for c in receiver.items()} >= {c["id"] for c in feed(client)},
               "the receiver to get every change")
    wait_until(lambda: all(w["lag"] == 0 for w in client.get("/v1/webhooks").json()["items"]),
               "the sender to record the last delivery")
    return feed(client)


def log_of(client, url, limit=200) -> list[dict]:
    """The delivery log of a URL, oldest first."""
    response = client.get("/v1/webhooks/deliveries", params={"url": url, "limit": limit})
    assert response.status_code == 200, response.text
    return response.json()["items"][::-1]


@pytest.fixture
def receivers():
    made: list[Receiver] = []

    def make(*statuses, **options) -> Receiver:
        made.append(Receiver(statuses, **options))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


@pytest.fixture
def start_app(settings, receivers):
    """Starts an app (its lifespan, hence its sender) sending to `urls`; each
    call is another replica on the same database. Stopped before the
    receivers (this fixture needs theirs)."""
    with ExitStack() as stack:
        def start(*urls, **overrides) -> TestClient:
            hooked = settings.model_copy(update={**FAST, "webhook_urls": ",".join(urls), **overrides})
            return stack.enter_context(TestClient(create_app(hooked), raise_server_exceptions=False))

        yield start
    wipe(settings.database_url)


# --- deliveries ---

def test_signed_deliveries_carry_the_feed(start_app, receivers, caplog):
    caplog.set_level(logging.DEBUG)
    receiver = receivers()
    client = start_app(receiver.url, webhook_batch_size=2)
    for text in TEXTS[:2]:
        post(client, text)
    everything = delivered_all(client, receiver)
    assert receiver.items() == everything  # the same items, in order, once each
    deliveries = {d["id"]: d for d in log_of(client, receiver.url)}
    for headers, body in receiver.accepted():
        assert headers["Content-Type"] == "application/json"
        assert verify_signature(body, headers["X-Namesake-Timestamp"], headers["X-Namesake-Signature"], SECRET)
        assert not verify_signature(body, headers["X-Namesake-Timestamp"], headers["X-Namesake-Signature"],
                                    "another-secret-entirely")
        delivery = deliveries[int(headers["X-Namesake-Delivery"])]
        items = json.loads(body)["items"]
        assert delivery["outcome"] == "delivered" and delivery["status_code"] == 200
        assert (delivery["first_change"], delivery["last_change"]) == (items[0]["id"], items[-1]["id"])
    [status] = client.get("/v1/webhooks").json()["items"]
    assert status["url"] == receiver.url and status["lag"] == 0 and status["after"] == everything[-1]["id"]
    assert status["lease_owner"] and status["last_attempt"]["outcome"] == "delivered"
    assert SECRET not in caplog.text


def test_a_failing_receiver_gets_every_change_in_order(start_app, receivers):
    receiver = receivers(500, 500, 503)
    client = start_app(receiver.url, webhook_batch_size=2)
    for text in TEXTS[:3]:
        post(client, text)
    everything = delivered_all(client, receiver)
    assert receiver.items() == everything
    # The failed attempts sent the very batch that then got through.
    first_four = [body for _, _, body in receiver.requests[:4]]
    assert len(set(first_four)) == 1
    log = log_of(client, receiver.url)
    assert [(d["attempt"], d["outcome"], d["status_code"]) for d in log[:4]] == [
        (1, "failed", 500), (2, "failed", 500), (3, "failed", 503), (4, "delivered", 200)]
    assert len({(d["first_change"], d["last_change"]) for d in log[:4]}) == 1
    assert all(d["outcome"] == "delivered" for d in log[4:])


def test_a_hanging_receiver_does_not_hold_up_posts(start_app, receivers):
    receiver = receivers(hang=True)
    # A timeout far longer than the test: the delivery stays in flight.
    client = start_app(receiver.url, webhook_timeout=30.0, webhook_lease=90.0)
    post(client, TEXTS[0])
    wait_until(lambda: receiver.held, "the first delivery to reach the receiver")
    for text in TEXTS[1:]:
        post(client, text)  # answers while the receiver still holds the delivery
        assert receiver.held == 1 and not receiver.released.is_set()
    [status] = client.get("/v1/webhooks").json()["items"]
    assert status["last_attempt"]["outcome"] == "pending" and status["lag"] > 0
    receiver.released.set()
    everything = delivered_all(client, receiver)
    assert receiver.items() == everything


def test_a_receiver_that_is_down_is_retried_until_it_is_up(start_app, receivers):
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    client = start_app(url)
    for text in TEXTS[:2]:
        post(client, text)
    failed = wait_until(lambda: [d for d in log_of(client, url) if d["outcome"] == "failed"][2:],
                        "a few failed attempts")
    assert all(d["status_code"] is None and d["error"].startswith("ConnectError") for d in failed)
    receiver = receivers(port=port)
    everything = delivered_all(client, receiver)
    assert receiver.items() == everything


def test_two_replicas_deliver_each_change_once(start_app, receivers):
    receiver = receivers()
    replicas = [start_app(receiver.url, webhook_batch_size=2) for _ in range(2)]
    for n, text in enumerate(TEXTS):
        post(replicas[n % 2], text)
    everything = delivered_all(replicas[0], receiver)
    assert receiver.items() == everything  # once each: one replica holds the URL
    delivered = [d for d in log_of(replicas[0], receiver.url) if d["outcome"] == "delivered"]
    assert len(delivered) == len(receiver.accepted())
    assert all(a["last_change"] < b["first_change"] for a, b in zip(delivered, delivered[1:], strict=False))
    [status] = replicas[1].get("/v1/webhooks").json()["items"]
    assert status["lag"] == 0 and status["lease_owner"]


def test_a_replica_takes_over_the_url_another_gave_up(start_app, receivers, settings):
    receiver = receivers()
    with TestClient(create_app(settings.model_copy(update={**FAST, "webhook_urls": receiver.url}))) as first:
        post(first, TEXTS[0])
        delivered_all(first, receiver)
    second = start_app(receiver.url)  # the first stopped and gave up its lease
    post(second, TEXTS[1])
    everything = delivered_all(second, receiver)
    assert receiver.items() == everything


# --- the lease, on its own ---

def test_a_lease_passes_on_only_when_given_up_or_run_out(database_url):
    engine = make_engine(database_url)
    url, now = "http://lease.example/hook", utcnow()

    def at(seconds):
        return now + timedelta(seconds=seconds)

    try:
        with Session(engine) as session:
            assert webhooks.claim(session, url, "a", now, 10) == 0  # creates the row
            assert webhooks.claim(session, url, "b", at(5), 10) is None
            assert webhooks.claim(session, url, "a", at(5), 10) == 0  # renewed until 15
            assert not webhooks.advance(session, url, "b", 0, 7)  # not b's
            assert webhooks.advance(session, url, "a", 0, 7)
            assert not webhooks.advance(session, url, "a", 0, 9)  # the cursor is not at 0 any more
            assert webhooks.claim(session, url, "b", at(14), 10) is None
            assert webhooks.claim(session, url, "b", at(16), 10) == 7  # a's ran out
            assert not webhooks.advance(session, url, "a", 7, 9)
            webhooks.release(session, url, "a")  # not a's: changes nothing
            assert webhooks.claim(session, url, "a", at(17), 10) is None
            webhooks.release(session, url, "b")
            assert webhooks.claim(session, url, "a", at(17), 10) == 7
            session.commit()
    finally:
        engine.dispose()
        wipe(database_url)


def test_backoff_doubles_with_jitter_up_to_the_longest():
    for attempts, ceiling in ((1, 1), (2, 2), (3, 4), (6, 30), (10_000, 30)):
        assert all(ceiling / 2 <= webhooks.backoff(attempts, 1, 30) <= ceiling for _ in range(50))


# --- the admin endpoints ---

def test_webhooks_are_for_admins(start_app, receivers):
    receiver = receivers()
    reader = "r" * 20
    client = start_app(receiver.url, api_keys=f"reader:{reader}:read,editor:{ADMIN}:admin")
    for path in ("/v1/webhooks", "/v1/webhooks/deliveries"):
        assert client.get(path, headers={"X-API-Key": reader}).status_code == 403
        assert client.get(path, headers={"X-API-Key": ADMIN}).status_code == 200
    page = client.get("/v1/webhooks/deliveries", params={"limit": 0}, headers={"X-API-Key": ADMIN})
    assert page.status_code == 422 and page.json()["error"] == "invalid_request"


def test_without_urls_there_is_nothing_to_show(client):
    assert client.get("/v1/webhooks").json() == {"items": []}
    assert client.get("/v1/webhooks/deliveries").json()["items"] == []


# --- settings ---

def test_urls_without_a_secret_are_refused():
    with pytest.raises(ValidationError, match="WEBHOOK_SECRET is required"):
        Settings(webhook_urls="https://cms.example.org/hook")


@pytest.mark.parametrize("changes, problem", [
    ({"webhook_urls": "ftp://cms.example.org/hook"}, "WEBHOOK_URLS"),
    ({"webhook_urls": "https://ok.example.org/hook, not a url"}, "WEBHOOK_URLS"),
    ({"webhook_secret": "too-short"}, "at least 16"),
    ({"webhook_timeout": 10, "webhook_lease": 20}, "WEBHOOK_LEASE"),
])
def test_bad_webhook_settings_are_refused_without_showing_the_secret(changes, problem):
    given = {"webhook_urls": "https://cms.example.org/hook", "webhook_secret": SECRET, **changes}
    with pytest.raises(ValidationError, match=problem) as refused:
        Settings(**given)
    assert given["webhook_secret"] not in str(refused.value)


def test_the_server_refuses_to_start_with_urls_and_no_secret(tmp_path):
    namesake = str(Path(executable).parent / "namesake")
    result = subprocess.run([namesake, "serve"], capture_output=True, text=True, cwd=tmp_path, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "WEBHOOK_URLS": "https://cms.example.org/hook"})
    assert result.returncode != 0
    assert "WEBHOOK_SECRET is required" in result.stderr and "Traceback" not in result.stderr


def test_urls_are_listed_once_each():
    settings = Settings(webhook_urls=" https://a.example/h ,https://b.example/h,https://a.example/h,",
                        webhook_secret=SECRET)
    assert settings.webhooks() == ["https://a.example/h", "https://b.example/h"]
    assert SECRET not in repr(settings)


# --- the receivers' check ---

def test_verify_signature():
    body, now = b'{"items": []}', str(int(time.time()))
    signature = sign(body, now, SECRET)
    assert signature.startswith("sha256=") and verify_signature(body, now, signature, SECRET)
    assert not verify_signature(body + b" ", now, signature, SECRET)
    assert not verify_signature(body, str(int(now) + 1), signature, SECRET)
    assert not verify_signature(body, now, signature.removeprefix("sha256="), SECRET)
    assert not verify_signature(body, now, signature, SECRET + "x")
    assert not verify_signature(body, "yesterday", signature, SECRET)
    old = str(int(time.time()) - 3600)
    assert not verify_signature(body, old, sign(body, old, SECRET), SECRET)
    assert verify_signature(body, old, sign(body, old, SECRET), SECRET, tolerance_seconds=7200)
