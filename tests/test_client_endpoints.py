"""Every endpoint through service.client, sync and async, against a real
`namesake serve` on SQLite: typed results, curation, review, reconciliation
and the change feed, followed to the end."""
import uuid

import pytest

from bench.server import running_server
from service.client import (
    ArticleList,
    ArticlePage,
    AsyncNamesakeClient,
    AuditPage,
    BatchOut,
    ChangeOut,
    CurationOut,
    MentionPage,
    NamesakeClient,
    NamesakeError,
    ReconcileResults,
    ReviewPage,
)

pytestmark = pytest.mark.e2e

MERKEL = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("client-endpoints")
    with running_server(f"sqlite:///{folder / 'client.db'}", folder) as base:
        yield base


@pytest.fixture
def anyio_backend():
    return "asyncio"


def _text(name: str) -> str:
    # A person of one's own per test: tests share the server's store, and each
    # name is used once, so each text is new. No random suffix: the model read
    # about one random code in forty ("Ref 03c8e885") as a second person.
    return f"German minister {name} spoke to reporters in Berlin on Monday."


def test_batch_lists_delete_and_the_feed(server):
    with NamesakeClient(server) as namesake:
        start = namesake.changes(after=0, limit=1000).next_after
        batch = namesake.post_articles([{"text": _text("Frank-Walter Steinmeier")}, {"text": ""}])
        assert isinstance(batch, BatchOut)
        assert [item.status for item in batch.items] == ["created", "error"]
        article = batch.items[0].article
        assert article is not None
        person = article.entities[0].id
        assert isinstance(namesake.entity_mentions(person), MentionPage)
        assert isinstance(namesake.entity_articles(person), ArticlePage)
        assert namesake.delete_article(article.id) is None
        with pytest.raises(NamesakeError) as refused:
            namesake.get_article(article.id)
        assert refused.value.status == 404
        seen = list(namesake.follow_changes(after=start, stop_when_idle=True, limit=1))
        assert all(isinstance(c, ChangeOut) for c in seen)
        assert [c.kind for c in seen] == ["entity.created", "article.deleted"]
        assert seen[0].entity_ids == [person] and seen[1].article_id == article.id


def test_curation_audit_and_undo(server):
    with NamesakeClient(server) as namesake:
        one = namesake.post_article(_text("Olaf Scholz")).entities[0].id
        two = namesake.post_article(_text("Boris Pistorius")).entities[0].id
        merged = namesake.merge(one, two, actor="desk")
        assert isinstance(merged, CurationOut) and merged.audit.actor == "desk"
        assert namesake.get_entity(two).id == one
        undone = namesake.undo(merged.audit.id, actor="desk")
        assert undone.action == "undo" and namesake.get_entity(two).id == two
        renamed = namesake.rename(one, "Olaf J. Scholz")
        assert renamed.entity.canonical_name == "Olaf J. Scholz" and renamed.audit.actor == "anonymous"
        assert namesake.mark_distinct(one, two).audit.action == "distinct"
        assert isinstance(namesake.audit(limit=5), AuditPage)
        assert isinstance(namesake.review(), ReviewPage)
        with pytest.raises(NamesakeError) as refused:
            namesake.merge(one, two)  # marked distinct: never merged
        assert refused.value.status == 409


def test_reconcile_and_suggest(server):
    with NamesakeClient(server) as namesake:
        person = namesake.post_article(_text("Annalena Baerbock")).entities[0].id
        results = namesake.reconcile({"q0": {"query": "Annalena Baerbock", "limit": 3}})
        assert isinstance(results, ReconcileResults)
        assert results.root["q0"].result[0].id == person
        assert namesake.suggest("Annalena Baer").result[0].id == person


@pytest.mark.anyio
async def test_the_async_client_has_the_same_calls(server):
    async with AsyncNamesakeClient(server) as namesake:
        start = (await namesake.changes(after=0, limit=1000)).next_after
        one = (await namesake.post_article(_text("Robert Habeck"))).entities[0].id
        two = (await namesake.post_article(_text("Christian Lindner"))).entities[0].id
        assert (await namesake.merge(one, two, actor="desk")).entity.id == one
        kinds = [c.kind async for c in namesake.follow_changes(after=start, stop_when_idle=True)]
        assert kinds == ["entity.created", "entity.created", "entity.merged"]
        assert (await namesake.reconcile({"q": {"query": "Robert Habeck"}})).root["q"].result


def test_external_ids_articles_list_export_and_extend(server):
    with NamesakeClient(server) as namesake:
        cms_id = f"cms-{uuid.uuid4().hex[:8]}"
        person = namesake.post_article(_text("Nancy Faeser"), external_id=cms_id).entities[0].id
        assert namesake.entity_by_external_id("wikidata", "Q58192") is None
        entity = namesake.set_external_id(person, "wikidata", "Q58192", actor="desk")
        assert entity.external_ids == {"wikidata": "Q58192"}
        assert namesake.entity_by_external_id("wikidata", "Q58192").id == person
        found = namesake.article_by_external_id(cms_id)
        assert found is not None and found.external_id == cms_id
        assert namesake.article_by_external_id("no-such-cms-id") is None
        assert isinstance(namesake.list_articles(limit=2), ArticleList)
        exported = {record["id"]: record for record in namesake.export_entities()}
        assert exported[person]["external_ids"] == {"wikidata": "Q58192"}
        row = namesake.extend([person], ["external_id:wikidata", "aliases"]).rows[person]
        assert [v.text for v in row["external_id:wikidata"]] == ["Q58192"]
        assert namesake.remove_external_id(person, "wikidata").external_ids == {}
        with pytest.raises(NamesakeError) as refused:
            namesake.remove_external_id(person, "wikidata")
        assert refused.value.status == 404
        assert namesake.webhooks().items == []  # no WEBHOOK_URLS on this server


@pytest.mark.anyio
async def test_the_async_export_streams_the_same_records(server):
    async with AsyncNamesakeClient(server) as namesake:
        await namesake.post_article(_text("Karl Lauterbach"))
        streamed = [record async for record in namesake.export_entities()]
    with NamesakeClient(server) as namesake:
        assert streamed == list(namesake.export_entities())
