#!/usr/bin/env python3
"""Throughput, latency and memory of the whole service, against bare spaCy NER
on the same texts measured in the same run.

    .venv/bin/python bench/bench_throughput.py [--articles 200] [--backend sqlite|postgresql]
                                               [--replicas K] [--profile]

Texts: the seed articles and bench/corpora/*/docs, cycled until there are
--articles of them, each ending in its own "Ref: <n>" line so that every post
is a new article (not an idempotent re-post). From the second cycle on, the
texts' people are known and the service's name caches are warm: the "first
pass" line gives the ratio over the first cycle's posts alone (the texts after
the warm-up's), whose people are all new to the store. Measures:
  ner        load_pipeline(model) in this process, nlp(text) on each text, after
             a warm-up on the first WARM_UP texts
  http x1    one `namesake serve` on a fresh database, the texts posted one after
             another, after WARM_UP warm-up posts of the same first texts (other
             external IDs and "Ref" lines, not timed)
  http xK    (--replicas K > 1) K servers on one fresh database, K client threads
  ingest     `namesake ingest --quiet DIR` on a fresh database, start-up included;
             "net" subtracts a 1-file run (model load, migration, imports); the
             peak resident memory of its largest process
  rss        VmRSS of each server after start and after the posts
  --profile  in-process: ingest_article on a fresh database of --backend, time
             per stage and the top functions by cProfile
The baseline, each http run and the full ingest are made --rounds times (on
a fresh database each time) and the fastest counts: this machine's neighbours
come and go, and a burst of theirs should not decide a ratio. A round runs
them all back to back, so that a slow spell falls on both sides of a ratio.
Ratios are articles/s over the baseline's articles/s (targets: http x1 >= 0.6, ingest >= 0.8).
"""
from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import queue
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx

from bench.corpus import source_texts
from bench.server import running_server
from service.config import Settings

TARGETS = {"http x1": 0.6, "ingest": 0.8}
# Texts run before timing, on both sides: the model's lazy set-up, the first
# compilation of each SQL statement.
WARM_UP = 5
NAMESAKE = str(Path(sys.executable).parent / "namesake")


def article_texts(n: int, label: str = "Ref") -> list[str]:
    return [f"{text.rstrip()}\n\n{label}: {i}\n" for i, text in zip(range(n), itertools.cycle(source_texts()))]


# --- databases ---

