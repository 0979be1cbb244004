"""A Python client for the Namesake API, synchronous and asynchronous.

    with NamesakeClient("http://namesake:8000", api_key=KEY) as namesake:
        article = namesake.post_article(text, external_id="wire-001")
        person = namesake.get_entity(article.mentions[0].entity_id)

Results are the service's own response models. Requests that fail for a
passing reason (5xx, 429, timeouts, dropped connections) are retried with
exponential backoff; everything else raises `NamesakeError` at once.

Both clients share how a request is built, when it is retried and how the
answer is read; they differ only in how they send it and how they wait.
"""
import hashlib
import hmac
import itertools
import json
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

import anyio
import httpx
from pydantic import BaseModel, RootModel

from service.reconcile import ExtendResult, QueryResult, SuggestResult
from service.schemas import (
    ArticleDetail,
    ArticleList,
    ArticleListItem,
    ArticlePage,
    AuditOut,
    AuditPage,
    BatchOut,
    ChangeOut,
    ChangePage,
    CurationOut,
    DeliveryPage,
    EntityPage,
    MentionPage,
    ReviewPage,
    WebhookList,
    WhyOut,
)
from service.schemas import ArticleOut as Article
from service.schemas import CompareOut as Comparison
from service.schemas import EntityOut as Entity

__all__ = ["Article", "ArticleDetail", "ArticleList", "ArticleListItem", "ArticlePage", "AsyncNamesakeClient",
           "AuditOut", "AuditPage", "BatchOut", "ChangeOut", "ChangePage", "Comparison", "CurationOut",
           "DeliveryPage", "Entity", "EntityPage", "ExtendResult", "MentionPage", "NamesakeClient", "NamesakeError",
           "ReconcileResults", "ReviewPage", "SuggestResult", "WebhookList", "WhyOut", "verify_signature"]


class ReconcileResults(RootModel[dict[str, QueryResult]]):
    """The answers to a batch of reconciliation queries, by the queries' keys."""

Model = TypeVar("Model", bound=BaseModel)

# Worth another try: the database restarting (503), rate limits, a crashed or
# redeployed replica. A 4xx other than 429 will fail the same way every time.
_RETRY_STATUSES = frozenset({429}) | frozenset(range(500, 600))
_RETRY_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
# Retry-After is honoured, but a misbehaving proxy must not park us for hours.
_MAX_RETRY_AFTER = 60.0

# Module-level so that tests can record the waits instead of sleeping.
_sleep = time.sleep
_async_sleep = anyio.sleep


class NamesakeError(Exception):
    """The service refused a request, or could not be reached after every retry.

    `status` is the HTTP status (None when no answer came), `code` the
    service's stable error code ("not_found", "invalid_request", ...)."""

    def __init__(self, status: int | None, code: str, message: str, details: list | None = None):
        super().__init__(f"{status or 'no answer'} {code}: {message}")
        self.status, self.code, self.message, self.details = status, code, message, details


@dataclass(frozen=True)
class _Call:
    """One API call, before any I/O: what to send and what the answer holds
    (no model: the answer is empty, 204)."""

    method: str
    path: str
    model: type[BaseModel] | None
    json: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    form: dict[str, str] | None = None


# --- request building: one function per endpoint, shared by both clients ---

def _post_article(text: str, external_id: str | None, title: str | None, url: str | None,
                  source: str | None, published_at: datetime | str | None) -> _Call:
    if isinstance(published_at, datetime):
        published_at = published_at.isoformat()
    fields = {"text": text, "external_id": external_id, "title": title, "url": url,
              "source": source, "published_at": published_at}
    body = {name: value for name, value in fields.items() if value is not None}
    return _Call("POST", "/v1/articles", Article, json=body)


def _get_article(article_id: str) -> _Call:
    return _Call("GET", f"/v1/articles/{_segment(article_id)}", ArticleDetail)


def _get_entity(entity_id: str) -> _Call:
    return _Call("GET", f"/v1/entities/{_segment(entity_id)}", Entity)


def _search_entities(q: str | None, limit: int, offset: int, external_id: str | None = None,
                     sort: str | None = None) -> _Call:
    params = {"limit": limit, "offset": offset, "q": q, "external_id": external_id, "sort": sort}
    return _Call("GET", "/v1/entities", EntityPage, params=_given(params))


