"""A real `namesake serve` process, for the benches and the end-to-end tests.

It lives with the benches so that bench/ needs nothing from tests/: the tests
import it from here (tests may use bench/, never the other way round). It
raises plain errors, not pytest's, since a bench runs without pytest."""
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


@contextmanager
def serve(database_url: str, folder: Path, **env: str):
    """`namesake serve` on a free port; extra settings as environment variables."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    command = [str(Path(sys.executable).parent / "namesake"), "serve",
               "--host", "127.0.0.1", "--port", str(port)]
    environment = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning", **env}
    with log.open("w") as out:
        process = subprocess.Popen(command, env=environment, cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_ready(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_ready(server: Server, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"namesake serve exited with {server.process.returncode}:\n{server.log.read_text()}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"namesake serve was not ready in {seconds} s:\n{server.log.read_text()}")


@contextmanager
def running_server(database_url: str, folder: Path, env: dict[str, str] | None = None):
    """Start the service on a free port with `database_url` (and any further
    environment variables in `env`, such as API_KEYS); yield its base URL."""
    with serve(database_url, folder, **(env or {})) as server:
        yield server.url
