"""Scoring one person group against one candidate entity: names, then context.

The name engine says whether two written names can be the same person; context
decides between people who share a name, and whether a one-word mention
("Assad", "Ezzedine") points at one known person rather than another."""
from dataclasses import dataclass, field, replace
from functools import lru_cache

from service.names import InvalidName, compare_names, name_forms
from service.names.parse import parse_name
from service.names.titles import canonical_titles, ranks_conflict
from service.nlp import PersonGroup
from service.nlp.rules import is_given_name
from service.resolve.candidates import Candidate

# Context adjustments to the name score, each documented with its reason.
TITLE_AGREES = 0.05     # the same title or rank seen on both sides
RANK_CONFLICT = 0.35    # a captain is not the major general who shares his name
COMPANY_STEP = 0.05     # per earlier article naming the candidate with these same people
COMPANY_MAX = 0.15
SHORT_ALIAS_BONUS = 0.15  # a one-word form writers already used for this entity
WORD_STEP = 0.02        # per distinctive word seen near both ("defected", "consulate")
WORD_MAX = 0.08
WORDS_FOR_SUPPORT = 3   # fewer shared words than this is coincidence, not support


@lru_cache(maxsize=65536)
def name_size(text: str) -> int:
    """Name parts, particles and titles aside: 1 for "Assad", 2 for "Bashar al-Assad"."""
    try:
        return len(parse_name(text).parts)
    except InvalidName:
        return 0


@dataclass
class Scored:
    candidate: Candidate
    name: float         # the name evidence alone
    match: bool         # the name engine accepts some spelling-alias pair
    score: float        # name evidence with context
    reasons: list[str] = field(default_factory=list)   # context that speaks for it
    support: bool = False  # some context speaks for this candidate
    against: list[str] = field(default_factory=list)   # context that speaks against it
    # The group's spelling and the candidate's alias that gave `name`, for
    # explaining the decision (service/resolve/why.py).
    aligned: tuple[str, str] | None = None


def score_candidate(group: PersonGroup, candidate: Candidate) -> Scored:
    """Name evidence with the context known before the article's other people
    are resolved; with_company() adds theirs."""
    full = [s for s in _spellings(group) if name_size(s) > 1]
    aliases = candidate.aliases
    full_aliases = [a for a in aliases if name_size(a.surface) > 1]
    # Full names decide when both sides have them: a one-word alias ("Khalouf")
    # would otherwise bridge a father and a son.
    # A one-word group is also weighed against full names; that writers already
    # used the same one-word form for this entity is context, added below.
    left = full or _spellings(group)
    right = [a.surface for a in (full_aliases or aliases)]
    name, match, aligned = _best_name(left, right)
    if full and not full_aliases and _given_names_only(right):
        # News names a person by given name alone only after the full name, in
        # the same article: an entity known by "Kevin" alone ("her son, Kevin")
        # is no more this Kevin O'Brien than any other Kevin. Context may still
        # show it is (the band between CREATE_BELOW and a match).
        match = False
    scored = Scored(candidate, name, match, name, aligned=aligned)
    if not full and _has_short_alias(group, aliases):
        scored.score += SHORT_ALIAS_BONUS
        scored.support = True
        scored.reasons.append("one-word form already used for this entity")
    _apply_context(scored, group, candidate)
    # Not clipped to [0, 1] here: candidates are ranked on the raw sum, so a
    # bonus on a perfect name still separates two candidates.
    return scored


@lru_cache(maxsize=65536)
def _given_name(text: str) -> bool:
    """A one-word name that the given-name lists hold (Kevin, Mohammed)."""
    try:
        parts = parse_name(text).parts
    except InvalidName:
        return False
    return len(parts) == 1 and is_given_name(parts[0].compact)


def _given_names_only(surfaces: list[str]) -> bool:
    return bool(surfaces) and all(_given_name(s) for s in surfaces)


def _spellings(group: PersonGroup) -> list[str]:
    return sorted({m.text for m in group.mentions})


def _best_name(left: list[str], right: list[str]) -> tuple[float, bool, tuple[str, str] | None]:
    """The best (score, match) of any spelling against any alias, and that pair."""
    best, match, aligned = 0.0, False, None
    for a in left:
        for b in right:
            pair_match, pair_score = _name_evidence(a, b)
            if aligned is None or (pair_match, pair_score) > (match, best):
                best, match, aligned = pair_score, pair_match, (a, b)
    return best, match, aligned


@lru_cache(maxsize=65536)
def _name_evidence(a: str, b: str) -> tuple[bool, float]:
    """compare_names' verdict, remembered: the people in the news are named
    again and again, and each article weighs their spellings against the
    same aliases."""
    comparison = compare_names(a, b)
    return comparison.match, comparison.score


def _has_short_alias(group: PersonGroup, aliases) -> bool:
    """Writers already used one of the group's one-word forms for this entity,
    however they cased and spaced it (Al-Bashir, Albashir, ALBASHIR)."""
    short = set().union(*(name_forms(a.normalized) for a in aliases if name_size(a.surface) == 1))
    return any(name_forms(s) & short for s in _spellings(group))


def with_company(scored: Scored, company: int) -> Scored:
    """The score once `company` earlier articles named the candidate together
    with people already resolved in this article."""
    if not company:
        return scored
    return replace(scored, score=scored.score + min(COMPANY_MAX, COMPANY_STEP * company), support=True,
                   reasons=scored.reasons + [f"named with the same people in {company} other article(s)"])


def _apply_context(scored: Scored, group: PersonGroup, candidate: Candidate) -> None:
    titles = canonical_titles(group.titles)
    if titles and ranks_conflict(titles, candidate.titles):
        scored.score -= RANK_CONFLICT
        scored.against.append(f"ranks differ: {sorted(titles)} vs {sorted(candidate.titles)}")
    elif titles & candidate.titles:
        scored.score += TITLE_AGREES
        scored.support = True
        scored.reasons.append(f"same title: {sorted(titles & candidate.titles)}")
    if candidate.words:
        scored.score += min(WORD_MAX, WORD_STEP * len(candidate.words))
        # Words are too weak to single out the bearer of a one-word name
        # ("Nasser"): they support full names only.
        scored.support = scored.support or (len(candidate.words) >= WORDS_FOR_SUPPORT
                                            and name_size(group.name) > 1)
        scored.reasons.append(f"same words nearby: {sorted(candidate.words)[:8]}")
