"""Re-keying every entity with a frozen name engine: the loop revisions 0011
and 0012 share. Like the frozen engines, never edited once a revision uses it.

Each entity's keys become exactly those of its aliases (what the ledger
derives, so that `namesake check` finds nothing after the upgrade); an entity
without aliases (merged away) keeps no keys.
"""
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

# Entities keyed again per round: bounded memory on a store of millions.
CHUNK = 2000

alias = sa.table("alias", sa.column("entity_id", sa.String), sa.column("surface", sa.String))
name_key = sa.table("name_key", sa.column("key", sa.String), sa.column("entity_id", sa.String))


def rekey(connection: Connection, keys_of: Callable[[str], set[str]]) -> None:
    connection.execute(name_key.delete().where(name_key.c.entity_id.not_in(sa.select(alias.c.entity_id))))
    last = ""
    while ids := connection.execute(sa.select(alias.c.entity_id).distinct().where(alias.c.entity_id > last)
                                    .order_by(alias.c.entity_id).limit(CHUNK)).scalars().all():
        last = ids[-1]
        rows = connection.execute(sa.select(alias.c.entity_id, alias.c.surface)
                                  .where(alias.c.entity_id.in_(ids))).all()
        keys = {(row.entity_id, key) for row in rows for key in keys_of(row.surface)}
        connection.execute(name_key.delete().where(name_key.c.entity_id.in_(ids)))
        if keys:
            connection.execute(name_key.insert(), [{"entity_id": e, "key": k} for e, k in sorted(keys)])
