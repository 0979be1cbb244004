"""The review queue's writes: one item per pair of entities that might be one
person. Articles raise pairs, merges move them, curations settle them.

A pair is raised with one INSERT ... ON CONFLICT on its open item: the
item's count, best score and examples are worked out in SQL, under the
row's lock, so that two writers raising one pair both count, on either
backend. Whoever writes an item holds both entities' locks
(service/db/locks.py): an article raising a pair and a merge or a distinct
mark of it do not interleave, and a pair decided before the article took its
locks is not raised again."""
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, case, cast, func, or_, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Session, col, select

from service.db.locks import lock_entities
from service.db.models import DistinctPair, Entity, PossibleMatch
from service.db.retry import StaleRead
from service.db.upsert import upsert

# The examples an item keeps: the newest articles that raised it.
EXAMPLES = 3
_OPEN = "status = 'open'"


@dataclass(frozen=True, kw_only=True)
class Raised:
    """One article's doubt: its group `name` went to `entity_id`, but might be
    `candidate_id`, which scored `score`."""

    entity_id: str
    candidate_id: str
    article_id: str
    name: str
    score: float


def raise_pairs(session: Session, raised: list[Raised], now: datetime) -> None:
    """Open an item for each pair, or count the article on the pair's open
    item. An article counts once per pair, with its best-scored doubt."""
    best: dict[tuple[str, str], Raised] = {}
    for doubt in raised:
        pair = _pair(a=doubt.entity_id, b=doubt.candidate_id)
        if pair[0] != pair[1] and (pair not in best or doubt.score > best[pair].score):
            best[pair] = doubt
    reviewable = _reviewable(session, set(best))
    # In pair order: two writers updating the same items lock them in one order.
    _raise(session, [_row(pair, d.entity_id, 1, d.score, _example(d), now, now)
                     for pair, d in sorted(best.items()) if pair in reviewable])


def settle_pair(session: Session, *, a: str, b: str, status: str) -> None:
    """The pair was decided, `accepted` (merged) or `rejected` (marked
    distinct): its open item, if any, is settled."""
    x, y = _pair(a=a, b=b)
    session.execute(update(PossibleMatch).where(
        col(PossibleMatch.entity_a) == x, col(PossibleMatch.entity_b) == y,
        col(PossibleMatch.status) == "open").values(status=status))


def move_pairs(session: Session, *, survivor: str, absorbed: str) -> None:
    """After `absorbed` was merged into `survivor`: the item of the two is
    settled (accepted); the absorbed entity's other open items become the
    survivor's, counted on the survivor's open item of the same pair if it
    has one, or settled (rejected) where the survivor is marked distinct from
    the other entity. Settled items stay as they were decided."""
    settle_pair(session, a=survivor, b=absorbed, status="accepted")
    items = _open_items(session, absorbed)
    # The items are rewritten for the entity at their other end too: a merge
    # of that entity at the same moment would rewrite the same items, each
    # leaving an item on the other's merged-away entity. Its lock makes one
    # wait for the other; the one that waited starts again (StaleRead) and
    # finds the items where the first left them.
    partners = {i.entity_b if i.entity_a == absorbed else i.entity_a for i in items} - {survivor}
    if partners:
        lock_entities(session, partners)
        fresh = _open_items(session, absorbed)
        if {(i.id, i.entity_a, i.entity_b) for i in fresh} != {(i.id, i.entity_a, i.entity_b) for i in items} \
                or _any_merged(session, partners):
            raise StaleRead("the review items of a merged entity")
    moved = {_pair(a=survivor, b=item.entity_b if item.entity_a == absorbed else item.entity_a): item
             for item in items}
    distinct = _distinct(session, set(moved))
    for pair, item in moved.items():
        if pair in distinct:
            item.status = "rejected"
            session.add(item)
            continue
        rows = _raised_again(item, pair, survivor if item.entity_id == absorbed else item.entity_id)
        session.delete(item)
        session.flush()
        for row in rows:  # one statement each: the update appends one example at a time
            _raise(session, [row])
    session.flush()


