"""service.client against a real `namesake serve` on SQLite; retries against a
network that fails on purpose (httpx.MockTransport) in front of that server."""
import json
import uuid

import httpx
import pytest

from bench.server import running_server
from service import client as client_module
from service.client import (
    Article,
    ArticleDetail,
    AsyncNamesakeClient,
    Comparison,
    Entity,
    EntityPage,
    NamesakeClient,
    NamesakeError,
)

pytestmark = pytest.mark.e2e

TEXT = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module: it loads the model once. Tests use their own
    external IDs, so they do not depend on one another."""
    folder = tmp_path_factory.mktemp("client")
    with running_server(f"sqlite:///{folder / 'client.db'}", folder) as base:
        yield base


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def waits(monkeypatch):
    """The backoff delays the clients asked for, without waiting them."""
    recorded: list[float] = []

    async def async_sleep(seconds):
        recorded.append(seconds)

    monkeypatch.setattr(client_module, "_sleep", recorded.append)
    monkeypatch.setattr(client_module, "_async_sleep", async_sleep)
    return recorded


def unique_id() -> str:
    return f"client-{uuid.uuid4().hex[:8]}"


def test_post_article_answers_typed_mentions_and_entities(server):
    with NamesakeClient(server) as namesake:
        article = namesake.post_article(TEXT, external_id=unique_id(), title="Meeting",
                                        source="wire", published_at="2024-05-06T08:00:00Z")
    assert isinstance(article, Article)
    assert {"Angela Merkel", "Emmanuel Macron"} <= {m.text for m in article.mentions}
    for mention in article.mentions:
        assert TEXT[mention.start:mention.end] == mention.text
    assert {e.id for e in article.entities} == {m.entity_id for m in article.mentions}
    assert (article.title, article.source) == ("Meeting", "wire")
    assert article.published_at.isoformat() == "2024-05-06T08:00:00+00:00"


def test_get_article_entity_search_and_compare(server):
    with NamesakeClient(server) as namesake:
        posted = namesake.post_article(TEXT, external_id=unique_id())
        stored = namesake.get_article(posted.id)
        merkel_id = next(m.entity_id for m in posted.mentions if m.text == "Angela Merkel")
        merkel = namesake.get_entity(merkel_id)
        page = namesake.search_entities("Merkel", limit=5)
        comparison = namesake.compare_names("Riyad Hijab", "Riad Hijab")
        why = namesake.why(posted.mentions[0].id)
    assert isinstance(stored, ArticleDetail)
    assert stored.text == TEXT and stored.mentions == posted.mentions
    assert isinstance(merkel, Entity) and merkel.canonical_name == "Angela Merkel"
    assert "Angela Merkel" in {alias.surface for alias in merkel.aliases}
    assert isinstance(page, EntityPage) and page.limit == 5
    assert merkel_id in {hit.id for hit in page.items}
    assert isinstance(comparison, Comparison) and comparison.match
    assert comparison.explanation
    assert why.mention.id == posted.mentions[0].id and why.outcome in ("created", "linked")


def test_posting_the_same_article_again_answers_the_stored_one(server):
    external_id = unique_id()
    with NamesakeClient(server) as namesake:
        first = namesake.post_article(TEXT, external_id=external_id)
        again = namesake.post_article(TEXT, external_id=external_id)
    assert again.id == first.id and again.mentions == first.mentions


def test_unknown_id_raises_not_found(server):
    with NamesakeClient(server) as namesake, pytest.raises(NamesakeError) as raised:
        namesake.get_entity("no-such-entity")
    assert (raised.value.status, raised.value.code) == (404, "not_found")
    assert "no-such-entity" in raised.value.message


def test_invalid_input_raises_the_services_error(server):
    with NamesakeClient(server) as namesake, pytest.raises(NamesakeError) as raised:
        namesake.post_article("   ")
    assert (raised.value.status, raised.value.code) == (422, "invalid_request")
    assert raised.value.details and raised.value.details[0]["field"] == "body.text"


def test_an_id_is_one_path_segment(server):
    with NamesakeClient(server) as namesake, pytest.raises(NamesakeError) as raised:
        namesake.get_article("../entities")
    assert raised.value.status == 404


def flaky(failures: list, seen: list) -> httpx.MockTransport:
    """A network that answers each of `failures` in turn (a status or an
    exception to raise), then forwards to the real server."""
    upstream = httpx.HTTPTransport()

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if failures:
            failure = failures.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return httpx.Response(failure, json={"error": "database_unavailable",
                                                 "message": "the database is unavailable"})
        return upstream.handle_request(request)

    return httpx.MockTransport(handle)


def test_retries_503_with_exponential_backoff(server, waits):
    seen: list[httpx.Request] = []
    transport = flaky([503, 503], seen)
    with NamesakeClient(server, api_key="k-1", backoff=0.25, transport=transport) as namesake:
        comparison = namesake.compare_names("Riyad Hijab", "Riad Hijab")
    assert comparison.match
    assert len(seen) == 3
    assert waits == [0.25, 0.5]
    # Every attempt carries the same body and the API key.
    assert {json.loads(r.content)["a"] for r in seen} == {"Riyad Hijab"}
    assert {r.headers["X-API-Key"] for r in seen} == {"k-1"}


def test_retries_429_and_connection_errors(server, waits):
    seen: list[httpx.Request] = []
    failures = [429, httpx.ConnectError("refused"), httpx.ReadTimeout("slow")]
    with NamesakeClient(server, backoff=1, transport=flaky(failures, seen)) as namesake:
        assert namesake.search_entities(limit=1).limit == 1
    assert len(seen) == 4 and waits == [1, 2, 4]


def test_gives_up_after_the_last_retry(server, waits):
    seen: list[httpx.Request] = []
    transport = flaky([503] * 10, seen)
    with NamesakeClient(server, retries=2, backoff=0.1, transport=transport) as namesake, \
            pytest.raises(NamesakeError) as raised:
        namesake.get_entity("whoever")
    assert (raised.value.status, raised.value.code) == (503, "database_unavailable")
    assert len(seen) == 3 and waits == [0.1, 0.2]


def test_unreachable_after_the_last_retry(waits):
    transport = flaky([httpx.ConnectError("refused")] * 10, [])
    with NamesakeClient("http://namesake.invalid", retries=1, transport=transport) as namesake, \
            pytest.raises(NamesakeError) as raised:
        namesake.get_entity("whoever")
    assert (raised.value.status, raised.value.code) == (None, "unreachable")
    assert isinstance(raised.value.__cause__, httpx.ConnectError)


def test_retry_after_is_honoured(waits):
    answers = [httpx.Response(503, headers={"Retry-After": "5"},
                              json={"error": "database_unavailable", "message": "retry"}),
               httpx.Response(200, json={"items": [], "limit": 20, "offset": 0,
                                         "next_offset": None})]
    transport = httpx.MockTransport(lambda request: answers.pop(0))
    with NamesakeClient("http://namesake.test", backoff=0.5, transport=transport) as namesake:
        assert namesake.search_entities().items == []
    assert waits == [5.0]


@pytest.mark.parametrize("status", [400, 404, 413, 422])
def test_client_errors_are_not_retried(server, waits, status):
    seen: list[httpx.Request] = []
    with NamesakeClient(server, transport=flaky([status], seen)) as namesake, \
            pytest.raises(NamesakeError) as raised:
        namesake.get_article("anything")
    assert raised.value.status == status and len(seen) == 1 and waits == []


def test_a_non_json_error_body_still_raises_a_clear_error(waits):
    transport = httpx.MockTransport(lambda request: httpx.Response(502, text="<html>Bad gateway"))
    with NamesakeClient("http://namesake.test", retries=0, transport=transport) as namesake, \
            pytest.raises(NamesakeError) as raised:
        namesake.get_entity("x")
    assert (raised.value.status, raised.value.code) == (502, "http_error")
    assert "Bad gateway" in raised.value.message


@pytest.mark.anyio
async def test_async_client_round_trip(server):
    async with AsyncNamesakeClient(server) as namesake:
        posted = await namesake.post_article(TEXT, external_id=unique_id())
        stored = await namesake.get_article(posted.id)
        entity = await namesake.get_entity(posted.mentions[0].entity_id)
        page = await namesake.search_entities("Macron")
        comparison = await namesake.compare_names("Riyad Hijab", "Riad Hijab")
        with pytest.raises(NamesakeError) as raised:
            await namesake.get_article("no-such-article")
    assert isinstance(posted, Article) and stored.text == TEXT
    assert {"Angela Merkel", "Emmanuel Macron"} <= {m.text for m in stored.mentions}
    assert isinstance(entity, Entity) and entity.id == posted.mentions[0].entity_id
    assert any(hit.canonical_name == "Emmanuel Macron" for hit in page.items)
    assert comparison.match
    assert (raised.value.status, raised.value.code) == (404, "not_found")


@pytest.mark.anyio
async def test_async_client_retries_like_the_sync_one(server, waits):
    seen: list[httpx.Request] = []
    upstream = httpx.AsyncHTTPTransport()

    async def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) <= 2:
            return httpx.Response(503, json={"error": "database_unavailable", "message": "down"})
        return await upstream.handle_async_request(request)

    async with AsyncNamesakeClient(server, backoff=0.5,
                                   transport=httpx.MockTransport(handle)) as namesake:
        assert (await namesake.compare_names("Izz al-Din", "Ezzedine")).a == "Izz al-Din"
        with pytest.raises(NamesakeError):
            await namesake.get_entity("no-such-entity")
    assert len(seen) == 4 and waits == [0.5, 1.0]
