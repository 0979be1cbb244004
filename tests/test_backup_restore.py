"""The README runbook's backup and restore, on both backends: a copy taken
from a store restores to the same people, and `namesake check` finds the
derived tables whole."""
import os
import shutil
import subprocess
import sys

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import create_database, drop_database
from tests.test_backfill import HIJAB, MERKEL, NAMESAKE, ingest, people, stored

# The runbook's commands, as the README gives them.
SQLITE_BACKUP = ("import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))")


def _filled(database_url: str, folder) -> None:
    for i, text in enumerate((MERKEL, HIJAB, "Riad Hijab met Angela Merkel in Berlin.")):
        (folder / f"a{i}.txt").write_text(text + "\n", encoding="utf-8")
    result = ingest(database_url, folder, "--quiet", "--workers", "1", *(f"a{i}.txt" for i in range(3)))
    assert result.returncode == 0, result.stderr


def _check(database_url: str, folder) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning"}
    done = subprocess.run([NAMESAKE, "check", "--quiet"], capture_output=True, text=True, cwd=folder, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_sqlite_backup_restores_the_same_store(tmp_path):
    live, copy = tmp_path / "namesake.db", tmp_path / "backup.db"
    _filled(f"sqlite:///{live}", tmp_path)
    subprocess.run([sys.executable, "-c", SQLITE_BACKUP, str(live), str(copy)], check=True)
    restored = tmp_path / "restored" / "namesake.db"
    restored.parent.mkdir()
    shutil.copyfile(copy, restored)
    url = f"sqlite:///{restored}"
    assert _check(url, tmp_path) == "0 differences in 0 entities"
    assert stored(url) == stored(f"sqlite:///{live}") and people(url) == people(f"sqlite:///{live}")


@pytest.mark.postgres
def test_postgresql_dump_restores_the_same_store(tmp_path):
    live, target = create_database("postgresql", tmp_path), create_database("postgresql", tmp_path)
    try:
        _filled(live, tmp_path)
        dump = tmp_path / "namesake.dump"
        source, into = make_url(live), make_url(target)
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-h", source.host, "-U", source.username,
                        "-f", str(dump), source.database], check=True)
        subprocess.run(["pg_restore", "--no-owner", "-h", into.host, "-U", into.username,
                        "-d", into.database, str(dump)], check=True)
        assert _check(target, tmp_path) == "0 differences in 0 entities"
        assert stored(target) == stored(live) and people(target) == people(live)
    finally:
        drop_database(live)
        drop_database(target)
