"""merge one step: merged_into always leads in one step to a live entity

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 20:40:00

Two opposite merges at the same moment could once store a loop (A into B,
B into A), and every read that followed `merged_into` then spun for ever.
The service now takes the entities' locks before it merges; this revision
repairs what such races left behind and makes the database itself refuse a
`merged_into` that is not one step to a live entity:
- an entity never points to itself;
- the entity pointed to is live (its own `merged_into` is null);
- nothing points to an entity that is being merged away (the service first
  redirects those to the survivor).
The rule is a trigger on both backends. On PostgreSQL it reads the target
row FOR SHARE, so two transactions merging each other's entities cannot
both pass it. (SQLite drops a table's triggers when a later batch migration
copies the table: such a revision must create them again.)

Self-contained: it imports nothing from the service.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION entity_merge_one_step() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target_next varchar;
BEGIN
    IF NEW.merged_into IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT merged_into INTO target_next FROM entity WHERE id = NEW.merged_into FOR SHARE;
    IF NEW.merged_into = NEW.id OR target_next IS NOT NULL
       OR EXISTS (SELECT 1 FROM entity WHERE merged_into = NEW.id) THEN
        RAISE EXCEPTION 'merged_into must lead in one step to a live entity (entity %, merged_into %)',
            NEW.id, NEW.merged_into USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$
"""

_PG_TRIGGER = """
CREATE TRIGGER entity_merge_one_step BEFORE INSERT OR UPDATE OF merged_into ON entity
FOR EACH ROW EXECUTE FUNCTION entity_merge_one_step()
"""

# The same rule for each of the two events SQLite fires a trigger on.
_SQLITE_TRIGGERS = ["""
CREATE TRIGGER entity_merge_one_step_insert BEFORE INSERT ON entity
WHEN NEW.merged_into IS NOT NULL AND (
    NEW.merged_into = NEW.id
    OR (SELECT merged_into FROM entity WHERE id = NEW.merged_into) IS NOT NULL
    OR EXISTS (SELECT 1 FROM entity WHERE merged_into = NEW.id))
BEGIN SELECT RAISE(ABORT, 'merged_into must lead in one step to a live entity'); END
""", """
CREATE TRIGGER entity_merge_one_step_update BEFORE UPDATE OF merged_into ON entity
WHEN NEW.merged_into IS NOT NULL AND (
    NEW.merged_into = NEW.id
    OR (SELECT merged_into FROM entity WHERE id = NEW.merged_into) IS NOT NULL
    OR EXISTS (SELECT 1 FROM entity WHERE merged_into = NEW.id))
BEGIN SELECT RAISE(ABORT, 'merged_into must lead in one step to a live entity'); END
"""]


def upgrade() -> None:
    _repair()
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _SQLITE_TRIGGERS:
            op.execute(trigger)
    else:
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS entity_merge_one_step_insert")
        op.execute("DROP TRIGGER IF EXISTS entity_merge_one_step_update")
    else:
        op.execute("DROP TRIGGER IF EXISTS entity_merge_one_step ON entity")
        op.execute("DROP FUNCTION IF EXISTS entity_merge_one_step()")


def _repair() -> None:
    """Point every merged entity straight at the live end of its chain; a
    loop has no live end, so its smallest ID becomes live again."""
    bind = op.get_bind()
    stored = dict(bind.execute(sa.text(
        "SELECT id, merged_into FROM entity WHERE merged_into IS NOT NULL")).all())
    pointer = dict(stored)
    for start in sorted(stored):
        if start in pointer and _live_end(start, pointer) is None:
            loop = _loop_from(start, pointer)
            head = min(loop)
            del pointer[head]
            pointer.update({e: head for e in loop if e != head})
    for entity_id in sorted(stored):
        target = _live_end(entity_id, pointer) if entity_id in pointer else None
        if target != stored[entity_id]:
            bind.execute(sa.text("UPDATE entity SET merged_into = :t WHERE id = :e"),
                         {"t": target, "e": entity_id})


def _live_end(start: str, pointer: dict[str, str]) -> str | None:
    """The live entity a chain from `start` ends at; None in a loop."""
    seen, current = {start}, pointer[start]
    while current in pointer:
        if current in seen:
            return None
        seen.add(current)
        current = pointer[current]
    return current


def _loop_from(start: str, pointer: dict[str, str]) -> list[str]:
    """The entities of the loop that a chain from `start` runs into."""
    order, current = [], start
    while current not in order:
        order.append(current)
        current = pointer[current]
    return order[order.index(current):]
