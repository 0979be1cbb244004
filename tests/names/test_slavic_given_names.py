"""Ukrainian and Russian forms of one given name or patronymic are one name
(data/slavic_given_names.tsv, from names-translator 2.1.0). The people below
are made up, on names of the package's dictionaries."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.names import compare_names
from service.names.keys import blocking_keys
from service.names.rules import SLAVIC_ROWS, rows

SAME = [
    ("Pavlo Ivanovych Sokolenko", "Pavel Ivanovich Sokolenko"),
    ("Kateryna Petrivna Hordiienko", "Ekaterina Petrovna Hordiienko"),
    ("Kostiantyn Orlovskyi", "Konstantin Orlovskyi"),
    ("Andrii Volodymyrovych Melnychuk", "Andrei Vladimirovich Melnychuk"),
    ("Olena Mykolaivna Bondarchuk", "Elena Nikolaevna Bondarchuk"),
    ("Taras Oleksandrovych Kovalenko", "Taras Aleksandrovich Kovalenko"),
    ("Oksana Serhiivna Tkachuk", "Oksana Sergeevna Tkachuk"),
    # The dictionary lists the Ukrainian spelling first for these (Кирило,
    # Кирилл): the row pairs it with the Russian form after it.
    ("Kyrylo Sokolenko", "Kirill Sokolenko"),
    ("Кирилл Сокол", "Kyrylo Sokol"),
    ("Yosyp Melnychuk", "Iosif Melnychuk"),
]

DIFFERENT = [
    ("Oleksandr Tkachuk", "Oleksii Tkachuk"),  # Oleksandr and Oleksii are two names
    ("Aleksandr Sokolenko", "Aleksei Sokolenko"),
    ("Vladimir Orlovskyi", "Vladislav Orlovskyi"),
    ("Kateryna Melnychuk", "Kostiantyn Melnychuk"),
    ("Pavlo Petrovych Hordiienko", "Pavel Ivanovich Hordiienko"),  # different fathers
    ("Taras Oleksandrovych Kovalenko", "Taras Alekseevich Kovalenko"),
]


@pytest.mark.parametrize("a,b", SAME)
def test_ukrainian_and_russian_forms_match_and_share_a_key(a, b):
    assert compare_names(a, b).score >= 0.85
    assert blocking_keys(a) & blocking_keys(b)


@pytest.mark.parametrize("a,b", DIFFERENT)
def test_different_names_stay_different(a, b):
    assert compare_names(a, b).score < 0.85


def test_every_row_pairs_two_cyrillic_forms_with_a_reason():
    table = rows("slavic_given_names.tsv")
    assert len(table) > 1000
    for ukrainian, russian, latin, reason in table:
        assert ukrainian.replace("'", "").isalpha() and russian.isalpha() and latin and reason
        assert all(s.isascii() and s.isalpha() for s in latin.split())


@pytest.mark.parametrize("ukrainian,russian", [("павло", "павел"), ("катерина", "екатерина"),
                                                ("володимирович", "владимирович")])
def test_rows_from_the_package(ukrainian, russian):
    assert (ukrainian, russian) in {(r[0], r[1]) for r in rows("slavic_given_names.tsv")}


def _spellings(kind: str) -> list[tuple[str, str]]:
    """(first, last) romanization of each row of a kind: the two ends of its
    spelling list, most often one Ukrainian and one Russian spelling."""
    return [(latin[0], latin[-1]) for _russian, latin, reason in SLAVIC_ROWS if reason.startswith(kind)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_spellings("given name")))
def test_every_given_name_row_matches_and_shares_a_key(pair):
    a, b = (f"{name.capitalize()} Kovalchuk" for name in pair)
    assert compare_names(a, b).match, (a, b)
    assert blocking_keys(a) & blocking_keys(b)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_spellings("patronymic")))
def test_every_patronymic_row_matches_and_shares_a_key(pair):
    a, b = (f"Taras {name.capitalize()} Kovalchuk" for name in pair)
    assert compare_names(a, b).match, (a, b)
    assert blocking_keys(a) & blocking_keys(b)


def test_english_given_names_keep_to_their_nicknames():
    """Foreign names written in Cyrillic (Емма, Габріель) are not listed: an
    English name keeps its nicknames and namesakes (Harry = Harold)."""
    from service.names.familiar import english_nicknames

    english = {name for link in english_nicknames() for name in link}
    listed = {s for r in rows("slavic_given_names.tsv") if r[3].startswith("given") for s in r[2].split()}
    assert not listed & english
    assert compare_names("Harry Kovalchuk", "Harold Kovalchuk").match
