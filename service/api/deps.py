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


SessionDep = Annotated[Session, Depends(get_session)]
NlpDep = Annotated[Language, Depends(get_nlp)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
