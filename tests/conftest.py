"""Fixtures: real databases on both backends, each test run in its own
database that is dropped at the end; each test starts with empty tables."""
import os
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

import service.db.models  # noqa: F401  (registers the tables)
from bench.kit import KIT
from service.app import create_app
from service.config import Settings
from service.db.engine import make_engine
from service.db.migrate import upgrade

REPO = Path(__file__).resolve().parents[1]
SEEDS = KIT / "corpora" / "seeds"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI") == "true"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _postgres_problem() -> str | None:
    engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as err:
        return str(err.orig).strip().splitlines()[0]
    finally:
        engine.dispose()
    return None


def require_postgres() -> None:
    problem = _postgres_problem()
    if problem is None:
        return
    message = f"PostgreSQL unreachable at {POSTGRES_URL}: {problem}"
    if IN_CI:
        pytest.fail(message + " (CI=true: the PostgreSQL tests must run)")
    pytest.skip(message)


def create_database(backend: str, folder: Path) -> str:
    """A new, empty database; returns its URL."""
    if backend == "sqlite":
        return f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
    require_postgres()
    name = f"namesake_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return  # the SQLite file goes with pytest's temporary folder
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """A brand-new database with no tables, on each backend."""
    url = create_database(request.param, tmp_path)
    yield url
    drop_database(url)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A database at the newest schema, shared by the tests of one backend."""
    url = create_database(request.param, tmp_path_factory.mktemp("db"))
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    drop_database(url)


def wipe(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, migrate_on_start=False)


@pytest.fixture
def client(settings):
    """The app, started with its lifespan, on an empty store."""
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client
    wipe(settings.database_url)


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (SEEDS / "gold.json").exists():
        message = f"the evaluation kit's seed articles are not at {SEEDS} (set NAMESAKE_EVAL_KIT)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return SEEDS
