"""Similarity of two name parts, with the rule that explains it.

Checked from the most to the least certain evidence: identical spelling, the
given-name tables (same family of spellings, or two different known names),
nicknames, equal romanization skeletons, a one-letter typo, and finally
Jaro-Winkler on the skeletons with the phonetic code as a secondary signal.
"""
from functools import lru_cache

import jellyfish

from service.names.alternations import alternation_score
from service.names.normalize import coarse_forms, fine_skeleton, key_skeleton
from service.names.parse import split_fused
from service.names.rules import GIVEN_NAME_FAMILIES, LISTED_FAMILIES, NICKNAMES, PATRONYMIC_ENDINGS, PATRONYMIC_SUFFIXES

# Score of each kind of evidence that two parts are one name.
EXACT = 1.0
NAME_VARIANT = 0.97  # listed spellings of one given name (Mohammed/Muhammad)
SPELLING = 0.96  # equal fine skeletons (Khalouf/Khalluf, Makdissi/Makdisi)
ROMANIZATION = 0.94  # equal coarse forms (Ahmed/Ahmad, Gaddafi/Qaddafi)
SYLLABLES = 0.94  # the same Mandarin syllables in Wade-Giles and pinyin (Tse-tung/Zedong)
TRANSLITERATION = 0.92  # Arabic script against a romanization, on consonants
NICKNAME = 0.9  # Bill/William
TYPO = 0.9  # one letter inserted, dropped, changed or swapped inside the word
INITIAL = 0.9  # M. / Mohammed
GENDER_FORM = 0.5  # at most: Daniel/Daniela are two people
FUZZY_PENALTY = 0.04  # taken off Jaro-Winkler: similar spelling alone is weak evidence
PHONETIC_BONUS = 0.03  # given back when the phonetic codes agree as well

# Parts at or above this similarity are aligned as one name.
PART_THRESHOLD = 0.88
# Given names aligned on spelling similarity alone need more (Marine/Marion).
GIVEN_FUZZY_THRESHOLD = 0.93
FUZZY_RULES = frozenset({"similar", "phonetic"})
# Jaro-Winkler alone is trusted only on parts this long: short names differ by
# one letter and are still different names (Hamad/Hamid, Riad/Ziad).
MIN_FUZZY_LENGTH = 6


def _compact(spelling: str) -> str:
    compact = "".join(split_fused(w).replace("-", "") for w in spelling.split())
    return split_fused(compact).replace("-", "")


