"""context words

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 07:06:02.773414
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('entity_word',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('word', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_entity_word_entity_id_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_word')),
    sa.UniqueConstraint('entity_id', 'word', name=op.f('uq_entity_word_entity_id_word'))
    )
    with op.batch_alter_table('entity_word', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_word_entity_id'), ['entity_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('entity_word', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_word_entity_id'))

    op.drop_table('entity_word')
