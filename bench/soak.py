#!/usr/bin/env python3
"""Soak test: a few thousand articles, some malformed, posted to a real
`namesake serve`; then every accepted article must be stored whole and every
rejected one must have left no trace.

    .venv/bin/python bench/soak.py [--articles 2000] [--seconds 1800] [--threads 4]
                                   [--bad-every 10] [--database-url URL]

It starts its own server on 127.0.0.1 (a temporary SQLite file unless
--database-url names another database) and talks to nothing else. Posting
stops after --articles or --seconds, whichever comes first. The mix:
  new        a seed article (../shared/eval, bench/corpora) with a unique "Ref:" line
  edit       an acknowledged article posted again with an edited text (replaces it)
  repeat     an acknowledged article posted again unchanged (changes nothing)
  bad        every --bad-every-th post: empty or blank text, NUL, lone surrogate,
             invalid UTF-8, malformed JSON, wrong type or content type, text or
             body over the limits; each must be refused with a 4xx JSON error
Checks afterwards: GET /v1/articles/{id} gives back the last acknowledged text
with the same mentions (offsets, text; entity IDs that still lead to the same
person), and the database holds exactly the acknowledged articles and their
mentions, nothing from refused posts. Exit status 1 when a check fails.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx
from sqlalchemy import func, select

from bench.corpus import source_texts
from service.db.engine import make_engine
from service.db.models import Article, Mention

MAX_TEXT_CHARS = 100_000  # the server's limit for this run: over-limit posts stay cheap
NAMESAKE = str(Path(sys.executable).parent / "namesake")
JSON = "application/json"


def bad_posts() -> list[tuple[str, bytes, str]]:
    """(kind, raw body, content type) of posts that must be refused."""
    def body(value) -> bytes:
        return json.dumps(value).encode()
    return [
        ("empty text", body({"text": ""}), JSON),
        ("blank text", body({"text": " \n\t\u3000"}), JSON),
        ("missing text", body({"title": "no text"}), JSON),
        ("text not a string", body({"text": 42}), JSON),
        ("NUL", body({"text": "Angela Merkel\u0000 met Emmanuel Macron."}), JSON),
        ("lone surrogate", b'{"text": "Angela Merkel \\ud800 met Emmanuel Macron."}', JSON),
        ("invalid UTF-8", b'{"text": "Angela Merkel \xff\xfe met Emmanuel Macron."}', JSON),
        ("malformed JSON", b'{"text": "Angela Merkel met', JSON),
        ("wrong content type", b"Angela Merkel met Emmanuel Macron.", "text/plain"),
        ("bad date", body({"text": "Angela Merkel met Emmanuel Macron.", "published_at": "yesterday"}), JSON),
        ("text over the limit", body({"text": "Angela Merkel " * (MAX_TEXT_CHARS // 14 + 1)}), JSON),
        ("body over the limit", body({"text": "Angela Merkel met Emmanuel Macron.",
                                      "title": "x" * (9 * MAX_TEXT_CHARS + 2**20)}), JSON),
    ]


class Soak:
    def __init__(self, url: str, args: argparse.Namespace):
        self.url, self.args = url, args
        self.lock = threading.Lock()
        self.expected: dict[str, tuple[str, str, list]] = {}  # article id -> (external_id, text, mentions)
        self.statuses: dict[str, dict[int | str, int]] = {}  # kind -> status -> count
        self.latencies: list[float] = []
        self.problems: list[str] = []
        self.touched: set[str] = set()  # at most one edit or repeat per article: no races between them
        self.texts = source_texts()
        self.bad = bad_posts()

    def count(self, kind: str, status: int | str) -> None:
        with self.lock:
            per_kind = self.statuses.setdefault(kind, {})
            per_kind[status] = per_kind.get(status, 0) + 1

    def problem(self, message: str) -> None:
        with self.lock:
            self.problems.append(message)

    def post(self, http: httpx.Client, kind: str, content: bytes, content_type: str = JSON):
        started = time.perf_counter()
        try:
            response = http.post("/v1/articles", content=content, headers={"Content-Type": content_type})
        except httpx.TransportError as err:
            self.count(kind, type(err).__name__)
            self.problem(f"{kind}: no answer ({type(err).__name__})")
            return None
        with self.lock:
            self.latencies.append(time.perf_counter() - started)
        self.count(kind, response.status_code)
        return response

    def one(self, http: httpx.Client, i: int, rng: random.Random) -> None:
        if self.args.bad_every and i % self.args.bad_every == self.args.bad_every - 1:
            kind, content, content_type = self.bad[(i // self.args.bad_every) % len(self.bad)]
            response = self.post(http, f"bad: {kind}", content, content_type)
            if response is not None and not (400 <= response.status_code < 500
                                             and response.headers.get("content-type") == JSON
                                             and response.json().get("message")):
                self.problem(f"bad post {kind!r} answered {response.status_code}: {response.text[:200]}")
            return
        with self.lock:
            done = [(a, e) for a, e in self.expected.items() if a not in self.touched]
            target = rng.choice(done) if done and i % 25 in (5, 17) else None
            if target is not None:
                self.touched.add(target[0])
        if target is not None and i % 25 == 5:
            article_id, (external_id, text, _) = target
            self.send(http, "edit", i, external_id, text + f"\nCorrection {i}: the meeting was in Geneva.\n",
                      expect=200, article_id=article_id)
        elif target is not None:
            article_id, (external_id, text, _) = target
            self.send(http, "repeat", i, external_id, text, expect=200, article_id=article_id)
        else:
            text = f"{self.texts[i % len(self.texts)].rstrip()}\n\nRef: soak-{self.args.run}-{i}\n"
            self.send(http, "new", i, f"soak-{self.args.run}-{i}", text, expect=201)

    def send(self, http, kind, i, external_id, text, expect, article_id=None) -> None:
        response = self.post(http, kind, json.dumps({"text": text, "external_id": external_id}).encode())
        if response is None:
            return
        if response.status_code != expect:
            self.problem(f"{kind} #{i} answered {response.status_code} (expected {expect}): {response.text[:200]}")
            return
        body = response.json()
        if article_id is not None and body["id"] != article_id:
            self.problem(f"{kind} #{i} answered another article: {body['id']} != {article_id}")
        for m in body["mentions"]:
            if text[m["start"]:m["end"]] != m["text"]:
                self.problem(f"{kind} #{i}: offsets {m['start']}:{m['end']} do not give {m['text']!r}")
        if kind == "repeat":
            return  # nothing changed: the expected version stays as it was
        with self.lock:
            self.expected[body["id"]] = (external_id, text, body["mentions"])

    def run(self) -> float:
        deadline = time.monotonic() + self.args.seconds
        counter = itertools.count()
        started = time.perf_counter()

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=self.url, timeout=300) as http:
                while time.monotonic() < deadline:
                    i = next(counter)
                    if i >= self.args.articles:
                        return
                    self.one(http, i, rng)

        with ThreadPoolExecutor(max_workers=self.args.threads) as pool:
            list(pool.map(worker, range(self.args.threads)))
        return time.perf_counter() - started

    def verify(self, database_url: str, before: dict[str, int]) -> None:
        """Every acknowledged article whole; the store holds nothing else."""
        people: dict[str, str] = {}  # entity id -> the ID it answers as now

        def current(http, entity_id: str) -> str:
            if entity_id not in people:
                people[entity_id] = http.get(f"/v1/entities/{entity_id}").json()["id"]
            return people[entity_id]

        with httpx.Client(base_url=self.url, timeout=60) as http:
            for article_id, (external_id, text, mentions) in self.expected.items():
                stored = http.get(f"/v1/articles/{article_id}")
                if stored.status_code != 200:
                    self.problem(f"{external_id}: acknowledged but GET answers {stored.status_code}")
                    continue
                got = stored.json()
                if got["text"] != text or got["external_id"] != external_id:
                    self.problem(f"{external_id}: stored text differs from the acknowledged one")
                spans = [(m["start"], m["end"], m["text"]) for m in got["mentions"]]
                if spans != [(m["start"], m["end"], m["text"]) for m in mentions]:
                    self.problem(f"{external_id}: stored mentions differ from the acknowledged ones")
                elif any(current(http, a["entity_id"]) != current(http, b["entity_id"])
                         for a, b in zip(mentions, got["mentions"], strict=True)):
                    self.problem(f"{external_id}: a mention now leads to another person")
        after = counts(database_url)
        articles, mentions = after["article"] - before["article"], after["mention"] - before["mention"]
        if articles != len(self.expected):
            self.problem(f"the store gained {articles} articles; {len(self.expected)} were acknowledged")
        if mentions != sum(len(m) for _, _, m in self.expected.values()):
            self.problem(f"the store gained {mentions} mentions; the acknowledged articles have "
                         f"{sum(len(m) for _, _, m in self.expected.values())}")


def counts(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return {"article": connection.execute(select(func.count()).select_from(Article)).scalar_one(),
                    "mention": connection.execute(select(func.count()).select_from(Mention)).scalar_one()}
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(database_url: str, folder: Path) -> tuple[subprocess.Popen, str, Path]:
    port, log = free_port(), folder / "soak-serve.log"
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning",
           "MAX_TEXT_CHARS": str(MAX_TEXT_CHARS)}
    with log.open("w") as out:
        process = subprocess.Popen([NAMESAKE, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                   env=env, cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"namesake serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                return process, url, log
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    process.kill()
    sys.exit(f"namesake serve was not ready in 120 s:\n{log.read_text()}")


def summary(soak: Soak, seconds: float, before: dict, after: dict, log: Path) -> None:
    posted = sum(sum(s.values()) for s in soak.statuses.values())
    print(f"posted {posted} in {seconds:.1f} s ({posted / seconds:.1f}/s) with {soak.args.threads} threads")
    for kind in sorted(soak.statuses):
        print(f"  {kind:28} " + ", ".join(f"{status}: {n}" for status, n in sorted(
            soak.statuses[kind].items(), key=lambda item: str(item[0]))))
    if soak.latencies:
        cuts = statistics.quantiles(soak.latencies, n=100)
        print(f"latency p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms, "
              f"max {max(soak.latencies) * 1000:.0f} ms")
    print(f"store: +{after['article'] - before['article']} articles, +{after['mention'] - before['mention']} "
          f"mentions; acknowledged articles: {len(soak.expected)}")
    errors = [line for line in log.read_text().splitlines() if "ERROR" in line or "Traceback" in line]
    print(f"server log: {len(errors)} error lines")
    if errors:
        soak.problem(f"the server logged errors, first: {errors[0][:200]}")
    print("checks: " + ("all passed" if not soak.problems else f"{len(soak.problems)} FAILED"))
    for problem in soak.problems[:20]:
        print(f"  - {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000, help="posts in all (default 2000)")
    parser.add_argument("--seconds", type=float, default=1800, help="stop posting after this long")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--bad-every", type=int, default=10, help="every Nth post is malformed (0: none)")
    parser.add_argument("--database-url", help="database for the server (default: a temporary SQLite file)")
    args = parser.parse_args()
    args.run = f"{int(time.time())}-{os.getpid()}"
    soak = None
    with tempfile.TemporaryDirectory(prefix="namesake-soak-") as folder:
        database_url = args.database_url or f"sqlite:///{Path(folder) / 'soak.db'}"
        process, url, log = start_server(database_url, Path(folder))
        try:
            before = counts(database_url)
            soak = Soak(url, args)
            seconds = soak.run()
            soak.verify(database_url, before)
            after = counts(database_url)
            if process.poll() is not None:
                soak.problem(f"the server exited with {process.returncode}")
            summary(soak, seconds, before, after, log)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    sys.exit(1 if soak is None or soak.problems else 0)


if __name__ == "__main__":
    main()
