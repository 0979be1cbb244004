"""rekey names: every entity's name keys computed again by the name engine of 0012

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 06:00:00

A data migration. The name engine learnt Belarusian given names (Uladzimir
keys as Vladimir, Siarhei as Sergei), writes Belarusian surnames in -ka as
-ko, keys names read from Arabic and Hebrew script by their consonants with a
final h optional, no longer merges h and s (Hassan read from Arabic script),
opens compounds in Arabic script (عبد الله keys as Abdullah), reads Korean
names in Hangul (김정은 keys as Kim Jong-un) and the German transcription of
Cyrillic (Chruschtschow keys as Khrushchov too): the blocking keys of stored
aliases change with it. Each entity's keys become exactly those of its
aliases (what the ledger derives, so that `namesake check` finds nothing
after the upgrade), computed by this revision's own frozen copy of the engine
(_0012_keys), never by the service. An entity without aliases (merged away)
keeps no keys.

Downgrade leaves the keys as they are: keys are lookup hints, the older
engine reads the newer ones without harm, and `namesake check --repair` at
that version writes its own.
"""
from collections.abc import Sequence

from alembic import op

from migrations.versions._rekey import rekey

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    rekey(op.get_bind(), "_0012_keys")


def downgrade() -> None:
    pass
