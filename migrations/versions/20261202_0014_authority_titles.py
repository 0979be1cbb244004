"""authority titles

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 09:00:00

New table `authority_title`: the titles an authority file (`namesake
import-people`) gave an entity, which the ledger counts among the entity's
titles beside those written before its mentions. Without it the ledger could
not tell an imported title from a stray row, and `namesake check --repair`
would drop it.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'authority_title',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.String(length=32), nullable=False),
        sa.Column('title', sa.String(length=128), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name='fk_authority_title_entity_id_entity'),
        sa.PrimaryKeyConstraint('id', name='pk_authority_title'),
        sa.UniqueConstraint('entity_id', 'title', name='uq_authority_title_entity_id_title'),
    )
    op.create_index('ix_authority_title_entity_id', 'authority_title', ['entity_id'])


def downgrade() -> None:
    # The rows the ledger counted from it go too (count 0: a title written
    # before a mention counts at least 1), or the older version's `namesake
    # check` would report them as titles of no mention.
    op.execute('DELETE FROM entity_title WHERE count = 0')
    op.drop_index('ix_authority_title_entity_id', table_name='authority_title')
    op.drop_table('authority_title')
