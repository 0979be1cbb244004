"""Transactions that lost a race start again, a bounded number of times.

Writers take their locks in one order (service/db/locks.py), so they wait
for each other rather than deadlock. What is left: PostgreSQL may still
pick a deadlock victim or refuse a serialization, and a writer may find,
once it holds its locks, that what it decided on changed meanwhile (an
entity merged away by another replica). Each is cured by running the whole
operation again on what is committed now; only when that keeps failing does
the client get a 503 with Retry-After."""
import functools
import random
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

# Enough for a merge among four replicas curating the same few people at
# once (the busiest case the tests make): about 3 s of pauses in all.
ATTEMPTS = 7
# Seconds of the first pause; each later one doubles, with jitter, so that
# the two sides of a race do not meet again.
FIRST_PAUSE = 0.05

# SQLSTATEs of a transaction PostgreSQL rolled back to let others proceed.
_ROLLED_BACK = {"40P01", "40001"}  # deadlock_detected, serialization_failure


class StaleRead(Exception):
    """What the transaction decided on changed before its locks were held."""

    def __init__(self, what: str):
        super().__init__(f"{what} changed while this request was being processed; retry shortly")


P = ParamSpec("P")
R = TypeVar("R")


def retried(work: Callable[P, R]) -> Callable[P, R]:
    """Run `work(session, ...)` again, after a rollback, when it lost a race.
    The work must not have committed anything before it raises."""

    @functools.wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        session = args[0]
        assert isinstance(session, Session)
        for attempt in range(ATTEMPTS):
            try:
                return work(*args, **kwargs)
            except Exception as err:
                if attempt == ATTEMPTS - 1 or not lost_race(err):
                    raise
                session.rollback()
                time.sleep(random.uniform(0.5, 1.5) * FIRST_PAUSE * 2**attempt)
        raise AssertionError("unreachable")

    return run


@retried
def committed(session: Session, work: Callable[..., R], *args, **kwargs) -> R:
    """Run `work(session, ...)` and commit: one transaction, begun again as a
    whole, commit included, when it lost a race. `work` and all it calls
    only flush: nothing in it commits half of the transaction."""
    result = work(session, *args, **kwargs)
    session.commit()
    return result


def lost_race(err: Exception) -> bool:
    if isinstance(err, StaleRead):
        return True
    return isinstance(err, DBAPIError) and getattr(err.orig, "sqlstate", None) in _ROLLED_BACK
