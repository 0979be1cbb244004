"""/metrics across processes: two servers on one PostgreSQL database, a
server with two worker processes, a restart, and `namesake ingest --workers 2
--metrics-file`. Real processes, real databases."""
import glob
import os
from pathlib import Path

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict

from bench.server import running_server, serve
from tests.conftest import create_database, drop_database
from tests.metrics_scrape import parse, posts, value
from tests.reliability.helpers import row_counts
from tests.test_backfill import ingest

pytestmark = pytest.mark.e2e

BASHAR = "President Bashar al-Assad met the envoys in Damascus."
HAFEZ = "Hafez al-Assad died in 2000 after three decades in power."
LONE = "Assad said on Tuesday that the talks had failed."  # Bashar or Hafez: two review items
PAIRS = [("Angela Merkel", "Emmanuel Macron"), ("Riad Hijab", "Kofi Annan"), ("Boris Johnson", "Olaf Scholz")]


def text(i: int) -> str:
    first, second = PAIRS[i % len(PAIRS)]
    return f"{first} met {second} on day {i}. Later {first} thanked {second} for the talks."


def post(url: str, body: str) -> dict:
    response = httpx.post(f"{url}/v1/articles", json={"text": body}, timeout=120)
    assert response.status_code == 201, response.text
    return response.json()


def scrape(url: str):
    response = httpx.get(f"{url}/metrics", timeout=30)
    assert response.status_code == 200, response.text
    return parse(response.text)


def mentions(bodies: list[dict]) -> int:
    return sum(len(body["mentions"]) for body in bodies)


def open_items(url: str) -> int:
    with httpx.Client(base_url=url, timeout=30) as http:
        return len(http.get("/v1/review", params={"status": "open", "limit": 100}).json()["items"])


@pytest.mark.postgres
def test_two_servers_on_one_database_each_count_their_own(tmp_path):
    database = create_database("postgresql", tmp_path)
    try:
        with running_server(database, tmp_path) as a, running_server(database, tmp_path) as b:
            on_a = [post(a, body) for body in (BASHAR, HAFEZ, text(0))]
            on_b = [post(b, body) for body in (LONE, text(1))]
            assert httpx.get(f"{b}/v1/articles/{on_a[0]['id']}").status_code == 200
            seen_a, seen_b = scrape(a), scrape(b)
            assert open_items(a) == 2
        rows = row_counts(database)
    finally:
        drop_database(database)
    assert (posts(seen_a), posts(seen_b)) == (3, 2)
    read = {"route": "/v1/articles/{article_id}", "method": "GET", "status": "200"}
    assert (value(seen_a, "namesake_http_requests_total", **read), value(seen_b, "namesake_http_requests_total",
                                                                         **read)) == (0, 1)
    created = "namesake_articles_stored_total"
    assert (value(seen_a, created, outcome="created"), value(seen_b, created, outcome="created")) == (3, 2)
    assert value(seen_a, "namesake_mentions_stored_total") == mentions(on_a)
    assert value(seen_b, "namesake_mentions_stored_total") == mentions(on_b)
    assert value(seen_a, "namesake_entities_created_total") + value(seen_b, "namesake_entities_created_total") \
        == rows["entity"]
    assert value(seen_a, "namesake_article_ner_seconds_count") == 3
    assert value(seen_b, "namesake_article_database_seconds_count") == 2
    # A state of the shared database: both servers report the same.
    assert value(seen_a, "namesake_review_items_open") == value(seen_b, "namesake_review_items_open") == 2


def live_values(folder: Path, name: str) -> dict[int, float]:
    """Per worker process (by pid), the value of a series in its counter file."""
    found = {}
    for path in glob.glob(str(folder / "counter_*.db")):
        pid = int(Path(path).stem.rsplit("_", 1)[1])
        found[pid] = sum(v for key, v, *_ in MmapedDict.read_all_values_from_file(path) if name in key)
    return found


def test_two_workers_count_every_request_whichever_answers(tmp_path):
    database, folder = f"sqlite:///{tmp_path / 'workers.db'}", tmp_path / "metrics"
    with serve(database, tmp_path, WEB_CONCURRENCY="2", PROMETHEUS_MULTIPROC_DIR=str(folder)) as server:
        bodies = []
        # Each post on a new connection, until both workers have answered some.
        for i in range(40):
            bodies.append(post(server.url, text(i)))
            per_worker = live_values(folder, '"/v1/articles"')
            if len(per_worker) == 2 and all(per_worker.values()) and i >= 5:
                break
        assert len(per_worker) == 2 and all(per_worker.values()), per_worker
        scrapes = [scrape(server.url) for _ in range(6)]
        httpx.get(f"{server.url}/healthz")
    for seen in scrapes:
        assert posts(seen) == len(bodies)
        assert value(seen, "namesake_articles_stored_total", outcome="created") == len(bodies)
        assert value(seen, "namesake_mentions_stored_total") == mentions(bodies)
        assert value(seen, "namesake_database_connections_in_use") == 0
    # Each worker, at its shutdown, took its connection gauge out.
    assert not glob.glob(str(folder / "gauge_live*")), os.listdir(folder)

    # The next server on the folder starts counting afresh (one worker: multiprocess mode all the same).
    with running_server(database, tmp_path, {"PROMETHEUS_MULTIPROC_DIR": str(folder)}) as url:
        post(url, text(100))
        again = scrape(url)
    assert posts(again) == 1
    assert value(again, "namesake_articles_stored_total", outcome="created") == 1


def test_ingest_with_workers_writes_its_metrics(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(7):
        (articles / f"wire-{i}.txt").write_text(text(i), encoding="utf-8")
    database, out = f"sqlite:///{tmp_path / 'ingest.db'}", tmp_path / "ingest.prom"
    result = ingest(database, tmp_path, "--quiet", "--workers", "2", "--metrics-file", str(out), str(articles))
    assert result.returncode == 0, result.stderr
    seen = parse(out.read_text())
    rows = row_counts(database)
    assert value(seen, "namesake_articles_stored_total", outcome="created") == 7 == rows["article"]
    # Read by the model in the worker processes, counted all the same.
    assert value(seen, "namesake_article_ner_seconds_count") == 7
    assert value(seen, "namesake_article_ner_seconds_sum") > 0
    assert value(seen, "namesake_article_database_seconds_count") == 7
    assert value(seen, "namesake_mentions_stored_total") == rows["mention"]
    assert value(seen, "namesake_entities_created_total") == rows["entity"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ingest.prom")) == ["ingest.prom"]

    # A second run over the same files stores nothing, and says so.
    again = ingest(database, tmp_path, "--quiet", "--workers", "2", "--metrics-file", str(out), str(articles))
    assert again.returncode == 0, again.stderr
    assert value(parse(out.read_text()), "namesake_articles_stored_total", outcome="created") == 0


def test_ingest_refuses_a_metrics_file_it_could_not_write(tmp_path):
    (tmp_path / "a.txt").write_text(text(0), encoding="utf-8")
    result = ingest(f"sqlite:///{tmp_path / 'x.db'}", tmp_path, "--metrics-file",
                    str(tmp_path / "no" / "such" / "x.prom"), "a.txt")
    assert result.returncode == 2
    assert "no such directory" in result.stderr
    assert not (tmp_path / "x.db").exists()
