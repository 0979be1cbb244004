"""Webhooks: the change feed (service/changes.py), pushed to each configured
URL as signed POSTs, at least once and in order.

Each URL has one row in `webhook_cursor`: the last change it acknowledged
(`after`), and a lease (`lease_owner`, `leased_until`) that says which server
process sends to it. Several replicas share one database; a replica sends to
a URL only while it holds the URL's lease, so in normal operation each change
reaches each URL once, not once per replica. Every write to the row is a
conditional UPDATE (free, expired or already ours; still ours and still at
the cursor we sent from), which the database applies to one row at a time
on SQLite and PostgreSQL alike: two replicas can both try, one wins. The
holder renews the lease while it runs and gives it up at shutdown; a
replica that died loses it when it expires, and another takes over.

A batch is the changes after the cursor, sent until the receiver answers
2xx, then the cursor moves past it: nothing is skipped, and the next batch
starts where the acknowledged one ended. Failed attempts (another status, a
timeout, no connection) are retried after a pause that doubles from
WEBHOOK_BACKOFF up to WEBHOOK_MAX_BACKOFF, with jitter. A change is sent
twice only when an answer is lost (the receiver took it but the 2xx never
came, or the sender stopped before recording it) or when a delivery outlasts
its lease: receivers dedupe by change number.

The sender runs in threads of the server process, one per URL (a receiver
that hangs holds up only its own URL), with their own sessions and short
transactions that never span a POST: an article post never waits for a
receiver. Nothing here but the sender's own steps commits.

This module owns `webhook_cursor` and `webhook_delivery`."""
import logging
import os
import random
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.metadata import version
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Engine, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from service import changes
from service.client import sign
from service.config import Settings
from service.db.models import WebhookCursor, WebhookDelivery, core_table, utcnow
from service.db.upsert import insert_ignoring_duplicates
from service.schemas import DeliveryOut, DeliveryPage, WebhookList, WebhookOut, WebhookPayload, page_rows

log = logging.getLogger("namesake")

# Seconds shutdown waits for deliveries in flight before it leaves them: the
# lease then runs out, and the batch is sent again later (at least once).
STOP_WAIT = 5.0
# The longest error text the delivery log keeps (its column's size).
_ERROR_CHARS = 512


# --- the cursor, the lease and the log: statements for the caller's transaction ---

def claim(session: Session, url: str, owner: str, now: datetime, lease: float) -> int | None:
    """Take or renew the lease on `url` for `owner` until `now` + `lease`
    seconds: the cursor when `owner` holds it, None when another replica
    does. Creates the URL's row on first use."""
    insert_ignoring_duplicates(session, WebhookCursor, [{"url": url, "after": 0}])
    cursor = core_table(WebhookCursor)
    free = (cursor.c.lease_owner.is_(None)) | (cursor.c.lease_owner == owner) | (cursor.c.leased_until < now)
    taken = session.execute(update(cursor).where(cursor.c.url == url, free)
                            .values(lease_owner=owner, leased_until=now + timedelta(seconds=lease))
                            .returning(cursor.c.after)).first()
    return None if taken is None else taken.after


def advance(session: Session, url: str, owner: str, start: int, end: int) -> bool:
    """Move the cursor of `url` from `start` to `end`, if `owner` still holds
    the lease and the cursor is still at `start`: a replica that lost the
    lease while sending never moves the cursor under the one that took it."""
    cursor = core_table(WebhookCursor)
    moved = session.execute(update(cursor).where(cursor.c.url == url, cursor.c.lease_owner == owner,
                                                 cursor.c.after == start)
                            .values(after=end).returning(cursor.c.url)).first()
    return moved is not None


def release(session: Session, url: str, owner: str) -> None:
    """Give up the lease on `url`, if `owner` holds it: another replica may
    take the URL over at once instead of when the lease runs out."""
    cursor = core_table(WebhookCursor)
    session.execute(update(cursor).where(cursor.c.url == url, cursor.c.lease_owner == owner)
                    .values(lease_owner=None, leased_until=None))


def log_attempt(session: Session, url: str, first: int, last: int, attempt: int) -> int:
    """Log an attempt about to be sent (outcome pending); its number, which
    the delivery carries in X-Namesake-Delivery."""
    delivery = WebhookDelivery(url=url, first_change=first, last_change=last, attempt=attempt, at=utcnow())
    session.add(delivery)
    session.flush()
    assert delivery.id is not None  # numbered by the flush
    return delivery.id


def log_outcome(session: Session, delivery_id: int, status_code: int | None, error: str | None) -> None:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is not None:  # None only if the log was emptied meanwhile
        delivery.status_code, delivery.error = status_code, error
        delivery.delivered = status_code is not None and 200 <= status_code < 300
        session.add(delivery)


# --- what the admin endpoints show ---

