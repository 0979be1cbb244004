"""Comparisons per second: compare_names against a plain Jaro-Winkler loop.

    .venv/bin/python bench/bench_names.py [--names N] [--repeat R]

Both loops run over the same pairs in the same process: every ordered pair
of N distinct names taken from the labelled tables (the resolution pattern:
each new mention compared with each candidate). Parsing and part-similarity
caches are warmed by one pass, as they are in a running service; every
timed comparison is still a full alignment and scoring of the pair. The
Jaro-Winkler loop lower-cases and compares the raw strings.
"""
import argparse
import itertools
import sys
import time
from pathlib import Path

import jellyfish

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.kit import KIT
from service.names import compare_names

TABLES = [ROOT / "tests" / "names" / "pairs.tsv", KIT / "pairs_dev.tsv"]


def names() -> list[str]:
    found: dict[str, None] = {}
    for table in TABLES:
        if table.exists():
            for line in table.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    a, b, *_ = line.split("\t")
                    found.setdefault(a)
                    found.setdefault(b)
    return list(found)


def rate(label: str, fn, pairs, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for a, b in pairs:
            fn(a, b)
        best = min(best, time.perf_counter() - start)
    per_second = len(pairs) / best
    print(f"{label:<32} {per_second:>12,.0f} comparisons/s")
    return per_second


def jaro_winkler(a: str, b: str) -> float:
    return jellyfish.jaro_winkler_similarity(a.lower(), b.lower())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=400, help="distinct names (pairs = N * (N - 1))")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is kept")
    args = parser.parse_args()
    pool = names()[: args.names]
    pairs = list(itertools.permutations(pool, 2))
    print(f"{len(pool)} names, {len(pairs):,} ordered pairs")
    for a, b in pairs:  # warm the parse and part caches
        compare_names(a, b)
    engine = rate("compare_names", compare_names, pairs, args.repeat)
    plain = rate("jellyfish.jaro_winkler_similarity", jaro_winkler, pairs, args.repeat)
    print(f"ratio: the plain loop is {plain / engine:.1f}x faster (target: within 20x)")


if __name__ == "__main__":
    main()
