"""The names the store knows, as extraction looks them up (service/nlp/known.py).

Every process holds the forms of the full names in the alias table and brings
them up to date before each article is read: one indexed query (the highest
alias id) when nothing is new, and a read of the aliases added since when
something is. Replicas share the table, so a name one replica stores is found
by every other from its next article on. Aliases taken back (an article
deleted, a mention moved) leave their forms until the next full reload, every
RELOAD_SECONDS: a form that was a person's name once is still a name, and a
reload also catches what SQLite may do with a deleted last row's id.
"""
import threading
import time
import weakref
from collections.abc import Collection

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from service.db.models import Alias
from service.nlp.known import KnownForms

RELOAD_SECONDS = 600.0


class KnownNames:
    """The forms of every full name in one database's alias table."""

    def __init__(self) -> None:
        self._forms = KnownForms()
        self._upto = 0  # the highest alias id read
        self._loaded = time.monotonic()
        self._lock = threading.Lock()

    def forms(self, session: Session, upto: int | None = None) -> Collection[str]:
        """The forms as of alias id `upto` (the latest when None). The answer
        may grow while it is read (by another thread's refresh), never shrink."""
        # The highest id is read outside the lock: every article asks, and
        # only one that finds new aliases needs the others to wait.
        upto = latest_alias(session) if upto is None else upto
        stale = time.monotonic() - self._loaded > RELOAD_SECONDS
        if upto <= self._upto and not stale:
            return self._forms
        with self._lock:
            if time.monotonic() - self._loaded > RELOAD_SECONDS:
                self._forms, self._upto, self._loaded = KnownForms(), 0, time.monotonic()
            if upto > self._upto:
                self._read(session, upto)
            return self._forms

    def _read(self, session: Session, upto: int) -> None:
        rows = session.exec(select(Alias.surface).where(col(Alias.id) > self._upto, col(Alias.id) <= upto))
        # Added to in place: copying a large set per new name would cost more
        # than the article (KnownForms says why readers are safe meanwhile).
        for surface in rows:
            self._forms.add(surface)
        self._upto = upto


def latest_alias(session: Session) -> int:
    return session.exec(select(func.max(Alias.id))).one() or 0


_BY_ENGINE: "weakref.WeakKeyDictionary[Engine, KnownNames]" = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def known_forms(session: Session) -> Collection[str]:
    """This process's known forms for the session's database, up to date."""
    engine = session.get_bind()
    engine = engine if isinstance(engine, Engine) else engine.engine
    with _REGISTRY_LOCK:
        known = _BY_ENGINE.setdefault(engine, KnownNames())
    return known.forms(session)
