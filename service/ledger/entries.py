"""The ledger's verbs, the only code that writes the tables derived from
mentions and from what an authority file gave: alias, name_key,
entity_title, entity_word, and each entity's counts and canonical name.

- record: what one article's new mentions add (the ingest path: a few
  statements per article, whatever its size);
- record_given: what names and titles an authority just gave add (aliases
  counting 0, their keys, titles counting 0);
- retract: take an article's mentions back, and delete them (what an
  authority gave stays);
- move, absorb: mentions change entity (split, merge, undo); both entities
  are rebuilt;
- rebuild: recompute entities from their mentions and what an authority
  gave them (also `namesake check --repair`).

Every verb works from the mention rows and the authority's rows
(service/ledger/tally.py); none commits: the outermost caller does."""
from collections.abc import Iterable, Iterator

from sqlalchemy import bindparam, delete, func, select, update
from sqlmodel import Session, SQLModel, col

from service.db.models import (
    Alias,
    Article,
    AuthorityName,
    AuthorityTitle,
    Entity,
    EntityTitle,
    EntityWord,
    Mention,
    NameKey,
    core_table,
    utcnow,
)
from service.db.upsert import insert_ignoring_duplicates, insert_or_add, insert_rows
from service.ledger.tally import Named, Row, Tally, Titled, best_name, tally, utc
from service.live import counted_on
from service.names import blocking_keys, normalize_name

_mention, _article, _alias = core_table(Mention).c, core_table(Article).c, core_table(Alias).c
_entity, _key = core_table(Entity).c, core_table(NameKey).c
# The derived tables that hang off an entity, with the column each counts.
_COUNTED = ((EntityTitle, "title"), (EntityWord, "word"))
_ROWS = (select(_mention.entity_id, _mention.article_id, _mention.text, _mention.titles, _mention.words,
                _article.updated_at.label("seen"))
         .join_from(core_table(Mention), core_table(Article), _article.id == _mention.article_id))


def read_rows(session: Session, *, article_id: str | None = None,
              entity_ids: Iterable[str] | None = None) -> Iterator[Row]:
    """The ledger's view of the mentions of one article, of some entities, or
    (neither given) of the whole store, read as they come."""
    query = _ROWS
    if article_id is not None:
        query = query.where(_mention.article_id == article_id)
    elif entity_ids is not None:
        query = query.where(_mention.entity_id.in_(sorted(entity_ids)))
    for r in session.connection().execute(query.execution_options(yield_per=10_000)):
        yield Row(*r)


def record(session: Session, rows: list[Row]) -> None:
    """Add what one article's mentions imply; the mentions are stored already."""
    tallies = tally(rows)
    if not tallies:
        return
    _add_counts(session, tallies, sign=1)
    _add_rows(session, tallies)
    refresh_names(session, set(tallies))


def record_given(session: Session, names: list[Named], titles: list[Titled]) -> None:
    """Add what names and titles an authority gave imply; they are stored
    already, each under the live entity it counts on."""
    tallies = tally([], names, titles)
    if tallies:
        _add_rows(session, tallies)
        refresh_names(session, set(tallies))


def read_given(session: Session, entity_ids: Iterable[str] | None = None) -> tuple[list[Named], list[Titled]]:
    """The names and titles an authority gave these live entities, or the
    whole store's (None), each under the live entity it counts on: its own
    entity, or the one that entity was merged into (one step, migration 0007)."""
    wanted = None if entity_ids is None else sorted(entity_ids)
    names = [Named(e, surface, at) for e, surface, at in _given(session, AuthorityName, "surface", wanted)]
    titles = [Titled(e, title) for e, title, _ in _given(session, AuthorityTitle, "title", wanted)]
    return names, titles


def _given(session: Session, model: type[SQLModel], column: str, wanted: list[str] | None) -> list[tuple]:
    table = core_table(model).c
    if wanted is None:
        live = func.coalesce(_entity.merged_into, _entity.id)
        return [tuple(row) for row in session.connection().execute(
            select(live, table[column], table.created_at)
            .join_from(core_table(model), core_table(Entity), _entity.id == table.entity_id))]
    # An entity's own rows and those of the entities merged into it; those
    # of an entity merged away count on its survivor, which may not be asked for.
    owners = counted_on(session, wanted)
    found = session.connection().execute(select(table.entity_id, table[column], table.created_at)
                                         .where(table.entity_id.in_(sorted(owners))))
    return [(owners[owner], value, at) for owner, value, at in found]


