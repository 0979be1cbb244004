"""Candidate retrieval: an indexed lookup by blocking keys, never a scan.

An article's groups are looked up key by key, then the evidence of all their
candidates (aliases, titles, nearby words) is read in one query per table."""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select as core_select
from sqlmodel import Session, col, select

from service.db.models import Alias, Entity, EntityTitle, EntityWord, Mention, NameKey

# A common family name can be shared by very many entities; past this many
# candidates the key is not selective and the lookup is cut short.
MAX_CANDIDATES = 200


@dataclass
class Candidate:
    """A known entity that might be the person of a group, with its evidence."""

    entity: Entity
    aliases: list
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


def candidate_ids(session: Session, keys: set[str]) -> list[str]:
    return list(session.exec(key_query(keys)).all()) if keys else []


def load_candidates(session: Session, ids: set[str], words: set[str]) -> dict[str, Candidate]:
    """The live (not merged-away) entities among `ids` that have aliases, each
    with its aliases, titles and which of `words` were seen near it."""
    if not ids:
        return {}
    ordered = sorted(ids)
    entities = [e for e in session.exec(entity_query(ordered)).all() if e.merged_into is None]
    alias = Alias.__table__.c
    aliases: dict[str, list] = defaultdict(list)
    # Plain rows, not ORM objects: read-only evidence, and several times cheaper.
    for row in session.execute(core_select(alias.entity_id, alias.surface, alias.normalized, alias.count)
                               .where(alias.entity_id.in_(ordered))):
        aliases[row.entity_id].append(row)
    titles: dict[str, set[str]] = defaultdict(set)
    title = EntityTitle.__table__.c
    for entity_id, value in session.execute(core_select(title.entity_id, title.title)
                                            .where(title.entity_id.in_(ordered))):
        titles[entity_id].add(value)
    seen: dict[str, dict[str, int]] = defaultdict(dict)
    if words:
        word = EntityWord.__table__.c
        for entity_id, value, count in session.execute(
                core_select(word.entity_id, word.word, word.count)
                .where(word.entity_id.in_(ordered), word.word.in_(sorted(words)))):
            seen[entity_id][value] = count
    return {e.id: Candidate(e, aliases[e.id], titles[e.id], seen[e.id]) for e in entities if aliases[e.id]}


def find_candidates(session: Session, keys: set[str], words: set[str] = frozenset()) -> list[Candidate]:
    """The live entities sharing at least one key with a name, oldest first."""
    found = load_candidates(session, set(candidate_ids(session, keys)), words)
    return sorted(found.values(), key=lambda c: (c.entity.created_at, c.entity.id))


def co_articles(session: Session, ids: set[str]) -> dict[str, set[str]]:
    """For each of `ids`, the articles naming it together with another of `ids`:
    one query per article answers every "named with the same people before?"."""
    if len(ids) < 2:
        return {}
    ordered = sorted(ids)
    mention = Mention.__table__.c
    shared = (core_select(mention.article_id).where(mention.entity_id.in_(ordered))
              .group_by(mention.article_id)
              .having(func.count(func.distinct(mention.entity_id)) > 1))
    found: dict[str, set[str]] = defaultdict(set)
    for entity_id, article_id in session.execute(
            core_select(mention.entity_id, mention.article_id).distinct()
            .where(mention.entity_id.in_(ordered), mention.article_id.in_(shared))):
        found[entity_id].add(article_id)
    return found


def together(co: dict[str, set[str]], candidate: str, company: set[str], skip: str | None) -> int:
    """In how many articles (other than `skip`) `candidate` was named with one of `company`."""
    theirs = set().union(*(co.get(c, set()) for c in company if c != candidate)) if company else set()
    return len((co.get(candidate, set()) & theirs) - {skip})
