"""Names the store knows, found where the model saw no one (service/nlp/known.py)."""
import pytest

from service.nlp.extract import extract_people
from service.nlp.known import KnownForms, known_spans, name_forms
from service.nlp.ner import Entity


@pytest.mark.parametrize(("surface", "forms"), [
    ("Hamdeen Sabahi", {"Hamdeen Sabahi", "Sabahi"}),
    ("Bashar al-Assad", {"Bashar al-Assad", "al-Assad", "Assad"}),
    ("Tamim bin Hamad Al Thani", {"Tamim bin Hamad Al Thani", "Al Thani", "Thani"}),
    # The word after bin names the father: alone, it is someone else.
    ("Mohammed bin Salman", {"Mohammed bin Salman", "bin Salman"}),
    # A suffix, an initial or a short word is no family name to look up alone.
    ("Martin Luther King Jr.", {"Martin Luther King Jr."}),
    ("George W.", {"George W."}),
    ("Wang Yi", {"Wang Yi"}),
    # One word: the store knows no more of that person than a word.
    ("Sabahi", set()),
    ("the minister", set()),
])
def test_the_forms_of_a_known_name(surface, forms):
    assert name_forms(surface) == forms


SABAHI = name_forms("Hamdeen Sabahi") | name_forms("Condoleezza Rice") | name_forms("Michael Jordan")


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e in known_spans(text, SABAHI, bytearray(len(text) + 1))]


@pytest.mark.parametrize(("text", "found"), [
    ("Sabahi said on Tuesday that the constitution must be rewritten.", ["Sabahi"]),
    ("Mr. Sabahi said so.", ["Sabahi"]),
    ("Egypt's Sabahi said so.", ["Sabahi"]),
    ("Sabahi's party said so.", ["Sabahi"]),
    ("Then Sabahi spoke.", ["Sabahi"]),
    # The previous sentence's last word is not joined to it; an initial or a
    # short abbreviation is.
    ("They met on Monday. Sabahi spoke.", ["Sabahi"]),
    ("They met Lt. Col. Ahmed on Monday! Sabahi spoke.", ["Sabahi"]),
    ("Ahmed F. Sabahi spoke.", []),
    ("The St. Sabahi school opened.", []),
    ("Sabahi Rejects Charter\nThe opposition leader spoke.", ["Sabahi"]),
    ("Hamdeen Sabahi spoke.", ["Hamdeen Sabahi"]),
    # Joined to another capitalized word, it is part of another name.
    ("Ahmed Sabahi, his cousin, spoke.", []),
    ("They met on Sabahi Street.", []),
    # A known family name that is a place.
    ("Jordan closed the border.", []),
    # An English word: only where capitals say something.
    ("Rice prices rose.", []),
    ("Officials said Rice would travel to Cairo.", ["Rice"]),
    ("Rice Prices Soar\nFarmers are glad.", []),
])
def test_a_known_form_is_found_where_it_stands_alone(text, found):
    assert spans(text) == found


def test_what_is_already_taken_is_not_looked_at_again():
    text = "Sabahi said so."
    covered = bytearray(len(text) + 1)
    covered[0:6] = b"\x01" * 6
    assert known_spans(text, SABAHI, covered) == []


def test_extraction_finds_a_known_name_the_model_misses(nlp):
    text = "Sabahi said on Tuesday that the constitution must be rewritten."
    assert extract_people(nlp, text) == []
    [mention] = extract_people(nlp, text, known=SABAHI)
    assert (mention.text, mention.source) == ("Sabahi", "known")


def test_a_known_name_the_article_uses_as_a_place_is_not_a_person(nlp):
    text = "The clinic in Sabahi reopened on Monday, and the road to Sabahi, officials said."
    assert [m.text for m in extract_people(nlp, text, known=SABAHI)] == []


def test_an_articles_own_full_name_is_found_again_by_its_family_name(nlp):
    """After the first reference news calls a person by the family name; the
    model misses some of those, and no store needs to know the name first."""
    text = ("German Chancellor Angela Merkel met French President Emmanuel Macron on Monday. "
            "Merkel smiled.")
    found = [(m.text, m.source) for m in extract_people(nlp, text)]
    assert ("Merkel", "repeat") in found


def test_a_given_name_the_model_called_an_organisation_is_the_person_named_in_full(nlp):
    """Writers go on to call a person by the given name; where the model
    labels that word an organisation, the article's own full name shows it is
    the person."""
    text = "Critics accused Maher al-Assad of ordering the attack. Maher, 45, rarely appears in public."
    maher = text.index("Maher,")
    entities = [Entity(16, 30, "PERSON"), Entity(maher, maher + 5, "ORG"), Entity(maher + 7, maher + 9, "DATE")]
    assert [m.text for m in extract_people(nlp, text, entities)] == ["Maher al-Assad", "Maher"]
    # Without the full name, the organisation stays one.
    alone = "Maher, 45, rarely appears in public."
    assert extract_people(nlp, alone, [Entity(0, 5, "ORG"), Entity(7, 9, "DATE")]) == []


def test_a_given_name_before_a_family_name_the_store_knows_is_a_person(nlp):
    """"Yehia Sinwar" tagged ORG is the person once the store knows Yahya
    Sinwar: a listed given name, in any spelling, before a known family name."""
    text = "Yehia Sinwar had led the group in Gaza since 2017."
    entities = [Entity(0, 12, "ORG"), Entity(34, 38, "GPE"), Entity(45, 49, "DATE")]
    known = name_forms("Yahya Sinwar")
    assert [m.text for m in extract_people(nlp, text, entities, known)] == ["Yehia Sinwar"]
    assert extract_people(nlp, text, entities) == []
    other = "Gaza Sinwar had led the group since 2017."  # no given name before it
    assert extract_people(nlp, other, [Entity(0, 11, "ORG")], known) == []


def known_forms(*surfaces: str) -> KnownForms:
    forms = KnownForms()
    for surface in surfaces:
        forms.add(surface)
    return forms


@pytest.mark.parametrize(("text", "found"), [
    # Another romanization of a known family name, standing alone
    ("Araqchi told state television that the talks were constructive.", ["Araqchi"]),
    ("Officials said Araqchi's visit went well.", ["Araqchi"]),
    # A different name with a like skeleton is not it (Saad is not Assad)
    ("Saad told reporters in Beirut on Monday.", []),
    # Joined to another capitalized word: part of another name
    ("His cousin Reza Araqchi spoke.", []),
])
def test_a_known_family_name_spelled_otherwise_is_found(text, found):
    names = known_forms("Abbas Araghchi", "Bashar al-Assad")
    assert [text[s:e] for s, e in known_spans(text, names, bytearray(len(text) + 1))] == found
    # A plain set of forms holds no index: exact forms only.
    assert known_spans(text, set(names), bytearray(len(text) + 1)) == []
