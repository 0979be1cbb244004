"""rekey names: every entity's name keys computed again by the name engine of 0018

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 06:00:00

A data migration. The name engine learnt that Salim, Samir and Amir are each
the scholarly spelling of two names (Salim keys with Salem), Alex as the short
form of Alejandro, Alessandro and Alexandre, Persian family names made of an
Allah compound and the ending -i (Asadollahi keys as Asad-Allahi), to read a
whole name in the Scandinavian transcription when one of its words shows it
(Jauhen beside Andrejevitj keys as Yauhen), Belarusian ў and initial ц where
Russian has в and т (Tsikhanouskaya keys as Tikhanovskaya), and the scholarly
transliteration of Cyrillic read before its marks are folded (Chruščëv keys
as Khrushchev): the blocking keys of stored aliases change with it. Each
entity's keys become exactly those of its aliases (what the ledger derives,
so that `namesake check` finds nothing after the upgrade), computed by this
revision's own frozen copy of the engine (_0018_keys), never by the service.
An entity without aliases (merged away) keeps no keys.

Downgrade leaves the keys as they are: keys are lookup hints, the older
engine reads the newer ones without harm, and `namesake check --repair` at
that version writes its own.
"""
from collections.abc import Sequence

from alembic import op

from migrations.versions._rekey import rekey

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    rekey(op.get_bind(), "_0018_keys")


def downgrade() -> None:
    pass
