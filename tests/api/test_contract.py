"""The OpenAPI document is a contract the service keeps: real requests through
the app, on SQLite and PostgreSQL (successes and the usual refusals; an app
with API keys and small limits; an app whose database is gone), and every
answer must be one the document describes for its operation: a status it
lists, the headers it requires, a content type it names and a body valid
against its schema (jsonschema, `$ref`s resolved in the document's
components). The document is the one the app serves, which
tests/test_openapi.py holds equal to openapi/openapi.json."""
import copy
import json
import re
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from service.app import create_app
from service.config import Settings
from tests.conftest import wipe

DOCUMENT_URI = "urn:namesake:openapi"
READ, WRITE, ADMIN = "r" * 20, "w" * 20, "a" * 20
TEXT = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."


@dataclass
class Answer:
    method: str
    path: str
    response: httpx.Response


class Contract:
    """The document, and the check of one answer against it."""

    def __init__(self, document: dict):
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(DOCUMENT_URI, resource)
        # Literal paths before templated ones: /v1/reconcile/preview is no {id}.
        self.templates = sorted(
            ((re.compile("[^/]+".join(map(re.escape, re.split(r"\{[^}]+\}", path)))), path)
             for path in document["paths"]), key=lambda pair: pair[1].count("{"))

    def operation(self, method: str, path: str) -> dict | None:
        for pattern, template in self.templates:
            if pattern.fullmatch(path) and method.lower() in self.document["paths"][template]:
                return self.document["paths"][template][method.lower()]
        return None

    def problems(self, answer: Answer) -> list[str]:
        operation = self.operation(answer.method, answer.path)
        if operation is None:
            return []  # no operation: an unknown path or method (its JSON error is tests/api/test_errors.py's)
        name, response = operation["operationId"], answer.response
        documented = operation["responses"].get(str(response.status_code))
        if documented is None:
            return [f"{name} answered {response.status_code}, which the document does not list"]
        missing = [header for header, spec in documented.get("headers", {}).items()
                   if spec.get("required") and header not in response.headers]
        problems = [f"{name} {response.status_code} lacks the header {header}" for header in missing]
        return problems + self._body_problems(name, documented.get("content"), response)

    def _body_problems(self, name: str, content: dict | None, response: httpx.Response) -> list[str]:
        where = f"{name} {response.status_code}"
        if not content:
            return [f"{where} has a body the document does not describe"] if response.content else []
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if media_type not in content:
            return [f"{where} is {media_type or 'untyped'}, not {' or '.join(content)}"]
        if media_type != "application/json":
            return []
        validator = Draft202012Validator(self._absolute(content[media_type]["schema"]), registry=self.registry)
        return [f"{where} body: {error.message} at {list(error.absolute_path)}"
                for error in validator.iter_errors(response.json())]

    @staticmethod
    def _absolute(schema: dict) -> dict:
        # The schema sits inside the document: its refs name the document's components.
        return json.loads(json.dumps(schema).replace('"#/components/', f'"{DOCUMENT_URI}#/components/'))


def record(client: TestClient, answers: list[Answer]) -> TestClient:
    """Keep every answer the client gets, with the request that got it."""
    def keep(response: httpx.Response) -> None:
        response.read()
        answers.append(Answer(response.request.method, response.request.url.path, response))

    client.event_hooks["response"].append(keep)
    return client


