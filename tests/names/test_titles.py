"""The one title vocabulary (service/names/data/titles.tsv): consistent in
itself, and read alike by extraction, the name engine and resolution."""
import pytest

from service.names import compare_names, normalize_name, parse_name, titles
from service.names.titles import canonical_title, canonical_titles, ranks_conflict, same_title
from service.nlp.cleanup import clean_span
from service.nlp.words import Word, is_title_head, is_title_word

NAME = "Ahmed Karim Haddad"
KINDS = titles.TITLE_KINDS | titles.AFTER_NAME_KINDS | {"qualifier"}
# Written forms with dots inside ("u.s") never reach the name engine, which
# reads letters only.
WORD_TITLES = sorted(titles.TITLE_WORDS)
PHRASE_TITLES = sorted(" ".join(p) for p in titles.PHRASES)
LETTER_QUALIFIERS = sorted(q for q in titles.QUALIFIERS if q.isalpha())


def extracted(text: str) -> tuple[str, tuple[str, ...]]:
    """The name extraction keeps from a span holding `text`, and its titles."""
    (cleaned,) = clean_span(text, 0, len(text))
    return text[cleaned.start : cleaned.end], cleaned.titles


def written(title: str) -> str:
    return " ".join(w.capitalize() for w in title.split())


# --- the file ---------------------------------------------------------------------
def test_every_row_has_a_known_kind_and_flags():
    for e in titles.ENTRIES:
        assert e.kind in KINDS, e
        assert e.flags <= {"given-name", "name-first", "sure"}, e
        assert "name-first" not in e.flags or "given-name" in e.flags, e
        assert (e.canonical == "-") == (e.kind == "qualifier"), e
        assert e.written == e.written.lower() and not e.written.endswith("."), e


def test_a_written_form_stands_for_one_title_only():
    seen: dict[str, str] = {}
    for e in titles.ENTRIES:
        if e.kind in titles.TITLE_KINDS:
            assert e.written not in seen, f"{e.written!r} is listed twice as a title"
            seen[e.written] = e.canonical


def test_a_canonical_title_has_one_kind():
    kinds: dict[str, set[str]] = {}
    for e in titles.ENTRIES:
        if e.kind in titles.TITLE_KINDS:
            kinds.setdefault(e.canonical, set()).add(e.kind)
    assert {c: k for c, k in kinds.items() if len(k) > 1} == {}


def test_every_word_of_a_phrase_is_known_on_its_own():
    words = titles.TITLE_WORDS | titles.QUALIFIERS
    assert {w for phrase in titles.PHRASES for w in phrase} - words == set()


# --- the three users agree ----------------------------------------------------------
@pytest.mark.parametrize("title", WORD_TITLES)
def test_each_title_word_is_set_aside_by_extraction_and_the_name_engine(title):
    name = RULER if title in titles.NAME_FIRST_TITLES else NAME
    assert extracted(f"{written(title)} {name}") == (name, (written(title),))
    assert parse_name(f"{title} {name}").titles == (title,)


# A name built with bin: what a title that is more often a given name needs
# before it, for extraction and for the name engine alike.
RULER = "Tamim bin Hamad"


@pytest.mark.parametrize("title", sorted(titles.NAME_FIRST_TITLES))
def test_a_title_more_often_a_given_name_is_a_name_before_a_name_without_bin(title):
    assert extracted(f"{written(title)} {NAME}") == (f"{written(title)} {NAME}", ())
    assert parse_name(f"{title} {NAME}").titles == ()


def test_a_persian_compound_given_name_is_one_name_written_apart_or_together():
    assert compare_names("Amir Hossein Safari", "Amirhossein Safari").match
    assert compare_names("Sultan Ahmed Al Jaber", "Sultan Al Jaber").match


@pytest.mark.parametrize("title", WORD_TITLES + PHRASE_TITLES)
def test_each_title_has_a_canonical_form_and_kind_for_resolution(title):
    assert canonical_title(written(title)) is not None
    assert canonical_title(f"former {written(title)}") == canonical_title(title)


@pytest.mark.parametrize("title", PHRASE_TITLES)
def test_each_phrase_is_set_aside_whole(title):
    assert extracted(f"{written(title)} {NAME}")[0] == NAME
    if title.replace(" ", "").isalpha():  # the name engine reads letters only ("1st lt")
        assert parse_name(f"{title} {NAME}").titles == tuple(title.split())
    assert canonical_title(title.replace(" ", "-"))[0] == canonical_title(title)[0]


@pytest.mark.parametrize("qualifier", LETTER_QUALIFIERS)
def test_a_qualifier_is_set_aside_with_its_title_only(qualifier):
    assert extracted(f"{written(qualifier)} Minister {NAME}")[0] == NAME
    assert parse_name(f"{qualifier} minister {NAME}").titles == (qualifier, "minister")
    assert parse_name(f"{qualifier} {NAME}").titles == ()


def test_extraction_reads_title_words_from_the_vocabulary_only():
    def word(key):
        return Word(0, len(key), key)

    assert all(is_title_head(word(w)) for w in titles.TITLE_WORDS)
    assert not any(is_title_head(word(w)) for w in titles.QUALIFIERS)
    assert all(is_title_word(word(w)) for w in titles.QUALIFIERS)
    assert not is_title_word(word("haddad"))


