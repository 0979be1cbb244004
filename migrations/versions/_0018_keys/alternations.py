"""Two spellings of one Arabic or Persian name that differ in several places.

One letter of the original has a family of romanizations (qaf: q, k, g, gh;
dhal: dh, d, z; waw: w, v, ou; short vowels guessed or left out), and real
spellings of one name combine several of them (Qadhafi, Elkaddafi, Ghathafi).
Two words are aligned letter by letter (data/alternations.tsv reads
digraphs as one letter); each difference must be a listed alternation, and
their summed cost, weighted by how common each is, must stay within a budget
that grows with the word's length. Short names are left to the other rules:
in them one vowel tells apart names of one root (Hamad, Hamid, Hamud).
"""
import re
from functools import lru_cache

from .normalize import key_skeleton
from .rules import rows

# Words shorter than this (in letters, digraphs counting one) take no
# alternation: Riad/Ziad, Saad/Sayed are different names.
MIN_UNITS = 5
# Alternations costing this much (a guessed or left-out vowel, the rarer
# consonant readings) only when one of the words is this long: a vowel is the
# pattern that tells apart the names of one root (Hamad, Hamid), and only in a
# longer word do the consonants carry the name.
COSTLY = 0.4
LONG_UNITS = 6
# In a shorter word of a name from an abjad, a guessed vowel only as the
# first one: the script writes neither it nor a doubled consonant (Hammam,
# Humam: همام; Ghabish, Ghubaysh), while the vowel after the root's second
# consonant is the pattern that tells its names apart (Hakim, Hakam; Hamid,
# Hamad), a long vowel the script writes.
FIRST_VOWEL = 1
# A guessed vowel (or a rarer consonant reading) at most once in a word: more
# make any vowels of one consonant frame one name (Halvorsen, Hilvursan).
MAX_COSTLY = 1
# In a name of the Arabic, Persian or Turkish tradition, whose script leaves
# short vowels unwritten, a romanizer also decides whether to write a vowel
# inside a cluster: one guessed vowel and one vowel written or left out
# (al-Juhni, al-Jahani; Zughayr, Zaghayir), never two guessed vowels
# (Tantawi, Tintiwi).
_GUESS = 10.0  # added to each costly change, so that the count can be read off the total
_DROP_GUESS = 1000.0  # added to each costly letter left out: counted apart
# Budget of summed costs per letter of the shorter word after its first: a
# five-letter word affords one vowel guess and a cheap spelling habit
# (Fadavi, Fadwi), not two guesses.
BUDGET_PER_UNIT = 0.15
# In a name from an abjad, two guesses in a word of five letters (Juhni,
# Jahani: one consonant frame, جهني): each letter affords a little more.
BUDGET_PER_UNIT_UNWRITTEN = 0.2
BEST = 0.94  # as the romanization rule (similarity.ROMANIZATION)
COST_WEIGHT = 0.05  # score taken off per unit of cost


def _load():
    units, same, final, drop, articles, keys = [], {}, {}, {}, [], []
    for kind, a, b, cost, *_reason in rows("alternations.tsv"):
        if kind == "unit":
            units.append(a)
        elif kind == "same":
            same[a, b] = same[b, a] = float(cost)
        elif kind == "final":
            final[a, b] = final[b, a] = float(cost)
        elif kind == "drop":
            drop[a] = float(cost)
        elif kind == "article":
            articles.append((a, float(cost)))
        elif kind == "key":
            keys.append((re.compile(a), b))
    pattern = re.compile("|".join(sorted(units, key=len, reverse=True)) + "|.")
    return pattern, same, final, drop, articles, keys


_UNIT, _SAME, _FINAL, _DROP, _ARTICLES, _KEY_REWRITES = _load()
_INF = float("inf")


def units(word: str) -> tuple[str, ...]:
    """The letters of a word, digraphs as one, a doubled letter once (shadda)."""
    out: list[str] = []
    for unit in _UNIT.findall(word):
        if not out or out[-1] != unit:
            out.append(unit)
    return tuple(out)


def _sub(x: str, y: str, guess_allowed: bool, last: bool = False) -> float:
    if x == y:
        return 0.0
    cost = min(_SAME.get((x, y), _INF), _FINAL.get((x, y), _INF) if last else _INF)
    return _priced(cost, guess_allowed, _GUESS)


