"""backfill batches

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 08:00:00

New table `backfill_batch`: the batches of a backfill shared by several
machines (`namesake ingest --shard I/N`) that are stored, with the highest
alias id at that moment. Each machine waits for the row of the batch before
its own, so the articles are stored in the input's order, as one machine
stores them.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'backfill_batch',
        sa.Column('run', sa.String(length=64), nullable=False),
        sa.Column('batch', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('alias_upto', sa.BigInteger(), nullable=False),
        sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('run', 'batch', name='pk_backfill_batch'),
    )


def downgrade() -> None:
    op.drop_table('backfill_batch')
