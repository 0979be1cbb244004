"""pair keys: given and family name together, for every stored alias

A data migration: the name keys of every alias are computed again, which adds
the pair keys ("p:...") that keep the candidate lookup selective in a large
store. Keys already there are kept. The keys come from this revision's own
frozen copy of the name engine (_0005_keys), never from the service: a later
change to the engine must not change what this upgrade writes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 10:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite

from migrations.versions._0005_keys import InvalidName, blocking_keys

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Aliases read and keyed per round: bounded memory on a store of millions.
CHUNK = 5000

alias = sa.table("alias", sa.column("id", sa.Integer), sa.column("entity_id", sa.String),
                 sa.column("surface", sa.String))
name_key = sa.table("name_key", sa.column("key", sa.String), sa.column("entity_id", sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(name_key)
    last = -1
    while rows := connection.execute(sa.select(alias.c.id, alias.c.entity_id, alias.c.surface)
                                     .where(alias.c.id > last).order_by(alias.c.id).limit(CHUNK)).all():
        last = rows[-1].id
        keys = {(row.entity_id, key) for row in rows for key in _keys(row.surface)}
        if keys:
            connection.execute(insert.on_conflict_do_nothing(),
                               [{"entity_id": e, "key": k} for e, k in sorted(keys)])


def _keys(surface: str) -> set[str]:
    try:
        return blocking_keys(surface)
    except InvalidName:  # stored before names were checked: it has no keys to add
        return set()


def downgrade() -> None:
    op.execute(name_key.delete().where(name_key.c.key.like("p:%")))