def _open_items(session: Session, entity_id: str) -> list[PossibleMatch]:
    return list(session.exec(select(PossibleMatch).where(
        col(PossibleMatch.status) == "open",
        or_(col(PossibleMatch.entity_a) == entity_id, col(PossibleMatch.entity_b) == entity_id),
    ).order_by(col(PossibleMatch.entity_a), col(PossibleMatch.entity_b))
        .execution_options(populate_existing=True)).all())


def _any_merged(session: Session, ids: set[str]) -> bool:
    return session.exec(select(Entity.id).where(
        col(Entity.id).in_(sorted(ids)), col(Entity.merged_into).is_not(None))).first() is not None


def _raised_again(item: PossibleMatch, pair: tuple[str, str], entity_id: str) -> list[dict]:
    """The item's count, score and examples as rows raising `pair`, one per
    example; the first carries the count and the score."""
    return [_row(pair, entity_id, item.article_count if i == 0 else 0, item.score if i == 0 else 0.0,
                 example, item.created_at, item.updated_at)
            for i, example in enumerate(json.loads(item.examples))]


def examples(item: PossibleMatch) -> list[dict]:
    """The item's examples, newest first."""
    return json.loads(item.examples)[::-1]


def _pair(*, a: str, b: str) -> tuple[str, str]:
    x, y = sorted((a, b))
    return x, y


def _reviewable(session: Session, pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The pairs still open to review: not marked distinct, both entities
    live (a candidate may have been merged away since it was read)."""
    ids = {i for pair in pairs for i in pair}
    if not ids:
        return set()
    merged = set(session.exec(select(Entity.id).where(
        col(Entity.id).in_(ids), col(Entity.merged_into).is_not(None))).all())
    return {pair for pair in pairs - _distinct(session, pairs) if not merged & set(pair)}


def _distinct(session: Session, pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The pairs marked as distinct people."""
    ids = {i for pair in pairs for i in pair}
    if not ids:
        return set()
    rows = session.exec(select(DistinctPair.entity_a, DistinctPair.entity_b).where(
        col(DistinctPair.entity_a).in_(ids), col(DistinctPair.entity_b).in_(ids))).all()
    return {(a, b) for a, b in rows} & pairs


def _example(doubt: Raised) -> dict:
    return {"article_id": doubt.article_id, "name": doubt.name, "score": doubt.score}


def _row(pair: tuple[str, str], entity_id: str, count: int, score: float, example: dict,
         created: datetime, updated: datetime) -> dict:
    return {"entity_a": pair[0], "entity_b": pair[1], "entity_id": entity_id, "article_count": count,
            "score": score, "examples": json.dumps([example]), "status": "open",
            "created_at": created, "updated_at": updated}


def _raise(session: Session, rows: list[dict]) -> None:
    upsert(session, PossibleMatch, rows, ("entity_a", "entity_b"), _counted, where=_OPEN)


def _counted(table, new, dialect: str) -> dict:
    """How an open item takes one more raising of its pair (the statement's
    new row): counts add up, the best score and the latest time stay, and
    the new row's one example joins the newest ones."""
    return {"article_count": table.c.article_count + new.article_count,
            "score": _greater(table.c.score, new.score),
            "updated_at": _greater(table.c.updated_at, new.updated_at),
            "examples": _appended(table.c.examples, new.examples, dialect)}


def _greater(stored, new):
    # CASE rather than GREATEST (PostgreSQL) or max() (SQLite): one SQL for both.
    return case((new > stored, new), else_=stored)


def _appended(stored, new, dialect: str):
    """The stored JSON array of examples with the first element of `new`
    appended, the oldest dropped to keep EXAMPLES."""
    if dialect == "postgresql":
        kept = cast(stored, JSONB)
        trimmed = case((func.jsonb_array_length(kept) < EXAMPLES, kept), else_=kept.op("-")(0))
        return cast(trimmed.op("||")(cast(new, JSONB)), Text)
    trimmed = case((func.json_array_length(stored) < EXAMPLES, stored), else_=func.json_remove(stored, "$[0]"))
    return func.json_insert(trimmed, "$[#]", func.json(func.json_extract(new, "$[0]")))
