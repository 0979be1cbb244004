"""rekey names: every entity's name keys computed again by the name engine of 0011

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:00:00

A data migration. The name engine learnt Arabic letter alternations (Elkaddafi
keys as Kaddafi), Wade-Giles and pinyin syllables, names in other scripts,
English nicknames from the `nicknames` package, honorifics and regnal numbers:
the blocking keys of stored aliases change with it. Each entity's keys become
exactly those of its aliases (what the ledger derives, so that `namesake check`
finds nothing after the upgrade), computed by this revision's own frozen copy
of the engine (_0011_keys), never by the service. An entity without aliases
(merged away) keeps no keys.

Downgrade leaves the keys as they are: keys are lookup hints, the older
engine reads the newer ones without harm, and `namesake check --repair` at
that version writes its own.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Entities keyed again per round: bounded memory on a store of millions.
CHUNK = 2000

alias = sa.table("alias", sa.column("entity_id", sa.String), sa.column("surface", sa.String))
name_key = sa.table("name_key", sa.column("key", sa.String), sa.column("entity_id", sa.String))


def upgrade() -> None:
    connection = op.get_bind()
    connection.execute(name_key.delete().where(name_key.c.entity_id.not_in(sa.select(alias.c.entity_id))))
    last = ""
    while ids := connection.execute(sa.select(alias.c.entity_id).distinct().where(alias.c.entity_id > last)
                                    .order_by(alias.c.entity_id).limit(CHUNK)).scalars().all():
        last = ids[-1]
        rows = connection.execute(sa.select(alias.c.entity_id, alias.c.surface)
                                  .where(alias.c.entity_id.in_(ids))).all()
        keys = {(row.entity_id, key) for row in rows for key in _keys(row.surface)}
        connection.execute(name_key.delete().where(name_key.c.entity_id.in_(ids)))
        if keys:
            connection.execute(name_key.insert(), [{"entity_id": e, "key": k} for e, k in sorted(keys)])


def _keys(surface: str) -> set[str]:
    # Imported when an upgrade runs, not with this file: Alembic reads every
    # revision at each start, and the frozen engine's tables cost a process
    # about half a second and 30 MB.
    from migrations.versions import _0011_keys as engine

    try:
        return engine.blocking_keys(surface)
    except engine.InvalidName:  # stored before names were checked: it has no keys
        return set()


def downgrade() -> None:
    pass
