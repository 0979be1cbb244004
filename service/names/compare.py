"""Comparison of two names: align their parts, score, decide, explain.

The structure of a name decides as much as its spellings:
- the given names must agree. Writers drop middle parts but rarely the given
  name, and relatives share everything else (Hafez vs Bashar al-Assad; Hamad
  bin Khalifa vs Khalifa bin Hamad; a father Mohammed and his son Izz al-Din);
- the family names must agree (Riyad Hijab vs Riyad Habib);
- middle parts (father's and grandfather's names) may be dropped by one side,
  but two different middle parts mean two different fathers;
- a one-part name ("Assad", "Ezzedine") can stand for a full name whose given
  or family name it is.
"""
from dataclasses import dataclass, field, replace

from service.names import korean
from service.names.common import weight as part_weight
from service.names.parse import ParsedName, Part, parse_name
from service.names.rules import US_SURNAMES
from service.names.similarity import (
    FUZZY_RULES,
    GIVEN_FUZZY_THRESHOLD,
    PART_THRESHOLD,
    SYLLABLES,
    part_similarity,
)
from service.names.syllables import same_syllables
from service.names.transcriptions import english_readings

# A comparison scoring at or above this is a match: the two names can be the
# same person.
MATCH_THRESHOLD = 0.85

# Weights of aligned parts in the score.
_WEIGHTS = {"given": 1.0, "family": 1.0, "name": 1.0, "middle": 0.5}
DROPPED_MIDDLE = 0.98  # per middle part one side left out (kept up to 3 times)
DROPPED_FAMILY = 0.9  # the family name left out (Mohammed bin Salman, Gabriel Garcia)
ONE_PART = 0.93  # a one-part name against a full name: plausible, not certain
# A leading given name left out: the rest's score times this, always below a
# match (at most 0.8), and above the caps for different given names.
DROPPED_GIVEN = 0.8
# A compound given name (Saif al-Islam) written with its first word: as above.
COMPOUND_HEAD = 0.8
# Caps when the structure says "different people".
GIVEN_DIFFERS = 0.5
PARTS_DIFFER = 0.7
GENERATION_DIFFERS = 0.5  # Jr. against Sr.: father and son
# Jr., III written on one side only: writers leave it out (Joe Manchin III is
# Joe Manchin) as they leave out a middle name, so it does not block a match;
# only context tells a son from his father of the same name.
GENERATION_ONE_SIDED = DROPPED_MIDDLE


@dataclass(frozen=True)
class Alignment:
    """One part of name a set against one part of name b, and why."""

    a: str | None
    b: str | None
    rule: str
    score: float
    role: str | None = None  # role of the part(s): given, middle, family, name, title


@dataclass(frozen=True)
class Comparison:
    score: float
    match: bool
    alignments: list[Alignment] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _sim(a: Part, b: Part) -> tuple[float, str]:
    """Similarity of two parts, also trying fused particles (DeRousse, Elsisi)."""
    arabic = a.arabic or b.arabic
    score, rule = part_similarity(a.compact, b.compact, arabic, a.abjad_name or b.abjad_name)
    if score < SYLLABLES and a.syllabic and b.syllabic and same_syllables(a.core, b.core):
        return SYLLABLES, "syllables"
    if (a.korean or b.korean) and score < SYLLABLES and korean.skeleton(a.compact) == korean.skeleton(b.compact):
        return SYLLABLES, "korean"  # Jeong-eun read from Hangul, Jong-un as printed
    if score < PART_THRESHOLD and (_readings(a) or _readings(b)):
        read = _read_in_english(a, b, arabic)
        if read:
            return read
    if score < PART_THRESHOLD and (a.fulls or b.fulls):
        forms_a, forms_b = (a.compact, *a.fulls), (b.compact, *b.fulls)
        for x in forms_a:
            for y in forms_b:
                other, how = part_similarity(x, y, arabic)
                if other >= PART_THRESHOLD and how in FUSED_FORM_RULES:
                    return other, "particle"
    if rule == "nickname" and "family" in (a.role, b.role):
        # Familiar forms are of given names: Jack is not Jackson, nor Joy Joyce,
        # when they are family names.
        return min(score, PARTS_DIFFER), "family_names_differ"
    if rule in NEAR_SPELLING_RULES and a.compact in US_SURNAMES and b.compact in US_SURNAMES:
        # Two established surnames a letter or a vowel apart (Johnson and
        # Johnston, McKinley and McKinney) are two families' names: an English
        # surname has one fixed spelling, and these rules are for romanized
        # and rare names.
        return min(score, PARTS_DIFFER), "surnames_differ"
    if rule in FUZZY_RULES | {"typo", "alternation"}:
        return _compound_capped(a, b, score, rule)
    return score, rule


