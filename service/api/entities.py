from typing import Annotated

from fastapi import APIRouter, Query

from service import entities
from service.api.contract import refusals
from service.api.deps import SessionDep
from service.schemas import (
    ArticlePage,
    EntityOut,
    EntityPage,
    EntitySort,
    IsoDatetime,
    MentionPage,
    Text,
)

router = APIRouter(prefix="/v1/entities", tags=["entities"])
NO_SUCH_ENTITY = refusals({404: "No entity with this ID (not_found)"})


@router.get("", response_model=EntityPage, summary="Search people by any spelling")
def search_entities(
    session: SessionDep,
    q: Annotated[str | None, Query(min_length=1, max_length=1000,
                                   description="A name in any spelling")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    cursor: Annotated[str | None, Query(max_length=200, description="`next_cursor` of the previous page")] = None,
    updated_since: Annotated[IsoDatetime | None, Query(description="Only people updated since (ISO 8601)")] = None,
    has_alias: Annotated[str | None, Query(min_length=1, max_length=512,
                                           description="Only people known by this exact form")] = None,
    sort: Annotated[EntitySort | None, Query(
        description="`mentions`: most mentioned first; `updated`: most recently changed first. "
                    "Default: by name score with `q`, else `mentions`")] = None,
) -> EntityPage:
    """Search people by any spelling, by name score then prominence; without
    `q`, list them all, most mentioned first. `sort` orders either list by
    mentions or by the latest change instead."""
    if cursor is not None:
        offset = entities.decode_cursor(cursor)
    return entities.search_entities(session, q, limit, offset, updated_since, has_alias, sort)


@router.get("/{entity_id}", response_model=EntityOut, summary="Get a person", responses=NO_SUCH_ENTITY)
def get_entity(entity_id: Text, session: SessionDep) -> EntityOut:
    """A person: canonical name and every alias with its count."""
    return entities.get_entity(session, entity_id)


Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("/{entity_id}/mentions", response_model=MentionPage, summary="A person's mentions",
            responses=NO_SUCH_ENTITY)
def list_entity_mentions(entity_id: Text, session: SessionDep, limit: Limit = 50,
                         offset: Offset = 0) -> MentionPage:
    """The person's mentions in context, newest articles first."""
    return entities.entity_mentions(session, entity_id, limit, offset)


@router.get("/{entity_id}/articles", response_model=ArticlePage, summary="The articles naming a person",
            responses=NO_SUCH_ENTITY)
def list_entity_articles(entity_id: Text, session: SessionDep, limit: Limit = 50,
                         offset: Offset = 0) -> ArticlePage:
    """The articles naming the person, newest first."""
    return entities.entity_articles(session, entity_id, limit, offset)

