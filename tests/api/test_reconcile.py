"""The reconciliation service (/v1/reconcile) as OpenRefine uses it, on SQLite
and PostgreSQL: manifest, form-encoded batches, suggest, preview, refusals."""
import json

import pytest

from service.reconcile import BatchTooLarge, parse_batch, preview_html
from service.schemas import AliasOut, EntityOut

ARTICLES = [
    "Libyan leader Muammar Gaddafi said on Monday that the talks had failed.",
    "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday.",
    "Angela Merkel met Olaf Scholz in Berlin. Angela Merkel then left.",
]
PERSON = [{"id": "person", "name": "Person"}]


@pytest.fixture
def stocked(client):
    for i, text in enumerate(ARTICLES):
        assert client.post("/v1/articles", json={"text": text, "external_id": f"r{i}"}).status_code == 201
    return client


def post_article(client, text):
    response = client.post("/v1/articles", json={"text": text})
    assert response.status_code in (200, 201), response.text
    return response.json()


def entity_named(client, name):
    [entity] = [e for e in client.get("/v1/entities", params={"limit": 200}).json()["items"]
                if e["canonical_name"] == name]
    return entity


def reconcile(client, queries):
    """POST a batch the way OpenRefine does: form-encoded queries=<JSON>."""
    return client.post("/v1/reconcile", data={"queries": json.dumps(queries)})


def test_manifest_describes_the_service(client):
    response = client.get("/v1/reconcile")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"  # browser-based clients
    body = response.json()
    assert body["name"] == "Namesake" and body["versions"] == ["0.2"]
    assert body["identifierSpace"] == "https://namesake.invalid/entities"
    assert body["schemaSpace"].startswith("https://namesake.invalid/")
    assert body["defaultTypes"] == PERSON
    assert body["view"] == {"url": "http://127.0.0.1:8000/ui/#/entity/{{id}}"}  # the editor's page
    assert body["preview"] == {"url": "http://127.0.0.1:8000/v1/reconcile/preview?id={{id}}",
                               "width": 400, "height": 120}
    assert body["suggest"] == {"entity": {"service_url": "http://127.0.0.1:8000",
                                          "service_path": "/v1/reconcile/suggest/entity"}}
    assert body["extend"] == {"propose_properties": {"service_url": "http://127.0.0.1:8000",
                                                     "service_path": "/v1/reconcile/properties"},
                              "property_settings": []}


def test_form_batch_finds_a_person_spelled_another_way(stocked):
    gaddafi = entity_named(stocked, "Muammar Gaddafi")
    response = reconcile(stocked, {"q0": {"query": "Moammar Qaddafi", "type": "person", "limit": 3,
                                          "properties": [{"pid": "born", "v": "1942"}]}})
    assert response.status_code == 200
    [best, *_] = response.json()["q0"]["result"]
    assert best["id"] == gaddafi["id"] and best["name"] == "Muammar Gaddafi"
    assert best["type"] == PERSON and best["match"] is True
    assert 85 <= best["score"] < 100
    assert best["description"] == "1 mention in 1 article"


def test_several_queries_answer_under_their_keys(stocked):
    body = reconcile(stocked, {"a": {"query": "Angela Merkel"}, "b": {"query": "Emanuel Macron"},
                               "c": {"query": "Xavier Quintanilla"}}).json()
    assert set(body) == {"a", "b", "c"}
    assert body["a"]["result"][0]["id"] == entity_named(stocked, "Angela Merkel")["id"]
    assert body["a"]["result"][0]["score"] == 100.0
    assert body["a"]["result"][0]["description"] == "3 mentions in 2 articles"
    assert body["b"]["result"][0]["name"] == "Emmanuel Macron"
    assert body["c"] == {"result": []}


def test_results_are_best_first_and_limited(client):
    for text in ["Capt. Ahmed Hassan led the patrol, the army said on Monday.",
                 "Maj. Gen. Ahmed Hassan announced the offensive on Tuesday.",
                 "Ahmed Hussein, a farmer, said the road was closed."]:
        post_article(client, text)
    three = reconcile(client, {"q": {"query": "Ahmed Hassan", "limit": 3}}).json()["q"]["result"]
    scores = [r["score"] for r in three]
    assert len(three) >= 2 and scores == sorted(scores, reverse=True)
    one = reconcile(client, {"q": {"query": "Ahmed Hassan", "limit": 1}}).json()["q"]["result"]
    assert [r["id"] for r in one] == [three[0]["id"]]


