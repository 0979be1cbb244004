"""POST /v1/names/compare."""
import pytest


def test_compare_answers_score_match_and_explanation(client):
    response = client.post("/v1/names/compare", json={"a": "Riyad Hijab", "b": "Riyad Hijab"})
    assert response.status_code == 200
    body = response.json()
    assert body["score"] == 1.0 and body["match"] is True
    assert 0 < body["threshold"] <= 1
    assert body["explanation"] and {"a", "b", "rule", "score"} <= set(body["explanation"][0])


def test_different_people_do_not_match(client):
    body = client.post("/v1/names/compare", json={"a": "Riyad Hijab", "b": "Kyle Legare"}).json()
    assert body["match"] is False and 0 <= body["score"] < body["threshold"]


@pytest.mark.parametrize("body", [
    {}, {"a": "Riyad Hijab"}, {"a": "", "b": "x"}, {"a": 1, "b": "x"}, {"a": "x" * 2000, "b": "x"},
])
def test_bad_compare_input_is_422(client, body):
    response = client.post("/v1/names/compare", json=body)
    assert response.status_code == 422 and response.json()["message"]


def test_names_without_letters_are_422(client):
    response = client.post("/v1/names/compare", json={"a": "???", "b": "Riyad Hijab"})
    assert response.status_code == 422 and response.json()["error"] == "invalid_name"
