"""Everyday newsroom scenarios, end to end through the API on both backends:
ranks inside one article, a headline before the full name, surname-only
follow-ups, and a name the model misses once the store knows it."""
from fastapi.testclient import TestClient

from service.app import create_app
from tests.conftest import wipe
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


SABAHI = "Opposition leader Hamdeen Sabahi met the ambassador in Cairo on Monday."
SABAHI_LATER = "Sabahi said on Tuesday that the constitution must be rewritten."


def test_a_name_the_model_misses_is_found_once_the_store_knows_it(client):
    assert post(client, SABAHI_LATER, "before")["mentions"] == []  # the model sees no one here
    sabahi = one_id(post(client, SABAHI), "Hamdeen Sabahi")
    later = post(client, SABAHI_LATER, "after")
    assert one_id(later, "Sabahi") == sabahi


def test_a_name_one_replica_stores_is_found_by_another(settings):
    """Two app instances on one database, each with its own known names."""
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        post(second, "Protesters gathered in Tahrir Square on Sunday.")  # its names read, none yet
        sabahi = one_id(post(first, SABAHI), "Hamdeen Sabahi")
        assert one_id(post(second, SABAHI_LATER), "Sabahi") == sabahi
    wipe(settings.database_url)


def test_context_does_not_link_a_name_the_engine_rejects(client):
    """Company and words lift a name the engine finds possible, never one it
    finds to be someone else's (given names differ: Jean-Yves, Jens)."""
    for day in ("Monday", "Tuesday", "Wednesday"):
        drian = one_id(post(client, f"Secretary Antony Blinken spoke with French Foreign Minister Jean-Yves Le Drian "
                                    f"on {day} about the alliance and the summit."), "Jean-Yves Le Drian")
    later = post(client, "Secretary Antony Blinken met NATO Secretary General Jens Stoltenberg on Friday "
                         "about the alliance and the summit.")
    assert one_id(later, "Jens Stoltenberg") != drian


def test_two_rulers_who_share_a_given_name_stay_apart(client):
    for day in ("Monday", "Tuesday", "Wednesday"):
        thani = one_id(post(client, f"Sheikh Khalifa bin Hamad Al Thani received Crown Prince Mohammed bin Salman "
                                    f"in Doha on {day}."), "Khalifa bin Hamad Al Thani")
    later = post(client, "Sheikh Khalifa bin Zayed Al Nahyan received Crown Prince Mohammed bin Salman "
                         "in Abu Dhabi on Friday.")
    assert one_id(later, "Khalifa bin Zayed Al Nahyan") != thani