def _add_rows(session: Session, tallies: dict[str, Tally]) -> None:
    """Add the tallies' aliases, keys, titles and words to the stored rows."""
    alias_rows = [{"entity_id": e, "surface": s, "normalized": normalize_name(s), "count": seen.count,
                   "first_seen": seen.first, "last_seen": seen.last}
                  for e, t in sorted(tallies.items()) for s, seen in sorted(t.aliases.items())]
    insert_or_add(session, Alias, alias_rows, ["entity_id", "surface"], "count",
                  oldest=("first_seen",), newest=("last_seen",))
    insert_ignoring_duplicates(session, NameKey, [{"entity_id": e, "key": k} for e, t in sorted(tallies.items())
                                                  for k in sorted(t.keys())])
    for model, column in _COUNTED:
        insert_or_add(session, model, [{"entity_id": e, column: v, "count": n}
                                       for e, t in sorted(tallies.items())
                                       for v, n in sorted(_counter(t, model).items())],
                      ["entity_id", column], "count")


def retract(session: Session, article_id: str) -> None:
    """Take back what an article's mentions implied, then delete them."""
    tallies = tally(list(read_rows(session, article_id=article_id)))
    if not tallies:
        return
    _add_counts(session, tallies, sign=-1)
    _subtract(session, Alias, "surface", {(e, s): seen.count for e, t in tallies.items()
                                           for s, seen in t.aliases.items()})
    for model, column in _COUNTED:
        _subtract(session, model, column, {(e, v): n for e, t in tallies.items()
                                           for v, n in _counter(t, model).items()})
    session.execute(delete(Mention).where(col(Mention.article_id) == article_id))
    _settle_dates(session, {(e, s) for e, t in tallies.items() for s in t.aliases})
    # Rows counted down to nothing went; those an authority gave come back
    # (counting 0), and the dates of the others take their moment in again.
    _add_rows(session, tally([], *read_given(session, set(tallies))))
    _settle_keys(session, set(tallies))
    refresh_names(session, set(tallies))


def move(session: Session, mention_ids: list[int], *, to: str, only_from: str | None = None) -> None:
    """Give these mentions (those still on `only_from`, when given) to `to`;
    the entities they leave and `to` are rebuilt."""
    query = select(_mention.entity_id).where(_mention.id.in_(mention_ids or [-1])).distinct()
    if only_from is not None:  # later curations may have moved some on: leave those
        query = query.where(_mention.entity_id == only_from)
    left = set(session.connection().execute(query).scalars())
    if left:
        session.execute(update(Mention).where(col(Mention.id).in_(mention_ids),
                                              col(Mention.entity_id).in_(left)).values(entity_id=to))
    # Rebuilt even when no mention moved: an undone merge gives the absorbed
    # entity back what an authority gave it, whether it had mentions or not.
    rebuild(session, left | {to} | ({only_from} if only_from is not None else set()))


def absorb(session: Session, *, survivor_id: str, absorbed_id: str) -> None:
    """Every mention of the absorbed entity to the survivor (a merge)."""
    session.execute(update(Mention).where(col(Mention.entity_id) == absorbed_id).values(entity_id=survivor_id))
    rebuild(session, {survivor_id, absorbed_id})


def rebuild(session: Session, entity_ids: set[str]) -> None:
    """Recompute the entities' derived rows and counts from their mentions
    and what an authority gave them."""
    session.flush()
    ids = sorted(entity_ids)
    tallies = tally(list(read_rows(session, entity_ids=ids)), *read_given(session, ids))
    for model in (Alias, NameKey, EntityTitle, EntityWord):
        session.execute(delete(model).where(col(model.entity_id).in_(ids)))
    for derived, rows in expected_rows(tallies).items():
        insert_rows(session, derived, rows)
    session.execute(update(core_table(Entity)).where(_entity.id == bindparam("entity_id")).values(
        mention_count=bindparam("mentions"), article_count=bindparam("articles"), updated_at=utcnow()),
        [{"entity_id": i, "mentions": tallies[i].mentions if i in tallies else 0,
          "articles": len(tallies[i].articles) if i in tallies else 0} for i in ids])
    refresh_names(session, set(ids))


def expected_rows(tallies: dict[str, Tally]) -> dict[type[SQLModel], list[dict]]:
    """The derived rows the tallies call for, table by table."""
    ordered = sorted(tallies.items())
    return {
        Alias: [{"entity_id": e, "surface": s, "normalized": normalize_name(s), "count": seen.count,
                 "first_seen": seen.first, "last_seen": seen.last}
                for e, t in ordered for s, seen in sorted(t.aliases.items())],
        NameKey: [{"entity_id": e, "key": k} for e, t in ordered for k in sorted(t.keys())],
        **{model: [{"entity_id": e, column: v, "count": n} for e, t in ordered
                   for v, n in sorted(_counter(t, model).items())] for model, column in _COUNTED},
    }