def test_namesakes_scoring_alike_are_never_a_certain_match(client):
    # A captain and a major general who share the name: two entities, equal scores.
    for text in ["Capt. Ahmed Hassan led the patrol, the army said on Monday.",
                 "Maj. Gen. Ahmed Hassan announced the offensive on Tuesday."]:
        post_article(client, text)
    result = reconcile(client, {"q": {"query": "Ahmed Hassan"}}).json()["q"]["result"]
    assert len(result) == 2 and result[0]["score"] == result[1]["score"] == 100.0
    assert not any(r["match"] for r in result)


def test_a_one_word_query_is_a_candidate_not_a_certain_match(stocked):
    [best] = reconcile(stocked, {"q": {"query": "Merkel"}}).json()["q"]["result"]
    assert best["name"] == "Angela Merkel" and best["score"] >= 85 and best["match"] is False


def test_types_other_than_person_give_no_results(stocked):
    body = reconcile(stocked, {"org": {"query": "Angela Merkel", "type": "organization"},
                               "listed": {"query": "Angela Merkel", "type": ["place", "person"]}}).json()
    assert body["org"] == {"result": []}
    assert body["listed"]["result"][0]["name"] == "Angela Merkel"


def test_get_with_queries_reconciles_too(stocked):
    queries = json.dumps({"q0": {"query": "Moammar Qaddafi"}})
    response = stocked.get("/v1/reconcile", params={"queries": queries})
    assert response.status_code == 200
    assert response.json()["q0"]["result"][0]["name"] == "Muammar Gaddafi"


def test_suggest_completes_a_prefix_and_finds_other_spellings(stocked):
    gaddafi = entity_named(stocked, "Muammar Gaddafi")["id"]
    for prefix in ("Gadd", "Muam", "Moammar Qaddafi"):
        response = stocked.get("/v1/reconcile/suggest/entity", params={"prefix": prefix})
        assert response.status_code == 200
        result = response.json()["result"]
        assert [r["id"] for r in result] == [gaddafi], prefix
        assert result[0]["name"] == "Muammar Gaddafi" and result[0]["description"]
    past = stocked.get("/v1/reconcile/suggest/entity", params={"prefix": "Gadd", "cursor": 1})
    assert past.json() == {"result": []}


def test_suggest_without_a_match_is_empty(stocked):
    response = stocked.get("/v1/reconcile/suggest/entity", params={"prefix": "Quintan"})
    assert response.status_code == 200 and response.json() == {"result": []}


def test_preview_shows_the_person(stocked):
    merkel = entity_named(stocked, "Angela Merkel")["id"]
    response = stocked.get("/v1/reconcile/preview", params={"id": merkel})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "<strong>Angela Merkel</strong>" in response.text
    assert "Angela Merkel (3)" in response.text and "2 articles" in response.text


def test_preview_of_a_merged_away_id_shows_the_survivor(client):
    first = post_article(client, "Abdulaziz Jassem spoke to reporters in Amman on Sunday.")
    second = post_article(client, "Maj. Gen. Abdulaziz al-Shallal said he had defected.")
    post_article(client, "Maj. Gen. Abdul-Aziz Jassem al-Shallal, the head of the military "
                         "police, defected on Wednesday.")
    ids = {first["entities"][0]["id"], second["entities"][0]["id"]}
    live = {e["id"] for e in client.get("/v1/entities").json()["items"]}
    [absorbed] = ids - live
    response = client.get("/v1/reconcile/preview", params={"id": absorbed})
    assert response.status_code == 200
    assert "<strong>Abdul-Aziz Jassem al-Shallal</strong>" in response.text


def test_preview_of_an_unknown_id_is_404_json(client):
    response = client.get("/v1/reconcile/preview", params={"id": "nobody"})
    assert response.status_code == 404
    assert response.json()["error"] == "not_found" and "nobody" in response.json()["message"]


def test_preview_escapes_names():
    now = "2024-01-01T00:00:00Z"
    hostile = "<script>alert('x')</script> & Co"
    entity = EntityOut(id="e1", canonical_name=hostile, mention_count=1, article_count=1,
                       created_at=now, updated_at=now,
                       aliases=[AliasOut(surface='"><img src=x onerror=alert(1)>', normalized="x",
                                         count=1, first_seen=now, last_seen=now)])
    page = preview_html(entity)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; (1)" in page


