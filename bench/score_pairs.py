"""Precision, recall and F1 of compare_names on a labelled pair file, by class
(the fourth column: class in public_pairs.tsv, kind in pairs.tsv) and overall.

    .venv/bin/python -m bench.score_pairs [--file tests/names/public_pairs.tsv] [-v]

-v also lists the false positives and false negatives with their scores.

The "all" line leaves out the class `compatible`: different people whose
names fit one person (Bill Archer / William Archer), which a comparison that
answers "can be the same person" rightly matches; its own line shows them.
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from service.names import compare_names
from tests.names.pairs import PUBLIC_PAIRS, UNTELLABLE, Pair, load


def _row(name: str, results: list[tuple[Pair, float, bool]]) -> str:
    pos = sum(p.same for p, _, _ in results)
    neg = len(results) - pos
    tp = sum(p.same and m for p, _, m in results)
    fp = sum(not p.same and m for p, _, m in results)
    fn = pos - tp
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / pos if pos else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else (0.0 if pos else float("nan"))
    return (f"{name:<14} {pos:>5} {neg:>5} {fp:>4} {fn:>4} "
            f"{_fmt(precision):>9} {_fmt(recall):>7} {_fmt(f1):>6}")


def _fmt(x: float) -> str:
    return "-" if x != x else f"{x:.3f}"


def report(path: Path, verbose: bool = False) -> str:
    by_class: dict[str, list[tuple[Pair, float, bool]]] = defaultdict(list)
    everything = []
    for pair in load(path):
        result = compare_names(pair.a, pair.b)
        item = (pair, result.score, result.match)
        by_class[pair.kind].append(item)
        everything.append(item)
    lines = [f"{path}: {len(everything)} pairs",
             f"{'class':<14} {'pos':>5} {'neg':>5} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7} {'F1':>6}"]
    lines += [_row(name, items) for name, items in sorted(by_class.items())]
    lines.append(_row("all", [item for item in everything if item[0].kind not in UNTELLABLE]))
    if verbose:
        for title, wanted in (("false positives", False), ("false negatives", True)):
            errors = [(p, s) for p, s, m in everything if p.same == wanted and m != wanted]
            lines.append(f"{title}: {len(errors)}")
            lines += [f"  {s:.3f}  {p.kind:<13} {p.a} / {p.b}  ({p.note})" for p, s in errors]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=PUBLIC_PAIRS)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    print(report(args.file, args.verbose))


if __name__ == "__main__":
    main()