# One request of valid shape per operation: what each answers where the key
# is missing (401), the role too low (403) or the database gone (503).
# Every operation of the document must have one (test below).
FORM = {"headers": {"content-type": "application/x-www-form-urlencoded"}}
ONE_OF_EACH = {
    "healthz": ("GET", "/healthz", {}),
    "readyz": ("GET", "/readyz", {}),
    "create_article": ("POST", "/v1/articles", {"json": {"text": "Olaf Scholz spoke."}}),
    "list_articles": ("GET", "/v1/articles", {}),
    "get_article": ("GET", "/v1/articles/a0", {}),
    "delete_article": ("DELETE", "/v1/articles/a0", {}),
    "create_articles": ("POST", "/v1/articles:batch", {"json": {"articles": [{"text": "Olaf Scholz spoke."}]}}),
    "search_entities": ("GET", "/v1/entities", {"params": {"q": "Olaf Scholz"}}),
    "get_entity": ("GET", "/v1/entities/e0", {}),
    "list_entity_mentions": ("GET", "/v1/entities/e0/mentions", {}),
    "list_entity_articles": ("GET", "/v1/entities/e0/articles", {}),
    "why_mention": ("GET", "/v1/mentions/1/why", {}),
    "merge_entities": ("POST", "/v1/entities/e0/merge", {"json": {"other_id": "e1"}}),
    "split_entity": ("POST", "/v1/entities/e0/split", {"json": {"aliases": ["Scholz"]}}),
    "rename_entity": ("POST", "/v1/entities/e0/rename", {"json": {"name": "Olaf Scholz"}}),
    "mark_distinct": ("POST", "/v1/entities/e0/distinct", {"json": {"other_id": "e1"}}),
    "list_audit": ("GET", "/v1/audit", {}),
    "undo": ("POST", "/v1/audit/1/undo", {"json": {}}),
    "list_changes": ("GET", "/v1/changes", {}),
    "list_webhooks": ("GET", "/v1/webhooks", {}),
    "set_external_id": ("PUT", "/v1/entities/e0/external-ids/wikidata", {"json": {"value": "Q567"}}),
    "remove_external_id": ("DELETE", "/v1/entities/e0/external-ids/wikidata", {}),
    "export_entities": ("GET", "/v1/entities:export", {}),
    "list_deliveries": ("GET", "/v1/webhooks/deliveries", {}),
    "compare": ("POST", "/v1/names/compare", {"json": {"a": "Riyad Hijab", "b": "Riad Hijab"}}),
    "list_review": ("GET", "/v1/review", {}),
    "settle": ("POST", "/v1/review/1", {"json": {"decision": "accept"}}),
    "reconcile_get": ("GET", "/v1/reconcile", {"params": {"queries": '{"q0": {"query": "Olaf Scholz"}}'}}),
    "reconcile_post": ("POST", "/v1/reconcile", {"content": 'queries={"q0": {"query": "Olaf Scholz"}}', **FORM}),
    "suggest_entity": ("GET", "/v1/reconcile/suggest/entity", {"params": {"prefix": "Scholz"}}),
    "preview_entity": ("GET", "/v1/reconcile/preview", {"params": {"id": "e0"}}),
    "propose_properties": ("GET", "/v1/reconcile/properties", {"params": {"type": "person"}}),
}


def call(client: TestClient, method: str, path: str, **kwargs) -> httpx.Response:
    return client.request(method, path, **kwargs)


def post(client, text, external_id=None) -> dict:
    response = client.post("/v1/articles", json={"text": text, "external_id": external_id})
    assert response.status_code in (200, 201), response.text
    return response.json()


def person(article: dict, name: str) -> str:
    return next(m["entity_id"] for m in article["mentions"] if m["text"] == name)


# --- the service's own operations, on a store with people in it -----------------

def drive_articles(client: TestClient) -> None:
    first = post(client, TEXT, "c1")
    post(client, TEXT, "c1")  # 200: stored already
    gone = post(client, "Olaf Scholz spoke in Berlin on Tuesday.", "c2")
    for method, path, kwargs in [
        ("GET", "/v1/articles", {"params": {"limit": 1}}), ("GET", "/v1/articles", {"params": {"external_id": "c1"}}),
        ("GET", "/v1/articles", {"params": {"cursor": "zzz"}}), ("GET", f"/v1/articles/{first['id']}", {}),
        ("GET", "/v1/articles/nobody", {}), ("DELETE", f"/v1/articles/{gone['id']}", {}),
        ("DELETE", f"/v1/articles/{gone['id']}", {}), ("POST", "/v1/articles", {"json": {}}),
        ("POST", "/v1/articles", {"content": b'{"text": ', "headers": {"content-type": "application/json"}}),
        ("POST", "/v1/articles", {"content": b"Olaf Scholz", "headers": {"content-type": "text/plain"}}),
        ("POST", "/v1/articles:batch", {"json": {"articles": [{"text": "Olaf Scholz left."}, {"text": ""}]}}),
        ("POST", "/v1/articles:batch", {"json": {"articles": []}}),
        ("POST", "/v1/articles:batch", {"content": b"[", "headers": {"content-type": "application/json"}}),
        ("POST", "/v1/articles:batch", {"data": {"articles": "x"}}),
    ]:
        call(client, method, path, **kwargs)


