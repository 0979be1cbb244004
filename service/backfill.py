"""`namesake ingest FILES...`: read many articles in-process, for backfills.

Each article goes through `write_article`, as a POST to /v1/articles does,
in its own transaction: an interrupted run leaves no article half-written and
can simply be run again, since an article already stored under its
external_id with the same text is skipped.

The model runs in worker processes (--workers, one per CPU by default), each
reading a batch of articles through one `nlp.pipe` stream, while this
process writes the previous batch: on a machine with two cores or more the
database work hides behind the model's.

Input, one article per `.txt` file (external_id = the file name without its
extension) or one JSON object per line of a `.jsonl` file (the fields of
POST /v1/articles). A directory stands for the .txt and .jsonl files in it.

With --shard I/N, N machines share one backfill (backfill_shards.py).
"""
import gc
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from spacy.language import Language
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select
from tqdm import tqdm

from service import metrics
from service.articles import content_hash, write_article
from service.config import Settings
from service.db.engine import make_engine
from service.db.migrate import upgrade
from service.db.models import Article
from service.errors import TextTooLarge, field_problems, problems_message
from service.lines import count_lines, json_objects
from service.nlp import PersonGroup, load_pipeline, read_people_many
from service.nlp.model import ModelNotAvailable
from service.nlp.ner import Entity, find_entities_many
from service.resolve.known_names import KnownNames, latest_alias
from service.schemas import ArticleIn

if TYPE_CHECKING:
    from service.backfill_shards import Shard

SUFFIXES = (".txt", ".jsonl")
# Articles read per round: each worker gets a slice of this many, big enough
# for the model to batch well, small enough that an interrupted run loses little.
BATCH = 32


class UsageError(Exception):
    """The command line names files that cannot be read: nothing was done."""


@dataclass(frozen=True)
class Item:
    """One article read from a file, or why it could not be read."""

    where: str  # "file" or "file:line", for messages
    article: ArticleIn | None = None
    problem: str | None = None

    def readable(self) -> ArticleIn:
        """The article of an item that was read (one with no problem)."""
        assert self.article is not None, self.problem
        return self.article


@dataclass
class Tally:
    files: int = 0
    read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0  # already stored with the same text
    failed: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def summary(self) -> str:
        line = (f"files: {self.files}, articles: {self.read}, created: {self.created}, "
                f"updated: {self.updated}, skipped: {self.skipped}, failed: {self.failed}, "
                f"seconds: {self.seconds:.1f}")
        return line + (" (interrupted: run again to resume)" if self.interrupted else "")


def run(settings: Settings, names: list[str], quiet: bool = False, workers: int | None = None,
        shard: "Shard | None" = None, batch_size: int = BATCH, metrics_file: str | None = None) -> int:
    """The whole command; answers the exit status (0 all stored, 1 some failed,
    2 unusable arguments). With `metrics_file`, the run's metrics are written
    there at the end, in the text format node_exporter's textfile collector reads."""
    try:
        paths = input_files(names)
        _check_writable(metrics_file)
    except UsageError as err:
        print(f"namesake ingest: {err}", file=sys.stderr)
        return 2
    try:
        nlp = load_pipeline(settings.ner_model)
    except ModelNotAvailable as err:
        print(f"namesake ingest: {err} (NER_MODEL)", file=sys.stderr)
        return 2
    # Out of the garbage collector's view: fewer objects for it to walk, and
    # pages the forked workers share stay shared (a collection would write to them).
    gc.freeze()
    show = not quiet and sys.stderr.isatty()
    # The workers start before the database is opened: they are forked with the
    # model already loaded (shared, not loaded again) and no connection to inherit.
    shared = shard if shard is not None and shard.count > 1 else None
    with people_reader(nlp, (os.cpu_count() or 1) if workers is None else workers,
                       settings.database_url, model_slice if shared else None) as reader:
        engine = make_engine(settings.database_url, settings.database_timeout)
        upgrade(engine)
        try:
            if shared:
                from service.backfill_shards import ingest_share

                tally = ingest_share(engine, nlp, reader, paths, settings.max_text_chars, show, shared, batch_size)
            else:
                tally = ingest_files(engine, reader, paths, settings.max_text_chars, show, batch_size)
        finally:
            engine.dispose()
    print(tally.summary())
    written = not metrics_file or _write_metrics(metrics_file)
    if tally.interrupted:
        return 130  # the shell's code for Ctrl-C
    return 0 if tally.failed == 0 and written else 1


def _check_writable(metrics_file: str | None) -> None:
    """Refused before any work: a run of hours must not end unable to write it."""
    if metrics_file and not Path(metrics_file).resolve().parent.is_dir():
        raise UsageError(f"{metrics_file}: no such directory for the metrics file")