# Evidence that two spellings are one name only because they are near, not
# because a romanization rule writes one as the other.
NEAR_SPELLING_RULES = FUZZY_RULES | {"typo", "vowel", "alternation"}


def _readings(part: Part) -> tuple[str, ...]:
    """The part's readings in the transcriptions it, or its name, shows."""
    return english_readings(part.compact) + part.readings


def _read_in_english(a: Part, b: Part, arabic: bool) -> tuple[float, str] | None:
    """A Cyrillic name in the German or French transcription read into the
    English one (Chruschtschow: Khrushchov; Poutine: Putin), compared again:
    the best that meets."""
    scored = ([part_similarity(x, b.compact, arabic) for x in _readings(a)]
              + [part_similarity(a.compact, y, arabic) for y in _readings(b)])
    best = max(scored, default=(0.0, ""))
    return (best[0], "transcription") if best[0] >= PART_THRESHOLD else None


# A fused spelling (al-Said as Assaid) is already one reading of the name: it
# must spell the other name, not come near it, or one more change on top of
# it joins two names (al-Said and Assad).
FUSED_FORM_RULES = frozenset({"exact", "name_variant", "romanization", "transliteration"})


def _compound_capped(a: Part, b: Part, score: float, rule: str) -> tuple[float, str]:
    """Compounds that share a half (Abd al-Haq, Abd al-Hadi; Izz al-Din, Nur
    al-Din) are near in spelling through that half alone: the halves that
    differ must be near too."""
    xs, ys = a.core.split("-"), b.core.split("-")
    if len(xs) < 2 or len(xs) != len(ys):
        return score, rule
    differ = [(x, y) for x, y in zip(xs, ys, strict=True) if x != y]
    if len(differ) != 1:
        return score, rule
    half, _ = part_similarity(*differ[0], a.arabic or b.arabic)
    return (score, rule) if half >= PART_THRESHOLD else (min(score, half), "compound_differs")


def _align(a: Part | None, b: Part | None, rule: str, score: float, role: str | None = None) -> Alignment:
    part = a or b
    assert part is not None, "an alignment holds at least one part"
    return Alignment(
        a.display if a else None,
        b.display if b else None,
        rule,
        round(score, 4),
        role or part.role,
    )


def _merged(x: Part, y: Part) -> Part:
    return Part.make(core=x.core + y.core, role=y.role, arabic=x.arabic or y.arabic,
                     syllabic=x.syllabic and y.syllabic, korean=x.korean or y.korean, abjad_name=x.abjad_name)


def _align_rest(xs: tuple[Part, ...], ys: tuple[Part, ...]):
    """Order-preserving alignment of the parts after the given name.

    Returns (pairs, unaligned xs, unaligned ys); pairs hold (x, y, score, rule)
    where x or y may be two adjacent parts written as one (Jong Un / Jongun).
    Family-to-family alignments weigh a little more, so the last parts meet
    when they can.
    """
    n, m = len(xs), len(ys)
    if n == 1 and m == 1:  # the common case: family against family
        score, rule = _sim(xs[0], ys[0])
        if score >= PART_THRESHOLD:
            return [(0, 0, 1, 1, score, rule)], [], []
        return [], [0], [0]
    # best[i][j]: (value, path) for xs[i:], ys[j:]
    best: dict[tuple[int, int], tuple[float, list]] = {}

    def solve(i: int, j: int) -> tuple[float, list]:
        if i >= n or j >= m:
            return 0.0, []
        if (i, j) in best:
            return best[(i, j)]
        options = [solve(i + 1, j), solve(i, j + 1)]
        candidates = [(xs[i], ys[j], 1, 1)]
        if i + 1 < n:
            candidates.append((_merged(xs[i], xs[i + 1]), ys[j], 2, 1))
        if j + 1 < m:
            candidates.append((xs[i], _merged(ys[j], ys[j + 1]), 1, 2))
        for x, y, di, dj in candidates:
            score, rule = _sim(x, y)
            # Two parts written as one (Jong Un / Jongun) must spell the same
            # name, not merely share a prefix (Maduro / Maduro Guerra).
            merged = (di, dj) != (1, 1)
            if score >= PART_THRESHOLD and not (merged and rule in FUZZY_RULES):
                if merged:
                    rule = "compound"
                bonus = 0.5 if i + di == n and j + dj == m else 0.0
                value, path = solve(i + di, j + dj)
                options.append((value + score + bonus, [(i, j, di, dj, score, rule)] + path))
        best[(i, j)] = max(options, key=lambda o: o[0])
        return best[(i, j)]

    _, path = solve(0, 0)
    used_x = {k for i, _, di, _, _, _ in path for k in range(i, i + di)}
    used_y = {k for _, j, _, dj, _, _ in path for k in range(j, j + dj)}
    return path, [k for k in range(n) if k not in used_x], [k for k in range(m) if k not in used_y]