def overview(session: Session, urls: list[str]) -> WebhookList:
    """Each URL's cursor, lag, lease and newest attempt."""
    newest = changes.newest(session)
    rows = session.exec(select(WebhookCursor).where(col(WebhookCursor.url).in_(urls))).all()
    cursors = {row.url: row for row in rows}
    return WebhookList(items=[_status(session, url, cursors.get(url), newest) for url in urls])


def _status(session: Session, url: str, cursor: WebhookCursor | None, newest: int) -> WebhookOut:
    after = cursor.after if cursor else 0
    last = session.exec(select(WebhookDelivery).where(WebhookDelivery.url == url)
                        .order_by(col(WebhookDelivery.id).desc()).limit(1)).first()
    return WebhookOut(url=url, after=after, lag=max(newest - after, 0),
                      lease_owner=cursor.lease_owner if cursor else None,
                      leased_until=cursor.leased_until if cursor else None,
                      last_attempt=_delivery_out(last) if last else None)


def deliveries(session: Session, url: str | None, limit: int, offset: int) -> DeliveryPage:
    """The delivery log, newest first; of one URL when given."""
    query = select(WebhookDelivery)
    if url is not None:
        query = query.where(WebhookDelivery.url == url)
    rows = session.exec(query.order_by(col(WebhookDelivery.id).desc()).offset(offset).limit(limit + 1)).all()
    shown, next_offset = page_rows(rows, limit, offset)
    return DeliveryPage(items=[_delivery_out(d) for d in shown], limit=limit, offset=offset,
                        next_offset=next_offset)


def _delivery_out(delivery: WebhookDelivery) -> DeliveryOut:
    assert delivery.id is not None  # a stored row has its number
    outcome = "delivered" if delivery.delivered else (
        "failed" if delivery.status_code is not None or delivery.error is not None else "pending")
    return DeliveryOut(id=delivery.id, url=delivery.url, first_change=delivery.first_change,
                       last_change=delivery.last_change, attempt=delivery.attempt, outcome=outcome,
                       status_code=delivery.status_code, error=delivery.error, at=delivery.at)


# --- the sender ---

@dataclass
class _Batch:
    """Changes being sent to one URL: the same body on every attempt."""

    start: int  # the cursor it was read after
    first: int
    last: int
    body: bytes
    attempts: int = 0
    retry_at: float = 0.0  # time.monotonic() of the next attempt


