"""`namesake import-people FILE`: people from an authority file (Wikidata,
the newsroom's own people database), created or updated, keyed by their
external identifiers.

Input, JSON lines (.jsonl, .ndjson, .json), one person per line:
    {"name": "Hamdeen Sabahi", "aliases": ["Hamdin Sabbahi"],
     "external_ids": {"wikidata": "Q1379163"}, "titles": ["politician"],
     "description": "Egyptian politician"}
(`aliases` and `titles` may also be objects whose keys are the names, as
`namesake export` writes them), or CSV (.csv) with the header
name,aliases,external_ids,titles,description: lists `;`-separated,
identifiers `scheme:value;scheme:value`. Other columns and fields are
ignored, so an export reads back in.

Each record is one transaction: an interrupted import keeps what it did, and
running it again finishes it. A record whose identifiers are all unknown
creates a person; one whose identifiers name a known person adds what that
person lacks (names, identifiers, titles, the description); the same record
again changes nothing, and records nothing in the change feed."""
import csv
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from sqlalchemy import Engine
from sqlmodel import Session
from tqdm import tqdm

from service import authority, changes
from service.config import Settings
from service.db.engine import make_engine
from service.db.locks import lock_names
from service.db.migrate import upgrade
from service.db.models import Entity, utcnow
from service.db.retry import committed
from service.errors import Conflict, field_problems, problems_message
from service.external_ids import holder, identifier_lock, identifiers, set_identifier
from service.lines import count_lines, json_objects
from service.live import locked_live
from service.names import InvalidName, blocking_keys
from service.schemas import Identifier, Scheme, Text, parse_pair

FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
LIST_SEPARATOR = ";"


class UsageError(Exception):
    """The command line names a file that cannot be read as people: nothing was done."""


