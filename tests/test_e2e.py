"""End to end: `namesake serve` as a real process, the seed articles posted over HTTP."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(empty_database, tmp_path):
    """A server on a fresh database, which it migrates itself on start."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    command = [str(Path(sys.executable).parent / "namesake"), "serve",
               "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "DATABASE_URL": empty_database, "LOG_LEVEL": "warning"}
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base, process, tmp_path / "serve.log")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_until_ready(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"namesake serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"namesake serve was not ready in 90 s:\n{log.read_text()}")


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
