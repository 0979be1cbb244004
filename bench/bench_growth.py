"""Resolution time per mention as the store grows: 10k, 100k and 1M aliases.

    .venv/bin/python bench/bench_growth.py [--backend sqlite|postgresql|both]
        [--sizes 10000,100000,1000000] [--queries 300] [--repeat 3]

For each size a fresh store (a SQLite file in a temp folder, or a fresh
PostgreSQL database next to the one in --pg-url) is brought to the newest
schema, then filled in bulk with the people of bench/synthetic.py: entities,
their 1-3 aliases and the name keys of each alias, computed by the real
normalize_name and blocking_keys. The smaller stores are prefixes of the
larger ones. Build time is printed apart and is not part of the figures.

The same seeded articles are then resolved against every store: three people
each, some known (from the smallest store, so known at every size, written
in other spellings) and some new, grouped by the real group_mentions.
Timed, after one warm-up pass:
  decide   service.resolve.decide(session, groups, None) per article, rolled back
  lookup   find_candidates(session, keys, words) per group (what decide reads)
  keys     the name_key query alone (the indexed part of find_candidates)
  article  candidate_lists(session, groups) per article: the key lookups decide
           makes (on PostgreSQL one statement for all the article's groups)
Each article or group is timed --repeat times; the median counts, and the
sum of medians is divided by the number of mentions. Also printed: cands,
the candidates find_candidates returns per group (at most MAX_CANDIDATES);
ms/cand, lookup time per candidate returned; known found, the share of known
people whose entity is among their candidates. Every figure is printed
as a ratio to the smallest size, measured in the same run: absolute times
drift on a shared machine, ratios much less. The candidate lookup must stay
indexed: at the largest size within 2x of the smallest.
"""
from __future__ import annotations

import argparse
import bisect
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, make_url
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, create_engine, select

from bench.synthetic import NameGenerator, Person, variant
from service.db.engine import make_engine
from service.db.migrate import upgrade
from service.db.models import Alias, Entity, EntityTitle, NameKey
from service.names import blocking_keys, normalize_name
from service.names.titles import canonical_titles
from service.nlp import PersonGroup, PersonMention, group_mentions
from service.resolve import decide
from service.resolve.candidates import (
    candidate_ids,
    candidate_lists,
    entity_query,
    find_candidates,
    key_lookup,
)
from service.resolve.link import group_keys
from service.resolve.words import context_words

LIMIT = 2.0
WIDTH = 200  # plan lines are cut here: an IN list of 200 IDs says nothing
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PEOPLE_PER_ARTICLE = 3
KNOWN_SHARE = 0.6
START = datetime(2020, 1, 1, tzinfo=UTC)


# --- the store's content ----------------------------------------------------

@dataclass
class Stored:
    """A person of the store: entity ID, aliases with their counts."""

    id: str
    person: Person
    aliases: list[tuple[str, int]]


class Corpus:
    """The people of the largest store; smaller stores are prefixes."""

    def __init__(self, size: int, seed: int):
        gen, rng = NameGenerator(seed), random.Random(seed)
        self.people: list[Stored] = []
        self.ends: list[int] = []  # alias count after each person
        total = 0
        while total < size:
            person = gen.person()
            spellings = person.aliases(rng)[: size - total]
            self.people.append(Stored(f"{rng.getrandbits(128):032x}", person,
                                       [(s, rng.randint(1, 5)) for s in spellings]))
            total += len(spellings)
            self.ends.append(total)
        self._names: dict[str, tuple[str, frozenset[str]]] = {}

    def prefix(self, size: int) -> list[Stored]:
        """The people of a store of exactly `size` aliases."""
        n = bisect.bisect_left(self.ends, size)
        last = self.people[n]
        before = self.ends[n - 1] if n else 0
        return self.people[:n] + [Stored(last.id, last.person, last.aliases[: size - before])]

    def names(self, surface: str) -> tuple[str, frozenset[str]]:
        """normalize_name and blocking_keys of a surface, computed once."""
        if surface not in self._names:
            self._names[surface] = (normalize_name(surface), frozenset(blocking_keys(surface)))
        return self._names[surface]

    def warm(self, size: int) -> None:
        """Compute every alias's keys up front, with progress: at 1M this is minutes."""
        people = self.prefix(size)
        start = time.perf_counter()
        for i, p in enumerate(people, 1):
            for surface, _ in p.aliases:
                self.names(surface)
            if i % 100_000 == 0 or i == len(people):
                print(f"  keys of {i:,}/{len(people):,} people ({time.perf_counter() - start:.0f}s)",
                      flush=True)