@contextmanager
def fresh_database(backend: str, folder: Path, admin_url: str):
    """A new, empty database; PostgreSQL ones are dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"namesake_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- measurements ---

def warm_pipeline(model: str, texts: list[str]):
    """The pipeline loaded as the service loads it, run once over the warm-up texts."""
    from service.nlp import load_pipeline

    nlp = load_pipeline(model)
    for text in texts[:WARM_UP]:  # lazy loading, caches
        nlp(text)
    return nlp


def baseline(nlp, texts: list[str]) -> list[float]:
    """Seconds of bare NER on each text."""
    each = []
    for text in texts:
        started = time.perf_counter()
        nlp(text)
        each.append(time.perf_counter() - started)
    return each


def server_pid(base_url: str) -> int:
    """The `namesake serve` child started for base_url (running_server keeps it to itself)."""
    port = base_url.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and b"serve" in argv and port.encode() in argv:
            return int(entry.name)
    raise RuntimeError(f"no server process for {base_url}")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def post_all(urls: list[str], texts: list[str], prefix: str = "bench") -> tuple[float, list[float]]:
    """Post every text, one client thread per server; answers (wall seconds,
    latency of each text)."""
    work: queue.Queue = queue.Queue()
    for i, text in enumerate(texts):
        work.put((i, text))
    latencies = [0.0] * len(texts)
    failures: list[str] = []

    def client(url: str) -> None:
        with httpx.Client(base_url=url, timeout=300) as http:
            while True:
                try:
                    i, text = work.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                response = http.post("/v1/articles", json={"text": text, "external_id": f"{prefix}-{i}"})
                latencies[i] = time.perf_counter() - started
                if response.status_code != 201:
                    failures.append(f"{i}: {response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=client, args=(url,)) for url in urls]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        sys.exit(f"{len(failures)} posts failed, first: {failures[0]}")
    return wall, latencies


def http_run(database_url: str, folder: Path, texts: list[str], replicas: int) -> dict:
    with ExitStack() as stack:
        urls = [stack.enter_context(running_server(database_url, folder)) for _ in range(replicas)]
        pids = [server_pid(url) for url in urls]
        rss_start = [rss_mb(pid) for pid in pids]
        post_all(urls, article_texts(WARM_UP, "Warm-up"), prefix="warm-up")
        wall, latencies = post_all(urls, texts)
        rss_end = [rss_mb(pid) for pid in pids]
    return {"seconds": wall, "latencies": latencies, "rss_start": rss_start, "rss_end": rss_end}


# Runs a command and prints the peak resident memory of the largest process
# among it and its descendants (ru_maxrss of the children it waited for, KB).
_PEAK_RSS = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")


def ingest_run(database_url: str, folder: Path, texts: list[str]) -> tuple[float, float]:
    """(wall seconds, peak MB of its largest process) of one `namesake ingest
    --quiet DIR` over texts, start-up included."""
    docs = folder / f"ingest-{uuid.uuid4().hex[:8]}"
    docs.mkdir()
    for i, text in enumerate(texts):
        (docs / f"bench-{i:06d}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK_RSS, NAMESAKE, "ingest", "--quiet", str(docs)],
                          env=env, cwd=folder, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or f"created: {len(texts)}," not in done.stdout:
        sys.exit(f"namesake ingest failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, int(done.stderr.split()[-1]) / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


# --- profile: where one article's time goes, in-process ---

STAGES = ["_find_existing", "read_people", "lock_names", "decide",
          "apply_decisions", "article_detail"]


def profile(args: argparse.Namespace, texts: list[str], folder: Path, top: int) -> None:
    """ingest_article on a fresh database of --backend: seconds per stage (wrapping
    the names service.articles calls), then cProfile's top functions over the
    next posts, on another fresh database."""
    import service.articles as articles
    from service.nlp import load_pipeline

    nlp = load_pipeline(args.model)
    spent = dict.fromkeys(STAGES + ["commit"], 0.0)

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
        return wrapper

    originals = {name: getattr(articles, name) for name in STAGES}
    for name in STAGES:
        setattr(articles, name, timed(name, originals[name]))
    half = len(texts) // 2
    try:
        total = fresh_run(args, folder, ingest_in_process, nlp, texts[:half], timed, None)
        print(f"\nprofile: ingest_article x{half} on {args.backend}, in-process: "
              f"{total:.2f} s, {1000 * total / half:.1f} ms/article")
        for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {name:16} {seconds:7.2f} s  {100 * seconds / total:5.1f} %  "
                  f"{1000 * seconds / half:6.1f} ms/article")
        print(f"  {'(rest)':16} {total - sum(spent.values()):7.2f} s")
        profiler = cProfile.Profile()
        fresh_run(args, folder, ingest_in_process, nlp, texts[half:], timed, profiler)
        stats = pstats.Stats(profiler)
        print(f"\ncProfile over {len(texts) - half} more articles: service functions by cumulative time")
        stats.sort_stats("cumulative").print_stats("/service/", top)
        print(f"cProfile: top {top} of all functions by own time")
        stats.sort_stats("tottime").print_stats(top)
    finally:
        for name, function in originals.items():
            setattr(articles, name, function)


def ingest_in_process(database_url: str, _folder: Path, nlp, texts: list[str], timed,
                      profiler: cProfile.Profile | None) -> float:
    """Seconds to ingest_article each text on database_url, in this process,
    each session's commit wrapped by timed(); under profiler, if given."""
    from sqlmodel import Session

    import service.articles as articles
    from service.db.engine import make_engine
    from service.db.migrate import upgrade
    from service.schemas import ArticleIn

    engine = make_engine(database_url)
    upgrade(engine)
    started = time.perf_counter()
    for i, text in enumerate(texts):
        with Session(engine) as session:
            session.commit = timed("commit", session.commit)
            if profiler:
                profiler.enable()
            articles.ingest_article(session, nlp, ArticleIn(text=text, external_id=f"p-{i}"))
            session.commit()
            if profiler:
                profiler.disable()
    total = time.perf_counter() - started
    engine.dispose()
    return total


# --- the command ---

def fresh_run(args: argparse.Namespace, folder: Path, run, *run_args):
    """run(database_url, folder, *run_args) on a new, empty database."""
    with fresh_database(args.backend, folder, args.postgres_url) as url:
        return run(url, folder, *run_args)