def _drop(seq: tuple[str, ...], i: int, long_word: bool) -> float:
    """Leaving out seq[i], never the first or last letter."""
    if i == 0 or i == len(seq) - 1:
        return _INF
    return _priced(_DROP.get(seq[i], _INF), long_word, _DROP_GUESS)


def _priced(cost: float, long_word: bool, guess: float) -> float:
    if cost < COSTLY:
        return cost
    return cost + guess if long_word else _INF


def alignment_cost(a: tuple[str, ...], b: tuple[str, ...], first_vowel: bool = False) -> float:
    """Least summed cost of the alternations turning a into b (edit distance
    whose only edits are the listed alternations); each costly one adds
    _GUESS (_DROP_GUESS for a letter left out), so that the fewest guesses win.
    `first_vowel`: a shorter word may take a guess for its first vowel."""
    long_word = max(len(a), len(b)) >= LONG_UNITS
    n, m = len(a), len(b)
    row = [0.0] + [_INF] * m
    for j in range(1, m + 1):
        row[j] = row[j - 1] + _drop(b, j - 1, long_word)
    for i in range(1, n + 1):
        prev = row
        row = [prev[0] + _drop(a, i - 1, long_word)] + [_INF] * m
        for j in range(1, m + 1):
            guess_allowed = long_word or (first_vowel and i - 1 == j - 1 == FIRST_VOWEL)
            last = i == n and j == m
            row[j] = min(prev[j - 1] + _sub(a[i - 1], b[j - 1], guess_allowed, last),
                         prev[j] + _drop(a, i - 1, long_word),
                         row[j - 1] + _drop(b, j - 1, long_word))
    return row[m]


def _readings(word: str) -> list[tuple[str, float]]:
    """The word, and without a fused article (Elkaddafi: kaddafi)."""
    out = [(word, 0.0)]
    for article, cost in _ARTICLES:
        rest = word[len(article):]
        if word.startswith(article) and len(units(rest)) >= MIN_UNITS:
            out.append((rest, cost))
    return out


def alternation_keys(word: str) -> set[str]:
    """Blocking keys of the word's rewritten forms (data/alternations.tsv,
    kind "key"), so that two spellings joined here share a key."""
    return {key_skeleton(pattern.sub(repl, word)) or key_skeleton(word) for pattern, repl in _KEY_REWRITES}


@lru_cache(maxsize=65536)
def _all_keys(word: str) -> frozenset[str]:
    return frozenset({key_skeleton(word)} | alternation_keys(word))


def _share_key(a: str, b: str) -> bool:
    return bool(_all_keys(a) & _all_keys(b))


def _guesses_allowed(changes: int, drops: int, vowels_unwritten: bool) -> bool:
    if vowels_unwritten:
        return changes <= MAX_COSTLY and drops <= 1
    return changes + drops <= MAX_COSTLY


@lru_cache(maxsize=65536)
def alternation_score(a: str, b: str, vowels_unwritten: bool = False) -> float:
    """Score of two folded words as one name written with several
    alternations, 0.0 when they are not. Two words that share no key
    cannot align (the keys are built so): the alignment is tried only then.
    `vowels_unwritten`: the words are of a name from an abjad, whose short
    vowels are guessed: a vowel left out may come on top of a guessed one."""
    budget = BUDGET_PER_UNIT_UNWRITTEN if vowels_unwritten else BUDGET_PER_UNIT
    if not _share_key(a, b):
        return 0.0
    best = _INF
    for x, cx in _readings(a):
        for y, cy in _readings(b):
            ux, uy = units(x), units(y)
            shorter = min(len(ux), len(uy))
            if shorter < MIN_UNITS:
                continue
            total = alignment_cost(ux, uy, vowels_unwritten)
            if total == _INF:
                continue
            drops, changes = divmod(int(total // _GUESS), int(_DROP_GUESS // _GUESS))
            cost = cx + cy + total - drops * _DROP_GUESS - changes * _GUESS
            if _guesses_allowed(changes, drops, vowels_unwritten) and cost <= budget * (shorter - 1) + 1e-9:
                best = min(best, cost)
    if best == _INF:
        return 0.0
    return BEST - COST_WEIGHT * best
