"""Everyday newsroom scenarios, end to end through the API on both backends:
ranks inside one article, a headline before the full name, surname-only
follow-ups, and a name the model misses once the store knows it."""
from tests.resolve.test_resolution import ids_of, one_id, post


def test_two_ranks_in_one_article_are_two_people(client):
    body = post(client, "Maj. Gen. Youssef Qabbani was reported killed in Homs, though Capt. Yusuf Kabbani, "
                        "a defector, denied it.")
    assert one_id(body, "Youssef Qabbani") != one_id(body, "Yusuf Kabbani")


def test_a_headline_short_form_joins_the_full_name_of_the_body(client):
    body = post(client, "Chancellor Scholz Visits Kyiv\n\nKYIV (Reuters) - German Chancellor Olaf Scholz arrived "
                        "in Kyiv on Monday for talks with President Volodymyr Zelenskiy.")
    texts = {m["text"] for m in body["mentions"]}
    assert "Scholz Visits Kyiv" not in texts and "Kyiv" not in texts
    assert ids_of(body, "Scholz") == ids_of(body, "Olaf Scholz") != set()


def test_a_surname_with_its_title_follows_the_known_person(client):
    blinken = one_id(post(client, "Secretary of State Antony Blinken met NATO ministers in Brussels on Tuesday."),
                     "Antony Blinken")
    later = post(client, "Secretary Blinken said on Wednesday that the alliance would stay united.")
    assert one_id(later, "Blinken") == blinken
