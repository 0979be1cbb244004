"""recent mentions: an index on mention (entity_id, id)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 11:35:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The resolver reads each candidate's most recent mentions: in index
    # order with this, instead of sorting all of a popular person's mentions.
    op.create_index('ix_mention_entity_id_id', 'mention', ['entity_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_mention_entity_id_id', table_name='mention')