def _one_part(single: Part, other: ParsedName, single_is_a: bool) -> Comparison:
    """A one-part name against a longer one: it must be its given or family name."""
    ends = [other.parts[0], other.parts[-1]]
    scored = [(_sim(single, p), p) for p in ends]
    (score, rule), target = max(scored, key=lambda s: s[0][0])
    alignments = []
    for part in other.parts:
        mine = single if part is target else None  # the single part faces its match only
        a, b = (mine, part) if single_is_a else (part, mine)
        if part is target:
            alignments.append(_align(a, b, rule, score, part.role))
        else:
            alignments.append(_align(a, b, "one_part_name", 0.0))
    if target.marker and not single.marker:
        # "Salman" alone is a man named Salman, not "bin Salman", his son:
        # writers who mean the son keep the particle (bin Laden, bin Salman).
        return _finish(min(score, GIVEN_DIFFERS), alignments,
                       ["one-part name is the father's name in a patronym"])
    if score >= PART_THRESHOLD:
        reasons = [f"one-part name matches the {target.role} name"]
        return _finish(score * ONE_PART, alignments, reasons)
    return _finish(min(score, GIVEN_DIFFERS), alignments, ["one-part name matches neither given nor family name"])


def _finish(score: float, alignments: list[Alignment], reasons: list[str]) -> Comparison:
    score = round(min(1.0, max(0.0, score)), 4)
    return Comparison(score, score >= MATCH_THRESHOLD, alignments, reasons)


def _titles(pa: ParsedName, pb: ParsedName) -> list[Alignment]:
    return [Alignment(t, None, "title", 0.0, "title") for t in pa.titles] + [
        Alignment(None, t, "title", 0.0, "title") for t in pb.titles
    ]


# Names longer than this are not names; their middle is ignored so that the
# alignment stays small whatever the input.
MAX_PARTS = 12