def rows(corpus: Corpus, people: list[Stored]):
    """Rows for entity, alias, name_key and entity_title, in column order."""
    entities, aliases, keys, titles = [], [], [], []
    for i, p in enumerate(people):
        at = START + timedelta(seconds=i)
        entities.append((p.id, p.person.full, sum(n for _, n in p.aliases), 1 + i % 4, None, False,
                         at, at))
        own = set()
        for surface, count in p.aliases:
            normalized, surface_keys = corpus.names(surface)
            aliases.append((p.id, surface, normalized, count, at, at))
            own |= surface_keys
        keys += [(k, p.id) for k in sorted(own)]
        titles += [(p.id, t, 1) for t in sorted(canonical_titles([p.person.title] if p.person.title else []))]
    return {
        Entity: (("id", "canonical_name", "mention_count", "article_count", "merged_into",
                  "name_locked", "created_at", "updated_at"), entities),
        Alias: (("entity_id", "surface", "normalized", "count", "first_seen", "last_seen"), aliases),
        NameKey: (("key", "entity_id"), keys),
        EntityTitle: (("entity_id", "title", "count"), titles),
    }


# --- stores -------------------------------------------------------------------

class Store:
    """A fresh database at the newest schema; removed by close()."""

    def __init__(self, backend: str, size: int, pg_url: str, folder: Path):
        self.backend, self.engine, self.admin = backend, None, None
        self.path = folder / f"growth-{size}.db"
        self.pg_url = make_url(pg_url)
        # The process ID keeps two runs on one server apart.
        self.name = f"namesake_bench_growth_{os.getpid()}_{size}"

    def create(self) -> None:
        if self.backend == "sqlite":
            self.engine = make_engine(f"sqlite:///{self.path}")
        else:
            self.admin = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            self.engine = make_engine(self.pg_url.set(database=self.name).render_as_string(False))
        upgrade(self.engine)

    def fill(self, tables) -> None:
        for model, (columns, data) in tables.items():
            start = time.perf_counter()
            if self.backend == "sqlite":
                with self.engine.begin() as conn:
                    chunk = 50_000  # many rows per executemany, bounded memory for the dicts
                    for i in range(0, len(data), chunk):
                        conn.execute(insert(model), [dict(zip(columns, r, strict=True)) for r in data[i:i + chunk]])
            else:
                raw = self.engine.raw_connection()
                try:
                    with raw.cursor() as cur:
                        sql = f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN"
                        with cur.copy(sql) as copy:
                            for r in data:
                                copy.write_row(r)
                    raw.commit()
                finally:
                    raw.close()
            print(f"  {model.__tablename__:<12} {len(data):>10,} rows  {time.perf_counter() - start:6.1f}s",
                  flush=True)
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if self.backend == "sqlite":
                # A steady store, not one whose last big write still sits in the WAL.
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                # What autovacuum does after a bulk load (statistics, visibility
                # map), without waiting for it.
                conn.exec_driver_sql("VACUUM ANALYZE")

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        elif self.admin is not None:
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.dispose()


# --- the articles resolved ----------------------------------------------------

TOPICS = ["ceasefire", "budget", "election", "pipeline", "football", "vaccine", "merger",
          "drought", "protest", "treaty", "refinery", "hostages", "tariffs", "earthquake"]


def articles(known: list[Stored], count: int, seed: int) -> list[tuple[list[PersonGroup], list[str | None]]]:
    """Seeded articles of PEOPLE_PER_ARTICLE people; for each group, the
    entity it should find (None for a new person)."""
    rng, gen = random.Random(seed), NameGenerator(seed + 1)
    return [one_article(known, rng, gen) for _ in range(count)]


