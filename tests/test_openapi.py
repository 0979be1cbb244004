"""openapi/openapi.json is the exported document of the app as it is, and a
document a client generator can trust: tags, summaries, descriptions,
examples, the API key, and every error with the service's own body
(tests/api/test_contract.py checks the answers against it)."""
import json

from service.app import create_app
from service.auth import required_role
from service.cli import OPENAPI_PATH, openapi_text
from service.config import Settings
from tests.conftest import REPO


def test_exported_openapi_matches_the_app():
    document = create_app(Settings(database_url="sqlite:///unused.db")).openapi()
    on_disk = (REPO / OPENAPI_PATH).read_text(encoding="utf-8")
    assert on_disk == openapi_text(document), "run `namesake export-openapi` and commit the file"


def test_every_operation_has_a_stable_id():
    document = create_app(Settings(database_url="sqlite:///unused.db")).openapi()
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)) and all(ids)
    assert {"create_article", "get_article", "get_entity", "search_entities", "compare"} <= set(ids)


def served() -> dict:
    return create_app(Settings(database_url="sqlite:///unused.db")).openapi()


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_is_tagged_summarized_and_described():
    document = served()
    described = {tag["name"] for tag in document["tags"] if tag.get("description")}
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        assert operation["tags"] and set(operation["tags"]) <= described, where
        # FastAPI's own summary is the function's name in title case: not one written for readers.
        assert operation["summary"] != operation["operationId"].replace("_", " ").title(), where
        assert operation["description"], where


def test_every_request_body_has_an_example():
    document = served()
    schemas = document["components"]["schemas"]
    for path, method, operation in operations(document):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            schema = media["schema"]
            referenced = schemas[schema["$ref"].rsplit("/", 1)[-1]] if "$ref" in schema else schema
            assert media.get("examples") or referenced.get("examples"), f"{method.upper()} {path}"


def test_the_api_key_applies_to_every_operation_but_health():
    document = served()
    scheme = document["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-API-Key")
    assert document["security"] == [{"ApiKey": []}]
    for path, method, operation in operations(document):
        health = path in ("/healthz", "/readyz")
        assert (operation.get("security") == []) == health, path
        assert ("401" in operation["responses"]) != health, path
        # Every key can read: only operations needing write or admin can answer 403.
        assert ("403" in operation["responses"]) == (required_role(method.upper(), path) in ("write", "admin")), path


def test_errors_are_documented_with_the_services_own_body():
    document = served()
    assert "HTTPValidationError" not in json.dumps(document)  # FastAPI's 422 body, which the service never sends
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400 or (path, status) == ("/readyz", "503"):
                continue
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, f"{method.upper()} {path} {status}"
        assert ("201" in operation["responses"]) <= (
            "Location" in operation["responses"].get("201", {}).get("headers", {})), path
        if "503" in operation["responses"] and path != "/readyz":
            assert "Retry-After" in operation["responses"]["503"]["headers"], path