def _write_metrics(metrics_file: str) -> bool:
    try:
        metrics.write_textfile(metrics_file)
    except OSError as err:
        print(f"namesake ingest: cannot write the metrics file: {err}", file=sys.stderr)
        return False
    return True


def input_files(names: list[str]) -> list[Path]:
    """The files to read, checked before anything is written."""
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            paths += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif not path.is_file():
            raise UsageError(f"{name}: no such file")
        elif path.suffix not in SUFFIXES:
            raise UsageError(f"{name}: not a .txt or .jsonl file")
        else:
            paths.append(path)
    return paths


@contextmanager
def people_reader(nlp: Language, workers: int, database_url: str, work=None):
    """A function that starts reading the people of some texts and answers a
    function that waits for them: call it, store the previous batch, then
    ask for the result. With workers > 1 the texts are shared out among that
    many processes; with 1, they are read at once, in this process.

    Each call also gives the highest alias id stored so far: the names the
    store knows up to it are looked for in the texts (known_names.py), the
    same ones however many workers read. `work` replaces the reading of a
    slice of texts (model_slice: the model's entities only)."""
    global _worker_nlp, _worker_url
    work = work or _read_slice
    _worker_nlp, _worker_url = nlp, database_url  # inherited by the forked workers
    try:
        if workers <= 1:
            def read_here(texts: list[str], upto: int):
                people = _timed(work((texts, upto)))
                return lambda: people
            yield read_here
            return
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            def read_in_workers(texts: list[str], upto: int):
                pending = pool.map_async(work, [(texts[i::workers], upto) for i in range(workers)])
                return lambda: _interleaved([_timed(part) for part in pending.get()], len(texts))
            yield read_in_workers
    finally:
        _close_known()


_worker_nlp: Language | None = None
_worker_url: str | None = None
# Each process's own connection and known names, made on first use: a
# connection must not cross a fork.
_worker_known: tuple[Engine, KnownNames] | None = None


def _read_slice(work: tuple[list[str], int]) -> tuple[float, Sequence]:
    """The people of the texts, with the seconds the model took: a worker's
    own metrics would die with it, so the time goes back with the people."""
    assert _worker_nlp is not None, "set before the workers are forked"
    texts, upto = work
    known = known_forms_upto(upto)
    started = time.perf_counter()
    people = _read_safely(_worker_nlp, texts, known)
    return time.perf_counter() - started, people


def _timed(part: tuple[float, Sequence]) -> Sequence:
    """A slice's people, its model time observed here, in the process that writes the metrics."""
    seconds, people = part
    metrics.observe_ner(seconds, len(people))
    return people


def known_forms_upto(upto: int) -> Collection[str]:
    global _worker_known
    if _worker_known is None:
        assert _worker_url is not None, "set before the workers are forked"
        _worker_known = make_engine(_worker_url), KnownNames()
    engine, known = _worker_known
    try:
        with Session(engine) as session:
            return known.forms(session, upto)
    except SQLAlchemyError:
        return ()  # the model's names only; writing will report what is wrong


def _close_known() -> None:
    global _worker_known
    if _worker_known is not None:
        _worker_known[0].dispose()
        _worker_known = None


def model_slice(work: tuple[list[str], int]) -> tuple[float, Sequence[list[Entity] | str]]:
    """The model's entities of each text, or why the model failed on it, with
    the seconds it took: what a shared backfill reads ahead (backfill_shards.py)."""
    assert _worker_nlp is not None, "set before the workers are forked"
    nlp, (texts, _) = _worker_nlp, work
    started = time.perf_counter()
    found = _each_safely(lambda some: find_entities_many(nlp, some), texts)
    return time.perf_counter() - started, found


def _read_safely(nlp: Language, texts: list[str], known: Collection[str]) -> Sequence[list[PersonGroup] | str]:
    return _each_safely(lambda some: read_people_many(nlp, some, known), texts)


def _each_safely(read: Callable[[list[str]], list], texts: list[str]) -> list:
    """read(texts), or where that fails, read([text]) for each text or why it
    failed: one text that breaks the model costs that article only."""
    try:
        return read(texts)
    except Exception:  # noqa: BLE001  find the culprit, one text at a time
        out: list = []
        for text in texts:
            try:
                out += read([text])
            except Exception as err:  # noqa: BLE001
                out.append(problem_of(err))
        return out


