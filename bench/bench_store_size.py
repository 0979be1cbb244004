#!/usr/bin/env python3
"""How much disk the store takes per mention, for sizing (README: Runbook).

    .venv/bin/python bench/bench_store_size.py [--articles 2000] [--backend sqlite|postgresql|both]

Writes --articles texts (the throughput bench's: the seed articles and
bench/corpora, cycled, each with its own "Ref" line) with `namesake ingest`
into a fresh database of each backend, then prints the database's size on
disk, its mentions and articles, and bytes per mention and per article. The
texts repeat, so their people are few: aliases, keys and entities weigh less
than in a real archive, where people keep being new; mentions, articles and
the change feed grow as they would.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.bench_throughput import article_texts, fresh_database, ingest_run
from service.db.engine import make_engine


def size_bytes(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                return connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        engine.dispose()
    return Path(make_url(database_url).database or "").stat().st_size


def counts(database_url: str) -> tuple[int, int]:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        mentions = connection.execute(text("SELECT count(*) FROM mention")).scalar_one()
        articles = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
    engine.dispose()
    return mentions, articles


def measure(backend: str, folder: Path, texts: list[str], admin_url: str) -> None:
    with fresh_database(backend, folder, admin_url) as url:
        empty = None
        with fresh_database(backend, folder, admin_url) as bare:
            ingest_run(bare, folder, [])  # the schema alone
            empty = size_bytes(bare)
        ingest_run(url, folder, texts)
        total = size_bytes(url)
        mentions, articles = counts(url)
    grown = total - empty
    print(f"{backend:10} {total / 2**20:8.1f} MB ({empty / 2**20:.1f} MB empty) for {mentions} mentions "
          f"in {articles} articles: {grown / mentions:,.0f} bytes per mention, {grown / articles:,.0f} per "
          f"article; {grown / mentions * 1e6 / 2**30:.2f} GB per million mentions")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--postgres-url", default=os.environ.get(
        "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    args = ap.parse_args()
    texts = article_texts(args.articles)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            measure(backend, Path(folder), texts, args.postgres_url)


if __name__ == "__main__":
    main()