@pytest.mark.parametrize("queries, status, code", [
    ("not json", 400, "malformed_json"),
    ("[" * 5000, 400, "malformed_json"),  # nested past the parser's depth
    ('["Angela Merkel"]', 422, "invalid_request"),
    ('"Angela Merkel"', 422, "invalid_request"),
    ('{"q0": "Angela Merkel"}', 422, "invalid_request"),
    ('{"q0": {"type": "person"}}', 422, "invalid_request"),
    ('{"q0": {"query": 42}}', 422, "invalid_request"),
    ('{"q0": {"query": ""}}', 422, "invalid_request"),
    ('{"q0": {"query": "Angela Merkel", "limit": 0}}', 422, "invalid_request"),
    ('{"q0": {"query": "Angela Merkel", "limit": 1000}}', 422, "invalid_request"),
    ('{"q0": {"query": "Angela Merkel", "limit": "many"}}', 422, "invalid_request"),
    ('{"q0": {"query": "Angela Merkel"}, "q1": {"query": "!!! 42"}}', 422, "invalid_name"),
    (json.dumps({f"q{i}": {"query": "Angela Merkel"} for i in range(101)}), 422, "invalid_request"),
])
def test_bad_batches_are_refused_with_a_json_error(client, queries, status, code):
    for response in (client.post("/v1/reconcile", data={"queries": queries}),
                     client.get("/v1/reconcile", params={"queries": queries})):
        assert response.status_code == status, response.text
        body = response.json()
        assert body["error"] == code and body["message"]


def test_refusal_names_the_query_at_fault(client):
    body = reconcile(client, {"q0": {"query": "Angela Merkel"},
                              "q7": {"query": "Olaf Scholz", "limit": -1}}).json()
    assert body["details"] == [{"field": "q7.limit", "problem": body["details"][0]["problem"]}]
    assert body["message"].startswith("q7.limit")


@pytest.mark.parametrize("kwargs, status, code", [
    ({"json": {"queries": {"q0": {"query": "Angela Merkel"}}}}, 415, "unsupported_media_type"),
    ({"data": {"query": "Angela Merkel"}}, 422, "invalid_request"),
    ({"content": b"queries=%ff%fe", "headers": {"content-type": "application/x-www-form-urlencoded"}},
     400, "malformed_form"),
])
def test_bad_posts_are_refused_with_a_json_error(client, kwargs, status, code):
    response = client.post("/v1/reconcile", **kwargs)
    assert response.status_code == status and response.json()["error"] == code


@pytest.mark.parametrize("params", [{}, {"prefix": ""}, {"prefix": "!!!"}, {"prefix": "Gadd", "cursor": -1}])
def test_bad_suggest_parameters_are_422(client, params):
    response = client.get("/v1/reconcile/suggest/entity", params=params)
    assert response.status_code == 422 and response.json()["message"]


def test_an_oversized_batch_is_refused():
    with pytest.raises(BatchTooLarge):
        parse_batch(json.dumps({"q0": {"query": "x" * 1_000_001}}))


def test_an_oversized_batch_is_413_over_http(client):
    response = reconcile(client, {"q0": {"query": "x" * 1_000_001}})
    assert response.status_code == 413 and response.json()["error"] == "batch_too_large"


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("GET", "/v1/reconcile", {}, 200),
    ("POST", "/v1/reconcile", {"data": {"queries": '{"q0": {"query": "Angela Merkel"}}'}}, 200),
    ("POST", "/v1/reconcile", {"data": {"queries": "not json"}}, 400),
    ("POST", "/v1/reconcile", {"json": {"queries": {}}}, 415),
    ("GET", "/v1/reconcile", {"params": {"queries": '{"q0": {"query": "!!!"}}'}}, 422),
    ("GET", "/v1/reconcile/suggest/entity", {"params": {"prefix": ""}}, 422),
    ("GET", "/v1/reconcile/preview", {"params": {"id": "nobody"}}, 404),
])
def test_every_answer_may_be_read_by_a_page_on_any_origin(client, method, path, kwargs, status):
    """Browser-based clients read the refusals too: they carry the header as the results do."""
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["access-control-allow-origin"] == "*"


def test_arabic_script_and_cyrillic_queries_find_the_latin_script_person(client):
    post_article(client, "Syrian Prime Minister Riyad Hijab defected to Jordan on Monday.")
    post_article(client, "President Volodymyr Zelenskyy spoke to parliament in Kyiv on Tuesday.")
    hijab, zelenskyy = entity_named(client, "Riyad Hijab"), entity_named(client, "Volodymyr Zelenskyy")
    answer = reconcile(client, {"q0": {"query": "رياض حجاب", "type": "person"},
                                "q1": {"query": "Володимир Зеленський", "type": "person"}})
    assert answer.status_code == 200, answer.text
    results = answer.json()
    assert results["q0"]["result"][0]["id"] == hijab["id"]
    assert results["q1"]["result"][0]["id"] == zelenskyy["id"]
