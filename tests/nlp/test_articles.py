"""Whole articles of the kinds the service reads (wire story, government
press release, briefing transcript, page with furniture), with the person
mentions expected in each: every expected string must be found with exact
boundaries, and nothing listed under `not_people` may be returned."""
import pytest

from service.nlp import extract_people

CASES = {
    "wire.txt": {
        "people": ["SARAH EL-DEEB", "JOSEPH KRAUSS", "Staffan de Mistura", "Ahmed Hamada", "Hamada",
                   "Sergei Lavrov", "Lavrov", "Bashar Assad", "Mevlut Cavusoglu", "Hamad bin Khalifa",
                   "Hassan Ammar", "Zeina Karam", "Bassem Mroue"],
        "not_people": ["Associated Press", "AP Photo", "Sochi", "Doha", "Aleppo", "Turkish",
                       "Col.", "Sheikh"],
    },
    "government.txt": {
        "people": ["Blinken", "Mudavadi", "Matthew Miller", "Antony J. Blinken", "Musalia Mudavadi",
                   "William Ruto", "Meg Whitman"],
        "not_people": ["Share", "Facebook", "Twitter", "Email", "Related Articles", "Select Page",
                       "Skip to main content", "Secretary", "Office of the Spokesperson"],
    },
    "transcript.txt": {
        "people": ["MILLER", "Netanyahu", "Jack Lew", "Zelenskyy", "BLITZER", "JENNIFER HANSLER"],
        "not_people": ["QUESTION", "MODERATOR", "MR", "EDT"],
    },
    "furniture.txt": {
        "people": ["Daniel Ortega-Lopez", "Linda Chen", "Mark Rivers", "Raj Patel", "Chen", "Patel"],
        "not_people": ["The Springfield Courier", "Springfield Courier", "Motorcyclist", "Trending",
                       "Most Read", "Subscribe", "Advertisement", "Skip to content", "Menu",
                       "Springfield Fire Department", "Elm Street", "Mayor"],
    },
}


def _occurrences(text: str, s: str) -> list[tuple[int, int]]:
    import re
    return [m.span() for m in re.finditer(r"(?<![\w-])" + re.escape(s) + r"(?!\w)", text)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_expected_people_found_with_exact_boundaries(nlp, article, name):
    text = article(name)
    got = {(m.start, m.end) for m in extract_people(nlp, text)}
    for person in CASES[name]["people"]:
        spans = _occurrences(text, person)
        assert spans, f"{person!r} is not in {name}"
        assert any(span in got for span in spans), f"{person!r} not found exactly in {name}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_non_person_returned(nlp, article, name):
    text = article(name)
    returned = {m.text for m in extract_people(nlp, text)}
    for wrong in CASES[name]["not_people"]:
        assert wrong not in returned, f"{wrong!r} returned as a person in {name}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_offsets_address_the_text(nlp, article, name):
    text = article(name)
    for m in extract_people(nlp, text):
        assert text[m.start : m.end] == m.text
        assert m.text == m.text.strip()
