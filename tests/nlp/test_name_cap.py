"""The cap on distinct names per article: refused before any grouping or lock."""
import pytest

from service.errors import TooManyNames
from service.nlp import people, read_people, read_people_many
from service.nlp.people import read_people_each

# Five distinct names: Angela Merkel, Olaf Scholz, Emmanuel Macron, Joe Biden, Merkel.
FIVE = ("Angela Merkel met Olaf Scholz, Emmanuel Macron and Joe Biden in Berlin on Tuesday. "
        "Merkel said the talks went well.")
ONE = "Angela Merkel met reporters on Monday. Angela Merkel then left."


def test_the_limit_counts_distinct_names(nlp, monkeypatch):
    monkeypatch.setattr(people, "MAX_NAMES", 5)
    assert len(read_people(nlp, FIVE)) == 4  # Merkel joins Angela Merkel
    monkeypatch.setattr(people, "MAX_NAMES", 4)
    with pytest.raises(TooManyNames, match="5 distinct names; the limit is 4"):
        read_people(nlp, FIVE)


def test_many_texts_refuse_only_the_one_over_the_limit(nlp, monkeypatch):
    monkeypatch.setattr(people, "MAX_NAMES", 4)
    read = read_people_each(nlp, [ONE, FIVE, ONE])
    assert isinstance(read[1], TooManyNames)
    assert [g.name for g in read[0]] == [g.name for g in read[2]] == ["Angela Merkel"]
    with pytest.raises(TooManyNames):
        read_people_many(nlp, [ONE, FIVE])


def test_an_article_over_the_limit_is_refused_with_413(client, monkeypatch):
    monkeypatch.setattr(people, "MAX_NAMES", 4)
    response = client.post("/v1/articles", json={"text": FIVE})
    assert response.status_code == 413
    assert response.json()["error"] == "too_many_names"
    assert "5 distinct names" in response.json()["message"]


def test_in_a_batch_an_article_over_the_limit_is_its_own_error(client, monkeypatch):
    monkeypatch.setattr(people, "MAX_NAMES", 4)
    response = client.post("/v1/articles:batch", json={"articles": [
        {"text": ONE, "external_id": "cap-1"}, {"text": FIVE, "external_id": "cap-2"}]})
    assert response.status_code == 200, response.text
    first, second = response.json()["items"]
    assert first["status"] == "created"
    assert second["status"] == "error" and second["error"]["error"] == "too_many_names"
