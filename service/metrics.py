"""Prometheus metrics: every metric the service exposes is defined here.

Counts of work done (articles, mentions, entities) are taken when their
transaction commits: `at_commit` keeps them in the session, as the change
feed keeps its changes, and a rollback drops them. States of the database
(review items open) are read from it when scraped, so every replica reports
the same. Nothing here carries article text, names or keys: labels are route
templates, methods, statuses and outcomes.

With several worker processes (`namesake serve --workers N`), values live in
files under PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode)
and any worker's /metrics adds up those of all workers; without it, each
process counts in memory."""
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    write_to_textfile,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import col

from service.db.models import PossibleMatch
from service.metrics_files import multiprocess_dir

# No `_created` series beside each counter and histogram: the text format
# has no use for them (Prometheus reads resets from the counts), and
# multiprocess mode has none, so both modes show the same series.
disable_created_metrics()

# Our own registry, not the library's global one: it holds the service's
# metrics only, so a textfile written by `namesake ingest` cannot clash with
# node_exporter's own process_* series.
REGISTRY = CollectorRegistry()

# From a millisecond (a page of entities) to a minute (a batch of 100
# articles, or a wait for the database up to DATABASE_TIMEOUT).
_REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
_NER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_DATABASE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUESTS = Counter(
    "namesake_http_requests", "HTTP requests answered, by route template (unmatched: no route), method and status.",
    ["route", "method", "status"], registry=REGISTRY)
REQUEST_SECONDS = Histogram(
    "namesake_http_request_duration_seconds", "Seconds from a request's arrival to the end of its answer, "
    "by route template and method.", ["route", "method"], buckets=_REQUEST_BUCKETS, registry=REGISTRY)
# HTTP's own methods; anything else a client sends is `other`, not a series of its own.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def count_request(route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in _METHODS else "other"
    REQUESTS.labels(route, method, str(status)).inc()
    REQUEST_SECONDS.labels(route, method).observe(seconds)


ARTICLES = Counter(
    "namesake_articles_stored", "Articles stored, counted when their transaction commits: created (new) "
    "or updated (an edited text). An article posted again unchanged is not counted.",
    ["outcome"], registry=REGISTRY)
MENTIONS = Counter(
    "namesake_mentions_stored", "Mentions of people stored with articles, counted at commit (an edited "
    "article's mentions count again).", registry=REGISTRY)
ENTITIES_CREATED = Counter(
    "namesake_entities_created", "Entities (people) created, counted at commit: by the resolver for a person "
    "new to the store, by namesake import-people, or by an editor's split (the new entity).", registry=REGISTRY)
ENTITIES_MERGED = Counter(
    "namesake_entities_merged", "Entities merged into another, counted at commit: by the resolver (a fuller "
    "name showed two to be one person) or by an editor's merge. A counter never goes down: an undone merge "
    "is counted in namesake_curations_undone.", registry=REGISTRY)
CURATIONS_UNDONE = Counter(
    "namesake_curations_undone", "Editors' curations undone, counted at commit, by the action undone (merge, "
    "split, rename, distinct): an undone merge brings an entity back, an undone split retires one.",
    ["action"], registry=REGISTRY)
NER_SECONDS = Histogram(
    "namesake_article_ner_seconds", "Seconds reading an article's people: the spaCy pipeline with the "
    "extraction rules and grouping around it. Articles read together in one stream (a batch post, "
    "namesake ingest) each count the stream's time divided by its articles.",
    buckets=_NER_BUCKETS, registry=REGISTRY)
DATABASE_SECONDS = Histogram(
    "namesake_article_database_seconds", "Seconds an article spent waiting on the database: its statements "
    "(lock waits included) and its commit, per article written or found unchanged.",
    buckets=_DATABASE_BUCKETS, registry=REGISTRY)
CONNECTIONS_IN_USE = Gauge(
    "namesake_database_connections_in_use", "Database connections checked out of the pool, summed over "
    "the live worker processes.", multiprocess_mode="livesum", registry=REGISTRY)
REVIEW_OPEN = "namesake_review_items_open"

# Every series exists from the start: rate() needs the zero.
for _outcome in ("created", "updated"):
    ARTICLES.labels(_outcome)
for _action in ("merge", "split", "rename", "distinct"):
    CURATIONS_UNDONE.labels(_action)


# --- counts taken at commit ---

_AT_COMMIT = "namesake.metrics"
# A split makes a new entity, as the resolver does: both count as created.
_CHANGES = {"entity.created": ENTITIES_CREATED, "entity.split": ENTITIES_CREATED, "entity.merged": ENTITIES_MERGED}


def at_commit(session: OrmSession, counter: Counter, amount: float = 1) -> None:
    """Add `amount` to `counter` once the session's transaction commits; a
    rollback, or a commit that fails, drops it."""
    session.connection()  # the count belongs to a begun transaction, as the change feed's changes do
    session.info.setdefault(_AT_COMMIT, []).append((counter, amount))


def change_kept(session: OrmSession, kind: str, details: dict) -> None:
    """A change of the feed was kept (service/changes.py): the entity kinds and undos count at commit."""
    if kind in _CHANGES:
        at_commit(session, _CHANGES[kind])
    elif kind == "curation.undone":
        at_commit(session, CURATIONS_UNDONE.labels(details["action"]))