class Refused(Exception):
    """A record that cannot be applied; `reason` is its kind, for the summary."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _keys(value):
    # An export writes {"Hamdeen Sabahi": 3}: the names are the keys.
    return list(value) if isinstance(value, dict) else value


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


Name = Annotated[Text, BeforeValidator(_stripped), Field(min_length=1, max_length=512)]
Names = Annotated[list[Name], BeforeValidator(_keys)]


class PersonIn(BaseModel):
    """One record of an authority file."""

    model_config = ConfigDict(extra="ignore")

    name: Name
    aliases: Names = Field(default_factory=list, max_length=1000)
    external_ids: dict[Scheme, Identifier] = Field(default_factory=dict, max_length=100)
    titles: Names = Field(default_factory=list, max_length=100)
    description: Text | None = Field(None, max_length=10_000)

    def names(self) -> list[str]:
        return list(dict.fromkeys([self.name, *self.aliases]))


@dataclass(frozen=True)
class Item:
    """One record read from the file, or why it could not be read."""

    where: str  # "file:line", for messages
    person: PersonIn | None = None
    problem: str | None = None


@dataclass
class Tally:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: Counter = field(default_factory=Counter)  # reason -> records
    seconds: float = 0.0
    interrupted: bool = False

    def summary(self) -> str:
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.refused.items()))
        line = (f"records: {self.read}, created: {self.created}, updated: {self.updated}, "
                f"unchanged: {self.unchanged}, refused: {self.refused.total()}"
                + (f" ({reasons})" if reasons else "") + f", seconds: {self.seconds:.1f}")
        if self.interrupted:
            return line + " (interrupted: run again to resume)"
        if self.read and self.read == self.unchanged:
            return line + " (nothing to change)"
        return line


def run(settings: Settings, name: str, form: str | None, actor: str, quiet: bool = False) -> int:
    """The whole command; answers the exit status: 0 every record applied
    (or already there), 1 some refused (the others applied), 2 nothing read
    (no such file, unknown format, a CSV without the needed columns), 130
    interrupted."""
    try:
        path, form = input_file(name, form)
        total = count_records(path, form)
    except UsageError as err:
        print(f"namesake import-people: {err}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url, settings.database_timeout)
    try:
        upgrade(engine)
        tally = import_people(engine, read_people(path, form), total, actor,
                              show=not quiet and sys.stderr.isatty())
    finally:
        engine.dispose()
    print(tally.summary())
    if tally.interrupted:
        return 130  # the shell's code for Ctrl-C
    return 1 if tally.refused else 0


def input_file(name: str, form: str | None) -> tuple[Path, str]:
    path = Path(name)
    if not path.is_file():
        raise UsageError(f"{name}: no such file")
    form = form or FORMATS.get(path.suffix.lower())
    if form is None:
        raise UsageError(f"{name}: say --format jsonl or csv (the name ends in none of {', '.join(FORMATS)})")
    return path, form


def import_people(engine: Engine, items: Iterator[Item], total: int, actor: str, show: bool) -> Tally:
    tally, started = Tally(), time.monotonic()
    with tqdm(total=total, unit="person", file=sys.stderr, disable=not show, dynamic_ncols=True) as bar, \
            Session(engine) as session:
        try:
            for item in items:
                tally.read += 1
                _count(tally, _applied(session, item, actor))
                bar.update()
        except KeyboardInterrupt:
            # Every record applied is complete: the counts so far are worth showing.
            tally.interrupted = True
    tally.seconds = time.monotonic() - started
    return tally


def _count(tally: Tally, outcome: str | Refused) -> None:
    if isinstance(outcome, Refused):
        tally.refused[outcome.reason] += 1
    else:
        setattr(tally, outcome, getattr(tally, outcome) + 1)


def _applied(session: Session, item: Item, actor: str) -> str | Refused:
    """Apply one record in its own transaction: its outcome, or why it was refused (reported)."""
    try:
        if item.person is None:
            raise Refused("unreadable", item.problem or "unreadable")
        return committed(session, apply_person, item.person, actor)
    except Refused as refused:
        outcome = refused
    except Conflict as err:  # an identifier taken by another person meanwhile
        outcome = Refused("conflict", str(err))
    except Exception as err:  # noqa: BLE001  one bad record must not end an import
        outcome = Refused("failed", f"{type(err).__name__}: " + str(err).split("\n", 1)[0])
    session.rollback()
    # tqdm.write keeps the message from being drawn over by the progress bar.
    tqdm.write(f"{item.where}: {outcome.reason}: {outcome}", file=sys.stderr)
    return outcome


def apply_person(session: Session, person: PersonIn, actor: str) -> str:
    """Create or update the person the record's identifiers name; answers
    created, updated or unchanged. The caller commits."""
    if not person.external_ids:
        raise Refused("no external identifier", "the record has no external_ids: people are keyed by them")
    pairs = sorted(person.external_ids.items())
    # Name locks first (an article naming the person waits), then the entity's.
    lock_names(session, {identifier_lock(s, v) for s, v in pairs} | _keys_of(person))
    found = {f"{s}:{v}": entity.id for s, v in pairs if (entity := holder(session, s, v)) is not None}
    if len(set(found.values())) > 1:
        raise Refused("conflict", "the identifiers name different people: "
                      + ", ".join(f"{pair} is entity {entity_id}" for pair, entity_id in sorted(found.items())))
    if not found:
        _create(session, person, pairs, actor)
        return "created"
    entity, = locked_live(session, next(iter(found.values())))
    return "updated" if _update(session, entity, person, pairs, actor) else "unchanged"


def _keys_of(person: PersonIn) -> set[str]:
    try:
        return set().union(*(blocking_keys(n) for n in person.names()))
    except InvalidName as err:
        raise Refused("unreadable", f"invalid name: {err}") from err


def _create(session: Session, person: PersonIn, pairs: list[tuple[str, str]], actor: str) -> None:
    # The authority's name is the person's name as an editor's would be
    # (name_locked): articles' spellings do not replace it; an editor may.
    now = utcnow()
    entity = Entity(canonical_name=person.name, name_locked=True, description=person.description,
                    created_at=now, updated_at=now)
    session.add(entity)
    session.flush()
    changes.record(session, "entity.created", [entity.id], actor=actor, details={"name": person.name})
    for scheme, value in pairs:
        set_identifier(session, entity.id, scheme, value, actor)
    authority.give(session, entity.id, person.names(), person.titles)


def _update(session: Session, entity: Entity, person: PersonIn, pairs: list[tuple[str, str]], actor: str) -> bool:
    """Add what the person lacks; answers whether anything changed. The
    canonical name stays: the record's name becomes one of the aliases."""
    held = identifiers(session, [entity.id]).get(entity.id, {})
    clashing = [f"{s}:{held[s]}, the record says {s}:{v}" for s, v in pairs if held.get(s, v) != v]
    if clashing:
        raise Refused("conflict", f"entity {entity.id} holds " + "; ".join(clashing))
    changed = [set_identifier(session, entity.id, s, v, actor) for s, v in pairs if s not in held]
    changed.append(authority.give(session, entity.id, person.names(), person.titles))
    if person.description is not None and person.description != entity.description:
        entity.description = person.description
        changed.append(True)
    if any(changed):
        entity.updated_at = utcnow()
        session.add(entity)
    return any(changed)


