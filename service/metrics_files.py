"""Where worker processes keep their metric values (prometheus-client's
multiprocess mode): one file per metric kind and process, in the folder
named by PROMETHEUS_MULTIPROC_DIR.

Apart from service/metrics.py on purpose: importing that module creates the
metrics, and in multiprocess mode their files, which a server must not
delete under itself when it empties the folder at start."""
import glob
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_ENV) or None


@contextmanager
def worker_files(workers: int, folder: str | None) -> Iterator[None]:
    """The folder for the run of one server, put in the environment where the
    workers (and prometheus-client) find it: `folder` (PROMETHEUS_MULTIPROC_DIR)
    emptied of an earlier run's files, whose counts would be added to this
    run's; or, with several workers and no folder given, a fresh one removed
    at the end; with one worker and none given, none (values in memory).
    Enter it before anything imports prometheus_client, which picks its mode
    when first imported."""
    fresh = None if folder or workers <= 1 else tempfile.mkdtemp(prefix="namesake-metrics-")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for stale in glob.glob(os.path.join(folder, "*.db")):
            os.remove(stale)
    before, chosen = os.environ.get(MULTIPROC_ENV), folder or fresh
    if chosen:
        os.environ[MULTIPROC_ENV] = chosen
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(MULTIPROC_ENV, None)
        else:
            os.environ[MULTIPROC_ENV] = before
        if fresh:
            shutil.rmtree(fresh, ignore_errors=True)


def worker_started() -> None:
    """A worker that replaces one that died without its shutdown drops the
    dead one's gauges (its counters and histograms keep counting: they did
    happen)."""
    folder = multiprocess_dir()
    if not folder:
        return
    for path in glob.glob(os.path.join(folder, "gauge_live*_*.db")):
        pid = int(path.rsplit("_", 1)[1].removesuffix(".db"))
        if not _alive(pid):
            _forget(pid, folder)


def worker_stopped() -> None:
    """At a worker's shutdown: its gauges no longer count (mark_process_dead)."""
    folder = multiprocess_dir()
    if folder:
        _forget(os.getpid(), folder)


def _forget(pid: int, folder: str) -> None:
    # Imported here, not at the top: importing prometheus_client decides its
    # mode, which must wait until worker_files has set the folder.
    from prometheus_client.multiprocess import mark_process_dead

    mark_process_dead(pid, folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, under another user
    return True
