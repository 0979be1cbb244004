"""Several romanization alternations in one word (service/names/alternations.py)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.names import blocking_keys, compare_names
from service.names.alternations import alternation_keys, alternation_score, units
from service.names.normalize import key_skeleton
from tests.names.test_properties import SETTINGS


# Spellings of one name from the press and from the BGN/PCGN and French
# (Maghreb) romanizations, each differing in two or more places.
@pytest.mark.parametrize("a, b", [
    ("zarqawi", "zarkaoui"),  # q/k, w/ou (French)
    ("qaradawi", "karadaoui"),
    ("tantawi", "tantaoui"),
    ("sinwar", "sinouar"),
    ("alkadhafi", "gaddafi"),  # fused article, q/g, dh/d
    ("elqaradawi", "qaradawi"),
])
def test_spellings_of_one_name_align(a, b):
    assert alternation_score(a, b) >= 0.88
    assert alternation_score(b, a) == alternation_score(a, b)


# Short names one vowel or one consonant apart are different names, and a
# difference that is no romanization alternation (r/z, l/m) never aligns.
@pytest.mark.parametrize("a, b", [
    ("hamad", "hamid"), ("hamud", "hamad"), ("riad", "ziad"), ("saad", "assad"), ("karim", "kamil"),
    ("rashid", "rashad"), ("jafari", "safari"), ("johnson", "johnston"), ("daniela", "daniel"),
])
def test_different_names_do_not_align(a, b):
    assert alternation_score(a, b) == 0.0


def test_digraphs_are_one_letter_and_doubled_letters_one():
    assert units("ghaddafi") == ("gh", "a", "d", "a", "f", "i")
    assert units("moussaoui") == ("m", "ou", "s", "a", "ou", "i")


@pytest.mark.parametrize("a, b", [
    ("Yahya Sinwar", "Yehia Sinouar"),
    ("Abu Musab al-Zarqawi", "Abu Mus'ab az-Zarkaoui"),
    ("Yusuf al-Qaradawi", "Youssef el-Karadaoui"),
])
def test_full_names_with_several_alternations_match_and_share_a_key(a, b):
    assert compare_names(a, b).match
    assert blocking_keys(a) & blocking_keys(b)


LETTERS = st.sampled_from(["a", "e", "i", "ou", "u", "o", "q", "k", "g", "gh", "kh", "dh", "d", "z", "th",
                           "t", "s", "w", "v", "y", "ai", "ei", "r", "m", "n", "f", "b", "l", "h", "sh"])
WORDS = st.lists(LETTERS, min_size=3, max_size=10).map("".join)


@SETTINGS
@given(WORDS, WORDS)
def test_aligned_words_share_a_blocking_key(a, b):
    if alternation_score(a, b):
        assert ({key_skeleton(a)} | alternation_keys(a)) & ({key_skeleton(b)} | alternation_keys(b))
        assert blocking_keys(a) & blocking_keys(b)


@SETTINGS
@given(WORDS, WORDS)
def test_alignment_is_symmetric_and_below_identity(a, b):
    assert alternation_score(a, b) == alternation_score(b, a)
    assert alternation_score(a, b) < 1.0
