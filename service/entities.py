"""Entities: profiles and search by any spelling."""
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import UnaryExpression, func
from sqlmodel import Session, col, select

from service import cursors
from service.db.models import Alias, Article, Entity, EntityTitle, Mention
from service.errors import InvalidCursor
from service.external_ids import holder, identifiers
from service.live import live_entity
from service.names import compare_names, normalize_name, parse_name
from service.resolve.candidates import find_candidates
from service.schemas import (
    AliasOut,
    ArticlePage,
    ArticleSummary,
    EntityHit,
    EntityMention,
    EntityOut,
    EntityPage,
    EntitySort,
    MentionPage,
    page_rows,
)

# Characters of article text shown on each side of a mention.
CONTEXT_CHARS = 80

# Search is more lenient than linking: a reader looking for "Khalluf" wants
# every plausible Khalouf, best first, not only certain matches.
SEARCH_FLOOR = 0.6


def get_entity(session: Session, entity_id: str) -> EntityOut:
    """The entity, or the one it was merged into (with `redirected_from` set)."""
    entity = live_entity(session, entity_id)
    aliases = session.exec(
        select(Alias).where(Alias.entity_id == entity.id)
        .order_by(col(Alias.count).desc(), col(Alias.surface))
    ).all()
    titles = session.exec(
        select(EntityTitle).where(EntityTitle.entity_id == entity.id)
        .order_by(col(EntityTitle.count).desc(), col(EntityTitle.title))
    ).all()
    return EntityOut(**entity.model_dump(), aliases=[AliasOut(**a.model_dump()) for a in aliases],
                     titles={t.title: t.count for t in titles},
                     external_ids=identifiers(session, [entity.id]).get(entity.id, {}),
                     redirected_from=entity_id if entity.id != entity_id else None)


def search_entities(session: Session, q: str | None, limit: int, offset: int,
                    updated_since: datetime | None = None, has_alias: str | None = None,
                    sort: EntitySort | None = None, external_id: tuple[str, str] | None = None) -> EntityPage:
    """With a query: entities whose aliases match it in any spelling, by name
    score, then prominence (mentions). With an external identifier (scheme,
    value): the live entity holding it, if any. Without either: every
    entity, most mentioned first. `sort` orders a list by mentions or by the
    latest change, newest first, instead. Optionally only those updated since
    a time (aware, in UTC: the API's datetimes are), or having an alias
    written (after normalization) as `has_alias`."""
    alias = normalize_name(has_alias) if has_alias else None
    if external_id is not None:
        hits = _identified(session, external_id, alias, updated_since)[offset:offset + limit + 1]
    elif q:
        hits = _matching(session, q, alias, updated_since, sort)[offset:offset + limit + 1]
    else:
        hits = _all(session, limit + 1, offset, updated_since, alias, sort or "mentions")
    items, next_offset = page_rows(hits, limit, offset)
    return EntityPage(items=items, limit=limit, offset=offset, next_offset=next_offset,
                      next_cursor=encode_cursor(next_offset) if next_offset is not None else None)


def encode_cursor(offset: int) -> str:
    """An opaque page token; clients pass it back as `cursor`."""
    return cursors.encode({"o": offset})


def decode_cursor(cursor: str) -> int:
    offset = cursors.decode(cursor).get("o")
    # JSON true and false are ints to Python; no cursor given out holds one.
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= 1_000_000:
        raise InvalidCursor(cursor)
    return offset


def _utc(value: datetime) -> datetime:
    # SQLite hands back timestamps without a zone; they were written in UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# A one-word alias ("Gaddafi") names a whole family as much as the person:
# against a query of two or more words ("Saif Gaddafi") it cannot confirm the
# given name, so it counts as a possible match at most (its score times this),
# and a person is matched by a fuller name that agrees with the query.
ONE_WORD_ALIAS = 0.8


def _alias_score(q: str, surface: str) -> float:
    score = compare_names(q, surface).score
    if len(parse_name(surface).parts) == 1 and len(parse_name(q).parts) > 1:
        return score * ONE_WORD_ALIAS
    return score


