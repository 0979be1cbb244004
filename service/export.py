"""`namesake export` and GET /v1/entities:export: every live entity with its
aliases, titles, external identifiers and counts, one record at a time.

Live entities only: an entity merged away is one of its survivor's
`merged_ids`, and its identifiers answer for the survivor. Entities are read
in pages of PAGE by ID (keyset pagination: each page one indexed query,
whatever the store's size), each page in a read transaction of its own, so
that memory stays flat and no snapshot is held for the whole export.

A record reads back through `namesake import-people` (JSON lines or CSV):
its `name`, `aliases`, `external_ids`, `titles` and `description` are the
fields the import takes; the rest it ignores."""
import csv
import io
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select
from tqdm import tqdm

from service.config import Settings
from service.db.engine import make_engine
from service.db.models import Alias, Entity, EntityTitle, core_table
from service.external_ids import identifiers

PAGE = 500
CSV_COLUMNS = ("id", "name", "aliases", "titles", "external_ids", "description", "mention_count",
               "article_count", "merged_ids")
LIST_SEPARATOR = ";"
_alias, _title, _entity = core_table(Alias).c, core_table(EntityTitle).c, core_table(Entity).c


def run(settings: Settings, out: str | None, form: str, quiet: bool = False) -> int:
    """The whole command: the records to `out` (stdout when None), a progress
    bar and the summary on stderr (stdout may be the export itself)."""
    engine = make_engine(settings.database_url, settings.database_timeout)
    started, written = time.monotonic(), 0
    line = csv_line if form == "csv" else jsonl_line
    try:
        with (open(out, "w", encoding="utf-8", newline="") if out else nullcontext(sys.stdout)) as stream, \
                tqdm(total=live_count(engine), unit="entity", file=sys.stderr,
                     disable=quiet or not sys.stderr.isatty(), dynamic_ncols=True) as bar:
            if form == "csv":
                stream.write(csv_header())
            for record in records(engine):
                stream.write(line(record))
                written += 1
                bar.update()
    except BrokenPipeError:
        # The reader went away (`namesake export | head`): stop without a
        # traceback, and keep Python from failing again on flushing stdout.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        engine.dispose()
    print(f"entities: {written}, seconds: {time.monotonic() - started:.1f}", file=sys.stderr)
    return 0


def live_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Entity)
                            .where(col(Entity.merged_into).is_(None))).one()


def records(engine: Engine) -> Iterator[dict[str, Any]]:
    """Every live entity's record, by ID."""
    after = ""
    while True:
        with Session(engine) as session:
            page = list(session.exec(select(Entity).where(col(Entity.merged_into).is_(None), col(Entity.id) > after)
                                     .order_by(col(Entity.id)).limit(PAGE)))
            if not page:
                return
            found = _records(session, page)
        yield from found
        after = page[-1].id


def _records(session: Session, page: list[Entity]) -> list[dict[str, Any]]:
    ids = [e.id for e in page]
    connection = session.connection()
    aliases: dict[str, dict[str, int]] = defaultdict(dict)
    titles: dict[str, dict[str, int]] = defaultdict(dict)
    merged: dict[str, list[str]] = defaultdict(list)
    for entity_id, surface, count in connection.execute(
            core_select(_alias.entity_id, _alias.surface, _alias.count).where(_alias.entity_id.in_(ids))
            .order_by(_alias.count.desc(), _alias.surface)):
        aliases[entity_id][surface] = count
    for entity_id, title, count in connection.execute(
            core_select(_title.entity_id, _title.title, _title.count).where(_title.entity_id.in_(ids))
            .order_by(_title.count.desc(), _title.title)):
        titles[entity_id][title] = count
    for entity_id, survivor in connection.execute(
            core_select(_entity.id, _entity.merged_into).where(_entity.merged_into.in_(ids)).order_by(_entity.id)):
        merged[survivor].append(entity_id)
    held = identifiers(session, ids)
    return [{"id": e.id, "name": e.canonical_name, "aliases": aliases[e.id], "titles": titles[e.id],
             "external_ids": held.get(e.id, {}), "description": e.description,
             "mention_count": e.mention_count, "article_count": e.article_count, "merged_ids": merged[e.id]}
            for e in page]


def jsonl_line(record: dict[str, Any]) -> str:
    """A record as one line of JSON: the CLI and the API write the same bytes."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def csv_header() -> str:
    return _csv_line(CSV_COLUMNS)


def csv_line(record: dict[str, Any]) -> str:
    """A record as a CSV row: lists `;`-separated, identifiers scheme:value."""
    return _csv_line([
        record["id"], record["name"], LIST_SEPARATOR.join(record["aliases"]),
        LIST_SEPARATOR.join(record["titles"]),
        LIST_SEPARATOR.join(f"{s}:{v}" for s, v in sorted(record["external_ids"].items())),
        record["description"] or "", record["mention_count"], record["article_count"],
        LIST_SEPARATOR.join(record["merged_ids"])])


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue()
