"""Blocking keys: recall on every positive pair, selectivity where it matters."""
import pytest

from service.names import blocking_keys, compare_names
from service.names.keys import every_bearer_keyed
from tests.names.pairs import DEV_PAIRS, OWN_PAIRS, load

POSITIVES = [p for p in load(OWN_PAIRS) + (load(DEV_PAIRS) if DEV_PAIRS.exists() else []) if p.same]


def test_every_positive_pair_shares_a_key():
    missing = [str(p) for p in POSITIVES if not blocking_keys(p.a) & blocking_keys(p.b)]
    assert not missing, missing


def test_every_pair_the_engine_matches_shares_a_key():
    pairs = load(OWN_PAIRS) + (load(DEV_PAIRS) if DEV_PAIRS.exists() else [])
    matched = [p for p in pairs if compare_names(p.a, p.b).match]
    missing = [str(p) for p in matched if not blocking_keys(p.a) & blocking_keys(p.b)]
    assert not missing, missing


@pytest.mark.parametrize("word, full", [
    ("Ezzedine", "Izz al-din Khalouf"),
    ("Assad", "Bashar al-Assad"),
    ("Khalluf", "Mohammed Nour Izz al-din Khalouf"),
    ("Gaddafi", "Muammar al-Qaddafi"),
    ("Erdogan", "Recep Tayyip Erdoğan"),
])
def test_one_word_meets_the_full_name(word, full):
    assert blocking_keys(word) & blocking_keys(full)


def test_romanizations_share_the_family_key():
    keys = [blocking_keys(n) for n in ("Khalouf", "Khalluf", "Khaluf", "Khalouf")]
    assert set.intersection(*keys)


def single(keys: set[str]) -> set[str]:
    return {k for k in keys if not k.startswith("p:")}


def pairs(keys: set[str]) -> set[str]:
    return {k for k in keys if k.startswith("p:")}


def test_frequent_given_names_make_no_key_of_their_own():
    """A key on "Mohammed" would return a large share of any store; with the
    family name it is a pair key, shared by few."""
    assert single(blocking_keys("Mohammed Khalouf")) == blocking_keys("Khalouf")
    assert blocking_keys("Mohammed Khalouf") == blocking_keys("Muhammad Khalouf")
    assert pairs(blocking_keys("Mohammed Khalouf")) and not pairs(blocking_keys("Khalouf"))


@pytest.mark.parametrize("a, b", [("Riyad Hijab", "Riad Hijab"), ("Izz al-din Khalouf", "Ezzedine Khalluf"),
                                  ("Muammar al-Qaddafi", "Moammar Gadhafi")])
def test_spellings_of_a_full_name_share_a_pair_key(a, b):
    assert pairs(blocking_keys(a)) & pairs(blocking_keys(b))


def test_pair_keys_tell_apart_people_who_share_a_part():
    assert not pairs(blocking_keys("Riyad Hijab")) & pairs(blocking_keys("Riyad Turk"))
    assert not pairs(blocking_keys("Bashar al-Assad")) & pairs(blocking_keys("Hafez al-Assad"))


def test_keys_are_selective():
    assert len(single(blocking_keys("Mohammed Nour Izz al-din Khalouf"))) <= 6
    assert not blocking_keys("Bashar al-Assad") & blocking_keys("Riyad Hijab")
    assert not blocking_keys("Khalouf") & blocking_keys("Shallal")


def test_keys_are_strings_and_the_result_can_be_changed_safely():
    keys = blocking_keys("Riyad Hijab")
    assert keys and all(isinstance(k, str) for k in keys)
    keys.add("x")
    assert "x" not in blocking_keys("Riyad Hijab")


@pytest.mark.parametrize("name, keyed", [
    ("Khalouf", True), ("Blinken", True), ("Tamim", True),
    ("Mohammed", False), ("Youssef", False), ("John", False),
])
def test_a_frequent_given_name_is_not_keyed_in_every_name_that_holds_it(name, keyed):
    """Full names key a frequent given name only where it stands last, so a
    lookup by it alone does not see every bearer."""
    assert every_bearer_keyed(name) is keyed
