"""The reconciliation service as a deployment configures it (identifier and
schema spaces, entity pages) and its data extension (properties, extend
queries), on SQLite and PostgreSQL."""
import json

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import insert, update

from service.app import create_app
from service.config import Settings
from service.db.engine import make_engine
from service.db.models import Entity, ExternalId, core_table

ARTICLES = [
    "Libyan leader Muammar Gaddafi said on Monday that the talks had failed.",
    "Moammar Qaddafi left Tripoli on Monday. Moammar Qaddafi then spoke again.",
    "German Chancellor Angela Merkel met reporters on Monday.",
]


@pytest.fixture
def people(client, settings):
    """Gaddafi (two spellings, with a description and two external IDs) and Merkel (neither)."""
    posted = [client.post("/v1/articles", json={"text": text}).json() for text in ARTICLES]
    [gaddafi], [merkel] = ({e["id"] for e in posted[i]["entities"]} for i in (1, 2))
    assert posted[0]["entities"][0]["id"] == gaddafi  # both spellings are one person
    engine = make_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(update(core_table(Entity)).where(core_table(Entity).c.id == gaddafi)
                           .values(description="Libyan leader, 1969-2011"))
        connection.execute(insert(core_table(ExternalId)), [
            {"entity_id": gaddafi, "scheme": "wikidata", "value": "Q19878"},
            {"entity_id": gaddafi, "scheme": "newsroom", "value": "P-0042"}])
    engine.dispose()
    return {"gaddafi": gaddafi, "merkel": merkel}


def extend(client, query, method="POST"):
    if method == "POST":
        return client.post("/v1/reconcile", data={"extend": json.dumps(query)})
    return client.get("/v1/reconcile", params={"extend": json.dumps(query)})


def test_a_deployment_names_its_spaces_and_entity_pages(settings):
    configured = settings.model_copy(update={
        "public_url": "https://names.example.org",
        "reconcile_identifier_space": "https://names.example.org/entities",
        "reconcile_schema_space": "https://names.example.org/schema"})
    with TestClient(create_app(configured)) as client:
        manifest = client.get("/v1/reconcile").json()
    assert manifest["identifierSpace"] == "https://names.example.org/entities"
    assert manifest["schemaSpace"] == "https://names.example.org/schema"
    assert manifest["view"] == {"url": "https://names.example.org/ui/#/entity/{{id}}"}
    desk = settings.model_copy(update={"reconcile_view_url": "https://desk.example.org/people/{{id}}"})
    with TestClient(create_app(desk)) as client:
        assert client.get("/v1/reconcile").json()["view"] == {"url": "https://desk.example.org/people/{{id}}"}


def test_the_default_view_is_the_editors_entity_page(client):
    # The editor's page is served under /ui/ and routes #/entity/ID to a person.
    assert client.get("/ui/").status_code == 200
    assert "#/entity/" in client.get("/ui/app.js").text


@pytest.mark.parametrize("name, value", [
    ("RECONCILE_VIEW_URL", "https://names.example.org/entities/"),  # no {{id}}
    ("RECONCILE_VIEW_URL", "ftp://names.example.org/{{id}}"),
    ("RECONCILE_IDENTIFIER_SPACE", "not a uri"),
    ("RECONCILE_SCHEMA_SPACE", "/schema"),
])
def test_bad_reconciliation_settings_stop_the_service(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings(database_url="sqlite:///unused.db")


def test_properties_are_proposed_for_people(people, client):
    response = client.get("/v1/reconcile/properties", params={"type": "person"})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
    body = response.json()
    assert body["type"] == "person" and body["limit"] is None
    assert [p["id"] for p in body["properties"]] == ["aliases", "description", "external_id:newsroom",
                                                      "external_id:wikidata"]
    assert all(p["name"] and p["description"] for p in body["properties"])
    limited = client.get("/v1/reconcile/properties", params={"type": "person", "limit": 1}).json()
    assert limited["limit"] == 1 and [p["id"] for p in limited["properties"]] == ["aliases"]
    other = client.get("/v1/reconcile/properties", params={"type": "organization"}).json()
    assert other["properties"] == []


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_extend_answers_a_row_of_values_per_id(people, client, method):
    query = {"ids": [people["gaddafi"], people["merkel"], "nobody"],
             "properties": [{"id": "aliases"}, {"id": "description"}, {"id": "external_id:wikidata"},
                            {"id": "external_id:viaf", "settings": {"limit": "1"}}]}
    response = extend(client, query, method)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["meta"] == [{"id": "aliases", "name": "Aliases"}, {"id": "description", "name": "Description"},
                            {"id": "external_id:wikidata", "name": "wikidata ID"},
                            {"id": "external_id:viaf", "name": "viaf ID"}]
    assert body["rows"][people["gaddafi"]] == {
        "aliases": [{"str": "Moammar Qaddafi"}, {"str": "Muammar Gaddafi"}],  # most frequent first
        "description": [{"str": "Libyan leader, 1969-2011"}],
        "external_id:wikidata": [{"str": "Q19878"}], "external_id:viaf": []}
    assert body["rows"][people["merkel"]] == {"aliases": [{"str": "Angela Merkel"}], "description": [],
                                              "external_id:wikidata": [], "external_id:viaf": []}
    assert body["rows"]["nobody"] == {"aliases": [], "description": [], "external_id:wikidata": [],
                                      "external_id:viaf": []}


def test_a_merged_away_id_answers_the_survivors_values(people, client):
    merged = client.post(f"/v1/entities/{people['merkel']}/merge", json={"other_id": people["gaddafi"]})
    assert merged.status_code == 200, merged.text
    properties = [{"id": "aliases"}, {"id": "description"}, {"id": "external_id:wikidata"}]
    rows = extend(client, {"ids": [people["gaddafi"], people["merkel"]], "properties": properties}).json()["rows"]
    assert rows[people["gaddafi"]] == rows[people["merkel"]]
    assert {"str": "Muammar Gaddafi"} in rows[people["merkel"]]["aliases"]


@pytest.mark.parametrize("form, status, code", [
    ({"extend": "not json"}, 400, "malformed_json"),
    ({"extend": '["e1"]'}, 422, "invalid_request"),
    ({"extend": '{"ids": ["e1"]}'}, 422, "invalid_request"),
    ({"extend": '{"ids": ["e1"], "properties": []}'}, 422, "invalid_request"),
    ({"extend": '{"ids": ["e1"], "properties": [{"id": "born"}]}'}, 422, "invalid_request"),
    ({"extend": '{"ids": ["e1"], "properties": [{"id": "external_id:"}]}'}, 422, "invalid_request"),
    ({"extend": '{"ids": ["e\\u0000"], "properties": [{"id": "aliases"}]}'}, 422, "invalid_request"),
    ({"extend": json.dumps({"ids": [f"e{i}" for i in range(101)], "properties": [{"id": "aliases"}]})},
     422, "invalid_request"),
    ({"extend": '{"ids": [], "properties": [{"id": "aliases"}]}', "queries": '{"q0": {"query": "Merkel"}}'},
     422, "invalid_request"),
])
def test_bad_extend_queries_are_refused_with_a_json_error(client, form, status, code):
    for response in (client.post("/v1/reconcile", data=form), client.get("/v1/reconcile", params=form)):
        assert response.status_code == status, response.text
        assert response.json()["error"] == code and response.json()["message"]


def test_properties_need_a_type(client):
    response = client.get("/v1/reconcile/properties")
    assert response.status_code == 422 and response.json()["error"] == "invalid_request"
