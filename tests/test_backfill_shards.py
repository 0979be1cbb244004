"""`namesake ingest --shard I/N`: machines sharing one backfill on one
PostgreSQL database store what one machine stores, down to who is whom."""
import os
import subprocess

import pytest

from tests.conftest import REPO, create_database, drop_database
from tests.test_backfill import NAMESAKE, ingest, people, stored

pytestmark = pytest.mark.postgres
CORPORA = ("families", "heldout", "public", "wire")


@pytest.fixture
def docs(tmp_path):
    """The repository's news corpora in one folder: 85 articles in which many
    people recur, by full name in one and by surname in the next, so the
    order they are stored in matters."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for corpus in CORPORA:
        for path in sorted((REPO / "bench" / "corpora" / corpus / "docs").glob("*.txt")):
            (folder / f"{corpus}-{path.name}").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.fixture
def two_databases(tmp_path):
    urls = [create_database("postgresql", tmp_path) for _ in range(2)]
    yield urls
    for url in urls:
        drop_database(url)


def start(database_url, folder, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "warning"}
    return subprocess.Popen([NAMESAKE, "ingest", "--quiet", "--batch-size", "4", *args], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_shards_store_what_one_machine_stores(tmp_path, docs, two_databases):
    one, shared = two_databases
    alone = start(one, tmp_path, "--workers", "1", str(docs))
    assert alone.wait(timeout=600) == 0, alone.communicate()[1]
    # Schema first, as an upgrade would be; then three machines at once, one
    # with model worker processes.
    assert ingest(shared, tmp_path, "--quiet", str(tmp_path / "none.jsonl")).returncode == 2
    machines = [start(shared, tmp_path, "--shard", f"{i}/3", "--workers", workers, str(docs))
                for i, workers in ((1, "2"), (2, "1"), (3, "1"))]
    outputs = [machine.communicate(timeout=600) for machine in machines]
    assert [m.returncode for m in machines] == [0, 0, 0], [err for _, err in outputs]
    shares = [int(out.split("articles: ")[1].split(",")[0]) for out, _ in outputs]
    assert sum(shares) == 85 and all(shares)
    assert stored(shared) == stored(one)
    assert people(shared) == people(one)


def test_a_share_waits_for_the_batch_before_its_own_and_resumes(tmp_path, docs, two_databases):
    url = two_databases[0]
    second = start(url, tmp_path, "--shard", "2/2", str(docs))
    with pytest.raises(subprocess.TimeoutExpired):
        second.wait(timeout=20)  # its first batch is the input's second: it waits for the first
    assert stored(url) == {}
    first = start(url, tmp_path, "--shard", "1/2", str(docs))
    assert first.wait(timeout=600) == 0 and second.wait(timeout=600) == 0, second.communicate()[1]
    assert len(stored(url)) == 85
    # Started again with the same files, a share finds every batch stored.
    again = ingest(url, tmp_path, "--quiet", "--shard", "2/2", "--batch-size", "4", str(docs))
    assert again.returncode == 0 and "articles: 0, created: 0" in again.stdout


@pytest.mark.parametrize("shard", ["0/2", "3/2", "2", "a/b", "1/0"])
def test_a_bad_shard_is_refused_before_anything_runs(tmp_path, shard):
    result = ingest(f"sqlite:///{tmp_path / 'x.db'}", tmp_path, "--shard", shard, "x.txt")
    assert result.returncode == 2 and "--shard" in result.stderr and "I/N" in result.stderr
    assert not (tmp_path / "x.db").exists()