def one_article(known: list[Stored], rng: random.Random,
                gen: NameGenerator) -> tuple[list[PersonGroup], list[str | None]]:
    """One article of articles()."""
    text, mentions, planted = "", [], []

    def say(sentence: str, name: str, title: str | None) -> int:
        nonlocal text
        before, after = sentence.split("{}")
        lead = f"{title} " if title else ""
        text += before + lead
        start = len(text)
        text += name + after + " "
        mentions.append(PersonMention(start, start + len(name), name, 0.85,
                                      (title,) if title else ()))
        return start

    for _ in range(PEOPLE_PER_ARTICLE):
        if rng.random() < KNOWN_SHARE:
            p = rng.choice(known)
            person, expected = p.person, p.id
            roll = rng.random()
            name = (person.full if roll < 0.3 else person.short if roll < 0.5
                    else variant(person.full, rng))  # another outlet's spelling
        else:
            person, expected = gen.person(), None
            name = person.full
        topic = rng.choice(TOPICS)
        first = say(f"{{}} said on Monday that the {topic} talks would resume.", name, person.title)
        planted.append((first, expected))
        if person.culture != "east_asian" and rng.random() < 0.5:
            say(f"Aides to {{}} declined to comment on the {topic} report.",
                person.short.split()[-1], None)
    groups = group_mentions(mentions, text)
    owner = dict(planted)
    return groups, [next((owner[m.start] for m in g.mentions if m.start in owner), None) for g in groups]


# --- measuring ------------------------------------------------------------------

def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class Figures:
    size: int
    entities: int
    build: float
    decide: float      # ms per mention
    lookup: float      # ms per mention
    keys: float        # ms per mention
    article: float     # ms per mention
    candidates: float  # per lookup
    per_candidate: float  # lookup ms per candidate returned
    found: float       # share of known people among their candidates


def measure(engine: Engine, work, repeat: int) -> tuple[float, ...]:
    mentions = sum(len(g.mentions) for groups, _ in work for g in groups)
    with Session(engine) as session:
        def run_decide(groups):
            decide(session, groups, None)
            session.rollback()  # read-only: nothing kept between calls

        def run_lookup(g):
            find_candidates(session, spellings(g), context_words(g))
            session.rollback()

        def run_keys(g):
            candidate_ids(session, spellings(g))
            session.rollback()

        def run_article(groups):
            candidate_lists(session, [spellings(g) for g in groups])
            session.rollback()

        for groups, _ in work:  # warm-up: caches of the name engine and the database
            run_decide(groups)
        # partial binds each call's groups now, not whatever the loop holds when it runs.
        decide_s = sum(timed(partial(run_decide, groups), repeat) for groups, _ in work)
        flat = [(g, e) for groups, expect in work for g, e in zip(groups, expect, strict=True)]
        lookup_s = sum(timed(partial(run_lookup, g), repeat) for g, _ in flat)
        keys_s = sum(timed(partial(run_keys, g), repeat) for g, _ in flat)
        article_s = sum(timed(partial(run_article, groups), repeat) for groups, _ in work)
        counts, hits = [], []
        for g, expected in flat:
            ids = {c.entity.id for c in find_candidates(session, spellings(g), context_words(g))}
            counts.append(len(ids))
            if expected:
                hits.append(expected in ids)
            session.rollback()
    per = 1000 / mentions
    return (decide_s * per, lookup_s * per, keys_s * per, article_s * per, statistics.mean(counts),
            1000 * lookup_s / max(1, sum(counts)), sum(hits) / max(1, len(hits)))


def spellings(group: PersonGroup) -> set[str]:
    return {m.text for m in group.mentions}


def key_query(names: set[str]):
    statement, params = key_lookup(names)
    return statement.params(params)


