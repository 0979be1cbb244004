"""`namesake ingest FILES...`: read many articles in-process, for backfills.

Each article goes through `ingest_article`, as a POST to /v1/articles does,
in its own transaction: an interrupted run leaves no article half-written and
can simply be run again, since an article already stored under its
external_id with the same text is skipped.

Input, one article per `.txt` file (external_id = the file name without its
extension) or one JSON object per line of a `.jsonl` file (the fields of
POST /v1/articles). A directory stands for the .txt and .jsonl files in it.
"""
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from spacy.language import Language
from sqlalchemy import Engine
from sqlmodel import Session, select
from tqdm import tqdm

from service.articles import content_hash, ingest_article
from service.config import Settings
from service.db.engine import make_engine
from service.db.migrate import upgrade
from service.db.models import Article
from service.errors import TextTooLarge
from service.nlp import load_pipeline
from service.nlp.model import ModelNotAvailable
from service.schemas import ArticleIn

SUFFIXES = (".txt", ".jsonl")


class UsageError(Exception):
    """The command line names files that cannot be read: nothing was done."""


@dataclass(frozen=True)
class Item:
    """One article read from a file, or why it could not be read."""

    where: str  # "file" or "file:line", for messages
    article: ArticleIn | None = None
    problem: str | None = None


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


def run(settings: Settings, names: list[str], quiet: bool = False) -> int:
    """The whole command; answers the exit status (0 all stored, 1 some failed,
    2 unusable arguments)."""
    try:
        paths = input_files(names)
    except UsageError as err:
        print(f"namesake ingest: {err}", file=sys.stderr)
        return 2
    try:
        nlp = load_pipeline(settings.ner_model)
    except ModelNotAvailable as err:
        print(f"namesake ingest: {err} (NER_MODEL)", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    upgrade(engine)
    show = not quiet and sys.stderr.isatty()
    try:
        tally = ingest_files(engine, nlp, paths, settings.max_text_chars, show)
    finally:
        engine.dispose()
    print(tally.summary())
    if tally.interrupted:
        return 130  # the shell's code for Ctrl-C
    return 0 if tally.failed == 0 else 1


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


def ingest_files(engine: Engine, nlp: Language, paths: list[Path], max_chars: int,
                 show: bool) -> Tally:
    tally, started = Tally(files=len(paths)), time.monotonic()
    # Counting first costs one quick read of the files and gives the bar an end.
    with tqdm(total=sum(map(count_articles, paths)), unit="article", file=sys.stderr,
              disable=not show, dynamic_ncols=True) as bar:
        try:
            for item in (item for path in paths for item in read_file(path, max_chars)):
                tally.read += 1
                outcome = _store(engine, nlp, item)
                setattr(tally, outcome, getattr(tally, outcome) + 1)
                bar.update()
        except KeyboardInterrupt:
            # Every stored article is complete, so the counts so far are worth showing.
            tally.interrupted = True
    tally.seconds = time.monotonic() - started
    return tally


def _store(engine: Engine, nlp: Language, item: Item) -> str:
    """Store one article; answer the Tally field it counts under."""
    if item.problem is not None:
        _report(item.where, item.problem)
        return "failed"
    try:
        with Session(engine) as session:  # closing it rolls back anything unfinished
            known = _stored_hash(session, item.article.external_id)
            _, created = ingest_article(session, nlp, item.article)
    except Exception as err:  # noqa: BLE001  one bad article must not end a backfill
        # The first line only: database errors go on with the SQL and its
        # parameters, which would print the whole article.
        first_line = str(err).split("\n", 1)[0]
        _report(item.where, f"{type(err).__name__}: {first_line}")
        return "failed"
    if created:
        return "created"
    # Not created: the same text again, or an edited text under a known external_id.
    return "updated" if known not in (None, content_hash(item.article.text)) else "skipped"


def _stored_hash(session: Session, external_id: str | None) -> str | None:
    if external_id is None:
        return None
    return session.exec(select(Article.content_hash)
                        .where(Article.external_id == external_id)).first()


def _report(where: str, problem: str) -> None:
    # tqdm.write keeps the message from being drawn over by the progress bar.
    tqdm.write(f"{where}: {problem}", file=sys.stderr)


# --- reading the files ---

def count_articles(path: Path) -> int:
    if path.suffix == ".txt":
        return 1
    with path.open("rb") as lines:
        return sum(1 for raw in lines if raw.strip())


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
    # Lines are read as bytes and decoded one by one, so that one line of bad
    # UTF-8 costs that article only, not the rest of the file.
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if raw.strip():
                yield _parsed(f"{path}:{number}", raw, max_chars)


def _parsed(where: str, raw: bytes, max_chars: int) -> Item:
    try:
        body = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as err:
        return Item(where, problem=f"not UTF-8: {err}")
    except json.JSONDecodeError as err:
        return Item(where, problem=f"not valid JSON: {err.msg} (column {err.colno})")
    if not isinstance(body, dict):
        return Item(where, problem=f"expected a JSON object, got {type(body).__name__}")
    return _validated(where, body, max_chars)


def _validated(where: str, body: dict, max_chars: int) -> Item:
    """The same checks as POST /v1/articles, with the same wording."""
    try:
        article = ArticleIn.model_validate(body)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'article'}: {e['msg']}"
                             for e in err.errors())
        return Item(where, problem=f"invalid article: {problems}")
    if len(article.text) > max_chars:
        return Item(where, problem=str(TextTooLarge(len(article.text), max_chars)))
    return Item(where, article=article)
