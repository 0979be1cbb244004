"""POST and GET /v1/articles, on SQLite and PostgreSQL."""
import pytest

TEXT = (
    "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday. "
    "Later, Emmanuel Macron told reporters that Angela Merkel had agreed."
)


def post(client, **body):
    return client.post("/v1/articles", json=body)


def test_post_finds_people_with_exact_offsets(client):
    response = post(client, text=TEXT, external_id="a1", title="Meeting")
    assert response.status_code == 201, response.text
    body = response.json()
    surfaces = {m["text"] for m in body["mentions"]}
    assert {"Angela Merkel", "Emmanuel Macron"} <= surfaces
    for m in body["mentions"]:
        assert TEXT[m["start"]:m["end"]] == m["text"]
        assert isinstance(m["entity_id"], str) and m["entity_id"]
        assert 0 <= m["score"] <= 1
    assert {e["id"] for e in body["entities"]} == {m["entity_id"] for m in body["mentions"]}


def test_repeated_name_links_to_one_entity(client):
    body = post(client, text=TEXT).json()
    ids = {m["entity_id"] for m in body["mentions"] if m["text"] == "Emmanuel Macron"}
    assert len(ids) == 1


def test_entity_ids_are_stable_across_articles(client):
    first = post(client, text=TEXT, external_id="a1").json()
    second = post(client, text="Emmanuel Macron resigned on Tuesday, said Angela Merkel.",
                  external_id="a2").json()
    def ids(body: dict, name: str) -> set[str]:
        return {m["entity_id"] for m in body["mentions"] if m["text"] == name}

    for name in ("Angela Merkel", "Emmanuel Macron"):
        assert ids(first, name) == ids(second, name) and len(ids(first, name)) == 1


def test_offsets_count_code_points_beyond_the_basic_plane(client):
    text = "\U0001F4F0 Breaking: Angela Merkel said on Monday that Emmanuel Macron's aide left."
    body = post(client, text=text).json()
    assert body["mentions"], body
    for m in body["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]


def test_same_external_id_and_text_creates_nothing(client):
    first = post(client, text=TEXT, external_id="a1")
    entities_before = client.get("/v1/entities").json()["items"]
    again = post(client, text=TEXT, external_id="a1")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["mentions"] == first.json()["mentions"]
    assert client.get("/v1/entities").json()["items"] == entities_before


def test_same_text_without_external_id_creates_nothing(client):
    first = post(client, text=TEXT).json()
    again = post(client, text=TEXT)
    assert again.status_code == 200 and again.json()["id"] == first["id"]


def test_edited_article_replaces_its_mentions_and_counts(client):
    first = post(client, text=TEXT, external_id="a1").json()
    merkel = next(m["entity_id"] for m in first["mentions"] if m["text"] == "Angela Merkel")
    assert client.get(f"/v1/entities/{merkel}").json()["mention_count"] == 2
    edited = "Angela Merkel said on Monday that she would stay."
    second = post(client, text=edited, external_id="a1")
    assert second.status_code == 200  # updated, not created
    assert second.json()["id"] == first["id"]
    assert [m["text"] for m in second.json()["mentions"]] == ["Angela Merkel"]
    assert second.json()["mentions"][0]["entity_id"] == merkel
    entity = client.get(f"/v1/entities/{merkel}").json()
    assert entity["mention_count"] == 1 and entity["article_count"] == 1
    assert {a["surface"]: a["count"] for a in entity["aliases"]} == {"Angela Merkel": 1}
    assert client.get(f"/v1/articles/{first['id']}").json()["text"] == edited


def test_get_article_returns_text_and_mentions(client):
    created = post(client, text=TEXT, external_id="a1", source="Wire",
                   url="https://example.org/a1", published_at="2013-03-05T10:00:00Z").json()
    got = client.get(f"/v1/articles/{created['id']}")
    assert got.status_code == 200
    body = got.json()
    assert body["text"] == TEXT and body["source"] == "Wire" and body["external_id"] == "a1"
    assert body["published_at"].startswith("2013-03-05T10:00:00")
    assert body["mentions"] == created["mentions"]


def test_optional_extra_fields_are_accepted(client):
    assert post(client, text=TEXT, html="<p>ignored</p>").status_code == 201


def test_text_without_people_is_stored_with_no_mentions(client):
    response = post(client, text="The weather was fine in the morning.")
    assert response.status_code == 201 and response.json()["mentions"] == []


@pytest.mark.parametrize("body, status", [
    ({}, 422),                                    # missing text
    ({"text": ""}, 422),                          # empty
    ({"text": "   \n\t "}, 422),                  # white space only
    ({"text": 42}, 422),                          # wrong type
    ({"text": ["a"]}, 422),
    ({"text": "Riyad Hijab", "external_id": 7}, 422),
    ({"text": "Riyad Hijab", "external_id": ""}, 422),
    ({"text": "Riyad Hijab", "published_at": "yesterday"}, 422),
    ({"text": "Riyad\x00 Hijab"}, 422),           # NUL: no database stores it
])
def test_bad_article_input_is_a_4xx_with_a_message(client, body, status):
    response = client.post("/v1/articles", json=body)
    assert response.status_code == status, response.text
    assert response.json()["message"]
    assert client.get("/v1/entities").json()["items"] == []


def test_lone_surrogate_is_422(client):
    # Valid JSON syntax (an escaped half of a UTF-16 pair), but not Unicode text.
    response = client.post("/v1/articles", content=b'{"text": "Riyad Hijab \\ud800"}',
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "surrogate" in response.json()["message"]


def test_malformed_json_is_400(client):
    response = client.post("/v1/articles", content=b'{"text": ',
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_json"


def test_json_array_body_is_422(client):
    response = client.post("/v1/articles", json=["Riyad Hijab"])
    assert response.status_code == 422 and response.json()["message"]


def test_wrong_content_type_is_415(client):
    response = client.post("/v1/articles", content=b"Riyad Hijab met Assad.",
                           headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/json" in response.json()["message"]


def test_text_over_the_limit_is_413(settings, tmp_path):
    from fastapi.testclient import TestClient

    from service.app import create_app

    small = settings.model_copy(update={"max_text_chars": 20})
    with TestClient(create_app(small)) as client:
        response = client.post("/v1/articles", json={"text": "Riyad Hijab " * 5})
    assert response.status_code == 413
    assert "20" in response.json()["message"]


def test_unknown_article_is_404(client):
    response = client.get("/v1/articles/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "no article with id 'does-not-exist'"}


def test_unknown_route_and_method_are_json_errors(client):
    assert client.get("/v2/nothing").json()["error"] == "not_found"
    response = client.delete("/v1/names/compare")
    assert response.status_code == 405 and response.json()["message"]


def test_a_failure_mid_article_leaves_nothing_behind(client, monkeypatch):
    """One transaction per article: when a failure follows the writes of every
    person, neither the article nor any entity, alias or mention stays."""
    import service.articles

    real_apply = service.articles.apply_decisions

    def failing_apply(session, decisions, article_id, now):
        real_apply(session, decisions, article_id, now)
        raise RuntimeError("injected failure")

    monkeypatch.setattr(service.articles, "apply_decisions", failing_apply)
    response = post(client, text=TEXT, external_id="a1")
    assert response.status_code == 500 and "injected" not in response.text
    assert client.get("/v1/entities").json()["items"] == []
    monkeypatch.setattr(service.articles, "apply_decisions", real_apply)
    retried = post(client, text=TEXT, external_id="a1")
    assert retried.status_code == 201
    assert len(client.get("/v1/entities").json()["items"]) == 2
