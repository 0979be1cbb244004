"""decisions: why each person group of an article went where it did

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:00:00

A new table, `decision`: one row per person group of an article, numbered
within it, with the entity the group went to, the outcome (linked, created,
queued_for_review, merged) and the candidates the resolver weighed, as JSON.
Each mention gets the number of its group's decision. Mentions stored before
have none: what the resolver saw then is gone, and they answer "unknown".
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'decision',
        sa.Column('article_id', sa.String(length=32), nullable=False),
        sa.Column('ordinal', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.String(length=32), nullable=False),
        sa.Column('outcome', sa.String(length=32), nullable=False),
        sa.Column('details', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['article.id'], name='fk_decision_article_id_article'),
        sa.PrimaryKeyConstraint('article_id', 'ordinal', name='pk_decision'),
    )
    # A plain ADD COLUMN on both backends: no copy of the mention table.
    op.add_column('mention', sa.Column('decision', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_column('decision')
    op.drop_table('decision')
