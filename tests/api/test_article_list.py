"""GET /v1/articles (the list, by the CMS's ID, keyset pages) and the Location
of a new article, on SQLite and PostgreSQL."""
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from service.db.engine import make_engine
from service.db.models import Article, core_table

TEXTS = [
    "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday.",
    "Olaf Scholz spoke in Berlin on Tuesday.",
    "The weather was fine in the morning.",
    "Angela Merkel said Angela Merkel would stay, Olaf Scholz said on Wednesday.",
    "Emmanuel Macron left Paris.",
]


def post(client, text, external_id):
    response = client.post("/v1/articles", json={"text": text, "external_id": external_id, "title": "T"})
    assert response.status_code in (200, 201), response.text
    return response


@pytest.fixture
def stored(client):
    """Five articles, c0 posted first; answers their IDs in posting order."""
    return [post(client, t, f"c{i}").json()["id"] for i, t in enumerate(TEXTS)]


def listed(client, **params):
    response = client.get("/v1/articles", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def every_page(client, **params):
    """The IDs of every page, following next_cursor to the end."""
    ids, page = [], listed(client, **params)
    while True:
        ids += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            return ids
        page = listed(client, **{**params, "cursor": page["next_cursor"]})


def set_updated_at(settings, moments: dict[str, datetime]):
    """Give articles chosen times (ties included), as replicas writing in the same microsecond could."""
    engine, article = make_engine(settings.database_url), core_table(Article)
    with engine.begin() as connection:
        for article_id, moment in moments.items():
            # Through the table's column type: SQLite stores times as text in its format.
            connection.execute(update(article).where(article.c.id == article_id).values(updated_at=moment))
    engine.dispose()


def test_a_new_article_answers_201_with_its_location(client):
    created = post(client, TEXTS[0], "a1")
    assert created.status_code == 201
    location = created.headers["location"]
    assert location == f"/v1/articles/{created.json()['id']}"
    assert client.get(location).json()["text"] == TEXTS[0]
    again = post(client, TEXTS[0], "a1")
    assert again.status_code == 200 and "location" not in again.headers


def test_the_list_is_newest_first_with_summaries_not_text(client, stored):
    page = listed(client)
    assert [item["id"] for item in page["items"]] == stored[::-1]
    assert page["limit"] == 50 and page["next_cursor"] is None
    first = page["items"][-1]  # c0: Merkel and Macron, once each
    assert set(first) == {"id", "external_id", "title", "source", "url", "published_at", "created_at",
                          "updated_at", "mention_count", "entity_count"}
    assert (first["external_id"], first["mention_count"], first["entity_count"]) == ("c0", 2, 2)
    by_id = {item["external_id"]: item for item in page["items"]}
    assert (by_id["c2"]["mention_count"], by_id["c2"]["entity_count"]) == (0, 0)
    assert by_id["c3"]["mention_count"] == 3 and by_id["c3"]["entity_count"] == 2
    assert first["updated_at"].endswith("Z") or first["updated_at"].endswith("+00:00")


def test_pages_follow_the_cursor_to_the_end(client, stored):
    assert every_page(client, limit=2) == stored[::-1]
    assert every_page(client, limit=1) == stored[::-1]


def test_equal_times_are_ordered_by_id_and_none_is_skipped(client, settings, stored):
    same = datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)
    set_updated_at(settings, dict.fromkeys(stored, same))
    assert every_page(client, limit=2) == sorted(stored, reverse=True)


def test_an_article_stored_between_pages_neither_repeats_nor_hides_one(client, stored):
    first = listed(client, limit=2)
    post(client, "Riyad Hijab defected to Jordan on Monday.", "late")
    rest = every_page(client, limit=2, cursor=first["next_cursor"])
    assert [item["id"] for item in first["items"]] + rest == stored[::-1]


def test_an_edit_moves_the_article_to_the_top_and_a_delete_takes_it_out(client, stored):
    post(client, "Olaf Scholz resigned on Friday.", "c1")
    assert every_page(client)[0] == stored[1]
    assert client.delete(f"/v1/articles/{stored[1]}").status_code == 204
    assert stored[1] not in every_page(client)


def test_updated_since_keeps_the_later_articles(client, settings, stored):
    set_updated_at(settings, {article_id: datetime(2024, 1, 1 + i, tzinfo=UTC) for i, article_id in enumerate(stored)})
    assert every_page(client, updated_since="2024-01-03T00:00:00Z") == stored[2:][::-1]
    # An offset is converted: 02:00 at +02:00 is midnight in UTC, so c2 is in.
    assert every_page(client, updated_since="2024-01-03T02:00:00+02:00", limit=1) == stored[2:][::-1]
    assert every_page(client, updated_since="2030-01-01T00:00:00Z") == []


def test_external_id_answers_a_page_of_that_article_or_none(client, stored):
    page = listed(client, external_id="c3")
    assert [item["id"] for item in page["items"]] == [stored[3]] and page["next_cursor"] is None
    assert listed(client, external_id="nobody")["items"] == []


@pytest.mark.parametrize("params, code", [
    ({"cursor": "not-a-cursor"}, "invalid_cursor"),
    ({"cursor": "eyJvIjogMjB9"}, "invalid_cursor"),  # an entity search cursor: {"o": 20}
    ({"cursor": "eyJ1IjogIjIwMjQtMDEtMDEiLCAiaSI6ICJ4In0"}, "invalid_cursor"),  # a time without offset
    ({"limit": 0}, "invalid_request"),
    ({"limit": 201}, "invalid_request"),
    ({"updated_since": "yesterday"}, "invalid_request"),
    ({"updated_since": "1700000000"}, "invalid_request"),
    ({"external_id": ""}, "invalid_request"),
])
def test_bad_parameters_are_422(client, params, code):
    response = client.get("/v1/articles", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == code and response.json()["message"]
