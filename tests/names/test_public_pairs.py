"""The format of public_pairs.tsv: real people's name pairs from public sources
(issue 18). Scores are reported by bench/score_pairs.py, not asserted here."""
from tests.names.pairs import PUBLIC_PAIRS, load

CLASSES = {"multi", "system", "nickname", "suffix", "initials", "regnal", "honorific", "dropped_given",
           "noise", "shared_given", "script", "common", "kin", "namesake",
           "compatible"}


def _rows() -> list[list[str]]:
    lines = PUBLIC_PAIRS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def test_every_row_has_six_columns_a_label_a_class_and_a_source():
    for row in _rows():
        assert len(row) == 6, row
        a, b, label, cls, source, _note = row
        assert a.strip() and b.strip(), row
        assert label in ("0", "1"), row
        assert cls in CLASSES, row
        assert source.strip(), row


def test_large_with_enough_different_people():
    """Issue 18: 1,000 pairs or more, 40% or more of them different people
    with similar names, not counting those whose names fit one person
    (class `compatible`, scored apart)."""
    rows = _rows()
    assert len(rows) >= 1000
    scored = [row for row in rows if row[3] != "compatible"]
    assert sum(row[2] == "0" for row in scored) >= 0.4 * len(scored)


def test_no_class_dominates():
    rows = _rows()
    for cls in CLASSES:
        assert sum(row[3] == cls for row in rows) <= 0.3 * len(rows), cls


def test_no_pair_twice_in_either_order():
    seen = set()
    for a, b, *_ in _rows():
        key = frozenset((a.casefold(), b.casefold()))
        assert len(key) == 2 and key not in seen, (a, b)
        seen.add(key)


def test_load_reads_the_source_column():
    pairs = load(PUBLIC_PAIRS)
    assert len(pairs) == len(_rows())
    assert all(p.source for p in pairs)