def drive_entities(client: TestClient) -> None:
    article = post(client, "Angela Merkel spoke in Berlin. Later, Angela Merkel left.", "c3")
    merkel = person(article, "Angela Merkel")
    for method, path, kwargs in [
        ("GET", "/v1/entities", {}), ("GET", "/v1/entities", {"params": {"q": "Angela Merkel"}}),
        ("PUT", f"/v1/entities/{merkel}/external-ids/wikidata", {"json": {"value": "Q567"}}),
        ("PUT", f"/v1/entities/{merkel}/external-ids/wikidata", {"json": {"value": ""}}),
        ("PUT", "/v1/entities/nobody/external-ids/wikidata", {"json": {"value": "Q1"}}),
        ("GET", "/v1/entities", {"params": {"external_id": "wikidata:Q567"}}),
        ("GET", "/v1/entities", {"params": {"external_id": "wikidata"}}),
        ("GET", "/v1/entities:export", {}),
        ("DELETE", f"/v1/entities/{merkel}/external-ids/wikidata", {}),
        ("DELETE", f"/v1/entities/{merkel}/external-ids/wikidata", {}),
        ("GET", "/v1/entities", {"params": {"q": "!!!"}}), ("GET", f"/v1/entities/{merkel}", {}),
        ("GET", "/v1/entities/nobody", {}), ("GET", f"/v1/entities/{merkel}/mentions", {}),
        ("GET", "/v1/entities/nobody/mentions", {}), ("GET", f"/v1/entities/{merkel}/articles", {}),
        ("GET", f"/v1/entities/{merkel}/articles", {"params": {"limit": 0}}),
        ("GET", f"/v1/mentions/{article['mentions'][0]['id']}/why", {}), ("GET", "/v1/mentions/999999/why", {}),
        ("GET", "/v1/mentions/0/why", {}),
        ("GET", "/v1/changes", {}), ("GET", "/v1/changes", {"params": {"after": -1}}),
        ("GET", "/v1/webhooks", {}), ("GET", "/v1/webhooks/deliveries", {}),
        ("GET", "/v1/webhooks/deliveries", {"params": {"limit": 0}}),
        ("POST", "/v1/names/compare", {"json": {"a": "Riyad Hijab", "b": "Riad Hijab"}}),
        ("POST", "/v1/names/compare", {"json": {"a": "!!!", "b": "Riad Hijab"}}),
        ("POST", "/v1/names/compare", {"content": b"{", "headers": {"content-type": "application/json"}}),
        ("POST", "/v1/names/compare", {"data": {"a": "x", "b": "y"}}),
    ]:
        call(client, method, path, **kwargs)


