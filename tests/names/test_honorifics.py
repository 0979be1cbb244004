"""Honorifics inside Arabic, Persian, South Asian and Burmese names: titles
where they stand as titles, name parts elsewhere (data/titles.tsv)."""
import pytest

from service.names import compare_names, normalize_name, parse_name
from service.nlp.cleanup import clean_span


@pytest.mark.parametrize("text, name", [
    ("Seyyed Ebrahim Raisi", "Ebrahim Raisi"),
    ("Seyed Ali Khamenei", "Ali Khamenei"),
    ("Hafiz Ahmed Khalouf", "Ahmed Khalouf"),
    ("Mawlawi Abdul Kabir", "Abdul Kabir"),
    ("Maulana Fazlur Rehman", "Fazlur Rehman"),
    ("Mian Nawaz Sharif", "Nawaz Sharif"),
    ("Alhaji Aliko Dangote", "Aliko Dangote"),
    ("U Thein Sein", "Thein Sein"),
    ("As-Sayyid Ali Khamenei", "Ali Khamenei"),  # the article belongs to the title
    ("al-Hajj Ahmed Khalouf", "Ahmed Khalouf"),
])
def test_a_leading_honorific_is_set_aside(text, name):
    assert normalize_name(text) == normalize_name(name)
    assert compare_names(text, name).match


@pytest.mark.parametrize("text", [
    "Hafez al-Assad",  # a given name before one part
    "U Thant",
    "Mohammad Yusuf Shah",  # Shah after a name is the family name
    "Ahmad Shah Massoud",  # or part of the given name
    "Rokeya Begum",
])
def test_an_honorific_word_that_is_a_name_part_stays(text):
    assert parse_name(text).titles == ()
    assert normalize_name(text) == text.lower()


def test_a_one_letter_title_is_an_initial_before_an_initial():
    assert parse_name("U. S. Grant").titles == ()
    assert compare_names("U. S. Grant", "Ulysses S. Grant").match


def test_shah_after_the_given_name_may_be_left_out_as_a_middle_part():
    assert compare_names("Mohammad Reza Shah Pahlavi", "Mohammad Reza Pahlavi").match
    assert not compare_names("Mohammad Yusuf Shah", "Mohammad Yusuf Khan").match


@pytest.mark.parametrize("text, name", [
    ("Seyyed Ebrahim Raisi", "Ebrahim Raisi"),
    ("Mawlawi Abdul Kabir", "Abdul Kabir"),
    ("Maulana Fazlur Rehman", "Fazlur Rehman"),
])
def test_extraction_sets_the_same_honorifics_aside(text, name):
    (cleaned,) = clean_span(text, 0, len(text))
    assert text[cleaned.start:cleaned.end] == name
    assert normalize_name(text) == normalize_name(name)
