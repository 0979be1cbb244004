"""`namesake check`: recompute every derived table from the mentions and
articles (and the names and titles an authority gave), and report each difference; `--repair` rebuilds the entities that
differ. Also the rules that hold the entities together: no mention on a
merged-away entity, `merged_into` one step to a live entity."""
import sys
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel, col
from tqdm import tqdm

from service.db.models import Alias, Entity, EntityTitle, EntityWord, Mention, NameKey, core_table
from service.ledger.entries import absorb, expected_rows, read_given, read_rows, rebuild
from service.ledger.tally import Tally, best_name, tally, utc

# Each rule, and what lists the rows that break it.
_ON_MERGED = "mention on a merged-away entity"
_RULES = {
    _ON_MERGED:
        "SELECT m.entity_id FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.merged_into IS NOT NULL",
    "entity merged into itself": "SELECT id FROM entity WHERE merged_into = id",
    "merge chain longer than one step":
        "SELECT a.id FROM entity a JOIN entity b ON a.merged_into = b.id WHERE b.merged_into IS NOT NULL",
    # The review queue (service/resolve/queue.py): these list the item's entities.
    "open review item on a merged-away entity":
        "SELECT e.id FROM possible_match p JOIN entity e ON e.id IN (p.entity_a, p.entity_b)"
        " WHERE p.status = 'open' AND e.merged_into IS NOT NULL",
    "open review item of a pair marked distinct":
        "SELECT p.entity_a FROM possible_match p JOIN distinct_pair d"
        " ON d.entity_a = p.entity_a AND d.entity_b = p.entity_b WHERE p.status = 'open'",
    "review item of a pair not stored smaller ID first":
        "SELECT entity_a FROM possible_match WHERE entity_a > entity_b OR entity_id NOT IN (entity_a, entity_b)",
}
# The columns of each derived table that identify a row, then those compared.
_TABLES: dict[type[SQLModel], tuple[tuple[str, ...], tuple[str, ...]]] = {
    Alias: (("entity_id", "surface"), ("normalized", "count", "first_seen", "last_seen")),
    NameKey: (("entity_id", "key"), ()),
    EntityTitle: (("entity_id", "title"), ("count",)),
    EntityWord: (("entity_id", "word"), ("count",)),
}


def differences(session: Session, show: bool = False) -> list[tuple[str, str]]:
    """Every (entity ID, what is wrong), sorted; none for a consistent store.
    `show`: a progress bar on stderr while the mentions are read."""
    found = [(str(i), rule) for rule, query in _RULES.items()
             for i in session.connection().exec_driver_sql(query).scalars()]
    total = session.connection().execute(select(func.count()).select_from(core_table(Mention))).scalar_one()
    tallies = tally(list(tqdm(read_rows(session), total=total, unit="mention", file=sys.stderr,
                              disable=not show, desc="reading")), *read_given(session))
    for model, rows in expected_rows(tallies).items():
        found += _table_differences(session, model, rows)
    found += _entity_differences(session, tallies)
    return sorted(set(found))


def repair(session: Session, show: bool = False) -> list[tuple[str, str]]:
    """Mentions left on a merged-away entity go to its survivor; every other
    entity that differs is rebuilt. Answers what differed; the caller commits."""
    found = differences(session, show)
    for absorbed_id, survivor_id in session.connection().execute(
            select(col(Entity.id), col(Entity.merged_into)).where(col(Entity.id).in_(
                sorted({i for i, rule in found if rule == _ON_MERGED}))).order_by(col(Entity.id))):
        absorb(session, survivor_id=survivor_id, absorbed_id=absorbed_id)
    rebuild(session, {entity_id for entity_id, _ in found})
    return found


def _table_differences(session: Session, model: type[SQLModel], wanted: list[dict]) -> Iterator[tuple[str, str]]:
    key, compared = _TABLES[model]
    table = core_table(model)
    stored = {tuple(r[:len(key)]): _comparable(r[len(key):])
              for r in session.connection().execute(select(*(table.c[c] for c in key + compared)))}
    expected = {tuple(r[c] for c in key): _comparable([r[c] for c in compared]) for r in wanted}
    for row_key in stored.keys() | expected.keys():
        has, should = stored.get(row_key), expected.get(row_key)
        if has != should:
            what = f"{table.name} {row_key[1]!r}"
            yield row_key[0], (f"{what}: stored {has}, mentions give {should}" if has and should
                               else f"{what}: {'not in' if should else 'only in'} the table")


def _entity_differences(session: Session, tallies: dict[str, Tally]) -> Iterator[tuple[str, str]]:
    for entity in session.scalars(select(Entity)):
        t = tallies.get(entity.id, Tally())
        if (entity.mention_count, entity.article_count) != (t.mentions, len(t.articles)):
            yield entity.id, (f"counts: stored {entity.mention_count} mentions in {entity.article_count} "
                              f"articles, mentions give {t.mentions} in {len(t.articles)}")
        name = best_name({s: seen.count for s, seen in t.aliases.items()}, entity.canonical_name)
        if not entity.name_locked and name is not None and name != entity.canonical_name:
            yield entity.id, f"canonical name: stored {entity.canonical_name!r}, aliases give {name!r}"


def _comparable(values) -> tuple:
    return tuple(utc(v) if hasattr(v, "tzinfo") else v for v in values)