def drive_curation(client: TestClient) -> None:
    merkel_articles = [post(client, f"Angela Merkel said on day {day} that she would stay.") for day in (1, 2)]
    merkel = person(merkel_articles[0], "Angela Merkel")
    macron = person(post(client, "Emmanuel Macron left Paris on Monday."), "Emmanuel Macron")
    scholz = person(post(client, "Olaf Scholz spoke in Berlin on Monday."), "Olaf Scholz")
    split_off = merkel_articles[1]["mentions"][0]["id"]
    for method, path, kwargs in [
        ("POST", f"/v1/entities/{merkel}/rename", {"json": {"name": "Angela Dorothea Merkel"}}),
        ("POST", "/v1/entities/nobody/rename", {"json": {"name": "Nobody"}}),
        ("POST", f"/v1/entities/{merkel}/rename", {"json": {}}),
        ("POST", f"/v1/entities/{macron}/distinct", {"json": {"other_id": scholz}}),
        ("POST", f"/v1/entities/{macron}/merge", {"json": {"other_id": scholz}}),  # 409: marked distinct
        ("POST", f"/v1/entities/{macron}/merge", {"json": {"other_id": macron}}),  # 409: itself
        ("POST", f"/v1/entities/{merkel}/split", {"json": {"mention_ids": [split_off]}}),
        ("POST", f"/v1/entities/{merkel}/split", {"json": {"mention_ids": ["x"]}}),
        ("POST", f"/v1/entities/{merkel}/merge", {"json": {"other_id": macron}}),
        ("GET", "/v1/audit", {}), ("GET", "/v1/audit", {"params": {"limit": 0}}),
        ("POST", "/v1/audit/999999/undo", {"json": {}}),
    ]:
        call(client, method, path, **kwargs)
    newest = client.get("/v1/audit").json()["items"][0]["id"]
    call(client, "POST", f"/v1/audit/{newest}/undo", json={})
    call(client, "POST", f"/v1/audit/{newest}/undo", json={})  # 409: undone already


def drive_review(client: TestClient) -> None:
    post(client, "President Bashar al-Assad met the envoys in Damascus.")
    post(client, "Hafez al-Assad died in 2000 after three decades in power.")
    post(client, "Assad said on Monday that the talks had failed.")
    item = client.get("/v1/review").json()["items"][0]["id"]
    for method, path, kwargs in [
        ("GET", "/v1/review", {"params": {"status": "bogus"}}),
        ("POST", f"/v1/review/{item}", {"json": {"decision": "reject"}}),
        ("POST", f"/v1/review/{item}", {"json": {"decision": "reject"}}),  # 409: settled
        ("POST", "/v1/review/999999", {"json": {"decision": "accept"}}),
        ("POST", f"/v1/review/{item}", {"json": {"decision": "maybe"}}),
    ]:
        call(client, method, path, **kwargs)


def drive_reconcile(client: TestClient) -> None:
    gaddafi = person(post(client, "Libyan leader Muammar Gaddafi said the talks had failed."), "Muammar Gaddafi")
    extend = json.dumps({"ids": [gaddafi, "nobody"], "properties": [{"id": "aliases"}, {"id": "description"}]})
    queries = '{"q0": {"query": "Moammar Qaddafi", "type": "person"}}'
    for method, path, kwargs in [
        ("GET", "/v1/reconcile", {}), ("GET", "/v1/reconcile", {"params": {"queries": queries}}),
        ("GET", "/v1/reconcile", {"params": {"extend": extend}}),
        ("GET", "/v1/reconcile", {"params": {"queries": "not json"}}),
        ("GET", "/v1/reconcile", {"params": {"queries": '{"q0": {"query": "!!!"}}'}}),
        ("POST", "/v1/reconcile", {"data": {"queries": queries}}),
        ("POST", "/v1/reconcile", {"data": {"extend": extend}}),
        ("POST", "/v1/reconcile", {"data": {"extend": '{"ids": []}'}}),
        ("POST", "/v1/reconcile", {"json": {"queries": {}}}),
        ("POST", "/v1/reconcile", {"content": b"queries=%ff", **FORM}),
        ("POST", "/v1/reconcile", {"data": {"queries": "x" * 1_000_001}}),
        ("GET", "/v1/reconcile/suggest/entity", {"params": {"prefix": "Gadd"}}),
        ("GET", "/v1/reconcile/suggest/entity", {"params": {"prefix": ""}}),
        ("GET", "/v1/reconcile/preview", {"params": {"id": gaddafi}}),
        ("GET", "/v1/reconcile/preview", {"params": {"id": "nobody"}}),
        ("GET", "/v1/reconcile/properties", {"params": {"type": "person"}}),
        ("GET", "/v1/reconcile/properties", {}),
        ("GET", "/healthz", {}), ("GET", "/readyz", {}),
    ]:
        call(client, method, path, **kwargs)


