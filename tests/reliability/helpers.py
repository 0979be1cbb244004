"""Shared by the reliability tests: row counts of every table, and a real
`namesake serve` process whose environment and signals the test controls."""
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

import service.db.models  # noqa: F401  (registers the tables)
from service.db.engine import make_engine
from tests.server import free_port

TEXT = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."


def row_counts(url: str) -> dict[str, int]:
    """Rows in every table of the schema (article, mention, alias, name_key,
    entity, entity_title, entity_word, possible_match, ...)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                    for table in SQLModel.metadata.sorted_tables}
    finally:
        engine.dispose()


def assert_mentions_consistent(body: dict, text: str) -> None:
    """Offsets index the text that was sent: text[start:end] is the mention."""
    for mention in body["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"], mention


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
            pytest.fail(f"namesake serve exited with {server.process.returncode}:\n{server.log.read_text()}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"namesake serve was not ready in {seconds} s:\n{server.log.read_text()}")
