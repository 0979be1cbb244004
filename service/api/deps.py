"""Dependencies shared by the routers."""
import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from spacy.language import Language
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from service.config import Settings

log = logging.getLogger("namesake")


def get_session(request: Request) -> Iterator[Session]:
    session = Session(request.app.state.engine)
    try:
        yield session
    finally:
        _close(session)


def _close(session: Session) -> None:
    # This runs after the response is sent. If the database went away
    # meanwhile, rolling back the connection fails; raising would only make
    # the server drop the client's keep-alive connection. The pool discards
    # the dead connection, and the next request answers 503 or reconnects.
    try:
        session.close()
    except SQLAlchemyError as err:
        log.warning("closing a database session failed: %s", err.__class__.__name__)


# Dependencies that only read app state are async: FastAPI runs a plain
# function dependency in its thread pool, a thread hop for nothing.
async def get_nlp(request: Request) -> Language:
    return request.app.state.nlp


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_engine(request: Request) -> Engine:
    """The database engine itself, for a route that opens sessions of its own
    (a stream that outlives the request's session)."""
    return request.app.state.engine


def actor_name(request: Request, claimed: str) -> str:
    """Who makes a curation: the API key's name when keys are configured
    (then it is not the caller's say), else the name the caller gives."""
    return getattr(request.state, "actor", None) or claimed


SessionDep = Annotated[Session, Depends(get_session)]
NlpDep = Annotated[Language, Depends(get_nlp)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