@event.listens_for(OrmSession, "after_commit")
def _count_committed(session: OrmSession) -> None:
    clock = _clock.get()
    if clock is not None and clock.commit_started is not None:
        clock.spent += time.perf_counter() - clock.commit_started
        clock.commit_started = None
    if session.in_nested_transaction():
        return  # a savepoint released: the transaction may still roll back
    for counter, amount in session.info.pop(_AT_COMMIT, ()):
        counter.inc(amount)


@event.listens_for(OrmSession, "after_transaction_end")
def _drop_uncommitted(session: OrmSession, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_AT_COMMIT, None)


# --- time per article ---

class _Clock:
    """Seconds spent in the database by the article being written."""

    def __init__(self) -> None:
        self.spent = 0.0
        self.commit_started: float | None = None
        self.statement_started = 0.0


# Set while an article is written: the thread (or task) writing it is the one
# whose statements count. Other threads (webhook senders) see None.
_clock: ContextVar[_Clock | None] = ContextVar("namesake_database_clock", default=None)


@contextmanager
def database_time() -> Iterator[None]:
    """Time the database statements and the commit run inside, for one
    article; observed when the block ends without an error."""
    clock = _Clock()
    token = _clock.set(clock)
    try:
        yield
    finally:
        _clock.reset(token)
    DATABASE_SECONDS.observe(clock.spent)


@contextmanager
def ner_time(articles: int = 1) -> Iterator[None]:
    """Time the model reading `articles` texts; each counts an equal share."""
    started = time.perf_counter()
    yield
    observe_ner(time.perf_counter() - started, articles)


def observe_ner(seconds: float, articles: int) -> None:
    for _ in range(articles):
        NER_SECONDS.observe(seconds / articles)


def _statement_starts(*_args) -> None:
    clock = _clock.get()
    if clock is not None:
        clock.statement_started = time.perf_counter()


def _statement_ends(*_args) -> None:
    clock = _clock.get()
    if clock is not None:
        clock.spent += time.perf_counter() - clock.statement_started


def _commit_starts(*_args) -> None:
    clock = _clock.get()
    if clock is not None:
        clock.commit_started = time.perf_counter()  # ends in _count_committed


# --- the connection pool ---

_pools_lock = threading.Lock()
_engines: "weakref.WeakSet[Engine]" = weakref.WeakSet()


def watch(engine: Engine) -> None:
    """Time `engine`'s statements for `database_time`, and keep the gauge of
    connections in use up to date at each checkout and checkin. The gauge is
    set to what the pools count, not moved by one, so that a checkout that
    failed halfway (its checkin comes without a checkout) cannot skew it."""
    event.listen(engine, "before_cursor_execute", _statement_starts)
    event.listen(engine, "after_cursor_execute", _statement_ends)
    event.listen(engine, "commit", _commit_starts)
    with _pools_lock:
        _engines.add(engine)
    event.listen(engine, "checkout", lambda *_: _count_connections())
    # At checkin the connection is not back in the pool yet.
    event.listen(engine, "checkin", lambda *_: _count_connections(returning=1))


def _count_connections(returning: int = 0) -> None:
    with _pools_lock:
        in_use = sum(getattr(e.pool, "checkedout", lambda: 0)() for e in _engines)
        CONNECTIONS_IN_USE.set(max(in_use - returning, 0))


# --- states of the database, read when scraped ---

# Seconds a count of review items is reused: several scrapers (or a
# dashboard's refreshes) within them cost one query.
REVIEW_CACHE_SECONDS = 5.0
_review_counts: "weakref.WeakKeyDictionary[Engine, tuple[float, int]]" = weakref.WeakKeyDictionary()


class DatabaseState(Collector):
    def __init__(self, engine: Engine):
        self.engine = engine

    def collect(self):
        count = _review_open(self.engine)
        if count is not None:  # the database does not answer: no sample rather than a wrong one
            yield GaugeMetricFamily(REVIEW_OPEN, "Review items open: pairs of entities that might be one "
                                    "person, waiting for an editor (read from the database).", value=count)


def _review_open(engine: Engine) -> int | None:
    now = time.monotonic()
    cached = _review_counts.get(engine)
    if cached is not None and now - cached[0] < REVIEW_CACHE_SECONDS:
        return cached[1]
    try:
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(PossibleMatch)
                                       .where(col(PossibleMatch.status) == "open")).scalar_one()
    except SQLAlchemyError:
        return None
    _review_counts[engine] = (now, count)
    return count


# --- exposition ---

def exposition(engine: Engine) -> bytes:
    """The text format of /metrics: this process's metrics, or every worker's
    in multiprocess mode, then the database's state."""
    return generate_latest(_processes()) + generate_latest(DatabaseState(engine))


def _processes() -> Collector:
    if not multiprocess_dir():
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def write_textfile(path: str) -> None:
    """This process's metrics as a node_exporter textfile, written to a
    temporary file then renamed: the collector never reads half a file."""
    write_to_textfile(path, REGISTRY)
