"""Extraction on the shapes of real news pages: attribution lines, title-case
headlines, places and organisations the model takes for people, long Arabic
names, and one surname spelled two ways on a page. The examples are invented."""
import pytest

from service.nlp import extract_people


def by_text(nlp, text):
    return {m.text: m for m in extract_people(nlp, text)}


def spans(nlp, text):
    return [m.text for m in extract_people(nlp, text)]


# --- A name after a title, however the line ends ----------------------------------
@pytest.mark.parametrize("line, name, title", [
    ("The below is attributable to Spokesperson Ned Price:", "Ned Price", "Spokesperson"),
    ("The below is attributable to Principal Deputy Spokesperson Vedant Patel:", "Vedant Patel",
     "Principal Deputy Spokesperson"),
    ("Statement attributable to Deputy Spokesperson Tadeusz Wirkola", "Tadeusz Wirkola",
     "Deputy Spokesperson"),
    ("Remarks by Chairwoman Ilse Marwitz Brandt:", "Ilse Marwitz Brandt", "Chairwoman"),
])
def test_name_after_a_title_at_the_end_of_an_attribution_line(nlp, line, name, title):
    found = by_text(nlp, line + "\nThe two ministers spoke today.")
    assert name in found and found[name].titles == (title,)
    assert not {"Principal", "Deputy"} & set(found)


def test_capitalized_phrase_after_a_title_is_no_name(nlp):
    text = ("The Chief Medical Examiner ruled on Monday. Major League Baseball said nothing. "
            "He thanked the Minister for Health Affairs and the Foreign Minister for Qatar’s role.")
    assert spans(nlp, text) == []