def explain(engine: Engine, query) -> str:
    sql = str(query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with engine.connect() as conn:
        plan = conn.exec_driver_sql(prefix + sql).all()
    lines = [" ".join(sql.split())] + ["  " + " | ".join(str(v) for v in row) for row in plan]
    return "\n".join("  " + (line if len(line) <= WIDTH else line[:WIDTH] + " ...") for line in lines)


def run_backend(backend: str, corpus: Corpus, sizes: list[int], work, args, folder: Path) -> list[Figures]:
    print(f"\n=== {backend} ===", flush=True)
    figures = []
    for size in sizes:
        people = corpus.prefix(size)
        print(f"[{backend} {size:,} aliases, {len(people):,} entities] building", flush=True)
        start = time.perf_counter()
        store = Store(backend, size, args.pg_url, folder)
        try:
            store.create()
            store.fill(rows(corpus, people))
            build = time.perf_counter() - start
            print(f"  built in {build:.1f}s; measuring", flush=True)
            start = time.perf_counter()
            figures.append(Figures(size, len(people), build, *measure(store.engine, work, args.repeat)))
            print(f"  measured in {time.perf_counter() - start:.1f}s", flush=True)
            if size == sizes[-1]:
                # The worst lookup: the group whose keys are shared by the most entities.
                groups = [g for gs, _ in work for g in gs]
                with Session(store.engine) as session:
                    widest = max(groups, key=lambda g: session.exec(
                        select(func.count()).where(col(NameKey.key).in_(sorted(group_keys(g))))).one())
                    ids = session.exec(key_query(spellings(widest))).all()
                print(f"  plan of the key lookup for {widest.name!r} (the widest keys):")
                print(explain(store.engine, key_query(spellings(widest))), flush=True)
                print(f"  plan of the entity lookup for its {len(ids)} candidates:")
                print(explain(store.engine, entity_query(ids)), flush=True)
        finally:
            store.close()
    return figures


def report(backend: str, figures: list[Figures]) -> None:
    base = figures[0]
    print(f"\n{backend}: ms per mention (median of repeats), ratio to {base.size:,} aliases")
    print(f"{'aliases':>10} {'entities':>9} {'build s':>8} {'decide':>8} {'ratio':>6} {'lookup':>8} "
          f"{'ratio':>6} {'keys':>7} {'ratio':>6} {'article':>7} {'ratio':>6} {'cands':>6} {'ms/cand':>7} "
          f"{'known found':>11}")
    for f in figures:
        print(f"{f.size:>10,} {f.entities:>9,} {f.build:>8.1f} {f.decide:>8.3f} {f.decide / base.decide:>6.2f} "
              f"{f.lookup:>8.3f} {f.lookup / base.lookup:>6.2f} {f.keys:>7.3f} {f.keys / base.keys:>6.2f} "
              f"{f.article:>7.3f} {f.article / base.article:>6.2f} "
              f"{f.candidates:>6.1f} {f.per_candidate:>7.3f} {f.found:>11.0%}")
    last = figures[-1]
    for label, value in (("candidate lookup (find_candidates)", last.lookup / base.lookup),
                         ("key query alone", last.keys / base.keys),
                         ("an article's key lookups (candidate_lists)", last.article / base.article),
                         ("decide", last.decide / base.decide)):
        verdict = "within" if value <= LIMIT else "NOT within"
        print(f"  {label}: {last.size:,} is {value:.2f}x of {base.size:,}: {verdict} {LIMIT:g}x")


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="alias counts, smallest first")
    ap.add_argument("--queries", type=int, default=300, help="people in the resolved articles")
    ap.add_argument("--repeat", type=int, default=3, help="timings of each call; the median counts")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pg-url", default=PG_URL, help="a PostgreSQL database to connect from")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    # Ctrl-C or a kill: stop, and still remove the stores.
    signal.signal(signal.SIGTERM, _interrupt)

    start = time.perf_counter()
    print(f"generating {sizes[-1]:,} aliases (seed {args.seed})", flush=True)
    corpus = Corpus(sizes[-1], args.seed)
    corpus.warm(sizes[-1])
    work = articles(corpus.prefix(sizes[0]), max(1, args.queries // PEOPLE_PER_ARTICLE), args.seed + 100)
    n_groups = sum(len(g) for g, _ in work)
    n_mentions = sum(len(x.mentions) for g, _ in work for x in g)
    print(f"ready in {time.perf_counter() - start:.0f}s: {len(work)} articles, {n_groups} groups, "
          f"{n_mentions} mentions", flush=True)

    folder = Path(tempfile.mkdtemp(prefix="namesake-growth-"))
    results = {}
    try:
        for backend in backends:
            results[backend] = run_backend(backend, corpus, sizes, work, args, folder)
    except KeyboardInterrupt:
        print("\ninterrupted; stores removed", file=sys.stderr)
        sys.exit(130)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for backend, figures in results.items():
        report(backend, figures)


if __name__ == "__main__":
    main()
