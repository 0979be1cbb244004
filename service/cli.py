"""`namesake serve | migrate | export-openapi | ingest | check | import-people | export`."""
import argparse
import json
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from service import logs
from service.config import Settings

OPENAPI_PATH = Path("openapi/openapi.json")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="namesake", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", help="address to bind (default: HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: WEB_CONCURRENCY or 1)")
    migrate = commands.add_parser("migrate", help="bring the database schema to a revision")
    migrate.add_argument("--revision", default="head", help="target revision (default: head)")
    openapi = commands.add_parser("export-openapi", help="write the OpenAPI document")
    openapi.add_argument("--output", type=Path, default=OPENAPI_PATH)
    ingest = commands.add_parser(
        "ingest", help="read articles from files into the database (backfills)",
        description="Read articles from .txt files (one article each; external_id = the "
        "file name without .txt) or .jsonl files (one POST /v1/articles body per line), "
        "or directories of them. Articles already stored with the same text are skipped, "
        "so an interrupted run can be started again.")
    ingest.add_argument("files", nargs="+", metavar="FILE", help=".txt, .jsonl or a directory")
    ingest.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    ingest.add_argument("--workers", "-w", type=int, default=None, metavar="N",
                        help="processes running the model (default: one per CPU; 1: none, "
                        "all in this process)")
    ingest.add_argument("--shard", type=_shard, default=None, metavar="I/N",
                        help="this machine's share (the I-th of N) of a backfill that N machines run with "
                        "the same files on one database (README: Backfills across machines)")
    ingest.add_argument("--batch-size", type=_positive, default=32, metavar="N",
                        help="articles per batch the model reads at once and, with --shard, per turn a "
                        "machine takes (default: %(default)s)")
    ingest.add_argument("--metrics-file", metavar="PATH",
                        help="write the run's Prometheus metrics there at the end (node_exporter's "
                        "textfile format; name it *.prom), replacing the file at once")
    check = commands.add_parser(
        "check", help="compare the tables derived from mentions with the mentions",
        description="Recompute every entity's aliases, name keys, titles, context words, "
        "counts and canonical name from the stored mentions, and list each difference "
        "(exit status 1 when there is one). With --repair, rebuild the entities that "
        "differ, in one transaction.")
    check.add_argument("--repair", action="store_true", help="rebuild what differs")
    check.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    people = commands.add_parser(
        "import-people", help="create or update people from an authority file (Wikidata, the newsroom's own)",
        description="Read people from JSON lines (.jsonl, .ndjson, .json: one object per line with name, "
        "aliases, external_ids, titles, description) or CSV (.csv, with those columns: lists ;-separated, "
        "identifiers scheme:value). Each record is keyed by its external identifiers: a known person is "
        "updated, an unknown one created; a record without one is refused. Each record is its own "
        "transaction, so an interrupted import can be run again. Exit status: 0 all applied, 1 some "
        "refused, 2 nothing read.")
    people.add_argument("file", metavar="FILE")
    people.add_argument("--format", choices=("jsonl", "csv"), help="the file's format (default: by its name)")
    people.add_argument("--actor", default="import-people", help="who the change feed names (default: %(default)s)")
    people.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    export = commands.add_parser(
        "export", help="write every entity with aliases, titles, identifiers and counts",
        description="Write every live entity (merged-away IDs are listed in merged_ids) as JSON lines or "
        "CSV, streaming; the summary goes to stderr. The output reads back through import-people.")
    export.add_argument("--out", "-o", metavar="FILE", help="where to write (default: stdout)")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    export.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as err:
        sys.exit(f"namesake: bad settings:\n{err}")
    logs.configure(settings.log_level, settings.log_format)
    {"serve": _serve, "migrate": _migrate, "export-openapi": _export_openapi,
     "ingest": _ingest, "check": _check, "import-people": _import_people,
     "export": _export}[args.command](settings, args)


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from service.metrics_files import MULTIPROC_ENV, worker_files
    from service.tracing import TracingMisconfigured

    # The flags win over the environment, for the app's settings too (the
    # reconciliation manifest's default base URL is made of them).
    settings = settings.model_copy(update={"host": args.host or settings.host,
                                           "port": args.port or settings.port})
    workers = settings.web_concurrency if args.workers is None else args.workers
    if workers < 1:
        sys.exit("namesake: --workers must be 1 or more")
    if workers > 1:
        # This process only starts the workers: its own metrics (made by the
        # imports below) stay in memory, out of the workers' folder.
        os.environ.pop(MULTIPROC_ENV, None)
        if settings.migrate_on_start:
            _upgrade(settings)  # once, here: workers starting together would race to migrate a new SQLite file
    with worker_files(workers, settings.prometheus_multiproc_dir):
        try:
            app = _application(settings, workers)
        except TracingMisconfigured as err:
            sys.exit(f"namesake: {err}")
        uvicorn.run(app, factory=workers > 1, workers=workers,
                    host=settings.host, port=settings.port, log_level=settings.log_level,
                    # Its loggers go through logs.configure's handler; the app logs each request itself.
                    log_config=None, access_log=False,
                    # On SIGTERM, requests in flight finish (up to this long) before the exit.
                    # uvicorn annotates it int, but hands it to asyncio.wait_for: seconds, fractions too.
                    timeout_graceful_shutdown=settings.shutdown_timeout)  # type: ignore[arg-type]