# --- titles once known to only one of the three -------------------------------------------
@pytest.mark.parametrize("text, name, title", [
    ("Hojatoleslam Ali Shirazi", "Ali Shirazi", "Hojatoleslam"),  # the name engine's
    ("Daw Aung San Suu Kyi", "Aung San Suu Kyi", "Daw"),
    ("Eng. Ahmed Salem", "Ahmed Salem", "Eng."),
    ("Cheikh Ahmed Salem", "Ahmed Salem", "Cheikh"),
    ("Lieut. Ahmed Salem", "Ahmed Salem", "Lieut."),
    ("PM Rafik Hariri", "Rafik Hariri", "PM"),  # resolution's
    ("Trooper Ahmed Salem", "Ahmed Salem", "Trooper"),  # extraction's
    ("Superintendent Ahmed Salem", "Ahmed Salem", "Superintendent"),
    ("Secretary of State John Kerry", "John Kerry", "Secretary of State"),
])
def test_a_title_once_known_to_one_user_is_known_to_all(text, name, title):
    assert extracted(text) == (name, (title,))
    assert normalize_name(text) == normalize_name(name)
    assert canonical_titles([title])


@pytest.mark.parametrize("a, b", [
    ("Lieut.", "Maj."),  # lieut: once the name engine's only
    ("Trooper", "Sgt."),  # police ranks: once extraction's only
    ("Det.", "Insp."),
    ("Spc.", "Capt."),
    ("Maj. Gen.", "Capt."),
    ("Major-General", "Brigadier General"),
])
def test_different_ranks_conflict(a, b):
    assert ranks_conflict(canonical_titles([a]), canonical_titles([b]))
    assert not same_title(a, b)


@pytest.mark.parametrize("a, b", [
    ("Maj. Gen.", "General"),
    ("Lt. Col.", "Colonel"),  # writers shorten the compound rank to its last word
    ("Field Marshal", "Marshal"),
    ("Rear Adm.", "Admiral"),
    ("Capt.", "Captain"),
    ("Cpt.", "captain"),
    ("1st Lt.", "Lieutenant"),
])
def test_the_same_rank_written_two_ways_agrees(a, b):
    assert not ranks_conflict(canonical_titles([a]), canonical_titles([b]))
    assert same_title(a, b)


def test_a_rank_is_not_the_first_word_of_a_longer_one():
    assert ranks_conflict(canonical_titles(["Maj."]), canonical_titles(["Maj. Gen."]))
    assert ranks_conflict(canonical_titles(["Lieutenant"]), canonical_titles(["Lt. Col."]))


def test_offices_ending_in_general_are_not_the_rank():
    assert canonical_title("U.N. Secretary General") == ("secretary general", "office")
    assert canonical_title("Attorney General") == ("attorney general", "office")
    assert not ranks_conflict(canonical_titles(["Secretary General"]), canonical_titles(["Capt."]))


def test_offices_and_honorifics_never_conflict():
    assert not ranks_conflict(canonical_titles(["President"]), canonical_titles(["Prime Minister"]))
    assert not ranks_conflict(canonical_titles(["Sheikh", "Gen."]), canonical_titles(["Dr."]))


def test_courtesy_titles_are_set_aside_but_not_weighed():
    assert canonical_title("Mr.") == ("mr", "courtesy")
    assert canonical_titles(["Mr.", "Mrs.", "Col."]) == {"colonel"}


# --- titles that are also given names -----------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("Amir Peretz", "Amir Peretz"),  # a given name before one part
    ("Duke Ellington", "Duke Ellington"),
    ("Sultan bin Salman", "Sultan bin Salman"),  # a particle belongs to its part
    ("Sultan Qaboos bin Said", "Qaboos bin Said"),  # a title before two parts
    ("Sayyed Hassan Nasrallah", "Hassan Nasrallah"),
    ("Sheikh Sultan Al Qassemi", "Sultan Al Qassemi"),
])
def test_a_title_that_is_also_a_given_name_needs_two_parts_after_it(text, name):
    assert extracted(text)[0] == name
    assert normalize_name(text) == normalize_name(name)


def test_a_lowercase_plain_word_is_not_a_title_in_running_text():
    assert extracted("father Ahmed Karim Haddad") == (NAME, ())
    assert extracted("Father Ahmed Karim Haddad") == (NAME, ("Father",))


# --- after the name -----------------------------------------------------------------
def test_a_generation_after_a_comma_stays_with_the_name():
    assert normalize_name("Martin Luther King, Jr.") == normalize_name("Martin Luther King Jr.")
    assert parse_name("Hank Williams Junior").generation == "jr"


def test_a_generation_suffix_is_no_part_a_title_needs_after_it():
    """Hafez, a title of those who know the Qur'an by heart and a given name,
    is a title only before a name of two parts: Jr. is not one."""
    assert parse_name("Hafez al-Assad Jr.").titles == ()
    assert parse_name("Hafez al-Assad Jr.").generation == "jr"
    assert not compare_names("Mohammed Ali al-Assad Jr.", "Hafez al-Assad Jr.").match