# --- reading the file ---

def count_records(path: Path, form: str) -> int:
    """How many records the file holds (for the progress bar); also checks
    that a CSV file has the columns needed."""
    if form == "jsonl":
        return count_lines(path)
    with _csv_rows(path) as rows:
        return sum(1 for _ in rows)


def read_people(path: Path, form: str) -> Iterator[Item]:
    if form == "jsonl":
        for where, body in json_objects(path):
            yield Item(where, problem=body) if isinstance(body, str) else _validated(where, body)
        return
    with _csv_rows(path) as rows:
        for number, row in rows:
            where = f"{path}:{number}"
            yield Item(where, problem=row) if isinstance(row, str) else _from_csv(where, row)


CSV_NEEDED = ("name", "external_ids")


@contextmanager
def _csv_rows(path: Path) -> Iterator[Iterator[tuple[int, dict | str]]]:
    """The rows of a CSV file after its header, each with the number of its
    first line (a quoted field may span lines). Raises UsageError for a file
    without the columns needed."""
    try:
        file = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise UsageError(f"{path}: {err}") from err
    with file:
        reader = csv.DictReader(file)
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as err:
            raise UsageError(f"{path}: cannot read the CSV header: {err}") from err
        missing = [c for c in CSV_NEEDED if c not in header]
        if missing:
            raise UsageError(f"{path}: the CSV header lacks {', '.join(missing)} (it has {', '.join(header)})")
        yield _csv_records(reader)


def _csv_records(reader: csv.DictReader) -> Iterator[tuple[int, dict | str]]:
    """Each non-blank row; a row that cannot be read ends the file (the
    reader cannot go on past it), as (line, problem)."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as err:
            yield start, f"not valid CSV: {err} (the rest of the file is not read)"
            return
        if any(isinstance(v, str) and v.strip() for v in row.values()):
            yield start, row


def _from_csv(where: str, row: dict) -> Item:
    try:
        pairs = [parse_pair(p) for p in _split(row.get("external_ids"))]
    except ValueError as err:
        return Item(where, problem=f"invalid record: external_ids: {err}")
    return _validated(where, {
        "name": row.get("name") or "", "aliases": _split(row.get("aliases")),
        "external_ids": dict(pairs), "titles": _split(row.get("titles")),
        "description": (row.get("description") or "").strip() or None})


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(LIST_SEPARATOR) if part.strip()]


def _validated(where: str, body: dict) -> Item:
    try:
        return Item(where, person=PersonIn.model_validate(body))
    except ValidationError as err:
        return Item(where, problem=f"invalid record: {problems_message(field_problems(err.errors()), whole='record')}")
