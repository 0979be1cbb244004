"""Candidate retrieval: an indexed lookup by blocking keys, never a scan, and
bounded: its cost does not grow with the store.

An article's groups are looked up one by one (on PostgreSQL all at once),
then the evidence of all their candidates (aliases, titles, nearby words,
recent company) is read in one query per table."""
from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import BindParameter, String, bindparam, case, func, text, union
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from service.db.models import Alias, Entity, EntityTitle, EntityWord, Mention, NameKey, core_table
from service.names import blocking_keys, name_forms, normalize_name, parse_name
from service.names.keys import PAIR_PREFIX, is_pair_key

# At most this many entities are read per key: a common family name can be
# shared by thousands in a large store, and reading them all would make each
# lookup as slow as the store is large. Full names also have pair keys (given
# and family name together, see names/keys.py), shared by few, so the bearer
# of a full name is found even where a single part's list is cut short; a
# single part's list, past a few dozen, holds strangers, and reads fewer.
PER_KEY = 50
PER_SINGLE_KEY = 20
# Candidates kept per group, those sharing the most keys with it first.
MAX_CANDIDATES = 50
# A pair key (given and family name together) weighs this many single keys:
# sharing one is better evidence than sharing the given name and a middle name.
PAIR_WEIGHT = 3


@dataclass
class Candidate:
    """A known entity that might be the person of a group, with its evidence."""

    entity: Entity
    aliases: list
    titles: set[str] = field(default_factory=set)
    words: dict[str, int] = field(default_factory=dict)  # only the words asked about


@lru_cache(maxsize=64)
def _key_query(singles: int, pairs: int, names: int):
    """The statement for `singles` then `pairs` blocking keys (bound as k0,
    k1, ...) and `names` normalized spellings (n0, n1, ...), in two steps.
    Gather: each key's first entities from the index (PER_SINGLE_KEY or
    PER_KEY), so a common key costs no more than a rare one, and the
    entities with exactly these spellings, however many share their keys.
    Rank: those spellings first, then by all
    the keys an entity shares with the name, pairs weighing most; ranking
    only within the gathered lists would favour whoever comes first in
    several cut lists over the bearer of the name found through one rare pair
    key. Built once per shape, so lookups reuse the compiled form."""
    key_params = [bindparam(f"k{i}", type_=String) for i in range(singles + pairs)]
    exact = [select(Alias.entity_id).where(col(Alias.normalized) == bindparam(f"n{i}", type_=String))
             .limit(PER_KEY).subquery().select() for i in range(names)]
    lists = [select(NameKey.entity_id).where(col(NameKey.key) == key)
             .limit(PER_SINGLE_KEY if i < singles else PER_KEY).subquery().select()
             for i, key in enumerate(key_params)]
    weight = case((col(NameKey.key).startswith(PAIR_PREFIX), PAIR_WEIGHT), else_=1)
    return (select(NameKey.entity_id)
            .where(col(NameKey.entity_id).in_(union(*lists, *exact)), col(NameKey.key).in_(key_params))
            .group_by(col(NameKey.entity_id))
            .order_by(col(NameKey.entity_id).in_(union(*exact)).desc(), func.sum(weight).desc(),
                      col(NameKey.entity_id))
            .limit(MAX_CANDIDATES))


def _keys_and_spellings(names: set[str]) -> tuple[list[str], list[str]]:
    """The blocking keys and the normalized spellings of these spellings of a name, sorted."""
    return (sorted(set().union(*(blocking_keys(n) for n in names))),
            sorted(set().union(*(_exact_spellings(n) for n in names))))


def _exact_spellings(name: str) -> set[str]:
    """The spellings looked up as they are. A one-word name has only its own
    part's keys, whose lists a common form fills: its case and spacing
    variants (Albashir for Al-Bashir) are looked up as they are too. A full
    name's pair keys find them whatever the spacing."""
    if len(parse_name(name).parts) == 1:
        return set(name_forms(name))
    return {normalize_name(name)}


