"""Text-level normalization: Unicode folding, tokens, and per-part skeletons.

A written name becomes lower-case ASCII tokens (other scripts transliterated
where the data has a table for them). Each name part then gets three
romanization-insensitive forms, built by the rules in data/romanization.tsv:

    fine     spelling conventions removed (Khalouf, Khaluf, Khalluf -> Xaluf)
    coarse   a set of forms with short vowels and ambiguous letters merged
             (Ahmed/Ahmad, Gaddafi/Qaddafi meet here)
    key      the consonant skeleton used as a blocking key
"""
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from .korean import HANGUL, hangul_name
from .rules import CHARACTERS, ROMANIZATION, VARIANTS, rows
from .titles import AFTER_NAME


class InvalidName(ValueError):
    """The input holds no letters, so there is no name to work with."""


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # folded letters, never empty
    hyphen_after: bool  # joined to the next token by a hyphen (al-Assad)
    arabic: bool  # written in an abjad (Arabic or Hebrew script): consonants only
    korean: bool = False  # read from Hangul (korean.py)


_MARKS = str.maketrans({c: v for c, v in CHARACTERS.items() if v in ("", "-")})
_LETTERS = str.maketrans({c: v for c, v in CHARACTERS.items() if v not in ("", "-")})
_WORD = re.compile(r"[^\W\d_]+")
# Abjads, written without most vowels: Arabic (and Persian, Urdu) and Hebrew.
_ARABIC = re.compile(r"[\u0600-\u06ff\u0590-\u05ff]")
# The Arabic article is written joined to its word (الأسد); split it off so it
# is treated like al- in a romanized name.
_ARABIC_ARTICLE = re.compile(r"(?<!\w)ال(?=\w\w)")
# A particle fused to a capitalized name (ElBaradei, DeRousse, LeGare) is a
# particle all the same.
CAMEL_PARTICLES = ("Al", "El", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "Abu", "Abou", "Abd", "Abdel",
                   "Abdul", "Bin", "Ben")
_CAMEL_PARTICLE = re.compile(rf"(?<![^\W\d_])({'|'.join(CAMEL_PARTICLES)})(?=[A-Z][a-z])")


# Han characters (CJK unified ideographs and their extensions A and
# compatibility forms): a Chinese name is written in them without spaces.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# Family names read as surnames (data/han_surnames.tsv): 曾 zeng, 单 shan,
# 尉迟 yuchi, where anyascii gives a character its most frequent reading.
_HAN_SURNAMES = {characters: reading for characters, reading, *_ in rows("han_surnames.tsv")}


def _han_name(match: re.Match) -> str:
    """A run of Han characters as pinyin words, family name first, as names
    are romanized: 毛泽东 -> "mao zedong", 曾国藩 -> "zeng guofan". Chinese
    family names are one character, and the given name one or two; a listed
    two-character family name (尉迟) is one, and so is the first half of a
    four-character name (欧阳, 司马), whose given name is two characters."""
    run = match.group()
    if not 2 <= len(run) <= 4:
        return _pinyin(run)
    cut = 2 if len(run) == 4 or (run[:2] in _HAN_SURNAMES and len(run) > 2) else 1
    return f" {_HAN_SURNAMES.get(run[:cut]) or _pinyin(run[:cut])} {_pinyin(run[cut:])} "


def _pinyin(characters: str) -> str:
    """anyascii's reading of each character, run together."""
    return "".join(anyascii(char).casefold() for char in characters)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _fold_word(word: str) -> str:
    """Transliterate and fold one word until it no longer changes."""
    for _ in range(4):
        folded = _strip_marks(word.translate(_LETTERS).casefold())
        if not folded.isascii():
            # Scripts data/scripts.tsv has no table for (Armenian, Georgian,
            # Hangul...): anyascii's romanization, its apostrophes (aspiration
            # marks, as in P'ashinyan) left out like any other.
            folded = anyascii(folded).replace("'", "").casefold()
        if folded == word:
            break
        word = folded
    return word


def _invert_comma(text: str) -> str:
    """'Khalouf, Mohammed' -> 'Mohammed Khalouf' (catalogue order). A suffix
    after the comma stays ('Martin Luther King, Jr.'); anything else after it
    is an apposition and is dropped ('Riyad Hijab, the prime minister')."""
    if "," not in text:
        return text
    left, right = text.split(",", 1)
    right_words = _WORD.findall(right)
    if not right_words or not _WORD.search(left):
        return f"{left} {right}"
    if all(w.casefold() in AFTER_NAME for w in right_words):
        return f"{left} {right}"
    if "," not in right and len(_WORD.findall(left)) <= 3 and all(not w[0].islower() for w in right_words):
        return f"{right} {left}"
    return left


@lru_cache(maxsize=65536)
def tokenize(text: str) -> tuple[Token, ...]:
    """Folded name tokens with hyphen and script information."""
    text = _invert_comma(_HAN.sub(_han_name, unicodedata.normalize("NFKC", text)).translate(_MARKS))
    text = _CAMEL_PARTICLE.sub(r"\1-", text)
    text = _ARABIC_ARTICLE.sub("ال-", _strip_marks(text.casefold()))
    tokens = []
    for match in _WORD.finditer(text):
        if HANGUL.search(match.group()):  # a Korean name is one word: family and given name
            tokens += [Token(piece, False, False, True) for piece in hangul_name(match.group())]
            continue
        arabic = bool(_ARABIC.search(match.group()))
        # Keep letters only, so that normalizing twice changes nothing.
        pieces = _WORD.findall(_fold_word(match.group()))
        tokens += [Token(piece, False, arabic) for piece in pieces]
        if pieces and text[match.end():match.end() + 1] == "-":
            tokens[-1] = Token(pieces[-1], True, arabic)
    return tuple(tokens)


def _apply(rules, text: str) -> str:
    for rule in rules:
        text = rule.pattern.sub(rule.replacement, text)
    return text


@lru_cache(maxsize=65536)
def fine_skeleton(word: str) -> str:
    """Spelling conventions removed: Khalouf/Khaluf/Khalluf -> 'Xaluf'."""
    return _apply(ROMANIZATION["fine"], word) or word


_MAX_VARIANT_LETTERS = 4  # beyond this, ambiguous letters take their first reading


@lru_cache(maxsize=65536)
def coarse_forms(word: str) -> frozenset[str]:
    """Every reading of the fine skeleton once ambiguous letters are expanded."""
    base = _apply(ROMANIZATION["coarse"], fine_skeleton(word))
    choices = []
    for i, char in enumerate(base):
        options = VARIANTS.get(char)
        if options and sum(c in VARIANTS for c in base[:i]) < _MAX_VARIANT_LETTERS:
            choices.append(options)
        else:
            choices.append((options[0],) if options else (char,))
    collapse = ROMANIZATION["coarse"][-1]  # vowels doubled by the expansion collapse again
    return frozenset(collapse.pattern.sub(collapse.replacement, "".join(c)) for c in itertools.product(*choices))


@lru_cache(maxsize=65536)
def key_skeleton(word: str) -> str:
    """Consonant classes of the fine skeleton: the blocking key of one part."""
    fine = fine_skeleton(word)
    return _apply(ROMANIZATION["key"], fine) or "~" + fine
