"""Articles: read one, find its people, resolve them, store it all at once.

The flow of POST /v1/articles: extract -> group within the article ->
resolve each group against the store -> persist in one transaction."""
import hashlib
from datetime import UTC, datetime

from pydantic import ValidationError
from spacy.language import Language
from sqlalchemy import bindparam, distinct, func, tuple_
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from service import changes, cursors, metrics
from service.db.locks import lock_entities, lock_names
from service.db.models import Article, Entity, Mention, core_table, utcnow
from service.db.retry import StaleRead, retried
from service.errors import (
    InvalidArticle,
    InvalidCursor,
    NotFound,
    TextTooLarge,
    TooManyNames,
    field_problems,
    problems_message,
)
from service.nlp import PersonGroup, read_people, read_people_each
from service.resolve import decide, people_keys
from service.resolve.apply import apply_decisions, take_back
from service.resolve.known_names import known_forms
from service.schemas import ArticleDetail, ArticleIn, ArticleList, ArticleListItem, EntityRef, MentionOut


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def ingest_article(session: Session, nlp: Language | None, data: ArticleIn,
                   people: list[PersonGroup] | None = None) -> tuple[ArticleDetail, bool]:
    """Write the article and its mentions; answer (article, created). The
    caller commits. The answer is read inside the transaction, which sees its
    own writes: after the commit the article would be loaded again first."""
    article, outcome = write_article(session, nlp, data, people)
    return article_detail(session, article), outcome == "created"


def write_article(session: Session, nlp: Language | None, data: ArticleIn,
                  people: list[PersonGroup] | None = None) -> tuple[Article, str]:
    """Write the article and its mentions, leaving the transaction for the
    caller to commit; answer (article, "created", "updated" or "unchanged").

    The same article posted again (same external_id, or same text when it has
    none) changes nothing; an edited text under a known external_id replaces
    the old version's mentions. `people`, when given, are the article's
    people read beforehand (by a backfill's worker processes)."""
    digest = content_hash(data.text)
    existing = _find_existing(session, data.external_id, digest)
    if existing is not None and existing.content_hash == digest:
        return existing, "unchanged"
    if people is None:
        known = known_forms(session)
        # The lookups' read transaction ends first: nothing is held while the
        # model reads, however long the text.
        session.rollback()
        assert nlp is not None, "without the people read beforehand, the model reads them"
        with metrics.ner_time():
            people = read_people(nlp, data.text, known)
    return _store(session, data, digest, people)


@retried
def _store(session: Session, data: ArticleIn, digest: str,
           groups: list[PersonGroup]) -> tuple[Article, str]:
    """Decide and write under the locks (service/db/locks.py): the names
    first, then the entities to be written."""
    lock_names(session, {f"article:{data.external_id or digest}"} | people_keys(groups))
    # Under the locks, again: another replica may have stored it meanwhile.
    existing = _find_existing(session, data.external_id, digest)
    if existing is not None and existing.content_hash == digest:
        session.rollback()  # releases the locks
        return existing, "unchanged"
    decisions = decide(session, groups, existing.id if existing else None)
    earlier = _mention_entities(session, existing.id) if existing is not None else set()
    touched = earlier | {e.id for d in decisions for e in ([d.entity] if d.entity else []) + d.absorb}
    # And the candidates it raises for review: a merge or a distinct mark of
    # such a pair waits, so that no item is raised on a pair decided meanwhile.
    touched |= {s.candidate.entity.id for d in decisions for s in d.review}
    lock_entities(session, touched)
    # A merge may have moved these people on while the decisions were made.
    _check_live(session, touched)
    if existing is not None and _mention_entities(session, existing.id) != earlier:
        raise StaleRead("the article's people")
    now = utcnow()
    if existing is not None:
        take_back(session, existing.id)
    article = existing or Article(external_id=data.external_id, content_hash=digest,
                                  text=data.text, created_at=now)
    _copy_fields(article, data, digest, now)
    session.add(article)
    session.flush()
    apply_decisions(session, decisions, article.id, now)
    outcome = "updated" if existing is not None else "created"
    metrics.at_commit(session, metrics.ARTICLES.labels(outcome))
    return article, outcome