def _family_index() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(families by skeleton, families of the spellings listed in several):
    one spelling may write two names (Salim: Sālim and Salīm), while another
    of its skeleton writes one only (Saleem: Salīm)."""
    index: dict[str, set[str]] = {}
    listed: dict[str, set[str]] = {}
    for family in GIVEN_NAME_FAMILIES:
        for spelling in family.spellings:
            index.setdefault(fine_skeleton(_compact(spelling)), set()).add(family.canonical)
    for family in LISTED_FAMILIES:  # an ambiguity is written down by hand, not generated
        for spelling in family.spellings:
            listed.setdefault(_compact(spelling), set()).add(family.canonical)
    # Most spellings belong to one family: they share its one-member set
    # rather than each holding its own (tens of thousands with the Slavic table).
    alone = {f.canonical: frozenset({f.canonical}) for f in GIVEN_NAME_FAMILIES}
    by_skeleton = {k: alone[next(iter(v))] if len(v) == 1 else frozenset(v) for k, v in index.items()}
    # A spelling listed in two families keeps both; the other listed spellings
    # of its skeleton keep their own family (Saleem is not Salem).
    ambiguous = {fine_skeleton(k) for k, v in listed.items() if len(v) > 1}
    exact = {k: frozenset(v) for k, v in listed.items() if fine_skeleton(k) in ambiguous}
    return by_skeleton, exact


_FAMILIES, _LISTED_FAMILIES = _family_index()


def _by_skeleton() -> dict[str, frozenset[str]]:
    """Nicknames by skeleton; spellings with one skeleton (Andy, Andi) pool their names."""
    table: dict[str, frozenset[str]] = {}
    for nick, fulls in NICKNAMES.items():
        table[fine_skeleton(nick)] = table.get(fine_skeleton(nick), frozenset()) | frozenset(fulls)
    return table


_NICKNAMES = _by_skeleton()
_NICKNAME_SKELETONS = {nick: frozenset(map(fine_skeleton, fulls)) for nick, fulls in _NICKNAMES.items()}


def name_families(compact: str) -> frozenset[str]:
    """Given-name families a spelling belongs to (empty when not listed)."""
    listed = _LISTED_FAMILIES.get(compact)
    return listed if listed is not None else _FAMILIES.get(fine_skeleton(compact), frozenset())


def nickname_targets(compact: str) -> frozenset[str]:
    """The full names a nickname can stand for (Bill -> William)."""
    return _NICKNAMES.get(fine_skeleton(compact), frozenset())


def _stands_for(nick: str, name: str) -> bool:
    """Nickname `nick` can stand for `name`, in any listed spelling of it (Mo: Muhammad, Mohamed)."""
    fulls = _NICKNAMES.get(fine_skeleton(nick))
    if not fulls:
        return False
    if fine_skeleton(name) in _NICKNAME_SKELETONS[fine_skeleton(nick)]:
        return True
    families = name_families(name)
    if families and any(families & name_families(full) for full in fulls):
        return True
    # Another spelling of a full name the list has (Tony: Anthony, so Antony).
    return any(coarse_forms(name) & coarse_forms(full) for full in fulls)


def _is_nickname(a: str, b: str) -> bool:
    return _stands_for(a, b) or _stands_for(b, a)


# A patronymic's stem is at least this long: shorter ones are other words
# that end alike (Bovich, Ivna).
MIN_PATRONYMIC_STEM = 3


@lru_cache(maxsize=65536)
def _fathers(compact: str) -> tuple[frozenset[str], frozenset[str]]:
    """(genders, given-name families of the father) a patronymic can be read
    as: Uladzimiravich is a son's, of Vladimir's family. Empty for a word that
    is no patronymic of a listed name."""
    genders: set[str] = set()
    families: set[str] = set()
    for suffix, gender in PATRONYMIC_SUFFIXES:
        stem = compact[: -len(suffix)]
        if compact.endswith(suffix) and len(stem) >= MIN_PATRONYMIC_STEM:
            found = set().union(*(name_families(stem + ending) for ending in PATRONYMIC_ENDINGS))
            if found:
                genders.add(gender)
                families |= found
    return frozenset(genders), frozenset(families)


def _patronymics(a: str, b: str) -> tuple[float, str] | None:
    """Two patronymics naming one father, in whatever language and system
    each is written (Aliaksandrawna, Aleksandrovna): one name when they are of
    one gender, a son's and a daughter's when not. None unless both are."""
    genders_a, fathers_a = _fathers(a)
    genders_b, fathers_b = _fathers(b)
    if not fathers_a & fathers_b:
        return None
    return (NAME_VARIANT, "patronymic") if genders_a & genders_b else (GENDER_FORM, "gender_form")


_VOWELS = frozenset("aeiouy")


def _gender_forms(a: str, b: str) -> bool:
    """Names that differ only by a final vowel are gender forms of one name
    (Daniel/Daniela, Mario/Maria, Zelensky/Zelenska, Ivanov/Ivanova): a
    brother and sister or a husband and wife, not one person."""
    stem_a = a[:-1] if a[-1] in _VOWELS else a
    stem_b = b[:-1] if b[-1] in _VOWELS else b
    return stem_a == stem_b and not _nisba(a, b)


_NISBA = frozenset("iy")


def _nisba(a: str, b: str) -> bool:
    """A final i (y) added to a name ending in a consonant: the Arabic and
    Persian adjective of origin or belonging (Sedaghat, Sedaghati; Allahdad,
    Allahdadi), which writers add or leave out of one family's name. No
    European gender form adds an i to a consonant."""
    short, long_ = sorted((a, b), key=len)
    return long_[:-1] == short and long_[-1] in _NISBA and short[-1] not in _VOWELS


def _is_typo(a: str, b: str) -> bool:
    """One edit inside a word of six letters or more; shorter words differing
    by a letter are usually different names (Baker/Barker). The first and
    last letters must agree."""
    return (
        min(len(a), len(b)) >= 6
        and a[0] == b[0]
        and a[-1] == b[-1]
        and jellyfish.damerau_levenshtein_distance(a, b) == 1
    )


def _vowel_dropped(a: str, b: str) -> bool:
    """One spelling leaves out a short vowel the other writes (Dagalo/Daglo,
    Afwerki/Afewerki, Zawahiri/Zawahri): romanizations disagree on short vowels."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 4 or len(long_) != len(short) + 1:
        return False
    for i, char in enumerate(long_):
        if long_[:i] + long_[i + 1:] == short:
            return char in _VOWELS and 0 < i < len(long_) - 1
    return False


