"""`namesake ingest`: the real command on files, a real SQLite database."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from service.backfill import Tally, ingest_files, read_file
from service.db.engine import make_engine
from service.db.models import Article, Mention

NAMESAKE = str(Path(sys.executable).parent / "namesake")
MERKEL = "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday."
HIJAB = "Prime Minister Riyad Hijab defected to Jordan, a spokesman for Bashar al-Assad said."


def ingest(database_url: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning"}
    return subprocess.run([NAMESAKE, "ingest", *args], capture_output=True, text=True,
                          cwd=folder, env=env, timeout=300)


def counts(stdout: str) -> dict[str, int]:
    """The summary line's counts: {"files": 2, "articles": 4, ...}."""
    summary = stdout.strip().splitlines()[-1]
    return {name: int(value) for name, value in re.findall(r"(\w+): (\d+)(?=,)", summary)}


def stored(database_url: str) -> dict[str, set[str]]:
    """external_id -> the mention texts stored for that article."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        articles = session.exec(select(Article)).all()
        found = {a.external_id: {m.text for m in session.exec(
            select(Mention).where(Mention.article_id == a.id))} for a in articles}
    engine.dispose()
    return found


@pytest.fixture
def files(tmp_path) -> list[str]:
    (tmp_path / "wire-001.txt").write_text(MERKEL + "\n", encoding="utf-8")
    lines = [
        json.dumps({"external_id": "j-1", "text": HIJAB, "title": "Defection",
                    "published_at": "2012-08-06T09:00:00Z", "html": "<p>ignored</p>"}),
        "{not json",
        "",
        json.dumps({"external_id": "j-2", "text": "   "}),
        json.dumps({"external_id": "j-3", "text": "Emmanuel Macron thanked Angela Merkel."}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["wire-001.txt", "batch.jsonl"]


def test_ingest_stores_articles_and_reports_bad_lines(tmp_path, files):
    url = f"sqlite:///{tmp_path / 'backfill.db'}"
    result = ingest(url, tmp_path, *files)
    assert result.returncode == 1, result.stderr  # two articles failed
    assert counts(result.stdout) == {"files": 2, "articles": 5, "created": 3, "updated": 0,
                                     "skipped": 0, "failed": 2}
    assert "seconds:" in result.stdout
    assert "batch.jsonl:2: not valid JSON" in result.stderr
    assert "batch.jsonl:4: invalid article: text:" in result.stderr
    assert "Traceback" not in result.stderr
    found = stored(url)
    assert set(found) == {"wire-001", "j-1", "j-3"}
    assert {"Angela Merkel", "Emmanuel Macron"} <= found["wire-001"]
    assert "Riyad Hijab" in found["j-1"]


def test_a_second_run_skips_everything_and_edits_update(tmp_path, files):
    url = f"sqlite:///{tmp_path / 'backfill.db'}"
    ingest(url, tmp_path, *files)
    again = ingest(url, tmp_path, "--quiet", *files)
    assert counts(again.stdout) == {"files": 2, "articles": 5, "created": 0, "updated": 0,
                                    "skipped": 3, "failed": 2}
    (tmp_path / "wire-001.txt").write_text("Emmanuel Macron met Olaf Scholz.", encoding="utf-8")
    edited = ingest(url, tmp_path, "wire-001.txt")
    assert edited.returncode == 0, edited.stderr
    assert counts(edited.stdout) == {"files": 1, "articles": 1, "created": 0, "updated": 1,
                                     "skipped": 0, "failed": 0}
    assert "Angela Merkel" not in stored(url)["wire-001"]


def test_a_directory_stands_for_its_files(tmp_path, files):
    url = f"sqlite:///{tmp_path / 'backfill.db'}"
    (tmp_path / "notes.md").write_text("not an article")
    result = ingest(url, tmp_path, str(tmp_path))
    assert counts(result.stdout)["files"] == 2
    assert counts(result.stdout)["created"] == 3


def test_missing_files_stop_before_anything_is_written(tmp_path, files):
    url = f"sqlite:///{tmp_path / 'backfill.db'}"
    result = ingest(url, tmp_path, files[0], "missing.jsonl")
    assert result.returncode == 2
    assert "missing.jsonl: no such file" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "backfill.db").exists()


def test_other_file_types_are_refused(tmp_path):
    (tmp_path / "feed.csv").write_text("text\nsomething\n")
    result = ingest(f"sqlite:///{tmp_path / 'x.db'}", tmp_path, "feed.csv")
    assert result.returncode == 2 and "not a .txt or .jsonl file" in result.stderr


def test_reader_reports_each_bad_line_and_keeps_going(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "first"}\n[1]\n{"text": "\\u00e9 \xff"}\n'
                     b'{"text": "long enough?"}\n{"text": "ok", "published_at": "yesterday"}\n')
    items = list(read_file(path, max_chars=8))
    assert [item.where for item in items] == [f"{path}:{n}" for n in range(1, 6)]
    assert items[0].article.text == "first"  # a byte-order mark is not part of the JSON
    assert "expected a JSON object" in items[1].problem
    assert "not UTF-8" in items[2].problem
    assert "the limit is 8" in items[3].problem  # the API's 413, in the same words
    assert items[4].problem.startswith("invalid article: published_at:")


def test_a_text_file_keeps_its_text_as_written(tmp_path):
    path = tmp_path / "story-7.txt"
    path.write_text("  Riad Hijab spoke.\n", encoding="utf-8")
    [item] = read_file(path, max_chars=1000)
    assert (item.article.external_id, item.article.text) == ("story-7", "  Riad Hijab spoke.\n")


def test_a_database_error_fails_that_article_only(tmp_path, files, capsys):
    # No schema: every write fails. The articles are read as naming nobody.
    engine = make_engine(f"sqlite:///{tmp_path / 'unmigrated.db'}")
    def nobody(texts, upto):
        return lambda: [[] for _ in texts]
    tally = ingest_files(engine, nobody, [tmp_path / name for name in files], 1000, show=False)
    engine.dispose()
    assert (tally.read, tally.failed, tally.created) == (5, 5, 0)
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 5  # one line each, without the SQL and the article's text
    assert any(e.endswith("wire-001.txt: OperationalError: (sqlite3.OperationalError) "
                          "no such table: article") for e in errors)


def test_summary_names_every_count():
    tally = Tally(files=1, read=4, created=1, updated=1, skipped=1, failed=1, seconds=2.34)
    assert tally.summary() == ("files: 1, articles: 4, created: 1, updated: 1, skipped: 1, "
                               "failed: 1, seconds: 2.3")


def test_worker_processes_store_what_one_process_stores(tmp_path, seeds):
    """Articles read by worker processes, in batches, are stored in file order
    and exactly as the one-process run stores them (and as the API would)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(seeds.glob("*.txt")):
        (docs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    runs = {}
    for workers in ("1", "3"):
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        result = ingest(url, tmp_path, "--quiet", "--workers", workers, str(docs))
        assert result.returncode == 0, result.stderr
        runs[workers] = (stored(url), people(url))
    assert runs["1"] == runs["3"]
    assert len(runs["3"][0]) == len(list(seeds.glob("*.txt"))) and all(runs["3"][0].values())


def people(database_url: str) -> set[frozenset]:
    """Each entity as the set of its mentions' (external_id, start): IDs differ
    between stores, who is whom must not."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        rows = session.exec(select(Mention.entity_id, Article.external_id, Mention.start)
                            .join(Article, Article.id == Mention.article_id)).all()
    engine.dispose()
    found: dict[str, set] = {}
    for entity_id, external_id, start in rows:
        found.setdefault(entity_id, set()).add((external_id, start))
    return {frozenset(v) for v in found.values()}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_backfill_finds_the_names_the_store_knows(tmp_path, workers):
    """The names stored before a batch is read are looked for in it, by
    worker processes too (each with its own connection)."""
    url = f"sqlite:///{tmp_path / 'known.db'}"
    (tmp_path / "first.txt").write_text(
        "Opposition leader Hamdeen Sabahi met the ambassador in Cairo on Monday.\n", encoding="utf-8")
    (tmp_path / "later.txt").write_text(
        "Sabahi said on Tuesday that the constitution must be rewritten.\n", encoding="utf-8")
    for name in ("first.txt", "later.txt"):
        result = ingest(url, tmp_path, "--quiet", "--workers", workers, name)
        assert result.returncode == 0, result.stderr
    assert stored(url)["later"] == {"Sabahi"}
    assert frozenset({("first", len("Opposition leader ")), ("later", 0)}) in people(url)