def _capped(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    return parts if len(parts) <= MAX_PARTS else parts[: MAX_PARTS - 1] + parts[-1:]


def _compare_parsed(pa: ParsedName, pb: ParsedName) -> Comparison:
    A, B = pa.parts, pb.parts
    if len(A) == 1 and len(B) == 1:
        score, rule = _sim(A[0], B[0])
        return _finish(score, [_align(A[0], B[0], rule, score)], [])
    if len(A) == 1:
        return _one_part(A[0], pb, True)
    if len(B) == 1:
        return _one_part(B[0], pa, False)

    A, B = _capped(A), _capped(B)
    A, B = _joined_given(A, B)
    given_score, given_rule = _sim(A[0], B[0])
    if given_rule in FUZZY_RULES and given_score < GIVEN_FUZZY_THRESHOLD:
        given_score = min(given_score, PART_THRESHOLD - 0.01)
    alignments = [_align(A[0], B[0], given_rule, given_score, "given")]
    path, lost_a, lost_b = _align_rest(A[1:], B[1:])
    given_weight = part_weight(_WEIGHTS["given"], A[0], B[0])
    total, weight = given_score * given_weight, given_weight
    for i, j, di, dj, score, rule in path:
        x = A[1 + i] if di == 1 else _merged(A[1 + i], A[2 + i])
        y = B[1 + j] if dj == 1 else _merged(B[1 + j], B[2 + j])
        role = "family" if (1 + i + di == len(A) and 1 + j + dj == len(B)) else "middle"
        alignments.append(_align(x, y, rule, score, role))
        part = part_weight(_WEIGHTS[role], x, y)
        total += score * part
        weight += part
    both = bool(lost_a and lost_b)
    for k in lost_a:
        alignments.append(_align(A[1 + k], None, _lost_rule(A, 1 + k, both), 0.0))
    for k in lost_b:
        alignments.append(_align(None, B[1 + k], _lost_rule(B, 1 + k, both), 0.0))
    score = total / weight
    reasons: list[str] = []

    family_lost = [parts for parts, lost in ((A, lost_a), (B, lost_b)) if lost and lost[-1] == len(parts) - 2]
    if given_score < PART_THRESHOLD:
        reasons.append("given names differ")
        alignments[0] = Alignment(alignments[0].a, alignments[0].b, "given_name_differs", alignments[0].score, "given")
        score = min(score, GIVEN_DIFFERS) * min(1.0, given_score + 0.5)
    elif lost_a and lost_b and _named_fathers(A, lost_a) and _named_fathers(B, lost_b):
        # "bin Hamad" against "bin Zayed": each name says who the father is,
        # and they say two different men. Context cannot make them one person.
        reasons.append("patronyms differ: different fathers")
        score = min(score, GIVEN_DIFFERS)
    elif lost_a and lost_b:
        reasons.append("family names differ" if family_lost else "middle names differ: different fathers")
        score = min(score, PARTS_DIFFER)
    elif family_lost:
        reasons.append("family name left out")
        score *= DROPPED_FAMILY
    else:
        dropped = len(lost_a) + len(lost_b)
        if dropped:
            reasons.append(f"{dropped} middle name(s) left out")
        score *= DROPPED_MIDDLE ** min(dropped, 3)
    return _finish(score, alignments + _titles(pa, pb), reasons)


def _named_fathers(parts: tuple[Part, ...], lost: list[int]) -> bool:
    """A part left unmatched is a patronym (bin, ibn): the father named."""
    return any(parts[1 + k].marker for k in lost)


def _joined_given(A: tuple[Part, ...], B: tuple[Part, ...]) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """A given name written as two words on one side and one on the other
    (Frank Walter / Frank-Walter, Mir Hossein / Mir-Hossein): the two words
    become one part, when they spell it exactly and a family name remains."""
    for x, y, flip in ((A, B, False), (B, A, True)):
        if len(x) > 2 and len(y) > 1 and _merged(x[0], x[1]).compact == y[0].compact:
            joined = (_merged(x[0], x[1]),) + x[2:]
            return (y, joined) if flip else (joined, y)
    return A, B


def _lost_rule(parts: tuple[Part, ...], index: int, both_sides: bool) -> str:
    """Left out by one writer ("dropped_"), or unmatched on both sides ("_differs")."""
    role = "family" if index == len(parts) - 1 else "middle"
    return f"{role}_name_differs" if both_sides else f"dropped_{role}"


def _generation(pa: ParsedName, pb: ParsedName, result: Comparison) -> Comparison:
    """Jr./Sr./III mark different generations of one family. A regnal number
    on a one-part name may be left out (Queen Elizabeth / Elizabeth II)."""
    if pa.generation == pb.generation:
        return result
    if pa.generation and pb.generation:
        factor = GENERATION_DIFFERS
    elif len(pa.parts) > 1 and len(pb.parts) > 1:
        factor = GENERATION_ONE_SIDED
    else:
        return result
    alignment = Alignment(pa.generation or None, pb.generation or None, "generation_differs", 0.0, "generation")
    return _finish(result.score * factor, result.alignments + [alignment], result.reasons + ["generations differ"])


def _swapped(result: Comparison) -> Comparison:
    alignments = [Alignment(x.b, x.a, x.rule, x.score, x.role) for x in result.alignments]
    return Comparison(result.score, result.match, alignments, result.reasons)


def compare_names(a: str, b: str) -> Comparison:
    """Can names a and b be the same person? Raises InvalidName for input
    without a name in it. Symmetric: the pair is compared in one fixed order."""
    pa, pb = parse_name(a), parse_name(b)
    if pa.normalized == pb.normalized:
        alignments = [_align(p, p, "exact", 1.0) for p in pa.parts]
        return Comparison(1.0, True, alignments + _titles(pa, pb), [])
    if (pa.normalized, a) > (pb.normalized, b):
        return _swapped(_generation(pb, pa, _structure(pb, pa)))
    return _generation(pa, pb, _structure(pa, pb))


def _structure(pa: ParsedName, pb: ParsedName) -> Comparison:
    """The parts compared, then what the shape of the names says beyond them."""
    result = _compare_parsed(pa, pb)
    return _compound_head(pa, pb, _dropped_given(pa, pb, result))


def _without_first(parsed: ParsedName) -> ParsedName:
    rest = parsed.parts[1:]
    roles = ["name"] if len(rest) == 1 else ["given"] + ["middle"] * (len(rest) - 2) + ["family"]
    return ParsedName.make(tuple(replace(p, role=r) for p, r in zip(rest, roles, strict=True)),
                           parsed.titles, parsed.generation)


def _dropped_given(pa: ParsedName, pb: ParsedName, result: Comparison) -> Comparison:
    """A leading given name left out. In a name of the Arabic, Persian or
    Turkish tradition (Mohammed Nabil Saleh / Nabil Saleh) the rest can be
    the same person or his son, named after it (Mohammed Nour Izz al-Din
    Khalouf and his son Izz al-Din Khalouf): only context tells, a possible
    match, never a match. Elsewhere the rest is the person's own second
    given name and family name: a match, scored as a dropped middle name."""
    if result.match or min(len(pa.parts), len(pb.parts)) < 2 or len(pa.parts) == len(pb.parts):
        return result
    longer, shorter = (pa, pb) if len(pa.parts) > len(pb.parts) else (pb, pa)
    rest = _compare_parsed(_without_first(longer), shorter)
    if not rest.match:
        return result
    if not (pa.parts[0].abjad_name or pb.parts[0].abjad_name):  # one person: one tradition
        # Elsewhere a second given name is the person's own, often the one
        # used (Henry Scott Baesler / Scott Baesler; Jesus Vicente Zambada
        # Niebla / Vicente Zambada Niebla; Jean Bosco Ntaganda / Bosco
        # Ntaganda): left out like a middle name.
        return _with_dropped_given(pa, pb, longer, rest, rest.score * DROPPED_MIDDLE,
                                   "leading given name left out: the person goes by the next one")
    if rest.score * DROPPED_GIVEN <= result.score:
        return result
    return _with_dropped_given(pa, pb, longer, rest, rest.score * DROPPED_GIVEN,
                               "leading given name left out: the same person or a relative")


def _with_dropped_given(pa: ParsedName, pb: ParsedName, longer: ParsedName, rest: Comparison,
                        score: float, reason: str) -> Comparison:
    dropped = _align(longer.parts[0], None, "dropped_given", 0.0, "given")
    if longer is pb:
        dropped, rest = Alignment(None, dropped.a, dropped.rule, 0.0, "given"), _swapped(rest)
    alignments = [dropped] + [a for a in rest.alignments if a.rule != "title"] + _titles(pa, pb)
    return _finish(score, alignments, rest.reasons + [reason])


def _head_only(parsed: ParsedName, head: str) -> ParsedName:
    given = replace(parsed.parts[0], core=head, compact=head.replace("-", ""), fulls=(), display=head)
    return ParsedName.make((given,) + parsed.parts[1:], parsed.titles, parsed.generation)


def _compound_head(pa: ParsedName, pb: ParsedName, result: Comparison) -> Comparison:
    """A compound given name written with its first word only (Saif for Saif
    al-Islam, Izz for Izz al-Din): the same person, or a brother whose
    compound shares that word (Saif al-Arab). Possible, never a match."""
    if result.match or min(len(pa.parts), len(pb.parts)) < 2:
        return result
    for compound, short in ((pa, pb), (pb, pa)):
        head = compound.parts[0].core.split("-al-")[0]
        # Abd ("servant of") is never a name on its own.
        if head in ("abd", compound.parts[0].core) or head != short.parts[0].core:
            continue
        rest = _compare_parsed(_head_only(compound, head), short)
        if rest.match and rest.score * COMPOUND_HEAD > result.score:
            reasons = result.reasons + ["compound given name written with its first word only"]
            return _finish(rest.score * COMPOUND_HEAD, result.alignments, reasons)
    return result
