"""Loader for the name knowledge kept as reviewable data in `data/`.

Every table is a tab-separated file with a comment on each rule's reason; this
module only reads them into Python structures, once, at import time.
"""
import re
import sys
from dataclasses import dataclass
from importlib import resources

_DATA = resources.files(__package__) / "data"


def _rows(name: str) -> list[list[str]]:
    """Non-comment lines of a data file, split on tabs (empty fields kept)."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def rows(name: str) -> list[list[str]]:
    """The rows of a data file, for the modules that read a table of their own."""
    return _rows(name)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    replacement: str


def _load_rules() -> tuple[dict[str, list[Rule]], dict[str, tuple[str, ...]]]:
    stages: dict[str, list[Rule]] = {"fine": [], "coarse": [], "key": []}
    variants: dict[str, tuple[str, ...]] = {}
    for stage, pattern, replacement, *_reason in _rows("romanization.tsv"):
        if stage == "variant":
            variants[pattern] = tuple(replacement.split(","))
        else:
            stages[stage].append(Rule(re.compile(pattern), replacement.strip()))
    return stages, variants


ROMANIZATION, VARIANTS = _load_rules()

# Particle word -> (kind, canonical form).
PARTICLES: dict[str, tuple[str, str]] = {
    word: (kind, canonical) for word, kind, canonical, *_reason in _rows("particles.tsv")
}

# Character -> replacement, for other scripts and transliteration marks.
CHARACTERS: dict[str, str] = {char: latin for char, latin, *_reason in _rows("scripts.tsv")}


@dataclass(frozen=True)
class GivenNameFamily:
    canonical: str
    frequent: bool
    spellings: tuple[str, ...]  # as written in the data file, canonical first


# The families of data/given_names.tsv, kept by hand (the generated Slavic
# and Belarusian ones are added below).
LISTED_FAMILIES: list[GivenNameFamily] = [
    GivenNameFamily(canonical, frequent == "yes", (canonical, *variants.split()))
    for canonical, frequent, variants, *_reason in _rows("given_names.tsv")
]


def _section(name: str, heading: str) -> list[list[str]]:
    """The rows of a data file under the `# --- heading` line, up to the next."""
    text = (_DATA / name).read_text(encoding="utf-8")
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("# ---"):
            inside = line.startswith(f"# --- {heading}")
        elif inside and line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


# The spellings (compact: no spaces or hyphens) of the Arabic, Persian and
# Turkish given names of data/given_names.tsv: names of the traditions whose
# second name is the father's (nasab), so that a name with its first part
# left out can be the father's (parse._abjad_tradition).
ARABIC_GIVEN_NAMES: frozenset[str] = frozenset(
    re.sub(r"[ -]", "", spelling)
    for canonical, _frequent, variants, *_ in _section("given_names.tsv", "Arabic, Persian and Turkish")
    for spelling in (canonical, *variants.split())
)


def _slavic_rows(listed: set[str]) -> list[tuple[str, tuple[str, ...], str]]:
    """(Russian form, romanizations, reason) of each row of
    data/slavic_given_names.tsv: a Ukrainian given name or patronymic and its
    Russian form are one name (Olena = Elena, Volodymyrovych =
    Vladimirovich). A row any of whose spellings the given-name table already
    lists is left out: that table's families, each with its reason, stand
    (the dictionary also holds foreign names written in Cyrillic, Раед)."""
    return [(russian, tuple(latin.split()), reason)
            for _ukrainian, russian, latin, reason, *_ in _rows("slavic_given_names.tsv")
            if not listed & set(latin.split())]


def _english_names() -> set[str]:
    """The names and familiar forms of the English nickname table."""
    from .familiar import english_nicknames

    return {name for pair in english_nicknames() for name in pair}


# Left out as well: the English names and familiar forms (Gregory, Gory,
# Emma), which the dictionary also writes in Cyrillic; in a family of their
# own they would no longer match their nicknames.
SLAVIC_ROWS = _slavic_rows({spelling.replace(" ", "") for family in LISTED_FAMILIES for spelling in family.spellings}
                           | _english_names())


def _slavic_families() -> list[GivenNameFamily]:
    """One family per Russian form, named by it in Cyrillic, holding the
    romanizations of it and of its Ukrainian forms."""
    spellings: dict[str, list[str]] = {}
    for russian, latin, _reason in SLAVIC_ROWS:
        spellings.setdefault(russian, []).extend(latin)
    return [GivenNameFamily(russian, False, (russian, *latin)) for russian, latin in spellings.items()]


def _with_belarusian(families: list[GivenNameFamily]) -> list[GivenNameFamily]:
    """Belarusian forms (data/belarusian_given_names.tsv) join the family of
    their Russian form (Uladzimir: Vladimir, Volodymyr), or start one with it.
    A spelling some family already lists, or an English name or familiar
    form (Hanna), stays where it is."""
    out = list(families)
    where = {spelling: i for i, family in enumerate(out) for spelling in family.spellings}
    taken = set(where) | _english_names()
    for _belarusian, russian, latin, *_source in _rows("belarusian_given_names.tsv"):
        spellings = tuple(s for s in latin.split() if s not in taken)
        if not spellings:
            continue
        taken |= set(spellings)
        if russian in where:
            family = out[where[russian]]
            out[where[russian]] = GivenNameFamily(family.canonical, family.frequent, family.spellings + spellings)
        else:
            where[russian] = len(out)
            out.append(GivenNameFamily(russian, False, (russian, *spellings)))
    return out


GIVEN_NAME_FAMILIES: list[GivenNameFamily] = _with_belarusian(LISTED_FAMILIES + _slavic_families())

# Nickname -> names it can stand for: English familiar forms from the
# `nicknames` package (see familiar.py), and the other languages' familiar
# forms that it does not cover, from data/nicknames.tsv.
def _load_nicknames() -> dict[str, tuple[str, ...]]:
    from .familiar import english_nicknames

    links = [(full, nick) for full, nicks, *_ in _rows("nicknames.tsv") for nick in nicks.split()]
    table: dict[str, tuple[str, ...]] = {}
    for full, nick in [*english_nicknames(), *links]:
        if full not in table.get(nick, ()):
            table[nick] = table.get(nick, ()) + (full,)
    return table


NICKNAMES = _load_nicknames()

# The most frequent US surnames (data/us_surnames.txt, the Census Bureau's
# 1990 list): names with one fixed spelling, whose near spellings are other
# families' names (Johnson and Johnston), not romanizations of one name.
def _us_surnames() -> frozenset[str]:
    with (_DATA / "us_surnames.txt").open(encoding="utf-8") as lines:  # read as it goes: 40,000 lines
        return frozenset(sys.intern(line.rstrip()) for line in lines if line.strip() and not line.startswith("#"))


US_SURNAMES = _us_surnames()

# Patronymic suffixes, (suffix, gender) longest first, and the endings a
# suffix took from the father's name (data/patronymics.tsv).
_PATRONYMICS = _rows("patronymics.tsv")
PATRONYMIC_SUFFIXES: tuple[tuple[str, str], ...] = tuple(sorted(
    ((text, gender) for kind, text, gender, *_ in _PATRONYMICS if kind == "suffix"), key=lambda s: -len(s[0])))
PATRONYMIC_ENDINGS: tuple[str, ...] = tuple(text for kind, text, *_ in _PATRONYMICS if kind == "ending")

# Pinyin syllable -> its Wade-Giles spellings (data/wade_giles.tsv).
WADE_GILES: dict[str, tuple[str, ...]] = {
    pinyin: tuple(wade.split(",")) for pinyin, wade, *_reason in _rows("wade_giles.tsv")
}
