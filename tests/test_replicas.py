"""Several replicas on one database, many concurrent posts naming the same
new people: each person ends up as exactly one entity, no mention is lost,
and one external ID is one article."""
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import httpx
import pytest

from bench.server import running_server

pytestmark = pytest.mark.e2e

SPELLINGS = [
    ("Abdelkarim Belhadj", "Mustafa Abdul Jalil"),
    ("Abdul-Karim Belhaj", "Moustafa Abdel Jalil"),
    ("Abdelkarim Belhadj", "Mustafa Abdul-Jalil"),
]


def article(i: int) -> dict:
    first, second = SPELLINGS[i % len(SPELLINGS)]
    return {"text": f"Rebel commander {first} met council chairman {second} in Tripoli on day {i}. "
                    f"{first} said the talks with {second} had gone well.",
            "external_id": f"replica-{i}"}


def test_concurrent_replicas_create_each_person_once(empty_database, tmp_path):
    replicas = 4 if empty_database.startswith("postgresql") else 2
    posts = [article(i) for i in range(24)] + [article(0)] * 4  # one article posted five times
    with ExitStack() as stack:
        urls = [stack.enter_context(running_server(empty_database, tmp_path)) for _ in range(replicas)]

        def send(indexed):
            i, body = indexed
            return httpx.post(f"{urls[i % replicas]}/v1/articles", json=body, timeout=120)

        with ThreadPoolExecutor(max_workers=12) as pool:
            responses = list(pool.map(send, enumerate(posts)))
        assert all(r.status_code in (200, 201) for r in responses), [r.text for r in responses]
        mentions = sum(len(r.json()["mentions"]) for r in responses[:24])
        people = httpx.get(f"{urls[0]}/v1/entities", params={"limit": 50}).json()["items"]
    names = sorted(p["canonical_name"] for p in people)
    assert len(people) == 2, names
    assert sum(p["mention_count"] for p in people) == mentions
    assert all(p["article_count"] == 24 for p in people)
    assert len({r.json()["id"] for r in responses if r.json()["external_id"] == "replica-0"}) == 1
