"""An entity's mentions and articles, batch posting and deleting articles."""
MERKEL = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."
SCHOLZ = "Angela Merkel met Olaf Scholz in Berlin. Angela Merkel then left."


def post(client, text, **fields):
    response = client.post("/v1/articles", json={"text": text, **fields})
    assert response.status_code in (200, 201), response.text
    return response.json()


def merkel_id(body):
    return next(m["entity_id"] for m in body["mentions"] if m["text"] == "Angela Merkel")


def test_mentions_and_articles_newest_first_with_context(client):
    old = post(client, MERKEL, published_at="2019-01-01T00:00:00Z", title="Old")
    new = post(client, SCHOLZ, published_at="2021-06-01T00:00:00Z", title="New")
    merkel = merkel_id(old)
    mentions = client.get(f"/v1/entities/{merkel}/mentions", params={"limit": 2}).json()
    assert [m["article_id"] for m in mentions["items"]] == [new["id"], new["id"]]
    assert mentions["next_offset"] == 2
    assert "Olaf Scholz" in mentions["items"][0]["context"]
    rest = client.get(f"/v1/entities/{merkel}/mentions", params={"offset": 2}).json()
    assert [m["article_id"] for m in rest["items"]] == [old["id"]] and rest["next_offset"] is None
    assert rest["items"][0]["titles"] == ["Chancellor"]
    articles = client.get(f"/v1/entities/{merkel}/articles").json()["items"]
    assert [(a["id"], a["mentions"]) for a in articles] == [(new["id"], 2), (old["id"], 1)]
    assert articles[0]["title"] == "New"


def test_lists_of_unknown_entity_are_404(client):
    assert client.get("/v1/entities/nobody/mentions").status_code == 404
    assert client.get("/v1/entities/nobody/articles").status_code == 404
    assert client.get("/v1/entities/x/mentions", params={"limit": 0}).status_code == 422


def test_delete_article_keeps_counts_consistent(client):
    first = post(client, MERKEL)
    second = post(client, SCHOLZ)
    merkel = merkel_id(first)
    assert client.delete(f"/v1/articles/{second['id']}").status_code == 204
    assert client.get(f"/v1/articles/{second['id']}").status_code == 404
    entity = client.get(f"/v1/entities/{merkel}").json()
    assert entity["mention_count"] == 1 and entity["article_count"] == 1
    assert {a["surface"]: a["count"] for a in entity["aliases"]} == {"Angela Merkel": 1}
    assert client.delete(f"/v1/articles/{second['id']}").status_code == 404
    # posting it again works and links to the same person
    assert merkel_id(post(client, SCHOLZ)) == merkel


def test_batch_gives_a_result_or_an_error_per_article(client):
    response = client.post("/v1/articles:batch", json={"articles": [
        {"text": MERKEL, "external_id": "b1"},
        {"text": "   "},
        "not an article",
        {"text": MERKEL, "external_id": "b1"},
        {"text": SCHOLZ, "external_id": "b2"},
    ]})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["status"] for i in items] == ["created", "error", "error", "stored", "created"]
    assert items[1]["error"]["error"] == "invalid_request" and items[1]["error"]["message"]
    assert items[3]["article"]["id"] == items[0]["article"]["id"]
    assert merkel_id(items[4]["article"]) == merkel_id(items[0]["article"])


def test_batch_limits(client):
    assert client.post("/v1/articles:batch", json={"articles": []}).status_code == 422
    many = {"articles": [{"text": "x"}] * 101}
    assert client.post("/v1/articles:batch", json=many).status_code == 422
    assert client.post("/v1/articles:batch", json={"text": MERKEL}).status_code == 422


def test_a_batch_stores_what_posts_one_by_one_store(client, settings, seeds):
    """The batch reads its new texts through the model in one stream; each
    article's mentions and who is whom come out as with single posts."""
    from tests.conftest import wipe

    texts = [p.read_text(encoding="utf-8") for p in sorted((seeds / "docs").glob("*.txt"))]

    def people(articles):
        found: dict[str, set] = {}
        for i, article in enumerate(articles):
            for m in article["mentions"]:
                found.setdefault(m["entity_id"], set()).add((i, m["start"], m["end"]))
        return {frozenset(v) for v in found.values()}

    single = [post(client, text, external_id=f"s{i}") for i, text in enumerate(texts)]
    wipe(settings.database_url)
    response = client.post("/v1/articles:batch", json={"articles": [
        {"text": text, "external_id": f"s{i}"} for i, text in enumerate(texts)]})
    batch = [item["article"] for item in response.json()["items"]]
    assert all(item["status"] == "created" for item in response.json()["items"])
    assert people(batch) == people(single) and sum(len(a["mentions"]) for a in batch) > 20
    again = client.post("/v1/articles:batch", json={"articles": [{"text": texts[0], "external_id": "s0"}]})
    assert again.json()["items"][0]["status"] == "stored"


def words_of(database_url, entity_id) -> dict[str, int]:
    from sqlmodel import Session, select

    from service.db.engine import make_engine
    from service.db.models import EntityWord

    engine = make_engine(database_url)
    with Session(engine) as session:
        rows = session.exec(select(EntityWord).where(EntityWord.entity_id == entity_id)).all()
        found = {row.word: row.count for row in rows}
    engine.dispose()
    return found


def test_context_words_are_taken_back_on_edit_and_delete(client, settings):
    """The words counted near a person belong to the article's version that
    said them: an edit replaces them, a delete takes them back."""
    first = "Riyad Hijab defected through the desert to Jordan with his family, officials said."
    edited = "Riyad Hijab addressed parliament about electricity tariffs and wheat subsidies."
    body = post(client, first, external_id="w1")
    hijab = body["mentions"][0]["entity_id"]
    before = words_of(settings.database_url, hijab)
    assert {"defected", "desert"} <= set(before)
    post(client, edited, external_id="w1")
    after = words_of(settings.database_url, hijab)
    assert not {"defected", "desert"} & set(after) and {"parliament", "tariffs"} <= set(after)
    assert set(after.values()) == {1}
    assert client.delete(f"/v1/articles/{body['id']}").status_code == 204
    assert words_of(settings.database_url, hijab) == {}
