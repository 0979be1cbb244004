"""Comparison of two names with an explanation of the alignment."""
from dataclasses import dataclass, field

import jellyfish

from service.names.normalize import normalize_name

# Scores at or above this are a match.
MATCH_THRESHOLD = 0.9


@dataclass(frozen=True)
class Alignment:
    """One part of name a set against one part of name b, and why."""

    a: str | None
    b: str | None
    rule: str
    score: float


@dataclass(frozen=True)
class Comparison:
    score: float
    match: bool
    alignments: list[Alignment] = field(default_factory=list)


def compare_names(a: str, b: str) -> Comparison:
    na, nb = normalize_name(a), normalize_name(b)
    score = 1.0 if na == nb else jellyfish.jaro_winkler_similarity(na, nb)
    rule = "exact" if na == nb else "jaro_winkler"
    return Comparison(score, score >= MATCH_THRESHOLD, [Alignment(na, nb, rule, score)])