def _given(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters that have a value: the others are left to the service's defaults."""
    return {name: value for name, value in params.items() if value is not None}


def _list_articles(limit: int, cursor: str | None, updated_since: datetime | str | None,
                   external_id: str | None) -> _Call:
    if isinstance(updated_since, datetime):
        updated_since = updated_since.isoformat()
    params = {"limit": limit, "cursor": cursor, "updated_since": updated_since, "external_id": external_id}
    return _Call("GET", "/v1/articles", ArticleList, params=_given(params))


def _set_external_id(entity_id: str, scheme: str, value: str, actor: str | None) -> _Call:
    return _Call("PUT", f"/v1/entities/{_segment(entity_id)}/external-ids/{_segment(scheme)}", Entity,
                 json=_with_actor({"value": value}, actor))


def _remove_external_id(entity_id: str, scheme: str, actor: str | None) -> _Call:
    return _Call("DELETE", f"/v1/entities/{_segment(entity_id)}/external-ids/{_segment(scheme)}", Entity,
                 params=_given({"actor": actor}))


def _webhooks() -> _Call:
    return _Call("GET", "/v1/webhooks", WebhookList)


def _deliveries(url: str | None, limit: int, offset: int) -> _Call:
    return _Call("GET", "/v1/webhooks/deliveries", DeliveryPage,
                 params=_given({"url": url, "limit": limit, "offset": offset}))


def _extend(ids: list[str], properties: list[str]) -> _Call:
    extend = {"ids": ids, "properties": [{"id": name} for name in properties]}
    return _Call("POST", "/v1/reconcile", ExtendResult, form={"extend": json.dumps(extend)})


_EXPORT = "/v1/entities:export"


def _compare_names(a: str, b: str) -> _Call:
    return _Call("POST", "/v1/names/compare", Comparison, json={"a": a, "b": b})


def _why(mention_id: int) -> _Call:
    return _Call("GET", f"/v1/mentions/{int(mention_id)}/why", WhyOut)


def _post_articles(articles: list[dict[str, Any]]) -> _Call:
    return _Call("POST", "/v1/articles:batch", BatchOut, json={"articles": articles})


def _delete_article(article_id: str) -> _Call:
    return _Call("DELETE", f"/v1/articles/{_segment(article_id)}", None)


def _entity_mentions(entity_id: str, limit: int, offset: int) -> _Call:
    return _Call("GET", f"/v1/entities/{_segment(entity_id)}/mentions", MentionPage,
                 params={"limit": limit, "offset": offset})


def _entity_articles(entity_id: str, limit: int, offset: int) -> _Call:
    return _Call("GET", f"/v1/entities/{_segment(entity_id)}/articles", ArticlePage,
                 params={"limit": limit, "offset": offset})


def _curate(entity_id: str, action: str, actor: str | None, **body: Any) -> _Call:
    """merge, split, rename or distinct. The editor's name: the API key's when
    keys are in use, else `actor` (the service says "anonymous" without one)."""
    return _Call("POST", f"/v1/entities/{_segment(entity_id)}/{action}", CurationOut,
                 json=_with_actor(body, actor))


def _with_actor(body: dict[str, Any], actor: str | None) -> dict[str, Any]:
    return body | ({"actor": actor} if actor else {})


def _undo(entry_id: int, actor: str | None) -> _Call:
    return _Call("POST", f"/v1/audit/{int(entry_id)}/undo", AuditOut, json=_with_actor({}, actor))


def _audit(limit: int, offset: int) -> _Call:
    return _Call("GET", "/v1/audit", AuditPage, params={"limit": limit, "offset": offset})


def _review(status: str, limit: int, offset: int) -> _Call:
    return _Call("GET", "/v1/review", ReviewPage, params={"status": status, "limit": limit, "offset": offset})


def _settle(match_id: int, accept: bool, actor: str | None) -> _Call:
    return _Call("POST", f"/v1/review/{int(match_id)}", None,
                 json=_with_actor({"decision": "accept" if accept else "reject"}, actor))


def _reconcile(queries: dict[str, dict[str, Any]]) -> _Call:
    # Form-encoded, as the reconciliation protocol (and OpenRefine) sends it.
    return _Call("POST", "/v1/reconcile", ReconcileResults, form={"queries": json.dumps(queries)})


def _suggest(prefix: str, cursor: int) -> _Call:
    return _Call("GET", "/v1/reconcile/suggest/entity", SuggestResult, params={"prefix": prefix, "cursor": cursor})


def _changes(after: int, limit: int) -> _Call:
    return _Call("GET", "/v1/changes", ChangePage, params={"after": after, "limit": limit})


def _segment(value: str) -> str:
    # An ID is one path segment, whatever it holds ("a/b" must not become a route).
    return quote(str(value), safe="")


# --- retries and answers: shared by both clients ---

@dataclass(frozen=True)
class _Retry:
    retries: int
    backoff: float

    def wait(self, attempt: int, outcome: httpx.Response | Exception) -> float | None:
        """Seconds to wait before trying again after `attempt` (0-based), or
        None when `outcome` is final."""
        if attempt >= self.retries or not _worth_retrying(outcome):
            return None
        delay = self.backoff * 2 ** attempt
        if isinstance(outcome, httpx.Response):
            delay = max(delay, _retry_after(outcome))
        return delay


def _worth_retrying(outcome: httpx.Response | Exception) -> bool:
    if isinstance(outcome, httpx.Response):
        return outcome.status_code in _RETRY_STATUSES
    return isinstance(outcome, _RETRY_ERRORS)


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(float(response.headers.get("Retry-After", 0)), _MAX_RETRY_AFTER)
    except ValueError:  # an HTTP date: rare enough to fall back on our own backoff
        return 0.0


def _result(outcome: httpx.Response | Exception, model: type[Model] | None) -> Model | None:
    """The typed answer (None for an empty one), or the NamesakeError the outcome amounts to."""
    if isinstance(outcome, Exception):
        code = "timeout" if isinstance(outcome, httpx.TimeoutException) else "unreachable"
        raise NamesakeError(None, code, f"{type(outcome).__name__}: {outcome}") from outcome
    if outcome.is_success:
        return None if model is None else model.model_validate(outcome.json())
    raise _error(outcome)


def _error(response: httpx.Response) -> NamesakeError:
    try:
        body = response.json()
        return NamesakeError(response.status_code, body["error"], body["message"],
                             body.get("details"))
    except (ValueError, TypeError, KeyError):
        # Not the service's JSON: a proxy or load balancer answered.
        text = response.text.strip()[:200] or response.reason_phrase
        return NamesakeError(response.status_code, "http_error", text)


def _headers(api_key: str | None) -> dict[str, str]:
    return {"X-API-Key": api_key} if api_key else {}


def _build(http: httpx.Client | httpx.AsyncClient, call: _Call) -> httpx.Request:
    # Built once and sent as is on every attempt: the body is plain bytes.
    return http.build_request(call.method, call.path, json=call.json, params=call.params, data=call.form)


def _page_of_changes(page: ChangePage) -> tuple[list[ChangeOut], int, bool]:
    return page.items, page.next_after, page.more


def _first(page: ArticleList | EntityPage) -> Any:
    return page.items[0] if page.items else None


def _export_line(line: str) -> dict[str, Any] | None:
    return json.loads(line) if line.strip() else None


class NamesakeClient:
    """The blocking client. `transport` replaces the network (httpx.MockTransport in tests)."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30,
                 retries: int = 3, backoff: float = 0.5,
                 transport: httpx.BaseTransport | None = None):
        self._retry = _Retry(retries, backoff)
        self._http = httpx.Client(base_url=base_url, headers=_headers(api_key),
                                  timeout=timeout, transport=transport)

    def post_article(self, text: str, external_id: str | None = None, title: str | None = None,
                     url: str | None = None, source: str | None = None,
                     published_at: datetime | str | None = None) -> Article:
        """Read an article: its mentions, each linked to an entity. Posting the
        same external_id and text again changes nothing, so retrying is safe."""
        return self._run(_post_article(text, external_id, title, url, source, published_at))

    def get_article(self, article_id: str) -> ArticleDetail:
        return self._run(_get_article(article_id))

    def get_entity(self, entity_id: str) -> Entity:
        """The entity, or the one it was merged into (`redirected_from` set)."""
        return self._run(_get_entity(entity_id))

    def search_entities(self, q: str | None = None, limit: int = 20, offset: int = 0,
                        external_id: str | None = None, sort: str | None = None) -> EntityPage:
        """Entities matching a name in any spelling, best first; by an external
        identifier ("wikidata:Q567"); without either, all of them (`sort`:
        "mentions" or "updated")."""
        return self._run(_search_entities(q, limit, offset, external_id, sort))

    def entity_by_external_id(self, scheme: str, value: str) -> Any:
        """The person holding an external identifier (an EntityHit), or None."""
        return _first(self.search_entities(external_id=f"{scheme}:{value}", limit=1))

    def set_external_id(self, entity_id: str, scheme: str, value: str, actor: str | None = None) -> Entity:
        """Give a person an identifier under a scheme (admin); 409 when another holds it."""
        return self._run(_set_external_id(entity_id, scheme, value, actor))

    def remove_external_id(self, entity_id: str, scheme: str, actor: str | None = None) -> Entity:
        return self._run(_remove_external_id(entity_id, scheme, actor))

    def list_articles(self, limit: int = 50, cursor: str | None = None,
                      updated_since: datetime | str | None = None, external_id: str | None = None) -> ArticleList:
        """Articles without their text, newest first; `cursor` is the previous page's `next_cursor`."""
        return self._run(_list_articles(limit, cursor, updated_since, external_id))

    def article_by_external_id(self, external_id: str) -> ArticleListItem | None:
        """The article stored under the CMS's own ID, or None."""
        return _first(self.list_articles(limit=1, external_id=external_id))

    def export_entities(self) -> Iterator[dict[str, Any]]:
        """Every live person, as `namesake export` writes them, read as the
        service streams them (not retried: a broken stream raises)."""
        with self._http.stream("GET", _EXPORT) as response:
            if not response.is_success:
                response.read()
                raise _error(response)
            for line in response.iter_lines():
                if (record := _export_line(line)) is not None:
                    yield record

    def webhooks(self) -> WebhookList:
        """Each webhook URL's progress (admin)."""
        return self._run(_webhooks())

    def webhook_deliveries(self, url: str | None = None, limit: int = 50, offset: int = 0) -> DeliveryPage:
        return self._run(_deliveries(url, limit, offset))

    def extend(self, ids: list[str], properties: list[str]) -> ExtendResult:
        """Reconciliation data extension: `aliases`, `description`, `external_id:<scheme>` of each ID."""
        return self._run(_extend(ids, properties))

    def compare_names(self, a: str, b: str) -> Comparison:
        return self._run(_compare_names(a, b))

    def why(self, mention_id: int) -> WhyOut:
        """The decision behind a mention: the candidates weighed, the rule, the outcome."""
        return self._run(_why(mention_id))

    def post_articles(self, articles: list[dict[str, Any]]) -> BatchOut:
        """Up to 100 articles (each a dict as post_article takes), each stored on its own."""
        return self._run(_post_articles(articles))

    def delete_article(self, article_id: str) -> None:
        self._run(_delete_article(article_id))

    def entity_mentions(self, entity_id: str, limit: int = 50, offset: int = 0) -> MentionPage:
        return self._run(_entity_mentions(entity_id, limit, offset))

    def entity_articles(self, entity_id: str, limit: int = 50, offset: int = 0) -> ArticlePage:
        return self._run(_entity_articles(entity_id, limit, offset))

    def merge(self, survivor_id: str, other_id: str, actor: str | None = None) -> CurationOut:
        """Absorb other_id into survivor_id (admin)."""
        return self._run(_curate(survivor_id, "merge", actor, other_id=other_id))

    def split(self, entity_id: str, mention_ids: list[int] | None = None, aliases: list[str] | None = None,
              actor: str | None = None) -> CurationOut:
        """Move mentions (by ID or by how they are written) to a new entity (admin)."""
        return self._run(_curate(entity_id, "split", actor, mention_ids=mention_ids or [], aliases=aliases or []))

    def rename(self, entity_id: str, name: str, actor: str | None = None) -> CurationOut:
        return self._run(_curate(entity_id, "rename", actor, name=name))

    def mark_distinct(self, entity_id: str, other_id: str, actor: str | None = None) -> CurationOut:
        return self._run(_curate(entity_id, "distinct", actor, other_id=other_id))

    def undo(self, entry_id: int, actor: str | None = None) -> AuditOut:
        return self._run(_undo(entry_id, actor))

    def audit(self, limit: int = 50, offset: int = 0) -> AuditPage:
        return self._run(_audit(limit, offset))

    def review(self, status: str = "open", limit: int = 50, offset: int = 0) -> ReviewPage:
        return self._run(_review(status, limit, offset))

    def settle(self, match_id: int, accept: bool, actor: str | None = None) -> None:
        """Accept (one person: merged) or reject (two people: marked distinct) a review item."""
        self._run(_settle(match_id, accept, actor))

    def reconcile(self, queries: dict[str, dict[str, Any]]) -> ReconcileResults:
        """Reconciliation queries by key: {"q0": {"query": "Moammar Qaddafi", "limit": 3}}."""
        return self._run(_reconcile(queries))

    def suggest(self, prefix: str, cursor: int = 0) -> SuggestResult:
        return self._run(_suggest(prefix, cursor))

    def changes(self, after: int = 0, limit: int = 100) -> ChangePage:
        """One page of the change feed after a cursor (the last change number seen)."""
        return self._run(_changes(after, limit))

    def follow_changes(self, after: int = 0, poll_every: float = 5.0, stop_when_idle: bool = False,
                       limit: int = 100) -> Iterator[ChangeOut]:
        """Every change after `after`, in order, as it comes: pages are read
        while there are more, then the feed is polled every `poll_every`
        seconds (or, with stop_when_idle, the iteration ends). Keep the last
        change's `id` to resume from it after a restart."""
        while True:
            items, after, more = _page_of_changes(self.changes(after, limit))
            yield from items
            if not more:
                if stop_when_idle:
                    return
                _sleep(poll_every)

    def _run(self, call: _Call):
        request = _build(self._http, call)
        for attempt in itertools.count():
            try:
                outcome: httpx.Response | Exception = self._http.send(request)
            except httpx.TransportError as err:
                outcome = err
            delay = self._retry.wait(attempt, outcome)
            if delay is None:
                return _result(outcome, call.model)
            _sleep(delay)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "NamesakeClient":
        return self

    def __exit__(self, *_) -> None:
        self.close()


class AsyncNamesakeClient:
    """The asyncio (or trio) client: the same calls as NamesakeClient, awaited."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30,
                 retries: int = 3, backoff: float = 0.5,
                 transport: httpx.AsyncBaseTransport | None = None):
        self._retry = _Retry(retries, backoff)
        self._http = httpx.AsyncClient(base_url=base_url, headers=_headers(api_key),
                                       timeout=timeout, transport=transport)

    async def post_article(self, text: str, external_id: str | None = None,
                           title: str | None = None, url: str | None = None,
                           source: str | None = None,
                           published_at: datetime | str | None = None) -> Article:
        return await self._run(_post_article(text, external_id, title, url, source, published_at))

    async def get_article(self, article_id: str) -> ArticleDetail:
        return await self._run(_get_article(article_id))

    async def get_entity(self, entity_id: str) -> Entity:
        return await self._run(_get_entity(entity_id))

    async def search_entities(self, q: str | None = None, limit: int = 20, offset: int = 0,
                              external_id: str | None = None, sort: str | None = None) -> EntityPage:
        return await self._run(_search_entities(q, limit, offset, external_id, sort))

    async def entity_by_external_id(self, scheme: str, value: str) -> Any:
        return _first(await self.search_entities(external_id=f"{scheme}:{value}", limit=1))

    async def set_external_id(self, entity_id: str, scheme: str, value: str, actor: str | None = None) -> Entity:
        return await self._run(_set_external_id(entity_id, scheme, value, actor))

    async def remove_external_id(self, entity_id: str, scheme: str, actor: str | None = None) -> Entity:
        return await self._run(_remove_external_id(entity_id, scheme, actor))

    async def list_articles(self, limit: int = 50, cursor: str | None = None,
                            updated_since: datetime | str | None = None,
                            external_id: str | None = None) -> ArticleList:
        return await self._run(_list_articles(limit, cursor, updated_since, external_id))

    async def article_by_external_id(self, external_id: str) -> ArticleListItem | None:
        return _first(await self.list_articles(limit=1, external_id=external_id))

    async def export_entities(self) -> AsyncIterator[dict[str, Any]]:
        async with self._http.stream("GET", _EXPORT) as response:
            if not response.is_success:
                await response.aread()
                raise _error(response)
            async for line in response.aiter_lines():
                if (record := _export_line(line)) is not None:
                    yield record

    async def webhooks(self) -> WebhookList:
        return await self._run(_webhooks())

    async def webhook_deliveries(self, url: str | None = None, limit: int = 50, offset: int = 0) -> DeliveryPage:
        return await self._run(_deliveries(url, limit, offset))

    async def extend(self, ids: list[str], properties: list[str]) -> ExtendResult:
        return await self._run(_extend(ids, properties))

    async def compare_names(self, a: str, b: str) -> Comparison:
        return await self._run(_compare_names(a, b))

    async def why(self, mention_id: int) -> WhyOut:
        return await self._run(_why(mention_id))

    async def post_articles(self, articles: list[dict[str, Any]]) -> BatchOut:
        return await self._run(_post_articles(articles))

    async def delete_article(self, article_id: str) -> None:
        await self._run(_delete_article(article_id))

    async def entity_mentions(self, entity_id: str, limit: int = 50, offset: int = 0) -> MentionPage:
        return await self._run(_entity_mentions(entity_id, limit, offset))

    async def entity_articles(self, entity_id: str, limit: int = 50, offset: int = 0) -> ArticlePage:
        return await self._run(_entity_articles(entity_id, limit, offset))

    async def merge(self, survivor_id: str, other_id: str, actor: str | None = None) -> CurationOut:
        return await self._run(_curate(survivor_id, "merge", actor, other_id=other_id))

    async def split(self, entity_id: str, mention_ids: list[int] | None = None,
                    aliases: list[str] | None = None, actor: str | None = None) -> CurationOut:
        return await self._run(_curate(entity_id, "split", actor, mention_ids=mention_ids or [],
                                       aliases=aliases or []))

    async def rename(self, entity_id: str, name: str, actor: str | None = None) -> CurationOut:
        return await self._run(_curate(entity_id, "rename", actor, name=name))

    async def mark_distinct(self, entity_id: str, other_id: str, actor: str | None = None) -> CurationOut:
        return await self._run(_curate(entity_id, "distinct", actor, other_id=other_id))

    async def undo(self, entry_id: int, actor: str | None = None) -> AuditOut:
        return await self._run(_undo(entry_id, actor))

    async def audit(self, limit: int = 50, offset: int = 0) -> AuditPage:
        return await self._run(_audit(limit, offset))

    async def review(self, status: str = "open", limit: int = 50, offset: int = 0) -> ReviewPage:
        return await self._run(_review(status, limit, offset))

    async def settle(self, match_id: int, accept: bool, actor: str | None = None) -> None:
        await self._run(_settle(match_id, accept, actor))

    async def reconcile(self, queries: dict[str, dict[str, Any]]) -> ReconcileResults:
        return await self._run(_reconcile(queries))

    async def suggest(self, prefix: str, cursor: int = 0) -> SuggestResult:
        return await self._run(_suggest(prefix, cursor))

    async def changes(self, after: int = 0, limit: int = 100) -> ChangePage:
        return await self._run(_changes(after, limit))

    async def follow_changes(self, after: int = 0, poll_every: float = 5.0, stop_when_idle: bool = False,
                             limit: int = 100) -> AsyncIterator[ChangeOut]:
        """As NamesakeClient.follow_changes, for `async for`."""
        while True:
            items, after, more = _page_of_changes(await self.changes(after, limit))
            for item in items:
                yield item
            if not more:
                if stop_when_idle:
                    return
                await _async_sleep(poll_every)

    async def _run(self, call: _Call):
        request = _build(self._http, call)
        for attempt in itertools.count():
            try:
                outcome: httpx.Response | Exception = await self._http.send(request)
            except httpx.TransportError as err:
                outcome = err
            delay = self._retry.wait(attempt, outcome)
            if delay is None:
                return _result(outcome, call.model)
            await _async_sleep(delay)

    async def close(self) -> None:
        await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> "AsyncNamesakeClient":
        return self

    async def __aexit__(self, *_) -> None:
        await self.close()


# --- webhook signatures: the one definition, which the service signs with ---

def sign(body: bytes, timestamp: str, secret: str) -> str:
    """The X-Namesake-Signature of a webhook delivery: HMAC-SHA256 with the
    shared secret over the timestamp, a dot and the body, as sent. The
    timestamp is signed too, so that an old delivery cannot be replayed
    under a new one."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(body: bytes, timestamp: str, signature: str, secret: str,
                     tolerance_seconds: float = 300) -> bool:
    """Whether a webhook delivery comes from a Namesake holding `secret`:
    `body` the raw request body (bytes, before any JSON parsing), `timestamp`
    and `signature` its X-Namesake-Timestamp and X-Namesake-Signature headers.
    False as well when the timestamp is more than `tolerance_seconds` away from
    this machine's clock: a replayed old delivery. Compares in constant time."""
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if abs(time.time() - sent) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(body, timestamp, secret).encode(), signature.encode())
