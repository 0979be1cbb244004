#!/usr/bin/env python3
"""A backfill of many articles, then `namesake check` on the store it left:
the derived tables must agree with the mentions after a real ingest.

    .venv/bin/python bench/backfill_check.py [--articles 2000] [--backend sqlite|postgresql]

Texts as bench/bench_throughput.py makes them (the seed articles and
bench/corpora/*/docs, cycled, each with its own "Ref" line). Prints the
check's summary line and exits with its status."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_throughput import NAMESAKE, article_texts, fresh_database

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, \
            fresh_database(args.backend, Path(folder), POSTGRES) as url:
        docs = Path(folder) / "docs"
        docs.mkdir()
        for i, text in enumerate(article_texts(args.articles)):
            (docs / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "warning"}
        subprocess.run([NAMESAKE, "ingest", "--quiet", str(docs)], env=env, check=True)
        check = subprocess.run([NAMESAKE, "check", "--quiet"], env=env, capture_output=True, text=True)
        print(check.stdout[-3000:], end="")
        print(f"{args.articles} articles on {args.backend}: check exit status {check.returncode}")
        return check.returncode


if __name__ == "__main__":
    sys.exit(main())
