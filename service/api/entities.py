from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from service import entities, external_ids
from service.api.contract import refusals
from service.api.deps import SessionDep, actor_name
from service.api.errors import InvalidRequest
from service.db.retry import committed
from service.schemas import (
    PAIR_PATTERN,
    ArticlePage,
    EntityOut,
    EntityPage,
    EntitySort,
    ExternalIdIn,
    IsoDatetime,
    MentionPage,
    Scheme,
    Text,
    parse_pair,
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
    external_id: Annotated[str | None, Query(min_length=3, max_length=330, json_schema_extra={"pattern": PAIR_PATTERN},
                                             description="The person holding this identifier, "
                                                         "scheme:value (wikidata:Q567); not with q")] = None,
) -> EntityPage:
    """Search people by any spelling, by name score then prominence; by an
    external identifier (exact); without either, list them all, most
    mentioned first. `sort` orders a list by mentions or by the latest
    change instead."""
    if cursor is not None:
        offset = entities.decode_cursor(cursor)
    identifier = _identifier(external_id, q) if external_id is not None else None
    return entities.search_entities(session, q, limit, offset, updated_since, has_alias, sort, identifier)


def _identifier(external_id: str, q: str | None) -> tuple[str, str]:
    problem = "give q or external_id, not both" if q else None
    try:
        pair = parse_pair(external_id)
    except ValueError as err:
        problem = str(err)
    if problem is not None:
        raise InvalidRequest([{"field": "query.external_id", "problem": problem}])
    return pair


SET_REFUSALS = refusals({404: "No entity with this ID (not_found)",
                         409: "Another person holds this identifier (conflict)"})
SchemePath = Annotated[Scheme, Path(description="The identifier's scheme: wikidata, or the newsroom's own")]


@router.put("/{entity_id}/external-ids/{scheme}", response_model=EntityOut, responses=SET_REFUSALS,
            summary="Set a person's external identifier")
def set_external_id(entity_id: Text, scheme: SchemePath, data: ExternalIdIn, session: SessionDep,
                    request: Request) -> EntityOut:
    """Give the person an identifier under a scheme, replacing the one it had
    there. A merged-away ID acts on its survivor; an identifier another
    person holds answers 409."""
    committed(session, external_ids.set_identifier, entity_id, scheme, data.value,
              actor_name(request, data.actor))
    return entities.get_entity(session, entity_id)


@router.delete("/{entity_id}/external-ids/{scheme}", response_model=EntityOut,
               responses=refusals({404: "No entity with this ID, or it has no identifier under the scheme "
                                        "(not_found)"}),
               summary="Remove a person's external identifier")
def remove_external_id(entity_id: Text, scheme: SchemePath, session: SessionDep, request: Request,
                       actor: Annotated[Text, Query(min_length=1, max_length=128,
                                                    description="Who makes the change")] = "anonymous",
                       ) -> EntityOut:
    """Take the person's identifier under a scheme away (404 when it has none)."""
    committed(session, external_ids.remove_identifier, entity_id, scheme, actor_name(request, actor))
    return entities.get_entity(session, entity_id)


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