def key_lookup(names: set[str]) -> tuple:
    """The candidate lookup for these spellings of a name: (statement,
    parameters). Bound at execution: binding into the statement copies it."""
    keys, spellings = _keys_and_spellings(names)
    singles = _padded([k for k in keys if not is_pair_key(k)])
    pairs = _padded([k for k in keys if is_pair_key(k)])
    exact = _padded(spellings)
    params = ({f"k{i}": key for i, key in enumerate(singles + pairs)}
              | {f"n{i}": n for i, n in enumerate(exact)})
    return _key_query(len(singles), len(pairs), len(exact)), params


def _padded(values: list[str]) -> list[str]:
    """`values` up to the next power of two, the last repeated: a repeated key
    or spelling finds nothing new, and a few statement shapes, each compiled
    once, serve every name (a shape per count would compile anew for many
    of a fresh process's first articles)."""
    size = 1 << (len(values) - 1).bit_length() if values else 0
    return values + values[-1:] * (size - len(values))


# _key_query for all the groups of an article in one statement, on
# PostgreSQL, where each statement costs a round trip and a plan. Each
# group's keys (with their list's cap and their weight) and spellings travel
# as arrays, tagged with the group's number. LATERAL subqueries make the
# server read each key's list up to its cap, and probe the unique (key,
# entity) index for each gathered entity's shared keys, as the per-group
# statement does, whatever the planner guesses of the arrays.
_ARTICLE_LOOKUP = text("""
WITH keys AS (
    SELECT * FROM unnest(CAST(:key_groups AS int[]), CAST(:keys AS text[]), CAST(:caps AS int[]),
                         CAST(:weights AS int[])) AS k(g, key, cap, weight)),
exact AS (
    SELECT DISTINCT n.g, a.entity_id
    FROM unnest(CAST(:name_groups AS int[]), CAST(:names AS text[])) AS n(g, name)
    CROSS JOIN LATERAL (SELECT entity_id FROM alias WHERE normalized = n.name LIMIT :per_key) AS a),
gathered AS (
    SELECT k.g, x.entity_id FROM keys AS k
    CROSS JOIN LATERAL (SELECT entity_id FROM name_key WHERE name_key.key = k.key LIMIT k.cap) AS x
    UNION SELECT g, entity_id FROM exact),
ranked AS (
    SELECT ga.g, ga.entity_id, row_number() OVER (
        PARTITION BY ga.g
        ORDER BY (ga.g, ga.entity_id) IN (SELECT g, entity_id FROM exact) DESC, s.weight DESC, ga.entity_id
    ) AS place
    FROM gathered AS ga
    CROSS JOIN LATERAL (
        SELECT sum(k.weight) AS weight FROM keys AS k
        WHERE k.g = ga.g
          AND EXISTS (SELECT FROM name_key AS nk WHERE nk.key = k.key AND nk.entity_id = ga.entity_id)
    ) AS s
    WHERE s.weight IS NOT NULL)
SELECT g, entity_id FROM ranked WHERE place <= :max_candidates ORDER BY g, place
""")


def _article_parameters(groups: list[set[str]]) -> dict[str, list | int]:
    keys, spellings = [], []
    for number, names in enumerate(groups):
        group_keys, group_spellings = _keys_and_spellings(names)
        keys += [(number, k, PER_KEY, PAIR_WEIGHT) if is_pair_key(k) else (number, k, PER_SINGLE_KEY, 1)
                 for k in group_keys]
        spellings += [(number, n) for n in group_spellings]
    return {"key_groups": [k[0] for k in keys], "keys": [k[1] for k in keys],
            "caps": [k[2] for k in keys], "weights": [k[3] for k in keys],
            "name_groups": [n[0] for n in spellings], "names": [n[1] for n in spellings],
            "per_key": PER_KEY, "max_candidates": MAX_CANDIDATES}


def entity_query(ids: list[str]):
    """By ID alone: a condition on merged_into would lead SQLite, which keeps
    no statistics, to scan its index over every live entity."""
    return select(Entity).where(col(Entity.id).in_(ids)).order_by(col(Entity.created_at), col(Entity.id))


