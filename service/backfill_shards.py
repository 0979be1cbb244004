"""`namesake ingest --shard I/N`: N machines share one backfill on one
database, with the result one machine would give.

Every machine reads the same files and cuts them into the same numbered
batches; machine I owns batches I-1, I-1+N, I-1+2N, ... What makes one run's
entities differ from another's is the order articles are stored in (a name
resolves against the people stored before it), so storing keeps the input's
order: a machine stores its batch b once batch b-1 is recorded in table
`backfill_batch`, then records b. The model's reading of a text depends on
nothing stored, and is most of a backfill's time: each machine runs it over
its own batches ahead of its turn, so that part is shared N ways.

One step of reading does depend on the store: the names it knows, looked for
in the text (known_names.py). One machine reads batch b while it stores b-1,
so with the names known once b-2 was stored; a shared run looks them up as of
the alias id recorded with batch b-2, and so finds the same names.

A run is known by its input (every article's key and text hash, in order),
N and the batch size: an interrupted run, started again with the same files,
skips the batches recorded and resumes at the first that is not.
"""
import hashlib
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from spacy.language import Language
from sqlalchemy import Engine
from sqlmodel import Session, select
from tqdm import tqdm

from service.articles import content_hash
from service.backfill import (
    Item,
    Tally,
    count_outcome,
    known_forms_upto,
    latest_alias_or_zero,
    problem_of,
    read_items,
    sorted_out,
    store_one,
)
from service.db.models import BackfillBatch
from service.db.upsert import insert_ignoring_duplicates
from service.errors import TooManyNames
from service.nlp.people import people_of

# Batches read by the model ahead of this machine's turn: enough to keep the
# workers busy while it waits, few enough to hold in memory.
AHEAD = 2
START = -1  # the row recording the run's start
POLL_SECONDS = (0.02, 0.5)  # first and longest pause between looks for a batch
NOTE_SECONDS = 60  # how often a machine that waits says what for


@dataclass(frozen=True)
class Shard:
    """This machine's share of a backfill: the index-th of count (1-based)."""

    index: int = 1
    count: int = 1

    @classmethod
    def parse(cls, text: str) -> "Shard":
        """`I/N` with 1 <= I <= N, as `--shard` takes it."""
        index, slash, count = text.partition("/")
        if not (slash and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
            raise ValueError(f"{text!r}: expected I/N with 1 <= I <= N, as 1/4")
        return cls(int(index), int(count))

    def owns(self, batch: int) -> bool:
        return batch % self.count == self.index - 1

    def owner(self, batch: int) -> str:
        return f"{batch % self.count + 1}/{self.count}"


def ingest_share(engine: Engine, nlp: Language, reader, paths: list[Path], max_chars: int, show: bool,
                 shard: Shard, batch_size: int) -> Tally:
    tally, started = Tally(files=len(paths)), time.monotonic()
    run, sizes = survey(paths, max_chars, shard, batch_size)
    start = _start(engine, run)
    done = _recorded(engine, run)
    mine = [b for b in range(len(sizes)) if shard.owns(b) and b not in done]
    with tqdm(total=sum(sizes[b] for b in mine), unit="article", file=sys.stderr,
              disable=not show, dynamic_ncols=True) as bar:
        try:
            ahead: deque = deque()
            for b, batch in _batches(paths, max_chars, batch_size, set(mine)):
                todo = sorted_out(engine, batch, tally, bar)
                ahead.append((b, todo, reader([item.readable().text for item in todo], 0)))
                if len(ahead) > AHEAD:
                    _store_turn(engine, nlp, run, shard, start, ahead.popleft(), tally, bar)
            while ahead:
                _store_turn(engine, nlp, run, shard, start, ahead.popleft(), tally, bar)
        except KeyboardInterrupt:
            tally.interrupted = True
    tally.seconds = time.monotonic() - started
    return tally


def survey(paths: list[Path], max_chars: int, shard: Shard, batch_size: int) -> tuple[str, list[int]]:
    """The run's key and the size of each batch, from one read of the input."""
    digest = hashlib.sha256(f"{shard.count}/{batch_size}".encode())
    sizes: list[int] = []
    for number, item in enumerate(read_items(paths, max_chars)):
        if number % batch_size == 0:
            sizes.append(0)
        sizes[-1] += 1
        article = item.article
        # File names stay out: each machine may have the files elsewhere.
        digest.update(b"\0" + (f"{article.external_id}\0{content_hash(article.text)}" if article
                               else "unreadable").encode("utf-8", "surrogatepass"))
    return digest.hexdigest(), sizes


def _batches(paths: list[Path], max_chars: int, batch_size: int, wanted: set[int]) -> Iterator[tuple[int, list[Item]]]:
    items = read_items(paths, max_chars)
    number = 0
    while batch := list(islice(items, batch_size)):
        if number in wanted:
            yield number, batch
        number += 1


def _store_turn(engine: Engine, nlp: Language, run: str, shard: Shard, start: int,
                read: tuple[int, list[Item], Callable[[], list]], tally: Tally, bar) -> None:
    """Store batch b in its turn: read with the names known as of batch b-2,
    stored after batch b-1."""
    b, todo, entities = read
    found = entities()
    upto = start if b < 2 else _wait_for(engine, run, shard, b - 2, bar)
    known = known_forms_upto(upto)
    people = [each if isinstance(each, str) else _people(nlp, item.readable().text, each, known)
              for item, each in zip(todo, found, strict=True)]
    if b > 0:
        _wait_for(engine, run, shard, b - 1, bar)
    for item, each in zip(todo, people, strict=True):
        count_outcome(tally, bar, store_one(engine, item, each))
    _record(engine, run, b, latest_alias_or_zero(engine))


def _people(nlp: Language, text: str, entities, known):
    found = people_of(nlp, text, entities, known)
    return problem_of(found) if isinstance(found, TooManyNames) else found


def _start(engine: Engine, run: str) -> int:
    """The newest alias id when the run began: the first machine to start
    records it, before anything of the run is stored."""
    _record(engine, run, START, latest_alias_or_zero(engine))
    with Session(engine) as session:
        return session.exec(select(BackfillBatch.alias_upto)
                            .where(BackfillBatch.run == run, BackfillBatch.batch == START)).one()


def _recorded(engine: Engine, run: str) -> set[int]:
    with Session(engine) as session:
        return set(session.exec(select(BackfillBatch.batch).where(BackfillBatch.run == run)))


def _record(engine: Engine, run: str, batch: int, alias_upto: int) -> None:
    with Session(engine) as session:
        insert_ignoring_duplicates(session, BackfillBatch, [{"run": run, "batch": batch, "alias_upto": alias_upto}])
        session.commit()


def _wait_for(engine: Engine, run: str, shard: Shard, batch: int, bar) -> int:
    """The alias id recorded with `batch`, once its machine has stored it."""
    pause, waited, noted = POLL_SECONDS[0], 0.0, 0.0
    while True:
        with Session(engine) as session:
            upto = session.exec(select(BackfillBatch.alias_upto)
                                .where(BackfillBatch.run == run, BackfillBatch.batch == batch)).first()
        if upto is not None:
            return upto
        if waited - noted >= NOTE_SECONDS:
            # A machine that stopped holds every other up: say which to start again.
            tqdm.write(f"waiting for batch {batch}, which shard {shard.owner(batch)} stores", file=sys.stderr)
            noted = waited
        time.sleep(pause)
        waited += pause
        pause = min(pause * 2, POLL_SECONDS[1])