def refresh_names(session: Session, ids: set[str]) -> None:
    """Each entity's canonical name, chosen from its aliases (tally.best_name):
    it changes only for a clearly better form; a name an editor chose stays.
    Names and aliases are read from the database in one statement, under the
    entities' locks: an entity object loaded before the locks were taken may
    hold a name another writer has changed since."""
    if not ids:
        return
    session.flush()
    current: dict[str, tuple[str, bool]] = {}
    forms: dict[str, dict[str, int]] = {i: {} for i in ids}
    for entity_id, name, locked, surface, count in session.connection().execute(_NAMES, {"ids": sorted(ids)}):
        current[entity_id] = (name, locked)
        if surface is not None:
            forms[entity_id][surface] = count
    changes = [{"entity_id": i, "name": best} for i, (name, locked) in sorted(current.items())
               if not locked and (best := best_name(forms[i], name)) not in (None, name)]
    if changes:
        session.execute(update(core_table(Entity)).where(_entity.id == bindparam("entity_id"))
                        .values(canonical_name=bindparam("name")), changes)
    # Written behind the ORM's back: read afresh if asked.
    for entity_id in ids:
        held = session.identity_map.get(session.identity_key(Entity, entity_id))
        if held is not None:
            session.expire(held, ["canonical_name", "mention_count", "article_count", "updated_at"])


# Each entity's name with its aliases (a row with no alias for an entity that has none).
_NAMES = (select(_entity.id, _entity.canonical_name, _entity.name_locked, _alias.surface, _alias.count)
          .outerjoin(core_table(Alias), _alias.entity_id == _entity.id)
          .where(_entity.id.in_(bindparam("ids", expanding=True))))


def _counter(t: Tally, model: type[SQLModel]) -> dict[str, int]:
    return t.titles if model is EntityTitle else t.words


# SQL expressions, not Python sums: concurrent writers both count. Built
# once: building a statement costs more than running this one.
_ADD_COUNTS = update(core_table(Entity)).where(_entity.id == bindparam("entity_id")).values(
    mention_count=_entity.mention_count + bindparam("mentions"),
    article_count=_entity.article_count + bindparam("articles"), updated_at=bindparam("now"))


def _add_counts(session: Session, tallies: dict[str, Tally], sign: int) -> None:
    now = utcnow()
    session.execute(_ADD_COUNTS, [{"entity_id": e, "mentions": sign * t.mentions, "articles": sign * len(t.articles),
                                   "now": now} for e, t in sorted(tallies.items())])


def _subtract(session: Session, model: type[SQLModel], column: str, counts: dict[tuple[str, str], int]) -> None:
    """Take counts back; a row counted down to nothing goes."""
    if not counts:
        return
    table = core_table(model)
    session.execute(update(table).where(table.c.entity_id == bindparam("e"),
                                        table.c[column] == bindparam("v"))
                    .values(count=table.c["count"] - bindparam("n")),
                    [{"e": e, "v": v, "n": n} for (e, v), n in sorted(counts.items())])
    session.execute(delete(table).where(table.c.entity_id.in_(sorted({e for e, _ in counts})),
                                        table.c["count"] <= 0))


def _settle_dates(session: Session, pairs: set[tuple[str, str]]) -> None:
    """First and last seen of the aliases left, from the mentions left: the
    retracted article may have been the first or the last to write one."""
    found = session.connection().execute(
        select(_mention.entity_id, _mention.text, func.min(_article.updated_at), func.max(_article.updated_at))
        .join_from(core_table(Mention), core_table(Article), _article.id == _mention.article_id)
        .where(_mention.entity_id.in_(sorted({e for e, _ in pairs})),
               _mention.text.in_(sorted({s for _, s in pairs})))
        .group_by(_mention.entity_id, _mention.text)).all()
    rows = [{"e": e, "s": s, "first": utc(first), "last": utc(last)}
            for e, s, first, last in found if (e, s) in pairs]
    if rows:
        session.execute(update(core_table(Alias)).where(_alias.entity_id == bindparam("e"),
                                                      _alias.surface == bindparam("s"))
                        .values(first_seen=bindparam("first"), last_seen=bindparam("last")), rows)


def _settle_keys(session: Session, ids: set[str]) -> None:
    """Drop the keys that none of an entity's remaining aliases has."""
    wanted: dict[str, set[str]] = {i: set() for i in ids}
    for entity_id, surface in session.connection().execute(
            select(_alias.entity_id, _alias.surface).where(_alias.entity_id.in_(sorted(ids)))):
        wanted[entity_id] |= blocking_keys(surface)
    stale = [{"e": e, "k": k} for e, k in session.connection().execute(
        select(_key.entity_id, _key.key).where(_key.entity_id.in_(sorted(ids)))) if k not in wanted[e]]
    if stale:
        session.execute(delete(core_table(NameKey)).where(_key.entity_id == bindparam("e"),
                                                        _key.key == bindparam("k")), stale)
