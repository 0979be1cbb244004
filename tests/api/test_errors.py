"""The one map from exceptions to JSON errors (service/api/errors.py): each
error the service raises answers its status, code, message and headers,
whichever route raised it."""
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from service.api.errors import (
    ANSWERS,
    BodyTooLarge,
    InvalidRequest,
    MalformedForm,
    MalformedJson,
    UnsupportedMediaType,
    error_body,
    install_error_handlers,
)
from service.auth import Forbidden, Unauthorized
from service.db.retry import StaleRead
from service.errors import (
    Conflict,
    InvalidArticle,
    InvalidCursor,
    NotFound,
    StoreInconsistent,
    TextTooLarge,
    TooManyNames,
)
from service.names import InvalidName
from service.reconcile import BatchTooLarge, InvalidBatch, MalformedBatch

# (error raised, status, code, headers the answer must carry)
ANSWERED_WITH_THEIR_MESSAGE = [
    (NotFound("entity", "e1"), 404, "not_found", {}),
    (Conflict("e1 and e2 are already one entity"), 409, "conflict", {}),
    (TextTooLarge(11, 10), 413, "text_too_large", {}),
    (TooManyNames(1001, 1000), 413, "too_many_names", {}),
    (InvalidArticle("text: Field required"), 422, "invalid_request", {}),
    (InvalidCursor("zzz"), 422, "invalid_cursor", {}),
    (InvalidName("no name in '!!!'"), 422, "invalid_name", {}),
    (Unauthorized("send a valid API key"), 401, "unauthorized", {"www-authenticate": "X-API-Key"}),
    (Forbidden("this key's role (read) cannot do this"), 403, "forbidden", {}),
    (BodyTooLarge("the request body is over the limit of 10 bytes"), 413, "body_too_large", {}),
    (MalformedJson("the request body is not valid JSON"), 400, "malformed_json", {}),
    (UnsupportedMediaType("send a JSON body"), 415, "unsupported_media_type", {}),
    (MalformedForm("the form body is not valid URL-encoded text"), 400, "malformed_form", {}),
    (InvalidRequest([{"field": "body.text", "problem": "Field required"}]), 422, "invalid_request", {}),
    (MalformedBatch("queries is not valid JSON"), 400, "malformed_json", {}),
    (BatchTooLarge("queries has 1000001 characters; the limit is 1000000"), 413, "batch_too_large", {}),
    (InvalidBatch("q7.limit: too small", [{"field": "q7.limit", "problem": "too small"}]),
     422, "invalid_request", {}),
    (StaleRead("entity e1"), 503, "busy", {"retry-after": "1"}),
    (StoreInconsistent("the merges of entity 'e1' lead to no live entity"), 500, "store_inconsistent", {}),
]
# Their own message would show internals: the client gets a fixed one.
ANSWERED_WITH_A_FIXED_MESSAGE = [
    (OperationalError("SELECT 1", {}, ConnectionRefusedError("127.0.0.1:5432")), 503,
     "database_unavailable", "the database is unavailable; retry shortly", {"retry-after": "5"}),
    (RuntimeError("secret internals"), 500, "internal_error", "internal error", {}),
]


def raising(error: Exception) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/fails")
    def fails():
        raise error

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("error, status, code, headers", ANSWERED_WITH_THEIR_MESSAGE,
                         ids=lambda v: type(v).__name__ if isinstance(v, Exception) else None)
def test_each_error_answers_its_status_code_and_message(error, status, code, headers):
    response = raising(error).get("/fails")
    assert response.status_code == status
    expected = {"error": code, "message": str(error)}
    if getattr(error, "details", None):
        expected["details"] = error.details
    assert response.json() == expected
    assert {name: response.headers.get(name) for name in headers} == headers


@pytest.mark.parametrize("error, status, code, message, headers", ANSWERED_WITH_A_FIXED_MESSAGE,
                         ids=lambda v: type(v).__name__ if isinstance(v, Exception) else None)
def test_errors_with_internals_answer_a_fixed_message(error, status, code, message, headers):
    response = raising(error).get("/fails")
    assert response.status_code == status
    assert response.json() == {"error": code, "message": message}
    assert {name: response.headers.get(name) for name in headers} == headers


def test_every_mapped_error_is_tested_here():
    tested = {type(case[0]) for case in ANSWERED_WITH_THEIR_MESSAGE + ANSWERED_WITH_A_FIXED_MESSAGE}
    assert set(ANSWERS) - {Exception} == tested - {RuntimeError}


def test_a_batch_item_carries_the_error_its_own_post_would():
    assert error_body(TooManyNames(1001, 1000)) == {
        "error": "too_many_names", "message": "text has 1001 distinct names; the limit is 1000"}
    assert error_body(InvalidArticle("text: Field required")) == {
        "error": "invalid_request", "message": "text: Field required"}
