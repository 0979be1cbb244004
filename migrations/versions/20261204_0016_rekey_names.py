"""rekey names: every entity's name keys computed again by the name engine of 0016

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 06:00:00

A data migration. The name engine learnt the French transcription of
Cyrillic (Poutine keys as Putin, Eltsine as Yeltsin, Ioulia as Yulia), reads
Russian ё written yo as e (Artyom keys as Artem, a listed given name) and й
written j before a consonant as i (Mihajlovich as Mihailovich), and reads
Chinese family names in Han characters as surnames (曾国藩 keys as Zeng
Guofan, not Ceng; 司马光 as Sima Guang), and reads the article South Asian
names write fused to the word before it apart (Fazlur Rahman keys as Fazl
ur-Rahman): the blocking keys of stored aliases change with it. Each entity's keys become
exactly those of its aliases (what the ledger derives, so that `namesake
check` finds nothing after the upgrade), computed by this revision's own
frozen copy of the engine (_0016_keys), never by the service. An entity
without aliases (merged away) keeps no keys.

Downgrade leaves the keys as they are: keys are lookup hints, the older
engine reads the newer ones without harm, and `namesake check --repair` at
that version writes its own.
"""
from collections.abc import Sequence

from alembic import op

from migrations.versions._rekey import rekey

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    rekey(op.get_bind(), "_0016_keys")


def downgrade() -> None:
    pass
