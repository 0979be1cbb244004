"""Candidate retrieval: an indexed lookup by blocking keys, never a scan.

An article's groups are looked up key by key, then the evidence of all their
candidates (aliases, titles, nearby words) is read in one query per table."""
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import bindparam, func, literal, select as core_select, union_all
from sqlmodel import Session, col, select

from service.db.models import Alias, Entity, EntityTitle, EntityWord, Mention, NameKey

# At most this many entities are read per key: a common family name can be
# shared by thousands in a large store, and reading them all would make each
# lookup as slow as the store is large. Full names also have pair keys (given
# and family name together, see names/keys.py), shared by few, so the bearer
# of a full name is found even where a single part's list is cut short.
PER_KEY = 50
# Candidates kept per group, those sharing the most keys with it first.
MAX_CANDIDATES = 50


@dataclass
class Candidate:
    """A known entity that might be the person of a group, with its evidence."""

    entity: Entity
    aliases: list
    titles: set[str] = field(default_factory=set)
    words: dict[str, int] = field(default_factory=dict)  # only the words asked about


# A pair key (given and family name together) found weighs this many single
# keys: sharing one is better evidence than sharing the given name and a
# middle name, and single keys' lists are the ones cut short in a large store.
PAIR_WEIGHT = 3


@lru_cache(maxsize=256)
def _key_query(pairs: int, singles: int):
    """The statement for `pairs` pair keys then `singles` other keys (bound as
    k0, k1, ...): each key's first PER_KEY entities from the index, then the
    entities with the most weight first. Built once per shape, so lookups
    reuse the compiled form."""
    weights = [PAIR_WEIGHT] * pairs + [1] * singles
    per_key = [select(NameKey.entity_id, literal(weight).label("weight"))
               .where(col(NameKey.key) == bindparam(f"k{i}")).limit(PER_KEY).subquery()
               for i, weight in enumerate(weights)]
    found = union_all(*(select(q.c.entity_id, q.c.weight) for q in per_key)).subquery()
    return (select(found.c.entity_id).group_by(found.c.entity_id)
            .order_by(func.sum(found.c.weight).desc(), found.c.entity_id)
            .limit(MAX_CANDIDATES))


def key_lookup(keys: set[str]) -> tuple:
    """The candidate lookup for these keys: (statement, parameters). Bound at
    execution, since binding into the statement would copy it each time."""
    pairs = sorted(k for k in keys if k.startswith("p:"))
    singles = sorted(k for k in keys if not k.startswith("p:"))
    return _key_query(len(pairs), len(singles)), {f"k{i}": key for i, key in enumerate(pairs + singles)}


def entity_query(ids: list[str]):
    """By ID alone: a condition on merged_into would lead SQLite, which keeps
    no statistics, to scan its index over every live entity."""
    return select(Entity).where(col(Entity.id).in_(ids)).order_by(col(Entity.created_at), col(Entity.id))


def candidate_ids(session: Session, keys: set[str]) -> list[str]:
    if not keys:
        return []
    statement, params = key_lookup(keys)
    return list(session.exec(statement, params=params).all())


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
