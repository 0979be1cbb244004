"""English nicknames from the `nicknames` package, other languages' familiar
forms from data/nicknames.tsv (service/names/familiar.py)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.names import blocking_keys, compare_names
from service.names.familiar import english_nicknames
from service.names.rules import NICKNAMES

LINKS = sorted(english_nicknames())


@pytest.mark.parametrize("a, b", [
    ("Peggy Whitson", "Margaret Whitson"),
    ("Dick Durbin", "Richard Durbin"),
    ("Kit Harington", "Christopher Harington"),
    ("Hal Rogers", "Harold Rogers"),
    ("Norm Coleman", "Norman Coleman"),
    ("Jake Sullivan", "Jacob Sullivan"),
    ("Bobby Jindal", "Robert Jindal"),
    ("Charlie Crist", "Charles Crist"),
    ("Andy Beshear", "Andrew Beshear"),
    ("Bibi Netanyahu", "Benjamin Netanyahu"),
    ("Mo Farah", "Mohamed Farah"),
    ("Tony Blinken", "Antony Blinken"),  # the list has Anthony; Antony is another spelling of it
    ("Chuy García", "Jesús García"),  # Spanish hypocorisms
    ("Pepe Mujica", "José Mujica"),
    ("Pancho Villa", "Francisco Villa"),
])
def test_a_nickname_matches_its_name(a, b):
    result = compare_names(a, b)
    assert result.match and result.alignments[0].rule == "nickname", result
    assert blocking_keys(a) & blocking_keys(b)


@pytest.mark.parametrize("name", ["Patrick Kelly", "Patricia Kelly"])
def test_a_nickname_of_several_names_matches_each(name):
    assert compare_names("Pat Kelly", name).match


@pytest.mark.parametrize("a, b", [
    ("Patrick Kelly", "Patricia Kelly"),  # through Pat
    ("Harold Ford", "Henry Ford"),  # through Hal, Harry
    ("Christopher Reed", "Katherine Reed"),  # through Kit
    ("Frederick Lang", "Alfred Lang"),  # through Fred
    ("Roberto Lopez", "Alberto Lopez"),  # through Beto
])
def test_two_names_sharing_a_nickname_do_not_match(a, b):
    assert not compare_names(a, b).match


@pytest.mark.parametrize("a, b", [
    ("Andrea", "Andrew"), ("Amos", "Moses"), ("Alice", "Lisa"), ("Ian", "John"), ("Susan", "Hannah"),
])
def test_two_formal_names_the_package_links_stay_apart(a, b):
    """The package links some formal names of about one length: neither is a
    short or pet form of the other, so they are two names."""
    assert not compare_names(f"{a} Green", f"{b} Green").match


def test_the_package_is_the_source_of_english_nicknames():
    assert ("margaret", "peggy") in LINKS and ("christopher", "kit") in LINKS
    assert "richard" in NICKNAMES["dick"] and "harold" in NICKNAMES["hal"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LINKS), st.sampled_from(["Doe", "Okafor", "Lindqvist"]))
def test_every_link_shares_a_key_and_matches_with_a_family_name(link, family):
    name, nick = link
    a, b = f"{name} {family}", f"{nick} {family}"
    assert blocking_keys(a) & blocking_keys(b)
    if nick.isalpha() and "geraldine" != name:
        assert compare_names(a, b).match, (a, b)