def _interleaved(slices: list[Sequence], count: int) -> list:
    """Undo texts[i::n]: back to the texts' order."""
    return [slices[i % len(slices)][i // len(slices)] for i in range(count)]


def problem_of(err: Exception) -> str:
    # The first line only: database errors go on with the SQL and its
    # parameters, which would print the whole article.
    return f"{type(err).__name__}: " + str(err).split("\n", 1)[0]


def ingest_files(engine: Engine, reader, paths: list[Path], max_chars: int, show: bool,
                 batch_size: int = BATCH) -> Tally:
    tally, started = Tally(files=len(paths)), time.monotonic()
    items = read_items(paths, max_chars)
    # Counting first costs one quick read of the files and gives the bar an end.
    with tqdm(total=sum(map(count_articles, paths)), unit="article", file=sys.stderr,
              disable=not show, dynamic_ncols=True) as bar:
        try:
            waiting = None  # the batch the workers are reading: (items, result)
            while batch := list(islice(items, batch_size)):
                todo = sorted_out(engine, batch, tally, bar)
                started_batch = (todo, reader([item.readable().text for item in todo], latest_alias_or_zero(engine)))
                if waiting:
                    _store_all(engine, *waiting, tally, bar)
                waiting = started_batch
            if waiting:
                _store_all(engine, *waiting, tally, bar)
        except KeyboardInterrupt:
            # Every stored article is complete, so the counts so far are worth showing.
            tally.interrupted = True
    tally.seconds = time.monotonic() - started
    return tally


def sorted_out(engine: Engine, batch: list[Item], tally: Tally, bar) -> list[Item]:
    """The articles of a batch the model must read: unreadable ones fail and
    those already stored with the same text are skipped, here and now."""
    todo = []
    with Session(engine) as session:
        for item in batch:
            tally.read += 1
            if item.problem is not None:
                report(item.where, item.problem)
                count_outcome(tally, bar, "failed")
            elif _already_stored(session, item.readable()):
                count_outcome(tally, bar, "skipped")
            else:
                todo.append(item)
    return todo


def _already_stored(session: Session, article: ArticleIn) -> bool:
    try:
        return _stored_hash(session, article.external_id) == content_hash(article.text)
    except Exception:  # noqa: BLE001  the store reports it below, article by article
        session.rollback()
        return False


def latest_alias_or_zero(engine: Engine) -> int:
    """0 when the store cannot say: its writes will report why, article by article."""
    try:
        with Session(engine) as session:
            return latest_alias(session)
    except SQLAlchemyError:
        return 0


def _store_all(engine: Engine, items: list[Item], result, tally: Tally, bar) -> None:
    for item, people in zip(items, result(), strict=True):
        count_outcome(tally, bar, store_one(engine, item, people))


def count_outcome(tally: Tally, bar, outcome: str) -> None:
    setattr(tally, outcome, getattr(tally, outcome) + 1)
    bar.update()


# What write_article did, as the tally counts it.
_OUTCOMES = {"created": "created", "updated": "updated", "unchanged": "skipped"}


def store_one(engine: Engine, item: Item, people: list[PersonGroup] | str) -> str:
    """Store one article; answer the Tally field it counts under."""
    if isinstance(people, str):
        report(item.where, people)
        return "failed"
    try:
        # Closing the session rolls back anything unfinished.
        with Session(engine) as session, metrics.database_time():
            _, outcome = write_article(session, None, item.readable(), people)
            session.commit()  # no answer to read: a backfill only counts
    except Exception as err:  # noqa: BLE001  one bad article must not end a backfill
        report(item.where, problem_of(err))
        return "failed"
    return _OUTCOMES[outcome]


def _stored_hash(session: Session, external_id: str | None) -> str | None:
    if external_id is None:
        return None
    return session.exec(select(Article.content_hash)
                        .where(Article.external_id == external_id)).first()


def report(where: str, problem: str) -> None:
    # tqdm.write keeps the message from being drawn over by the progress bar.
    tqdm.write(f"{where}: {problem}", file=sys.stderr)


# --- reading the files ---

def count_articles(path: Path) -> int:
    return 1 if path.suffix == ".txt" else count_lines(path)


def read_items(paths: list[Path], max_chars: int) -> Iterator[Item]:
    return (item for path in paths for item in read_file(path, max_chars))


def read_file(path: Path, max_chars: int) -> Iterator[Item]:
    yield from (_read_text if path.suffix == ".txt" else _read_lines)(path, max_chars)


def _read_text(path: Path, max_chars: int) -> Iterator[Item]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        yield Item(str(path), problem=f"cannot read: {err}")
        return
    yield _validated(str(path), {"text": text, "external_id": path.stem}, max_chars)


def _read_lines(path: Path, max_chars: int) -> Iterator[Item]:
    for where, body in json_objects(path):
        yield Item(where, problem=body) if isinstance(body, str) else _validated(where, body, max_chars)


def _validated(where: str, body: dict, max_chars: int) -> Item:
    """The same checks as POST /v1/articles, with the same wording."""
    try:
        article = ArticleIn.model_validate(body)
    except ValidationError as err:
        problems = problems_message(field_problems(err.errors()), whole="article")
        return Item(where, problem=f"invalid article: {problems}")
    if len(article.text) > max_chars:
        return Item(where, problem=str(TextTooLarge(len(article.text), max_chars)))
    return Item(where, article=article)