def _mention_entities(session: Session, article_id: str) -> set[str]:
    return set(session.exec(select(Mention.entity_id).where(Mention.article_id == article_id)).all())


def _check_live(session: Session, entity_ids: set[str]) -> None:
    """Raise StaleRead when one of the entities was merged away: the whole
    write starts again, and finds the survivor."""
    merged = session.exec(select(Entity.id).where(
        col(Entity.id).in_(sorted(entity_ids)), col(Entity.merged_into).is_not(None))).first()
    if merged is not None:
        raise StaleRead(f"entity {merged}")


def _find_existing(session: Session, external_id: str | None, digest: str) -> Article | None:
    if external_id is not None:
        return session.exec(select(Article).where(Article.external_id == external_id)).first()
    return session.exec(
        select(Article).where(Article.content_hash == digest, col(Article.external_id).is_(None))
    ).first()


def _copy_fields(article: Article, data: ArticleIn, digest: str, now: datetime) -> None:
    article.text = data.text
    article.content_hash = digest
    article.title, article.url, article.source = data.title, data.url, data.source
    article.published_at = data.published_at
    article.updated_at = now


def read_batch(session: Session, nlp: Language, items: list[dict],
               max_chars: int) -> list[tuple[ArticleIn, list[PersonGroup] | None] | Exception]:
    """A batch's articles, each ready to write with its people read, or the
    error that refuses it (InvalidArticle, TextTooLarge or TooManyNames), in
    the order of `items`. The new texts go through the model in one stream;
    an article stored already with its text is not read again (None)."""
    checked = [_checked(raw, max_chars) for raw in items]
    fresh = [data for data in checked if isinstance(data, ArticleIn) and not _stored(session, data)]
    known = known_forms(session)
    session.rollback()  # the lookups' read transaction: nothing is held while the model runs
    with metrics.ner_time(len(fresh)):
        found = read_people_each(nlp, [data.text for data in fresh], known)
    people = dict(zip(map(id, fresh), found, strict=True))
    out: list[tuple[ArticleIn, list[PersonGroup] | None] | Exception] = []
    for data in checked:
        read = people.get(id(data))
        if isinstance(data, Exception):
            out.append(data)
        elif isinstance(read, TooManyNames):
            out.append(read)
        else:
            out.append((data, read))
    return out


def _checked(raw: dict, max_chars: int) -> ArticleIn | InvalidArticle | TextTooLarge:
    try:
        data = ArticleIn.model_validate(raw)
    except ValidationError as err:
        return InvalidArticle(problems_message(field_problems(err.errors()), whole="article"))
    return TextTooLarge(len(data.text), max_chars) if len(data.text) > max_chars else data


def _stored(session: Session, data: ArticleIn) -> bool:
    """Stored already with this text: a repeat costs no reading."""
    digest = content_hash(data.text)
    existing = _find_existing(session, data.external_id, digest)
    return existing is not None and existing.content_hash == digest


