"""SIGTERM to a running `namesake serve`: requests already in flight are
finished, new ones are not taken, the process exits cleanly, and every
article that was acknowledged (201) is there after a restart on the same
database."""
import json
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest

from bench.server import serve
from tests.reliability.helpers import TEXT

pytestmark = pytest.mark.e2e
# uvicorn finishes its graceful shutdown, then lets the signal end the process.
STOPPED = (0, -signal.SIGTERM)


def raw_request_in_two_halves(base: str, body: bytes):
    """Sends the headers and half the body now; returns a function that sends
    the rest and reads the whole answer (status, JSON body)."""
    address = urlsplit(base)
    sock = socket.create_connection((address.hostname, address.port), timeout=60)
    head = (f"POST /v1/articles HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    half = len(body) // 2
    sock.sendall(head + body[:half])

    def finish() -> tuple[int, dict]:
        sock.sendall(body[half:])
        answer = b""
        while chunk := sock.recv(65536):  # the server closes the connection after it
            answer += chunk
        sock.close()
        head_part, _, payload = answer.partition(b"\r\n\r\n")
        return int(head_part.split()[1]), json.loads(payload)

    return finish


def test_sigterm_finishes_the_request_in_flight(tmp_path):
    url = f"sqlite:///{tmp_path / 'shutdown.db'}"
    with serve(url, tmp_path, SHUTDOWN_TIMEOUT="60") as server:
        finish = raw_request_in_two_halves(server.url, json.dumps({"text": TEXT, "external_id": "in-flight"}).encode())
        # A round trip on another connection: by its end the server has read
        # the first request's headers, so that request is in flight.
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        server.process.send_signal(signal.SIGTERM)
        with pytest.raises(httpx.TransportError):  # no new requests once shutting down
            for _ in range(50):
                httpx.get(f"{server.url}/healthz", timeout=2)
                time.sleep(0.1)
        status, body = finish()
        assert status == 201 and len(body["mentions"]) == 2
        assert server.process.wait(timeout=60) in STOPPED
        assert "Traceback" not in server.log.read_text()
    with serve(url, tmp_path) as again:
        stored = httpx.get(f"{again.url}/v1/articles/{body['id']}").json()
        assert stored["text"] == TEXT and len(stored["mentions"]) == 2


def test_nothing_acknowledged_is_lost_when_stopped_under_load(tmp_path):
    url = f"sqlite:///{tmp_path / 'load.db'}"
    texts = {f"load-{i}": f"{TEXT} They met again on day {i} in Strasbourg." for i in range(40)}
    acknowledged, refused, done = {}, [], threading.Event()
    with serve(url, tmp_path) as server:
        def post(external_id: str):
            try:
                response = httpx.post(f"{server.url}/v1/articles", timeout=60,
                                      json={"text": texts[external_id], "external_id": external_id})
            except httpx.TransportError:
                refused.append(external_id)  # never acknowledged: the client would retry
                return
            assert response.status_code == 201, response.text
            acknowledged[external_id] = response.json()
            if len(acknowledged) == 8:
                done.set()

        with ThreadPoolExecutor(max_workers=6) as pool:
            futures = [pool.submit(post, external_id) for external_id in texts]
            assert done.wait(120)
            server.process.send_signal(signal.SIGTERM)
            for future in futures:
                future.result()
        assert server.process.wait(timeout=60) in STOPPED
    assert len(acknowledged) >= 8 and refused  # it stopped part-way
    with serve(url, tmp_path) as again:
        for external_id, body in acknowledged.items():
            stored = httpx.get(f"{again.url}/v1/articles/{body['id']}")
            assert stored.status_code == 200, external_id
            assert stored.json()["text"] == texts[external_id]
            assert [m["text"] for m in stored.json()["mentions"]] == [m["text"] for m in body["mentions"]]


def test_a_stuck_client_cannot_hold_up_the_shutdown(tmp_path):
    """SHUTDOWN_TIMEOUT bounds the wait: a client that never sends the rest of
    its body does not keep the process alive."""
    with serve(f"sqlite:///{tmp_path / 'stuck.db'}", tmp_path, SHUTDOWN_TIMEOUT="1") as server:
        raw_request_in_two_halves(server.url, json.dumps({"text": TEXT}).encode())  # never finished
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=30) in STOPPED
