"""Recomputing what an entity's mentions imply (aliases, keys, titles, counts,
canonical name), after an editor moves mentions between entities."""
from collections import defaultdict

from sqlalchemy import delete
from sqlmodel import Session, col, select

from service.db.models import Alias, Article, Entity, EntityTitle, Mention, NameKey, utcnow
from service.names import blocking_keys, normalize_name
from service.names.titles import canonical_titles
from service.resolve.aliases import add_keys, refresh_canonical_name


def rebuild_entity(session: Session, entity: Entity) -> None:
    rows = session.exec(
        select(Mention, Article.created_at).join(Article, col(Article.id) == Mention.article_id)
        .where(Mention.entity_id == entity.id)
    ).all()
    _rebuild_aliases(session, entity, rows)
    _rebuild_titles(session, entity, [m for m, _ in rows])
    entity.mention_count = len(rows)
    entity.article_count = len({m.article_id for m, _ in rows})
    entity.updated_at = utcnow()
    session.add(entity)
    session.flush()
    refresh_canonical_name(session, entity)


def _rebuild_aliases(session: Session, entity: Entity, rows) -> None:
    session.execute(delete(Alias).where(col(Alias.entity_id) == entity.id))
    session.execute(delete(NameKey).where(col(NameKey.entity_id) == entity.id))
    seen = defaultdict(list)
    for mention, at in rows:
        seen[mention.text].append(at)
    for surface, dates in sorted(seen.items()):
        session.add(Alias(entity_id=entity.id, surface=surface, normalized=normalize_name(surface),
                          count=len(dates), first_seen=min(dates), last_seen=max(dates)))
        add_keys(session, {(entity.id, k) for k in blocking_keys(surface)})


def _rebuild_titles(session: Session, entity: Entity, mentions: list[Mention]) -> None:
    """One count per article in which a title preceded one of the mentions."""
    session.execute(delete(EntityTitle).where(col(EntityTitle.entity_id) == entity.id))
    per_article = defaultdict(list)
    for m in mentions:
        per_article[m.article_id] += [t for t in (m.titles or "").split("; ") if t]
    counts = defaultdict(int)
    for written in per_article.values():
        for title in canonical_titles(written):
            counts[title] += 1
    for title, count in sorted(counts.items()):
        session.add(EntityTitle(entity_id=entity.id, title=title, count=count))
