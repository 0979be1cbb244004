"""Belarusian and Russian forms of one name (issue 18, Cyrillic systems):
given names through data/belarusian_given_names.tsv, patronymics through the
father's name they carry (data/patronymics.tsv), surnames in -ka/-ko. The
pairs below are not in public_pairs.tsv."""
import pytest

from service.names import blocking_keys, compare_names
from service.names.rules import GIVEN_NAME_FAMILIES, rows
from service.names.similarity import name_families, part_similarity
from service.names.transcriptions import english_readings


@pytest.mark.parametrize("a, b", [
    ("Uladzislau Ivanou", "Vladislav Ivanov"),
    ("Kanstantsin Yakavenka", "Konstantin Yakovenko"),
    ("Siarhei Uladzimiravich Karpenka", "Sergei Vladimirovich Karpenko"),
    ("Tatsiana Mikalaeuna Barysenka", "Tatiana Nikolaevna Borisenko"),
    ("Valiantsina Aliaksandrauna", "Valentina Aleksandrovna"),
    ("Yauhen Ryhoravich", "Yevgeny Grigoryevich"),
])
def test_belarusian_and_russian_forms_are_one_person(a, b):
    assert compare_names(a, b).match, compare_names(a, b)


@pytest.mark.parametrize("a, b", [
    ("Siarhei Uladzimiravich Karpenka", "Sergei Sergeevich Karpenko"),  # two fathers
    ("Aliaksandravich", "Aliaksandrauna"),  # a son's and a daughter's
    ("Uladzislau Ivanou", "Uladzimir Ivanou"),  # two given names
    ("Volha Zelenska", "Volha Zelenski"),  # -ska is the feminine of -ski, not -ko
])
def test_other_names_stay_apart(a, b):
    assert not compare_names(a, b).match, compare_names(a, b)


def test_a_patronymic_names_its_father_in_any_system():
    for a, b in [("henadzievich", "gennadyevich"), ("aliaksandrawna", "aleksandrovna"),
                 ("volodymyrovych", "uladzimiravich"), ("sergeyevich", "siarheevich")]:
        assert part_similarity(a, b) == (0.97, "patronymic"), (a, b)


def test_every_belarusian_spelling_joins_its_russian_form():
    """Each spelling of the table lands in the family of its Russian form,
    unless another family or the English names had it first."""
    joined = 0
    for _belarusian, russian, latin, *_ in rows("belarusian_given_names.tsv"):
        for spelling in latin.split():
            if name_families(spelling) & name_families(russian):
                joined += 1
    assert joined >= 150
    assert len({f.canonical for f in GIVEN_NAME_FAMILIES}) == len(GIVEN_NAME_FAMILIES)


def test_a_spelling_one_letter_from_a_listed_one_is_of_its_family():
    """Stiapan is one letter from Stsiapan (Сцяпан), listed with Stepan."""
    assert compare_names("Stiapan Mikalayevich Sukharenka", "Stepan Mikalaevich Sukhorenko").match
    assert not compare_names("Stiapan Sukharenka", "Ivan Sukharenka").match


@pytest.mark.parametrize("belarusian, russian", [
    ("Sviatlana Tsikhanouskaya", "Svetlana Tikhanovskaya"),  # initial ц, ў before -ск-
    ("Siarhei Ivanou", "Sergei Ivanov"),  # final ў
])
def test_belarusian_u_short_and_initial_ts_read_as_the_russian_v_and_t(belarusian, russian):
    assert compare_names(belarusian, russian).match
    assert blocking_keys(belarusian) & blocking_keys(russian)


def test_a_chinese_final_ou_is_no_belarusian_u_short():
    assert "zhov" not in english_readings("zhou")
    assert "moreav" not in english_readings("moreau")