@dataclass
class _Outcome:
    status_code: int | None = None
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class _Feed:
    """Sends the change feed to one URL: a loop of short steps, each answering
    how long to wait before the next."""

    url: str
    engine: Engine
    settings: Settings
    owner: str
    stop: threading.Event
    after: int | None = None  # the cursor, while this process holds the lease
    renew_at: float = 0.0  # time.monotonic() when the lease is due for renewal
    batch: _Batch | None = None
    http: httpx.Client = field(init=False)

    def run(self) -> None:
        headers = {"User-Agent": f"namesake-webhooks/{version('namesake')}"}
        with httpx.Client(timeout=self.settings.webhook_timeout, headers=headers) as self.http:
            while not self.stop.is_set():
                self.stop.wait(self._step_safely())
        self._release()

    def _step_safely(self) -> float:
        try:
            return self._step()
        except SQLAlchemyError as err:
            # The database is away: start over from what it holds once it is back.
            log.warning("webhook %s: database unavailable (%s); trying again", _shown(self.url),
                        err.__class__.__name__)
        except Exception:
            log.exception("webhook %s: unexpected error; trying again", _shown(self.url))
        self.after, self.batch = None, None
        return self._renew_every()

    def _release(self) -> None:
        try:
            self._write(release, self.url, self.owner)
        except SQLAlchemyError as err:
            # The lease runs out on its own: another replica takes over then.
            log.warning("webhook %s: could not give up the lease (%s)", _shown(self.url), err.__class__.__name__)

    def _step(self) -> float:
        if not self._hold():
            return self._renew_every()  # another replica sends to this URL
        if self.batch is None:
            self.batch = self._read()
            if self.batch is None:
                return min(self.settings.webhook_poll_interval, self._renew_every())
        wait = self.batch.retry_at - time.monotonic()
        if wait > 0:
            return min(wait, self._renew_every())
        return self._send(self.batch)

    def _hold(self) -> bool:
        """Whether this process holds the lease, renewing it when it is a
        third gone."""
        if self.after is not None and time.monotonic() < self.renew_at:
            return True
        self._set_cursor(self._write(claim, self.url, self.owner, utcnow(), self.settings.webhook_lease))
        return self.after is not None

    def _set_cursor(self, after: int | None) -> None:
        if after is None or (self.batch is not None and self.batch.start != after):
            self.batch = None  # the lease changed hands: read again from the cursor
        self.after = after
        self.renew_at = time.monotonic() + self._renew_every()

    def _read(self) -> _Batch | None:
        assert self.after is not None  # read only while the lease is held
        with Session(self.engine) as session:
            rows = changes.read(session, after=self.after, limit=self.settings.webhook_batch_size)
            items = [changes.change_out(row) for row in rows]
        if not items:
            return None
        return _Batch(start=self.after, first=items[0].id, last=items[-1].id,
                      body=WebhookPayload(items=items).model_dump_json().encode())

    def _send(self, batch: _Batch) -> float:
        """One attempt at the batch: answers 0 after a success (the next batch
        may be waiting), the pause before the retry after a failure."""
        batch.attempts += 1
        delivery = self._begin(batch)
        if delivery is None:
            return 0  # the lease was lost: the next step finds out who holds it
        outcome = self._post(batch.body, delivery)
        self._finish(batch, delivery, outcome)
        if outcome.delivered:
            return 0
        pause = backoff(batch.attempts, self.settings.webhook_backoff, self.settings.webhook_max_backoff)
        batch.retry_at = time.monotonic() + pause
        log.info("webhook %s: delivery %d of changes %d-%d failed (%s); attempt %d in %.1f s",
                 _shown(self.url), delivery, batch.first, batch.last, outcome.error or outcome.status_code,
                 batch.attempts + 1, pause)
        return min(pause, self._renew_every())

    def _begin(self, batch: _Batch) -> int | None:
        """Renew the lease for a whole delivery and log the attempt, in one
        transaction; the attempt's number, or None when the lease is lost."""
        with Session(self.engine) as session:
            after = claim(session, self.url, self.owner, utcnow(), self.settings.webhook_lease)
            delivery = log_attempt(session, self.url, batch.first, batch.last, batch.attempts) \
                if after == batch.start else None
            session.commit()
        self._set_cursor(after)
        return delivery

    def _post(self, body: bytes, delivery: int) -> _Outcome:
        timestamp = str(int(time.time()))
        assert self.settings.webhook_secret is not None  # required with URLs (Settings checks)
        headers = {"Content-Type": "application/json", "X-Namesake-Timestamp": timestamp,
                   "X-Namesake-Signature": sign(body, timestamp, self.settings.webhook_secret.get_secret_value()),
                   "X-Namesake-Delivery": str(delivery)}
        try:
            response = self.http.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as err:  # a timeout, no connection, a broken answer
            return _Outcome(error=f"{err.__class__.__name__}: {err}"[:_ERROR_CHARS])
        return _Outcome(status_code=response.status_code)

    def _finish(self, batch: _Batch, delivery: int, outcome: _Outcome) -> None:
        with Session(self.engine) as session:
            log_outcome(session, delivery, outcome.status_code, outcome.error)
            moved = outcome.delivered and advance(session, self.url, self.owner, batch.start, batch.last)
            session.commit()
        if moved:
            self.after, self.batch = batch.last, None
        elif outcome.delivered:
            self.after, self.batch = None, None  # delivered, but the lease had passed on

    def _write(self, statement, *args):
        """Run one statement of this module in its own transaction."""
        with Session(self.engine) as session:
            result = statement(session, *args)
            session.commit()
        return result

    def _renew_every(self) -> float:
        return self.settings.webhook_lease / 3


def backoff(attempts: int, first: float, longest: float) -> float:
    """Seconds to wait after `attempts` failed attempts: `first`, doubling,
    at most `longest`, each drawn between half and all of it, so that
    retries spread out instead of meeting the receiver all at once."""
    ceiling = min(longest, first * 2 ** min(attempts - 1, 62))
    return random.uniform(ceiling / 2, ceiling)


def _shown(url: str) -> str:
    """A URL for the log: without a user name and password, if it has them."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


class Sender:
    """Sends the change feed to every configured URL, a thread each."""

    def __init__(self, engine: Engine, settings: Settings):
        # Unique per process and per app: two apps in one process (tests)
        # are two replicas.
        self.owner = f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=_Feed(url, engine, settings, self.owner, self._stop).run,
                                          name=f"webhook-{n}", daemon=True)
                         for n, url in enumerate(settings.webhooks())]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        log.info("webhooks: sending the change feed to %d URL(s) as %s", len(self._threads), self.owner)

    def stop(self) -> None:
        """Stop every thread: at once when it waits, after its delivery in
        flight when it sends, for at most STOP_WAIT seconds in all."""
        self._stop.set()
        deadline = time.monotonic() + STOP_WAIT
        for thread in self._threads:
            thread.join(max(deadline - time.monotonic(), 0))
        left = sum(thread.is_alive() for thread in self._threads)
        if left:
            log.warning("webhooks: %d delivery(ies) still in flight at shutdown; they will be sent again", left)


def start(engine: Engine, settings: Settings) -> Sender | None:
    """Start sending, when webhooks are configured."""
    if not settings.webhooks():
        return None
    sender = Sender(engine, settings)
    sender.start()
    return sender
