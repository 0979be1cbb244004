"""Many writers on one SQLite file: parallel posts, reads and deletes against
one real server process, and against two processes sharing the file. None
fails with "database is locked" (WAL, a busy timeout, and writers that take
the write lock before they read what they decide on); every acknowledged
article is stored whole."""
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bench.server import serve
from tests.reliability.helpers import row_counts

pytestmark = pytest.mark.e2e

PEOPLE = [("Angela Merkel", "Emmanuel Macron"), ("Bashar al-Assad", "Sergei Lavrov"),
          ("Riad Hijab", "Kofi Annan"), ("Boris Johnson", "Olaf Scholz")]


def article(i: int) -> dict:
    first, second = PEOPLE[i % len(PEOPLE)]
    return {"text": f"{first} met {second} on day {i}. Later {first} thanked {second} for the talks.",
            "external_id": f"parallel-{i}"}


def hammer(urls: list[str], jobs: int = 40, threads: int = 8, delete: bool = False) -> dict:
    """Posts `jobs` articles from `threads` threads over the servers in turn;
    every fourth job also reads (a search, its article) and, with `delete`,
    then deletes the article it posted."""
    def job(i: int):
        url = urls[i % len(urls)]
        with httpx.Client(base_url=url, timeout=120) as http:
            posted = http.post("/v1/articles", json=article(i))
            if i % 4 == 3:
                assert http.get("/v1/entities", params={"q": PEOPLE[i % 4][0]}).status_code == 200
                assert http.get(f"/v1/articles/{posted.json()['id']}").status_code == 200
                if delete:
                    assert http.delete(f"/v1/articles/{posted.json()['id']}").status_code == 204
            return i, (posted.status_code, posted.json())

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return dict(pool.map(job, range(jobs)))


def check(urls: list[str], results: dict, logs: list, database_url: str, delete: bool = False) -> None:
    assert all(status == 201 for status, _ in results.values()), \
        [body for status, body in results.values() if status != 201]
    deleted = {i for i in results if i % 4 == 3} if delete else set()
    for i, (_, body) in results.items():
        stored = httpx.get(f"{urls[0]}/v1/articles/{body['id']}", timeout=30)
        if i in deleted:
            assert stored.status_code == 404
        else:
            assert stored.json()["text"] == article(i)["text"]
            spans = [(m["start"], m["end"], m["text"]) for m in stored.json()["mentions"]]
            assert spans == [(m["start"], m["end"], m["text"]) for m in body["mentions"]]
            assert len(spans) == 4
    for log in logs:
        text = log.read_text()
        assert "database is locked" not in text and "Traceback" not in text, text[-3000:]
    counts = row_counts(database_url)
    assert counts["article"] == len(results) - len(deleted)
    people = httpx.get(f"{urls[0]}/v1/entities", params={"limit": 200}, timeout=30).json()["items"]
    named = sorted(p["canonical_name"] for p in people if p["mention_count"] > 0)
    kept = {i % len(PEOPLE) for i in results if i not in deleted}
    assert named == sorted(name for k in kept for name in PEOPLE[k]), named  # each person once


def test_parallel_writers_on_one_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'one.db'}"
    with serve(url, tmp_path) as server:
        results = hammer([server.url])
        check([server.url], results, [server.log], url)


def test_two_server_processes_on_one_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with serve(url, tmp_path) as first, serve(url, tmp_path, MIGRATE_ON_START="false") as second:
        results = hammer([first.url, second.url])
        check([first.url, second.url], results, [first.log, second.log], url)


def test_parallel_deletes_among_writers(tmp_path):
    url = f"sqlite:///{tmp_path / 'deletes.db'}"
    with serve(url, tmp_path) as server:
        results = hammer([server.url], delete=True)
        check([server.url], results, [server.log], url, delete=True)


def test_write_lock_held_elsewhere_answers_503(tmp_path):
    """Another program holds SQLite's write lock past DATABASE_TIMEOUT: the
    post answers 503 with Retry-After, not 500, and succeeds once it is free."""
    import sqlite3

    path = tmp_path / "held.db"
    with serve(f"sqlite:///{path}", tmp_path, DATABASE_TIMEOUT="1") as server:
        body = {"text": article(0)["text"], "external_id": "held"}
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            answer = httpx.post(f"{server.url}/v1/articles", json=body, timeout=60)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"] == "database_unavailable"
        assert int(answer.headers["retry-after"]) > 0
        assert httpx.post(f"{server.url}/v1/articles", json=body, timeout=60).status_code == 201
