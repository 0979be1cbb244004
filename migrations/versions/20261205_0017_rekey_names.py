"""rekey names: every entity's name keys computed again by the name engine of 0017

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 06:00:00

A data migration. The name engine learnt the Swedish, Danish and Hungarian
transcriptions of Cyrillic (Chrusjtjov, Hruscsov key as Khrushchov),
Belarusian дз and ц where Russian has д and т (Lidziya keys as Lidiya),
Ukrainian and Belarusian г written h in a family name (Hotsaniuk keys as
Gotsanyuk), the Dutch-era Indonesian spelling (Soeharto, Tjahjo, Mochammad
key as Suharto, Cahyo, Mohammad), Ukrainian given names paired with their
Russian forms (Kyrylo keys as Kirill), Yousaf and Amrou as spellings of Yusuf
and Amr, the Persian kunya Abol- (Abolfazl keys as Abu-Fazl), and reads Amir
and Sultan as given names before a name without bin (Amir Hossein Safari keys
with Amir): the blocking keys of stored aliases change with it. Each
entity's keys become exactly those of its aliases (what the ledger derives,
so that `namesake check` finds nothing after the upgrade), computed by this
revision's own frozen copy of the engine (_0017_keys), never by the service.
An entity without aliases (merged away) keeps no keys.

Downgrade leaves the keys as they are: keys are lookup hints, the older
engine reads the newer ones without harm, and `namesake check --repair` at
that version writes its own.
"""
from collections.abc import Sequence

from alembic import op

from migrations.versions._rekey import rekey

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    rekey(op.get_bind(), "_0017_keys")


def downgrade() -> None:
    pass
