"""The change feed: every change a client may cache (an entity created,
merged, split, renamed, marked distinct; an undo; an external ID set or
removed; an article deleted), numbered in commit order.

A client reads `GET /v1/changes?after=N` and keeps the last number it saw:
every change it has not seen has a larger one. For that, numbers must follow
commit order, not the order in which transactions happened to insert: a
transaction that inserted number 11 and commits before the one holding
number 10 would let a reader see 11, move on, and never see 10. So the rows
are not written when a change happens: `record` keeps them in the session,
and they are inserted at commit, after everything else, under a lock that
only one committing transaction holds at a time (on PostgreSQL a
transaction-scoped advisory lock, released by the commit itself; SQLite has
one writer at a time already). The lock is held for one insert and the commit.

This module owns `change_log`. Nothing here commits: the outermost caller
does, as everywhere, and a rollback drops what was kept."""
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, func, insert, text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from service import metrics
from service.db.locks import lock_id
from service.db.models import Change, core_table, utcnow
from service.schemas import ChangeOut

MACHINE = "machine"  # the actor of what resolution did on its own
KINDS = ("entity.created", "entity.merged", "entity.split", "entity.renamed", "entity.distinct",
         "curation.undone", "external_id.set", "external_id.removed", "article.deleted")

_PENDING = "namesake.changes"
_COMMIT_ORDER = lock_id("change_log")


def record(session: Session, kind: str, entity_ids: Iterable[str], *, actor: str = MACHINE,
           article_id: str | None = None, details: dict[str, Any] | None = None) -> None:
    """Keep one change, to be numbered and written when the session commits."""
    assert kind in KINDS, kind
    # The change belongs to the session's transaction: begun here if the
    # caller has not yet, so that its rollback drops the change as well.
    session.connection()
    session.info.setdefault(_PENDING, []).append({
        "at": utcnow(), "kind": kind, "entity_ids": json.dumps(list(entity_ids)), "article_id": article_id,
        "actor": actor, "details": json.dumps(details or {}, sort_keys=True)})
    metrics.change_kept(session, kind, details or {})


def read(session: Session, *, after: int, limit: int) -> list[Change]:
    """The changes numbered above `after`, oldest first."""
    return list(session.exec(select(Change).where(col(Change.id) > after).order_by(col(Change.id)).limit(limit)))


def newest(session: Session) -> int:
    """The number of the newest change; 0 when there is none."""
    return session.exec(select(func.max(Change.id))).one() or 0


def change_out(change: Change) -> ChangeOut:
    """A change as the feed and the webhooks show it: one shape for both."""
    assert change.id is not None  # a stored change has its number
    return ChangeOut(id=change.id, kind=change.kind, entity_ids=json.loads(change.entity_ids),
                     article_id=change.article_id, actor=change.actor, at=change.at,
                     details=json.loads(change.details))


@event.listens_for(OrmSession, "before_commit")
def _write_pending(session: OrmSession) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _COMMIT_ORDER})
    session.execute(insert(core_table(Change)), pending)


@event.listens_for(OrmSession, "after_soft_rollback")
def _drop_pending(session: OrmSession, previous_transaction) -> None:
    # A savepoint rolled back leaves the transaction, and what it kept, alive.
    if not previous_transaction.nested:
        session.info.pop(_PENDING, None)
