"""Loader for the name knowledge kept as reviewable data in `data/`.

Every table is a tab-separated file with a comment on each rule's reason; this
module only reads them into Python structures, once, at import time.
"""
import re
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


def _slavic_families() -> list[GivenNameFamily]:
    """A Ukrainian given name or patronymic and its Russian form are one name
    (Olena = Elena, Volodymyrovych = Vladimirovich): each Russian form, in
    Cyrillic, is the canonical of a family holding the romanizations of it and
    of its Ukrainian forms (data/slavic_given_names.tsv)."""
    spellings: dict[str, list[str]] = {}
    for _ukrainian, russian, latin, *_reason in _rows("slavic_given_names.tsv"):
        spellings.setdefault(russian, []).extend(latin.split())
    return [GivenNameFamily(russian, False, (russian, *latin)) for russian, latin in spellings.items()]


GIVEN_NAME_FAMILIES: list[GivenNameFamily] = [
    GivenNameFamily(canonical, frequent == "yes", (canonical, *variants.split()))
    for canonical, frequent, variants, *_reason in _rows("given_names.tsv")
] + _slavic_families()

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

# Pinyin syllable -> its Wade-Giles spellings (data/wade_giles.tsv).
WADE_GILES: dict[str, tuple[str, ...]] = {
    pinyin: tuple(wade.split(",")) for pinyin, wade, *_reason in _rows("wade_giles.tsv")
}
