"""A real `namesake serve` process for end-to-end tests."""
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(database_url: str, folder: Path, env: dict[str, str] | None = None):
    """Start the service on a free port with `database_url` (and any further
    environment variables in `env`, such as API_KEYS); yield its base URL."""
    port = free_port()
    log_path = folder / f"serve-{port}.log"
    command = [str(Path(sys.executable).parent / "namesake"), "serve",
               "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning", **(env or {})}
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


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
