"""The database goes away under a running `namesake serve` and comes back:
meanwhile /readyz fails and requests answer 503 with Retry-After (at once,
not after hanging); afterwards the same process serves again, without a
restart, and nothing was half written. PostgreSQL is reached through a
proxy that the test cuts, so the machine's PostgreSQL is never stopped."""
import time

import httpx
import pytest
from sqlalchemy.engine import make_url

from bench.server import serve
from tests.conftest import POSTGRES_URL, create_database, drop_database
from tests.reliability.helpers import TEXT, row_counts
from tests.reliability.proxy import Proxy

pytestmark = [pytest.mark.postgres, pytest.mark.e2e]

OTHER = "Syrian President Bashar al-Assad received Russian Foreign Minister Sergei Lavrov in Damascus."


@pytest.fixture
def database(tmp_path):
    url = create_database("postgresql", tmp_path)
    yield url
    drop_database(url)


@pytest.fixture
def proxy():
    target = make_url(POSTGRES_URL)
    with Proxy(target.port or 5432, target.host or "127.0.0.1") as running:
        yield running


def through(proxy: Proxy, url: str) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "database_unavailable"
    assert int(response.headers["retry-after"]) > 0


def wait_until_ready_again(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if httpx.get(f"{base}/readyz", timeout=30).status_code == 200:
            return
        time.sleep(0.2)
    pytest.fail(f"not ready again within {seconds} s of the database coming back")


@pytest.mark.parametrize("outage", ["refused", "blackhole"])
def test_database_outage_and_recovery(database, proxy, tmp_path, outage):
    with serve(through(proxy, database), tmp_path) as server, httpx.Client(base_url=server.url,
                                                                            timeout=30) as http:
        first = http.post("/v1/articles", json={"text": TEXT, "external_id": "before"})
        assert first.status_code == 201

        proxy.cut() if outage == "refused" else proxy.blackhole()
        # The client's 30 s timeout is the bound: a request waiting on the
        # database without a connect timeout would raise ReadTimeout here.
        ready = http.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["database"].startswith("unreachable")
        assert_unavailable(http.post("/v1/articles", json={"text": OTHER, "external_id": "during"}))
        if outage == "refused":  # (each request waits out the connect timeout in a blackhole)
            assert_unavailable(http.get(f"/v1/articles/{first.json()['id']}"))
        assert http.get("/healthz").status_code == 200  # the process itself is up

        proxy.restore()
        wait_until_ready_again(server.url)
        assert http.get(f"/v1/articles/{first.json()['id']}").json()["text"] == TEXT
        assert http.post("/v1/articles", json={"text": OTHER, "external_id": "during"}).status_code == 201
        assert server.process.poll() is None  # never restarted
    counts = row_counts(database)  # directly, not through the proxy
    assert counts["article"] == 2 and counts["entity"] == 4


def test_outage_during_a_burst_of_writes_half_writes_nothing(database, proxy, tmp_path):
    """Connections are cut while articles are being written: each one is then
    either stored whole (and was acknowledged or not) or not at all."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"{TEXT} Meeting number {i} was held in Berlin." for i in range(16)]
    with serve(through(proxy, database), tmp_path) as server:
        def post(i):
            try:
                return httpx.post(f"{server.url}/v1/articles", timeout=60,
                                  json={"text": texts[i], "external_id": f"burst-{i}"}).status_code
            except httpx.TransportError:
                return None

        with ThreadPoolExecutor(max_workers=6) as pool:
            futures = [pool.submit(post, i) for i in range(len(texts))]
            while sum(f.done() for f in futures) < 3:
                time.sleep(0.05)
            proxy.cut()
            statuses = [f.result() for f in futures]
        proxy.restore()
        wait_until_ready_again(server.url)
        assert set(statuses) <= {201, 503}, statuses
        assert 503 in statuses and 201 in statuses
        stored = {}
        for i, text in enumerate(texts):
            again = httpx.post(f"{server.url}/v1/articles", json={"text": text, "external_id": f"burst-{i}"},
                               timeout=60)
            stored[i] = again.status_code
            body = again.json()
            assert body["external_id"] == f"burst-{i}" and len(body["mentions"]) == 2
            assert httpx.get(f"{server.url}/v1/articles/{body['id']}").json()["text"] == text
        # Acknowledged before the cut: already there (200). Refused: written only now (201).
        assert all(stored[i] == 200 for i, s in enumerate(statuses) if s == 201)
    counts = row_counts(database)
    assert counts["article"] == len(texts) and counts["mention"] == 2 * len(texts)


def test_stalled_connection_answers_503_not_hangs(database, proxy, tmp_path):
    """The path to PostgreSQL stays open but nothing passes: requests end in
    503 within the client's 30 s (DATABASE_TIMEOUT bounds each wait; the
    server never gets the statement, so only the client side can end it),
    and the same process serves again once the path clears."""
    with serve(through(proxy, database), tmp_path, DATABASE_TIMEOUT="2") as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        assert http.post("/v1/articles", json={"text": TEXT, "external_id": "before"}).status_code == 201
        proxy.stall()
        assert_unavailable(http.post("/v1/articles", json={"text": OTHER, "external_id": "during"}))
        ready = http.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["database"].startswith("unreachable")
        proxy.restore()
        wait_until_ready_again(server.url)
        assert http.post("/v1/articles", json={"text": OTHER, "external_id": "during"}).status_code == 201
        assert server.process.poll() is None
    counts = row_counts(database)
    assert counts["article"] == 2
