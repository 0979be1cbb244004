"""Curation racing curation and articles, across real server processes on one
database (PostgreSQL, and one SQLite file): opposite merges at the same
moment, merges while articles name the absorbed person, and a mixed load of
posts, edits, deletes, merges, splits and undos from four replicas. The
store is then checked whole (tests/reliability/helpers.py store_problems)."""
import random
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest

from bench.server import serve
from tests.conftest import BACKENDS, create_database, drop_database
from tests.reliability.helpers import meeting, person, random_operation, store_problems

pytestmark = pytest.mark.e2e

# Successful answers, and the refusals a race may rightly end in (the pair
# already merged, the entry already undone, the article already deleted).
EXPECTED = {200, 201, 204, 404, 409}


@pytest.fixture(params=BACKENDS)
def replicas(request, tmp_path):
    """Two or more `namesake serve` processes on one new database: a
    function taking the number of replicas, answering their URLs and logs."""
    url = create_database(request.param, tmp_path)
    with ExitStack() as stack:
        def start(count: int) -> tuple[list[str], list]:
            servers = [stack.enter_context(serve(url, tmp_path, MIGRATE_ON_START=str(i == 0).lower()))
                       for i in range(count)]
            return [s.url for s in servers], [s.log for s in servers]
        yield url, start
    drop_database(url)


def post_pairs(base: str, pairs: int) -> list[tuple[str, str]]:
    """One article per pair of new people; answers their entity IDs."""
    articles = [{"text": meeting(person(2 * i), person(2 * i + 1), i), "external_id": f"pair-{i}"}
                for i in range(pairs)]
    ids = []
    with httpx.Client(base_url=base, timeout=120) as http:
        for start in range(0, pairs, 50):
            answer = http.post("/v1/articles:batch", json={"articles": articles[start:start + 50]})
            assert answer.status_code == 200, answer.text
            for item in answer.json()["items"]:
                people = [e["id"] for e in item["article"]["entities"]]
                assert len(people) == 2, item
                ids.append((people[0], people[1]))
    return ids


def assert_clean_logs(logs: list) -> None:
    for log in logs:
        text = log.read_text()
        assert "Traceback" not in text and "database is locked" not in text, text[-3000:]


def assert_entities_answer(base: str, ids: list[str]) -> None:
    """Every ID answers, old or merged, quickly: no read follows a loop."""
    with httpx.Client(base_url=base, timeout=10) as http:
        for entity_id in ids:
            assert http.get(f"/v1/entities/{entity_id}").status_code == 200


def test_opposite_merges_at_the_same_moment(replicas):
    """A into B on one replica and B into A on another: one of them wins,
    the other is refused or finds the pair already one; never a loop."""
    url, start = replicas
    urls, logs = start(2)
    pairs = post_pairs(urls[0], 16)

    def merge(job):
        side, (a, b) = job
        first, second = (a, b) if side == 0 else (b, a)
        answer = httpx.post(f"{urls[side]}/v1/entities/{first}/merge", json={"other_id": second},
                            timeout=60)
        return answer.status_code, answer.text[:200]

    jobs = [(side, pair) for pair in pairs for side in (0, 1)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(merge, jobs))
    assert {status for status, _ in statuses} <= {200, 409}, statuses
    # One side of every pair wins; the other finds the two already one.
    assert [status for status, _ in statuses].count(200) == len(pairs), statuses
    assert store_problems(url) == {}
    assert_entities_answer(urls[1], [i for pair in pairs for i in pair])
    assert_clean_logs(logs)


def test_merge_alongside_posts_about_the_absorbed_person(replicas):
    """While B is merged into A, three articles name B on other replicas:
    each mention ends on the survivor, and its counts match its mentions."""
    url, start = replicas
    urls, logs = start(3)
    pairs = post_pairs(urls[0], 12)

    def job(task):
        kind, index, (a, b) = task
        if kind == "merge":
            return httpx.post(f"{urls[0]}/v1/entities/{a}/merge", json={"other_id": b}, timeout=60)
        text = f"Ambassador {person(2 * index + 1)} spoke to reporters in Vienna on day {kind}."
        return httpx.post(f"{urls[1 + int(kind) % 2]}/v1/articles",
                          json={"text": text, "external_id": f"about-{index}-{kind}"}, timeout=60)

    tasks = [(kind, i, pair) for i, pair in enumerate(pairs) for kind in ("merge", "0", "1", "2")]
    random.Random(15).shuffle(tasks)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(job, tasks))
    assert {r.status_code for r in answers} <= {200, 201}, [r.text for r in answers if r.status_code >= 300]
    assert store_problems(url) == {}
    with httpx.Client(base_url=urls[0], timeout=30) as http:
        for a, b in pairs:
            survivor = http.get(f"/v1/entities/{b}").json()
            assert survivor["id"] == a, (survivor, http.get(f"/v1/entities/{a}").json())
            articles = http.get(f"/v1/entities/{a}/articles").json()["items"]
            assert len(articles) == survivor["article_count"] == 4  # the pair's article and the three
    assert_clean_logs(logs)


@pytest.mark.parametrize("seconds", [20])
def test_mixed_curation_and_articles_from_four_replicas(replicas, seconds):
    """Posts, edits, deletes, opposite merges, splits and undos about the
    same few people from four replicas for a bounded time: every answer is
    a success or a rightful refusal, and the store is consistent after."""
    url, start = replicas
    urls, logs = start(4)
    people = [person(i) for i in range(8)]
    known = [i for pair in post_pairs(urls[0], 4) for i in pair]
    deadline = time.monotonic() + seconds
    statuses: list[tuple[str, int, str]] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        with ExitStack() as stack:
            clients = [stack.enter_context(httpx.Client(base_url=u, timeout=90)) for u in urls]
            while time.monotonic() < deadline:
                kind, answer = random_operation(rng, rng.choice(clients), people, known)
                statuses.append((kind, answer.status_code, answer.text[:300]))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(worker, range(8)))
    assert_clean_logs(logs)
    unexpected = [s for s in statuses if s[1] not in EXPECTED]
    assert not unexpected, unexpected[:10]
    kinds = {kind for kind, status, _ in statuses if status < 300}
    assert kinds >= {"post", "edit", "delete", "merge", "split", "undo"}, kinds
    assert store_problems(url) == {}
    assert_entities_answer(urls[0], known)


def test_edits_and_deletes_about_the_same_people(replicas):
    """Twelve clients edit, delete and post articles about the same four
    people on two replicas: the alias and count updates of one never
    deadlock with another's, and the counts match the rows after."""
    url, start = replicas
    urls, logs = start(2)
    people = [person(i) for i in range(4)]
    stored: dict[str, str] = {}  # external ID -> article ID, as last answered
    deadline = time.monotonic() + 20
    statuses: list[tuple[int, str]] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=urls[seed % 2], timeout=90) as http:
            while time.monotonic() < deadline:
                external_id = f"edited-{rng.randrange(8)}"
                if rng.random() < 0.3 and external_id in stored:
                    answer = http.delete(f"/v1/articles/{stored[external_id]}")
                else:
                    a, b = rng.sample(people, 2)
                    answer = http.post("/v1/articles", json={"text": meeting(a, b, rng.randrange(100)),
                                                             "external_id": external_id})
                    if answer.status_code in (200, 201):
                        stored[external_id] = answer.json()["id"]
                statuses.append((answer.status_code, answer.text[:300]))

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(worker, range(12)))
    assert_clean_logs(logs)
    assert not [s for s in statuses if s[0] not in EXPECTED], [s for s in statuses if s[0] not in EXPECTED][:5]
    assert store_problems(url) == {}