def _application(settings: Settings, workers: int):
    """The app, or for several workers where each builds its own: its factory's
    import path, with the settings the flags changed put in the environment
    the workers read. (Imported only once the metrics folder is ready:
    importing creates the metrics, and in multiprocess mode their files.)"""
    if workers > 1:
        os.environ.update(HOST=settings.host, PORT=str(settings.port), MIGRATE_ON_START="false")
        return "service.app:create_app"
    from service.app import create_app

    return create_app(settings)


def _migrate(settings: Settings, args: argparse.Namespace) -> None:
    print(f"schema at {args.revision}: {_upgrade(settings, args.revision)}")


def _upgrade(settings: Settings, revision: str = "head") -> str:
    """Bring the schema to `revision`; answers the database's URL, password hidden."""
    from service.db.engine import make_engine
    from service.db.migrate import upgrade

    engine = make_engine(settings.database_url, settings.database_timeout)
    try:
        upgrade(engine, revision)
        return engine.url.render_as_string()
    finally:
        engine.dispose()


def _export_openapi(settings: Settings, args: argparse.Namespace) -> None:
    from service.app import create_app

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(openapi_text(create_app(settings).openapi()), encoding="utf-8")
    print(f"wrote {args.output}")


def _ingest(settings: Settings, args: argparse.Namespace) -> None:
    # A backfill counts in its own file (--metrics-file), never in a server's
    # folder of worker values: there its counts would be added to the server's.
    os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    from service.backfill import run

    sys.exit(run(settings, args.files, quiet=args.quiet, workers=args.workers, shard=args.shard,
                 batch_size=args.batch_size, metrics_file=args.metrics_file))


def _shard(text: str):
    from service.backfill_shards import Shard

    try:
        return Shard.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number, 1 or more")
    return int(text)


def _import_people(settings: Settings, args: argparse.Namespace) -> None:
    from service.people_import import run

    sys.exit(run(settings, args.file, args.format, args.actor, quiet=args.quiet))


def _export(settings: Settings, args: argparse.Namespace) -> None:
    from service.export import run

    sys.exit(run(settings, args.out, args.format, quiet=args.quiet))


def _check(settings: Settings, args: argparse.Namespace) -> None:
    from sqlmodel import Session

    from service.db.engine import make_engine
    from service.ledger.check import differences, repair

    engine = make_engine(settings.database_url, settings.database_timeout)
    with Session(engine) as session:
        found = (repair if args.repair else differences)(session, show=not args.quiet)
        session.commit()
    for entity_id, what in found:
        print(f"{entity_id}: {what}")
    entities = len({entity_id for entity_id, _ in found})
    print(f"{len(found)} differences in {entities} entities" + (", repaired" if args.repair and found else ""))
    sys.exit(1 if found and not args.repair else 0)


def openapi_text(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
