"""Re-keying every entity with a frozen name engine: the loop revisions 0011
and 0012 share. Like the frozen engines, never edited once a revision uses it.

Each entity's keys become exactly those of its aliases (what the ledger
derives, so that `namesake check` finds nothing after the upgrade); an entity
without aliases (merged away) keeps no keys.
"""
import importlib
from types import ModuleType

import sqlalchemy as sa
from sqlalchemy.engine import Connection

# Entities keyed again per round: bounded memory on a store of millions.
CHUNK = 2000

alias = sa.table("alias", sa.column("entity_id", sa.String), sa.column("surface", sa.String))
name_key = sa.table("name_key", sa.column("key", sa.String), sa.column("entity_id", sa.String))


def rekey(connection: Connection, frozen: str) -> None:
    """Keys of every entity computed again by the frozen engine `frozen` (a
    package of migrations/versions, such as "_0012_keys")."""
    # Imported when there are aliases to key, not with the revision: Alembic
    # reads every revision at each start, a new database has no aliases, and a
    # frozen engine's tables cost a process about half a second and 30 MB.
    if connection.execute(sa.select(alias.c.entity_id).limit(1)).first() is None:
        connection.execute(name_key.delete())
        return
    engine = importlib.import_module(f"migrations.versions.{frozen}")
    connection.execute(name_key.delete().where(name_key.c.entity_id.not_in(sa.select(alias.c.entity_id))))
    last = ""
    while ids := connection.execute(sa.select(alias.c.entity_id).distinct().where(alias.c.entity_id > last)
                                    .order_by(alias.c.entity_id).limit(CHUNK)).scalars().all():
        last = ids[-1]
        rows = connection.execute(sa.select(alias.c.entity_id, alias.c.surface)
                                  .where(alias.c.entity_id.in_(ids))).all()
        keys = {(row.entity_id, key) for row in rows for key in _keys(engine, row.surface)}
        connection.execute(name_key.delete().where(name_key.c.entity_id.in_(ids)))
        if keys:
            connection.execute(name_key.insert(), [{"entity_id": e, "key": k} for e, k in sorted(keys)])


def _keys(engine: ModuleType, surface: str) -> set[str]:
    try:
        return engine.blocking_keys(surface)
    except engine.InvalidName:  # stored before names were checked: it has no keys
        return set()
