"""The whole API fuzzed from its exported OpenAPI document: no input the
document allows (or almost allows) makes the service answer 5xx, and every
answer matches the document (status codes, content types, headers, bodies).
Runs in process, on a real database of each backend."""
import json

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from service.app import create_app
from service.config import Settings
from tests.conftest import REPO, wipe


def _without_keys(document: dict) -> dict:
    """The document as a store without API_KEYS serves it: no key to send.
    (Keys are checked by tests/api/test_auth.py and tests/api/test_contract.py;
    fuzzing them here would only test the fuzzer's idea of a key.)"""
    document.pop("security", None)
    document.get("components", {}).pop("securitySchemes", None)
    for operations in document["paths"].values():
        for operation in operations.values():
            operation.pop("security", None)
    return document


# The document on disk: what clients are given, not what the app generates.
schema = schemathesis.openapi.from_dict(
    _without_keys(json.loads((REPO / "openapi" / "openapi.json").read_text(encoding="utf-8"))))

# Rules JSON Schema cannot state: a name needs a letter, a cursor must be one
# this service gave out, `queries` must be a JSON object of queries, a search
# takes a name or an identifier but not both. Input the
# document allows but that breaks them is refused with these codes, and only
# these: any other refusal of schema-valid input still fails the test.
BEYOND_SCHEMA = {
    "compare": {"invalid_name"},
    "search_entities": {"invalid_cursor", "invalid_name", "invalid_request"},
    "list_articles": {"invalid_cursor"},
    "suggest_entity": {"invalid_name"},
    "reconcile_get": {"malformed_json", "invalid_request", "invalid_name"},
    "reconcile_post": {"malformed_json", "invalid_request", "invalid_name"},
}


@pytest.fixture(scope="module")
def app(database_url):
    yield create_app(Settings(database_url=database_url, migrate_on_start=False))
    wipe(database_url)


@schema.parametrize()
@hypothesis_settings(max_examples=25, derandomize=True, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))
def test_api_keeps_its_contract(case, app):
    refusals = BEYOND_SCHEMA.get(case.operation.definition.raw["operationId"])
    if refusals is None:
        case.call_and_validate(app=app)
        return
    response = case.call(app=app)
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    if case.meta.generation.mode.is_positive and 400 <= response.status_code < 500:
        assert response.status_code in (400, 422), response.text
        assert response.json()["error"] in refusals, response.text