def _fuzzy(a: str, b: str) -> tuple[float, str]:
    fa, fb = fine_skeleton(a), fine_skeleton(b)
    score = jellyfish.jaro_winkler_similarity(fa, fb) - FUZZY_PENALTY
    if min(len(fa), len(fb)) < MIN_FUZZY_LENGTH:
        return max(0.0, min(score, PART_THRESHOLD - 0.01)), "similar"
    if jellyfish.metaphone(a) == jellyfish.metaphone(b):
        return min(score + PHONETIC_BONUS, SPELLING), "phonetic"
    return max(0.0, score), "similar"


_SPELLINGS = {f.canonical: f.spellings for f in GIVEN_NAME_FAMILIES}


@lru_cache(maxsize=65536)
def _abjad_keys(word: str) -> frozenset[str]:
    """The consonant keys a part can meet a name read from an abjad with: its
    own, with a Latin ch read as sh (French: Chaaban), h or kh (Hebrew and
    German: Menachem, Chaim), and those of every listed spelling of its given
    name (Benjamin: Binyamin, the Hebrew form)."""
    words = {word, word.replace("ch", "h"), word.replace("ch", "kh")}
    for family in name_families(word):
        words |= {spelling.replace(" ", "") for spelling in _SPELLINGS[family]}
    return frozenset(_abjad_key(w) for w in words)


def _abjad_key(word: str) -> str:
    """Consonant key for comparing with a name read from an abjad. A final h
    is written or not: the letter is kept (Allah, ta marbuta, Hebrew final
    he), romanizations drop it after a vowel (Nasrallah, Hamza, Golda). Hebrew
    writes b and v, p and f with one letter each, so the key does not tell
    them apart (Avraham)."""
    return key_skeleton(word).removesuffix("h").replace("F", "B")


@lru_cache(maxsize=262144)
def part_similarity(a: str, b: str, arabic: bool = False, vowels_unwritten: bool = False) -> tuple[float, str]:
    """(score in [0, 1], rule) for two compact parts. `arabic`: one of them was
    written in Arabic script, so only consonants can be compared.
    `vowels_unwritten`: they are parts of a name of the Arabic, Persian or
    Turkish tradition, whose romanizations guess the short vowels."""
    if a == b:
        return EXACT, "exact"
    if len(a) == 1 or len(b) == 1:
        return (INITIAL, "initial") if a[0] == b[0] else (0.0, "initial_differs")
    if arabic:
        keys_a, keys_b = _abjad_keys(a), _abjad_keys(b)
        if keys_a & keys_b:
            return TRANSLITERATION, "transliteration"
        return max(jellyfish.jaro_winkler_similarity(x, y) for x in keys_a for y in keys_b) * 0.9, "similar"
    if patronymics := _patronymics(a, b):
        return patronymics
    families_a, families_b = name_families(a), name_families(b)
    if families_a and families_b:
        if families_a & families_b:
            return NAME_VARIANT, "name_variant"
        if _is_nickname(a, b):  # whatever families the tables put the two in (Gory, Gregory)
            return NICKNAME, "nickname"
        return _fuzzy(a, b)[0] * 0.5, "different_name"
    if _is_nickname(a, b):
        return NICKNAME, "nickname"
    if fine_skeleton(a) == fine_skeleton(b):
        return SPELLING, "romanization"
    if coarse_forms(a) & coarse_forms(b):
        return ROMANIZATION, "romanization"
    if _gender_forms(fine_skeleton(a), fine_skeleton(b)):
        return min(_fuzzy(a, b)[0], GENDER_FORM), "gender_form"
    if _vowel_dropped(fine_skeleton(a), fine_skeleton(b)):
        return ROMANIZATION, "vowel"
    if not (families_a or families_b) and (score := alternation_score(a, b, vowels_unwritten)):
        return score, "alternation"  # listed given names keep to their families
    if (_is_typo(a, b) or (not families_a and _typo_of_listed(a, families_b))
            or (not families_b and _typo_of_listed(b, families_a))):
        return TYPO, "typo"
    return _fuzzy(a, b)


def _typo_of_listed(word: str, families: frozenset[str]) -> bool:
    """An unlisted spelling one letter from a listed spelling of the other's
    name (Stiapan: Stsiapan, a spelling of Stepan's family)."""
    return any(_is_typo(word, _compact(spelling)) for family in families for spelling in _SPELLINGS[family])