def fastest_of_rounds(args: argparse.Namespace, folder: Path, nlp, texts: list[str],
                      runs: list[tuple[str, int]]) -> dict[str, tuple[float, object]]:
    """Label ("ner", each run's, "ingest") -> (seconds, result) of its fastest
    round. Each round runs the baseline and every run back to back: a slow
    spell of the machine then weighs on both sides of a ratio."""
    fastest: dict[str, tuple[float, object]] = {}

    def keep(label: str, seconds: float, result) -> None:
        if label not in fastest or seconds < fastest[label][0]:
            fastest[label] = (seconds, result)

    for _ in range(args.rounds):
        ner_each = baseline(nlp, texts)
        keep("ner", sum(ner_each), ner_each)
        for label, replicas in runs:
            result = fresh_run(args, folder, http_run, texts, replicas)
            keep(label, result["seconds"], result)
        if not args.skip_ingest:
            seconds, peak = fresh_run(args, folder, ingest_run, texts)
            keep("ingest", seconds, peak)
    return fastest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200, help="posts in total (default 200)")
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--replicas", type=int, default=1, help="servers posting concurrently (default 1)")
    ap.add_argument("--model", default=os.environ.get("NER_MODEL", Settings.model_fields["ner_model"].default))
    ap.add_argument("--postgres-url", default=os.environ.get(
        "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
        help="a PostgreSQL database to connect to for creating and dropping the bench databases")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of each run, the fastest counts (default 2)")
    ap.add_argument("--skip-ingest", action="store_true", help="HTTP runs only (for large --articles)")
    ap.add_argument("--profile", action="store_true", help="also profile ingest_article in-process")
    args = ap.parse_args()
    os.environ["NER_MODEL"] = args.model  # the servers and ingest load the same model

    texts = article_texts(args.articles)
    chars = sum(map(len, texts))
    nlp = warm_pipeline(args.model, texts)
    first_pass = range(WARM_UP, min(len(texts), len(source_texts())))
    runs = [("http x1", 1)] + ([(f"http x{args.replicas}", args.replicas)] if args.replicas > 1 else [])
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        folder = Path(tmp)
        fastest = fastest_of_rounds(args, folder, nlp, texts, runs)
        ner, ner_each = fastest["ner"]
        ner_rate = len(texts) / ner
        rows = [("ner (baseline)", len(texts), ner, "")]
        notes = []
        for label, replicas in runs:
            result = fastest[label][1]
            lat = result["latencies"]
            rows.append((label, len(texts), result["seconds"],
                         f"p50 {1000 * percentile(lat, 50):.0f} ms  p95 {1000 * percentile(lat, 95):.0f} ms"
                         f"  p99 {1000 * percentile(lat, 99):.0f} ms"))
            if replicas == 1 and first_pass:
                first_pass_ratio = sum(ner_each[i] for i in first_pass) / sum(lat[i] for i in first_pass)
                notes.append(f"{label} first pass (posts {first_pass.start + 1} to {first_pass.stop}, people new "
                             f"to the store): {first_pass_ratio:.2f}x")
            tenth = max(1, len(lat) // 10)  # does each post cost more as the store fills up?
            notes.append(f"latency {label}: mean of the first 10% of posts {1000 * sum(lat[:tenth]) / tenth:.0f} ms, "
                         f"of the last 10% {1000 * sum(lat[-tenth:]) / tenth:.0f} ms")
            per_server = len(texts) / replicas
            for i, (start, end) in enumerate(zip(result["rss_start"], result["rss_end"], strict=True)):
                notes.append(f"rss {label} server {i + 1}: {start:.0f} MB after start, {end:.0f} MB after "
                             f"~{per_server:.0f} articles (+{1024 * (end - start) / per_server:.1f} KB/article)")
        if not args.skip_ingest:
            full, peak = fastest["ingest"]
            one, _ = fresh_run(args, folder, ingest_run, texts[:1])
            notes.append(f"rss ingest: {peak:.0f} MB at the peak of its largest process (main or worker)")
            rows.append(("ingest (with start-up)", len(texts), full, f"1-file run: {one:.2f} s"))
            rows.append(("ingest net (minus 1-file run)", len(texts) - 1, full - one,
                         "start-up (model load, migration) taken out"))
        if args.profile:
            profile(args, texts, folder, top=25)

    print(f"\n{len(texts)} articles ({chars} characters), backend {args.backend}, model {args.model}, "
          f"fastest of {args.rounds} rounds")
    print(f"{'run':30} {'articles':>8} {'seconds':>8} {'art/s':>8} {'ratio':>7}  notes")
    for label, count, seconds, extra in rows:
        rate = count / seconds
        ratio = rate / ner_rate
        target = next((t for prefix, t in TARGETS.items() if label.startswith(prefix)), None)
        verdict = "" if target is None else (f" (target {target}x: {'OK' if ratio >= target else 'BELOW'})")
        print(f"{label:30} {count:8d} {seconds:8.2f} {rate:8.1f} {ratio:6.2f}x  {extra}{verdict}")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