def candidate_ids(session: Session, names: set[str]) -> list[str]:
    """The entities that may bear one of these spellings, the likeliest first.
    Raises InvalidName for a spelling without a name in it."""
    if not names:
        return []
    statement, params = key_lookup(names)
    return list(session.connection().execute(statement, params).scalars())


def candidate_lists(session: Session, groups: list[set[str]]) -> list[list[str]]:
    """candidate_ids for each group's spellings: on SQLite, which runs in the
    process, a statement per group; on PostgreSQL one for them all."""
    if not groups:
        return []
    if session.get_bind().dialect.name != "postgresql":
        return [candidate_ids(session, names) for names in groups]
    found: list[list[str]] = [[] for _ in groups]
    for number, entity_id in session.connection().execute(_ARTICLE_LOOKUP, _article_parameters(groups)):
        found[number].append(entity_id)
    return found


# The evidence of a set of entities, one statement per table, each built once
# with its ID list expanded at execution. Read as plain rows on the session's
# connection: read-only evidence needs no ORM objects, and building and
# keying a statement anew costs more than running it.
_IDS: BindParameter[str] = bindparam("ids", expanding=True)
_alias, _title, _word = core_table(Alias).c, core_table(EntityTitle).c, core_table(EntityWord).c
_entity = core_table(Entity).c
_ALIASES = core_select(_alias.entity_id, _alias.surface, _alias.normalized, _alias.count
                       ).where(_alias.entity_id.in_(_IDS))
_TITLES = core_select(_title.entity_id, _title.title).where(_title.entity_id.in_(_IDS))
_WORDS = core_select(_word.entity_id, _word.word, _word.count).where(
    _word.entity_id.in_(_IDS), _word.word.in_(bindparam("words", expanding=True)))


def load_candidates(session: Session, ids: set[str], words: Set[str]) -> dict[str, Candidate]:
    """The entities among `ids` that have aliases, each with its aliases,
    titles and which of `words` were seen near it; an ID merged away answers
    its survivor's candidate (several IDs may answer one candidate).

    A merge moves the absorbed entity's keys to the survivor, so an entity
    found by key is merged away only when the merge committed between the
    key lookup and this read: its person lives on in the survivor, who now
    holds its aliases, and must not be taken for someone new."""
    if not ids:
        return {}
    entities = session.exec(entity_query(sorted(ids))).all()
    # merged_into is one step to a live entity (migration 0007).
    moved = {e.id: e.merged_into for e in entities if e.merged_into is not None}
    if set(moved.values()) - ids:
        entities += session.exec(entity_query(sorted(set(moved.values()) - ids))).all()
    entities = [e for e in entities if e.merged_into is None]
    ordered = sorted(e.id for e in entities)
    connection = session.connection()
    aliases: dict[str, list] = defaultdict(list)
    for row in connection.execute(_ALIASES, {"ids": ordered}):
        aliases[row.entity_id].append(row)
    titles: dict[str, set[str]] = defaultdict(set)
    for entity_id, value in connection.execute(_TITLES, {"ids": ordered}):
        titles[entity_id].add(value)
    seen: dict[str, dict[str, int]] = defaultdict(dict)
    if words:
        for entity_id, value, count in connection.execute(_WORDS, {"ids": ordered, "words": sorted(words)}):
            seen[entity_id][value] = count
    pool = {e.id: Candidate(e, aliases[e.id], titles[e.id], seen[e.id]) for e in entities if aliases[e.id]}
    pool |= {old: pool[new] for old, new in moved.items() if new in pool}
    return pool | _merged_meanwhile(session, {e.id for e in entities if not aliases[e.id]}, words)


