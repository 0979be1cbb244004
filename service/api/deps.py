"""Dependencies shared by the routers."""
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from spacy.language import Language
from sqlmodel import Session

from service.config import Settings


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


def get_nlp(request: Request) -> Language:
    return request.app.state.nlp


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def actor_name(request: Request, claimed: str) -> str:
    """Who makes a curation: the API key's name when keys are configured
    (then it is not the caller's say), else the name the caller gives."""
    return getattr(request.state, "actor", None) or claimed


SessionDep = Annotated[Session, Depends(get_session)]
NlpDep = Annotated[Language, Depends(get_nlp)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