# Each order of the hits of a query; ties go to the better name, then to the ID,
# so that pages never repeat or skip a person.
_HIT_ORDER: dict[EntitySort | None, Callable[[EntityHit], tuple]] = {
    None: lambda h: (-h.score, -h.mention_count, h.id),
    "mentions": lambda h: (-h.mention_count, -h.score, h.id),
    "updated": lambda h: (-h.updated_at.timestamp(), -h.score, h.id),
}


def _matching(session: Session, q: str, alias: str | None, since: datetime | None,
              sort: EntitySort | None) -> list[EntityHit]:
    hits = []
    for candidate in find_candidates(session, {q}):
        if alias is not None and alias not in {a.normalized for a in candidate.aliases}:
            continue
        if since is not None and _utc(candidate.entity.updated_at) < since:
            continue
        score = max((_alias_score(q, a.surface) for a in candidate.aliases), default=0.0)
        if score >= SEARCH_FLOOR:
            hits.append(EntityHit(**candidate.entity.model_dump(), score=round(score, 4)))
    return sorted(hits, key=_HIT_ORDER[sort])


# Each order of the whole list, the ID last: a stable order for offsets.
_LIST_ORDER: dict[EntitySort, UnaryExpression] = {
    "mentions": col(Entity.mention_count).desc(),
    "updated": col(Entity.updated_at).desc(),
}


def _identified(session: Session, external_id: tuple[str, str], alias: str | None,
                since: datetime | None) -> list[EntityHit]:
    """The holder of the identifier, as a certain hit, when it passes the filters."""
    entity = holder(session, *external_id)
    if entity is None or (since is not None and _utc(entity.updated_at) < since):
        return []
    if alias is not None and session.exec(select(Alias.id).where(
            Alias.entity_id == entity.id, Alias.normalized == alias)).first() is None:
        return []
    return [EntityHit(**entity.model_dump(), score=1.0)]


def _all(session: Session, limit: int, offset: int, since: datetime | None,
         alias: str | None, sort: EntitySort) -> list[EntityHit]:
    query = select(Entity).where(col(Entity.merged_into).is_(None))
    if since is not None:
        query = query.where(col(Entity.updated_at) >= since)
    if alias is not None:
        query = query.where(col(Entity.id).in_(select(Alias.entity_id).where(Alias.normalized == alias)))
    entities = session.exec(
        query.order_by(_LIST_ORDER[sort], col(Entity.id)).offset(offset).limit(limit)
    ).all()
    return [EntityHit(**e.model_dump(), score=1.0) for e in entities]


def _newest_first():
    # Articles without a publication date count from when they were posted.
    return func.coalesce(Article.published_at, Article.created_at).desc()


def entity_mentions(session: Session, entity_id: str, limit: int, offset: int) -> MentionPage:
    entity = live_entity(session, entity_id)
    rows = session.exec(
        select(Mention, Article).join(Article, col(Article.id) == Mention.article_id)
        .where(Mention.entity_id == entity.id)
        .order_by(_newest_first(), col(Article.id), col(Mention.start))
        .offset(offset).limit(limit + 1)
    ).all()
    shown, next_offset = page_rows(rows, limit, offset)
    items = [EntityMention(
        id=m.id, start=m.start, end=m.end, text=m.text, entity_id=m.entity_id, score=m.score,
        titles=m.titles.split("; ") if m.titles else [], article_id=a.id, article_title=a.title,
        published_at=a.published_at, created_at=a.created_at,
        context=" ".join(a.text[max(0, m.start - CONTEXT_CHARS):m.end + CONTEXT_CHARS].split()),
    ) for m, a in shown]
    return MentionPage(items=items, limit=limit, offset=offset, next_offset=next_offset)


def entity_articles(session: Session, entity_id: str, limit: int, offset: int) -> ArticlePage:
    entity = live_entity(session, entity_id)
    rows = session.exec(
        select(Article, func.count(col(Mention.id)))
        .join(Mention, col(Mention.article_id) == Article.id)
        .where(Mention.entity_id == entity.id)
        .group_by(col(Article.id))
        .order_by(_newest_first(), col(Article.id))
        .offset(offset).limit(limit + 1)
    ).all()
    shown, next_offset = page_rows(rows, limit, offset)
    items = [ArticleSummary(**a.model_dump(exclude={"text"}), mentions=n) for a, n in shown]
    return ArticlePage(items=items, limit=limit, offset=offset, next_offset=next_offset)

