"""Candidate retrieval: an indexed lookup by blocking keys, never a scan."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from service.db.models import Alias, Entity, EntityTitle, EntityWord, Mention, NameKey

# A common family name can be shared by very many entities; past this many
# candidates the key is not selective and the lookup is cut short.
MAX_CANDIDATES = 200


@dataclass
class Candidate:
    """A known entity that might be the person of a group, with its evidence."""

    entity: Entity
    aliases: list[Alias]
    titles: set[str] = field(default_factory=set)
    words: dict[str, int] = field(default_factory=dict)  # only the words asked about


def key_query(keys: set[str]):
    """The entities sharing the most keys with the name first: past the cap,
    those that merely share a common given name are the ones left out."""
    return (select(NameKey.entity_id).where(col(NameKey.key).in_(sorted(keys)))
            .group_by(col(NameKey.entity_id))
            .order_by(func.count().desc(), col(NameKey.entity_id))
            .limit(MAX_CANDIDATES))


def entity_query(ids: list[str]):
    """By ID alone: a condition on merged_into would lead SQLite, which keeps
    no statistics, to scan its index over every live entity."""
    return select(Entity).where(col(Entity.id).in_(ids)).order_by(col(Entity.created_at), col(Entity.id))


def find_candidates(session: Session, keys: set[str], words: set[str] = frozenset()) -> list[Candidate]:
    """The live (not merged-away) entities sharing at least one key, each with
    its aliases, the titles seen on it and which of `words` were seen near it."""
    if not keys:
        return []
    ids = session.exec(key_query(keys)).all()
    if not ids:
        return []
    entities = [e for e in session.exec(entity_query(ids)).all() if e.merged_into is None]
    aliases: dict[str, list[Alias]] = defaultdict(list)
    for alias in session.exec(select(Alias).where(col(Alias.entity_id).in_(ids))):
        aliases[alias.entity_id].append(alias)
    titles: dict[str, set[str]] = defaultdict(set)
    for row in session.exec(select(EntityTitle).where(col(EntityTitle.entity_id).in_(ids))):
        titles[row.entity_id].add(row.title)
    seen: dict[str, dict[str, int]] = defaultdict(dict)
    if words:
        for row in session.exec(select(EntityWord).where(
                col(EntityWord.entity_id).in_(ids), col(EntityWord.word).in_(sorted(words)))):
            seen[row.entity_id][row.word] = row.count
    return [Candidate(e, aliases[e.id], titles[e.id], seen[e.id]) for e in entities if aliases[e.id]]


def shared_articles(session: Session, candidates: list[str], company: set[str],
                    article_id: str | None) -> dict[str, int]:
    """For each candidate, in how many other articles it was named together
    with one of `company` (the people already resolved in this article)."""
    if not candidates or not company:
        return {}
    m1, m2 = aliased(Mention), aliased(Mention)
    query = (
        select(m1.entity_id, func.count(func.distinct(m1.article_id)))
        .join(m2, m1.article_id == m2.article_id)
        .where(col(m1.entity_id).in_(candidates), col(m2.entity_id).in_(sorted(company)))
        .group_by(m1.entity_id)
    )
    if article_id is not None:
        query = query.where(m1.article_id != article_id)
    return dict(session.exec(query).all())
