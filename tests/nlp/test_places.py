"""The place gazetteer and the page's evidence against a candidate."""
import pytest

from service.nlp.evidence import not_a_person, page_of
from service.nlp.places import is_place
from service.nlp.words import words_between


def words(text, part):
    start = text.index(part)
    return words_between(text, start, start + len(part))


@pytest.mark.parametrize("text, part", [
    ("the Foreign Minister for Qatar’s role", "Qatar’s"),
    ("thanked Saudi Arabia’s minister", "Arabia"),
    ("the U.S.-Iraq relationship", "U.S.-Iraq"),
    ("in the Gaza Strip on Monday", "Gaza Strip"),
    ("talks in South Sudan", "Sudan"),
])
def test_countries_and_regions_are_places(text, part):
    assert is_place(text, words(text, part))


@pytest.mark.parametrize("text, part", [
    ("Jordan Peterson said", "Jordan Peterson"),
    ("Sudan Okafor said", "Okafor"),
    ("the Smith-Jones report", "Smith-Jones"),
])
def test_names_are_not_places(text, part):
    assert not is_place(text, words(text, part))


def test_a_country_that_is_a_word_of_someone_s_full_name_is_kept():
    text = "Chad Okafor won. Chad said he was tired. Chad borders Sudan."
    page = page_of([words(text, "Chad Okafor")], [])
    assert not_a_person(text, words(text, "Chad said")[:1], False, True, page) is None
    assert not_a_person(text, words(text, "Sudan"), False, True, page) == "a country or region"


def test_a_recovered_span_the_model_calls_a_place_is_one():
    text = "WASHINGTON DC: The minister spoke."
    span = words(text, "WASHINGTON DC")
    page = page_of([], [("GPE", span)])
    assert not_a_person(text, span, False, False, page)
    assert not_a_person(text, span, False, True, page) is None  # the model's own votes decide
    assert not_a_person(text, span, True, False, page) is None  # a title stands by it


def test_a_lone_al_word_is_a_person_only_as_a_family_name_of_the_page():
    text = "Abu Hafs al-Hijri led al-Hijra; Al-Hijri spoke and al-Hijra fought."
    page = page_of([words(text, "Abu Hafs al-Hijri")], [])
    assert not_a_person(text, words(text, "Al-Hijri"), False, True, page) is None
    assert not_a_person(text, words(text, "al-Hijra;"), False, True, page)
