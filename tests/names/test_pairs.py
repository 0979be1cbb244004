"""Regression on labelled pairs: the kit's dev pairs and the package's own table."""
import pytest

from service.names import MATCH_THRESHOLD, compare_names
from tests.names.pairs import DEV_PAIRS, OWN_PAIRS, load, score

needs_kit = pytest.mark.skipif(not DEV_PAIRS.exists(), reason=f"evaluation kit not found at {DEV_PAIRS}")


@needs_kit
def test_dev_pairs_f1():
    result = score(load(DEV_PAIRS))
    assert result.f1 >= 0.97, [str(p) for p in result.false_positives + result.false_negatives]


@needs_kit
def test_dev_pairs_never_merge_relatives():
    result = score(load(DEV_PAIRS))
    assert result.false_positives == [], [str(p) for p in result.false_positives]


def test_own_table_precision_and_recall():
    result = score(load(OWN_PAIRS))
    errors = [str(p) for p in result.false_positives + result.false_negatives]
    assert result.precision >= 0.97, errors
    assert result.recall >= 0.97, errors


def test_own_table_is_large_and_balanced():
    pairs = load(OWN_PAIRS)
    assert len(pairs) >= 300
    assert sum(not p.same for p in pairs) >= 100


def test_reversed_patronyms_never_match():
    pairs = load(OWN_PAIRS) + (load(DEV_PAIRS) if DEV_PAIRS.exists() else [])
    pairs = [p for p in pairs if "reversed" in p.kind + p.note]
    assert pairs
    for pair in pairs:
        assert not compare_names(pair.a, pair.b).match, str(pair)


def test_relatives_rarely_match():
    """Known, accepted misses: a son named like his father minus a middle or
    family name (Ahmad Shah Massoud / Ahmad Massoud) cannot be told apart by
    the names alone."""
    kin = [p for p in load(OWN_PAIRS) if p.kind == "kin"]
    merged = [str(p) for p in kin if compare_names(p.a, p.b).match]
    assert len(kin) >= 100 and len(merged) <= 0.03 * len(kin), merged


def test_scores_agree_with_match():
    for pair in load(OWN_PAIRS)[:100]:
        result = compare_names(pair.a, pair.b)
        assert result.match == (result.score >= MATCH_THRESHOLD)