@retried
def delete_article(session: Session, article_id: str, actor: str) -> None:
    """Remove the article and its mentions; alias and entity counts follow.
    Its people stay: their IDs keep answering, with what other articles say.
    `actor` (who asked for it) is the change feed's."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound("article", article_id)
    # The same locks as a writer of this article and of its people takes: the
    # counts taken back must not change underneath. (Once the article is
    # locked, only a merge or a split can still move its mentions.)
    lock_names(session, {f"article:{article.external_id or article.content_hash}"})
    people = _mention_entities(session, article.id)
    lock_entities(session, people)
    article = session.exec(select(Article).where(Article.id == article_id)
                           .execution_options(populate_existing=True)).first()
    if article is None:  # deleted by another request meanwhile
        raise NotFound("article", article_id)
    if _mention_entities(session, article.id) != people:
        raise StaleRead("the article's people")  # moved by a merge or split meanwhile
    take_back(session, article.id)
    session.delete(article)
    session.flush()
    changes.record(session, "article.deleted", sorted(people), actor=actor, article_id=article.id,
                   details={"external_id": article.external_id})


def get_article(session: Session, article_id: str) -> ArticleDetail:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound("article", article_id)
    return article_detail(session, article)


# An article's mentions with their entities' names, in text order; plain
# rows: the answer is built from them at once, no ORM objects needed.
_mention, _entity = core_table(Mention).c, core_table(Entity).c
_MENTIONS = (core_select(_mention.id, _mention.start, _mention.end, _mention.text, _mention.entity_id,
                         _mention.score, _mention.titles, _entity.canonical_name)
             .join_from(core_table(Mention), core_table(Entity), _entity.id == _mention.entity_id)
             .where(_mention.article_id == bindparam("article"))
             .order_by(_mention.start))


def article_detail(session: Session, article: Article) -> ArticleDetail:
    rows = session.connection().execute(_MENTIONS, {"article": article.id}).all()
    entities = {r.entity_id: EntityRef(id=r.entity_id, canonical_name=r.canonical_name) for r in rows}
    return ArticleDetail(
        **article.model_dump(exclude={"text", "updated_at"}),
        text=article.text,
        mentions=[MentionOut(id=r.id, start=r.start, end=r.end, text=r.text, entity_id=r.entity_id,
                             score=r.score, titles=r.titles.split("; ") if r.titles else [])
                  for r in rows],
        entities=list(entities.values()),
    )


# The list of articles, newest first: every column but the text, read in the
# order of the index on (updated_at, id) (migration 0013), backwards.
_article = core_table(Article).c
_LISTED = (core_select(_article.id, _article.external_id, _article.title, _article.source, _article.url,
                       _article.published_at, _article.created_at, _article.updated_at)
           .order_by(_article.updated_at.desc(), _article.id.desc()))


def list_articles(session: Session, limit: int, cursor: str | None = None, updated_since: datetime | None = None,
                  external_id: str | None = None) -> ArticleList:
    """A page of articles without their text, newest first. The cursor is a
    keyset (the last item's updated_at and id): an article stored meanwhile
    shifts nothing, where an offset would repeat or skip rows."""
    query = _LISTED.limit(limit + 1)
    if external_id is not None:
        query = query.where(_article.external_id == external_id)
    if updated_since is not None:
        query = query.where(_article.updated_at >= updated_since)
    if cursor is not None:
        query = query.where(tuple_(_article.updated_at, _article.id) < _decode_keyset(cursor))
    rows = session.connection().execute(query).all()
    shown = rows[:limit]
    counts = _counts(session, [row.id for row in shown])
    items = [ArticleListItem(**row._mapping, **counts.get(row.id, _NO_MENTIONS)) for row in shown]
    more = len(rows) > limit
    return ArticleList(items=items, limit=limit, next_cursor=_encode_keyset(items[-1]) if more else None)


_NO_MENTIONS = {"mention_count": 0, "entity_count": 0}


def _counts(session: Session, article_ids: list[str]) -> dict[str, dict[str, int]]:
    """The mentions and distinct people of each article that has mentions: one
    grouped query over the page, on the index of mention.article_id."""
    rows = session.connection().execute(
        core_select(_mention.article_id, func.count(), func.count(distinct(_mention.entity_id)))
        .where(_mention.article_id.in_(article_ids)).group_by(_mention.article_id)).all()
    return {article_id: {"mention_count": mentions, "entity_count": people}
            for article_id, mentions, people in rows}


def _encode_keyset(item: ArticleListItem) -> str:
    return cursors.encode({"u": item.updated_at.isoformat(), "i": item.id})


def _decode_keyset(cursor: str) -> tuple[datetime, str]:
    payload = cursors.decode(cursor)
    updated_at, article_id = payload.get("u"), payload.get("i")
    if not isinstance(updated_at, str) or not isinstance(article_id, str):
        raise InvalidCursor(cursor)
    try:
        when = datetime.fromisoformat(updated_at)
    except ValueError as err:
        raise InvalidCursor(cursor) from err
    if when.tzinfo is None:
        raise InvalidCursor(cursor)  # every cursor given out names its instant in UTC
    return when.astimezone(UTC), article_id
