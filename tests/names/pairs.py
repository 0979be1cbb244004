"""Labelled name pairs: the evaluation kit's dev pairs, this package's own table
and the table of real people's pairs from public sources (public_pairs.tsv)."""
from dataclasses import dataclass
from pathlib import Path

from bench.kit import KIT
from service.names import compare_names

HERE = Path(__file__).resolve().parent
DEV_PAIRS = KIT / "pairs_dev.tsv"
OWN_PAIRS = HERE / "pairs.tsv"
PUBLIC_PAIRS = HERE / "public_pairs.tsv"


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool
    kind: str
    note: str
    source: str = ""

    def __str__(self) -> str:
        return f"{self.a} / {self.b} ({self.kind}: {self.note})"


def load(path: Path) -> list[Pair]:
    """Rows of a, b, label, kind, note (pairs.tsv, the kit's pairs) or of
    a, b, label, class, source, note (public_pairs.tsv): six columns mean
    the second form. The class is read as the kind."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) == 6:
            a, b, label, kind, source, note = cols
        else:
            a, b, label, kind, note = (cols + ["", ""])[:5]
            source = ""
        if label in ("0", "1"):
            pairs.append(Pair(a, b, label == "1", kind, note, source))
    return pairs


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    false_positives: list[Pair]
    false_negatives: list[Pair]


# Classes whose pairs names alone cannot tell apart: different people whose
# names fit one person (Bill Archer / William Archer, Donald Trump / Donald
# Trump Jr.). Scores leave them out.
UNTELLABLE = frozenset({"compatible"})


def score(pairs: list[Pair]) -> Scores:
    fp, fn, tp = [], [], 0
    for pair in (p for p in pairs if p.kind not in UNTELLABLE):
        match = compare_names(pair.a, pair.b).match
        if match and pair.same:
            tp += 1
        elif match:
            fp.append(pair)
        elif pair.same:
            fn.append(pair)
    precision = tp / (tp + len(fp)) if tp + len(fp) else 0.0
    recall = tp / (tp + len(fn)) if tp + len(fn) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, fp, fn)


def main() -> None:
    """Print precision, recall and F1 of compare_names on labelled pair files:
    .venv/bin/python -m tests.names.pairs [file.tsv ...] (default: dev pairs and own table)."""
    import sys

    for path in [Path(p) for p in sys.argv[1:]] or [DEV_PAIRS, OWN_PAIRS]:
        pairs = load(path)
        result = score(pairs)
        print(f"{path}: {len(pairs)} pairs, precision {result.precision:.3f}, "
              f"recall {result.recall:.3f}, F1 {result.f1:.3f}")
        for pair in result.false_positives:
            print(f"  false positive: {pair}")
        for pair in result.false_negatives:
            print(f"  false negative: {pair}")


if __name__ == "__main__":
    main()
