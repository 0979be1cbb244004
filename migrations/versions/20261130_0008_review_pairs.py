"""review pairs: one review item per pair of entities, not per article

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 22:10:00

The review queue held one row per article that raised a pair, so a pair
raised by a thousand articles was a thousand rows for editors to settle.
Now a pair (smaller ID first) has one item: how many articles raised it,
the best score, the newest few articles as examples (JSON, oldest first),
and at most one open item per pair (a partial unique index, which writers
upsert on).

The rows stored so far are folded, pair by pair, on the entities they
belong to now (a merged-away ID counts as its survivor):
- the count is the number of rows, the score the best of them, the
  examples the newest rows, the direction (which entity the group went to)
  and the creation time the oldest row's;
- the item keeps the ID of the pair's newest row, so that a request to
  settle that row settles its pair, never another one;
- it is open if any row was open and the pair is neither marked distinct
  nor merged into one entity; otherwise accepted (merged), rejected
  (distinct) or as its newest row was settled.
Going down, each item becomes one row per example still stored.

Self-contained: it imports nothing from the service.
"""
import json
from collections import deque
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXAMPLES = 3
OPEN = sa.text("status = 'open'")

# Columns written as read: the values pass through as the backend holds them.
_ITEMS = sa.table("possible_match", *map(sa.column, (
    "id", "entity_a", "entity_b", "entity_id", "article_count", "score", "examples", "status",
    "created_at", "updated_at")))
_ROWS = sa.table("possible_match", *map(sa.column, (
    "article_id", "entity_id", "candidate_id", "name", "score", "status", "created_at")))


def upgrade() -> None:
    items = _remade(_fold, _create_items_table, _ITEMS)
    if items and op.get_bind().dialect.name == "postgresql":
        # The IDs were given: the sequence goes on after them.
        op.execute("SELECT setval(pg_get_serial_sequence('possible_match', 'id'), "
                   "(SELECT max(id) FROM possible_match))")


def downgrade() -> None:
    _remade(_unfold, _create_rows_table, _ROWS)


def _remade(read, create, table: sa.TableClause) -> list[dict]:
    """The table made anew by `create`, holding the rows `read` made of the
    old one; answers those rows."""
    bind = op.get_bind()
    rows = read(bind)
    op.drop_table("possible_match")
    create()
    if rows:
        bind.execute(table.insert(), rows)
    return rows


def _fold(bind) -> list[dict]:
    live = dict(bind.execute(sa.text("SELECT id, merged_into FROM entity WHERE merged_into IS NOT NULL")).all())
    distinct = {tuple(r) for r in bind.execute(sa.text("SELECT entity_a, entity_b FROM distinct_pair"))}
    pairs: dict[tuple[str, str], dict] = {}
    rows = bind.execute(sa.text(
        "SELECT id, article_id, entity_id, candidate_id, name, score, status, created_at"
        " FROM possible_match ORDER BY created_at, id"))  # oldest first
    for row in rows:
        entity, candidate = live.get(row.entity_id, row.entity_id), live.get(row.candidate_id, row.candidate_id)
        pair = tuple(sorted((entity, candidate)))
        item = pairs.get(pair)
        if item is None:
            item = pairs[pair] = {"entity_id": entity, "created_at": row.created_at, "count": 0,
                                  "score": row.score, "examples": deque(maxlen=EXAMPLES), "open": False}
        item["count"] += 1
        item["score"] = max(item["score"], row.score)
        item["examples"].append({"article_id": row.article_id, "name": row.name, "score": row.score})
        item["open"] = item["open"] or row.status == "open"
        item.update(id=row.id, status=row.status, updated_at=row.created_at)  # the newest row's
    return [_item(pair, item, distinct) for pair, item in pairs.items()]


def _item(pair: tuple[str, str], item: dict, distinct: set) -> dict:
    merged, marked = pair[0] == pair[1], pair in distinct
    if item["open"] and not (merged or marked):
        status = "open"
    else:
        status = "accepted" if merged else "rejected" if marked else item["status"]
    return {"id": item["id"], "entity_a": pair[0], "entity_b": pair[1], "entity_id": item["entity_id"],
            "article_count": item["count"], "score": item["score"],
            "examples": json.dumps(list(item["examples"])), "status": status,
            "created_at": item["created_at"], "updated_at": item["updated_at"]}


def _unfold(bind) -> list[dict]:
    articles = set(bind.execute(sa.text("SELECT id FROM article")).scalars())
    items = bind.execute(sa.text(
        "SELECT entity_a, entity_b, entity_id, examples, status, updated_at FROM possible_match ORDER BY id"))
    return [{"article_id": example["article_id"], "entity_id": item.entity_id,
             "candidate_id": item.entity_b if item.entity_id == item.entity_a else item.entity_a,
             "name": example["name"], "score": example["score"], "status": item.status,
             "created_at": item.updated_at}
            for item in items for example in json.loads(item.examples)
            if example["article_id"] in articles]  # the old rows point at stored articles


def _entity_column(name: str) -> sa.Column:
    return sa.Column(name, sa.String(length=32), nullable=False)


def _entity_key(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["entity.id"], name=f"fk_{table}_{column}_entity")


def _create_items_table() -> None:
    op.create_table(
        "possible_match",
        sa.Column("id", sa.Integer(), nullable=False),
        _entity_column("entity_a"),
        _entity_column("entity_b"),
        _entity_column("entity_id"),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("examples", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        *(_entity_key("possible_match", c) for c in ("entity_a", "entity_b", "entity_id")),
        sa.PrimaryKeyConstraint("id", name="pk_possible_match"),
    )
    for column in ("entity_a", "entity_b", "status"):
        op.create_index(f"ix_possible_match_{column}", "possible_match", [column])
    op.create_index("ix_possible_match_open_pair", "possible_match", ["entity_a", "entity_b"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def _create_rows_table() -> None:
    """The table as revision 0002 made it."""
    op.create_table(
        "possible_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        _entity_column("entity_id"),
        _entity_column("candidate_id"),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], name="fk_possible_match_article_id_article"),
        *(_entity_key("possible_match", c) for c in ("candidate_id", "entity_id")),
        sa.PrimaryKeyConstraint("id", name="pk_possible_match"),
    )
    for column in ("article_id", "candidate_id", "entity_id", "status"):
        op.create_index(f"ix_possible_match_{column}", "possible_match", [column])