def _merged_meanwhile(session: Session, bare: set[str], words: Set[str]) -> dict[str, Candidate]:
    """Entities read live but without aliases: on PostgreSQL each statement
    sees what committed before it, so a merge that committed between the
    entity read and the alias read took their aliases to the survivor. They
    answer the survivor; one still live without aliases holds stray keys and
    is no one (namesake check reports it)."""
    if not bare:
        return {}
    rows = session.connection().execute(core_select(_entity.id, _entity.merged_into).where(
        _entity.id.in_(sorted(bare)), _entity.merged_into.is_not(None)))
    moved: dict[str, str] = {row.id: row.merged_into for row in rows}
    later = load_candidates(session, set(moved.values()), words) if moved else {}
    return {old: later[new] for old, new in moved.items() if new in later}


def each_once(pool: dict[str, Candidate], ids: list[str]) -> list[Candidate]:
    """The candidates of `ids` in their order, each once: an ID merged away
    and its survivor are one candidate."""
    return list({pool[i].entity.id: pool[i] for i in ids if i in pool}.values())


def find_candidates(session: Session, names: set[str], words: Set[str] = frozenset()) -> list[Candidate]:
    """The live entities that may bear one of these spellings, oldest first."""
    found = candidate_ids(session, names)
    candidates = each_once(load_candidates(session, set(found), words), found)
    return sorted(candidates, key=lambda c: (c.entity.created_at, c.entity.id))


# Company ("named with the same people before") is read from each candidate's
# most recent articles only: a few shared articles already give the largest
# bonus, and the cost stays flat however often a person has been named.
RECENT_ARTICLES = 10
_mention = core_table(Mention).c


# Entities per company statement. Each statement is padded to a power of two
# up to this (a repeated ID changes nothing in a UNION): a handful of shapes,
# each compiled once, where a size per article would compile anew each time.
RECENT_CHUNK = 64


@lru_cache(maxsize=8)
def _recent_query(count: int):
    """The recent articles of `count` entities (bound as e0, e1, ...), each
    read in index order up to RECENT_ARTICLES."""
    return union(*(core_select(_mention.article_id)
                   .where(_mention.entity_id == bindparam(f"e{i}", type_=String))
                   .order_by(_mention.id.desc()).limit(RECENT_ARTICLES).subquery().select()
                   for i in range(count)))


def _recent_articles(connection, ordered: list[str]) -> set[str]:
    """The recent articles of all these entities: one round trip per RECENT_CHUNK."""
    found: set[str] = set()
    for at in range(0, len(ordered), RECENT_CHUNK):
        padded = _padded(ordered[at:at + RECENT_CHUNK])
        found.update(connection.execute(_recent_query(len(padded)),
                                        {f"e{i}": entity_id for i, entity_id in enumerate(padded)}).scalars())
    return found


# Which of the entities these articles name, read through the article index:
# the articles are a few hundred at most, while a person's mentions grow with
# every article. The entity condition is wrapped in coalesce() so that no
# planner reads through the entity index instead (SQLite, which keeps no
# statistics, did, and got slower with every article stored).
_NAMED_IN = core_select(_mention.entity_id, _mention.article_id).distinct().where(
    _mention.article_id.in_(bindparam("articles", expanding=True)),
    func.coalesce(_mention.entity_id, "").in_(_IDS))


def co_articles(session: Session, ids: set[str]) -> dict[str, set[str]]:
    """For each of `ids`, which of their recent articles name it: two indexed
    queries per article (for up to RECENT_CHUNK candidates) answer every
    "named together before?"."""
    if len(ids) < 2:
        return {}
    ordered = sorted(ids)
    connection = session.connection()
    recent = _recent_articles(connection, ordered)
    found: dict[str, set[str]] = defaultdict(set)
    for entity_id, article_id in connection.execute(_NAMED_IN, {"articles": sorted(recent), "ids": ordered}):
        found[entity_id].add(article_id)
    return found


def together(co: dict[str, set[str]], candidate: str, company: set[str], skip: str | None) -> int:
    """In how many articles (other than `skip`) `candidate` was named with one of `company`."""
    theirs = set().union(*(co.get(c, set()) for c in company if c != candidate)) if company else set()
    return len((co.get(candidate, set()) & theirs) - {skip})