# --- apps configured otherwise ----------------------------------------------

def drive_keys_and_limits(settings: Settings, answers: list[Answer]) -> None:
    """API keys (401 without one, 403 with too low a role) and small limits (413)."""
    keys = f"reader:{READ}:read,publisher:{WRITE}:write,editor:{ADMIN}:admin"
    strict = settings.model_copy(update={"api_keys": keys, "max_text_chars": 60, "max_body_bytes": 4096})
    with TestClient(create_app(strict), raise_server_exceptions=False) as client:
        record(client, answers)
        for method, path, kwargs in ONE_OF_EACH.values():
            call(client, method, path, **kwargs)
            call(client, method, path, **{**kwargs, "headers": {**kwargs.get("headers", {}), "X-API-Key": READ}})
        writer = {"X-API-Key": WRITE}
        call(client, "POST", "/v1/articles", json={"text": "Olaf Scholz " * 6}, headers=writer)  # text_too_large
        call(client, "POST", "/v1/articles", json={"text": "x" * 5000}, headers=writer)  # body_too_large
        call(client, "POST", "/v1/articles", json={"text": TEXT[:50]}, headers=writer)
    wipe(settings.database_url)


def drive_database_gone(tmp_path, answers: list[Answer]) -> None:
    """A database that cannot be opened (a folder that does not exist): 503 from every operation that reads it."""
    gone = Settings(database_url=f"sqlite:///{tmp_path / 'missing' / 'namesake.db'}", migrate_on_start=False)
    with TestClient(create_app(gone), raise_server_exceptions=False) as client:
        record(client, answers)
        for method, path, kwargs in ONE_OF_EACH.values():
            call(client, method, path, **kwargs)


@pytest.fixture
def contract(client) -> Contract:
    return Contract(client.app.openapi())


def test_every_answer_is_one_the_document_describes(client, settings, contract, tmp_path):
    answers: list[Answer] = []
    record(client, answers)
    for drive in (drive_articles, drive_entities, drive_curation, drive_review, drive_reconcile):
        drive(client)
    drive_keys_and_limits(settings, answers)
    drive_database_gone(tmp_path, answers)
    assert [problem for answer in answers for problem in contract.problems(answer)] == []
    seen = {(contract.operation(a.method, a.path)["operationId"], a.response.status_code) for a in answers
            if contract.operation(a.method, a.path)}
    operations = {op["operationId"]: op for path in contract.document["paths"].values() for op in path.values()}
    assert {name for name, status in seen if status < 300} == set(operations), "an operation never succeeded"
    assert {status for _, status in seen} >= {400, 401, 403, 404, 409, 413, 415, 422, 503}
    # Every operation the document says reads the database answered 503 without one.
    assert {name for name, op in operations.items() if "503" in op["responses"]} <= {
        name for name, status in seen if status == 503}


def test_every_operation_has_a_request_of_each_kind(contract):
    operations = {op["operationId"] for path in contract.document["paths"].values() for op in path.values()}
    assert set(ONE_OF_EACH) == operations, "add the new operation to ONE_OF_EACH"


def test_the_check_refuses_what_the_document_does_not_describe(client, contract):
    """The check itself: an answer with a status, header or body outside the document is reported."""
    answer = Answer("GET", "/v1/articles/nobody", client.get("/v1/articles/nobody"))
    assert contract.problems(answer) == []
    without_404 = copy.deepcopy(contract.document)
    del without_404["paths"]["/v1/articles/{article_id}"]["get"]["responses"]["404"]
    assert Contract(without_404).problems(answer) == ["get_article answered 404, which the document does not list"]
    stricter = copy.deepcopy(contract.document)
    stricter["components"]["schemas"]["ErrorOut"]["required"].append("hint")
    assert Contract(stricter).problems(answer) == ["get_article 404 body: 'hint' is a required property at []"]
    created = client.post("/v1/articles", json={"text": TEXT})
    del created.headers["location"]
    assert Contract(contract.document).problems(Answer("POST", "/v1/articles", created)) == [
        "create_article 201 lacks the header Location"]
