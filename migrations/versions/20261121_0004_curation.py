"""curation

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 07:53:54.814519
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('undone_by', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_entity_id'), ['entity_id'], unique=False)

    op.create_table('distinct_pair',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_a', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entity_b', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entity_a'], ['entity.id'], name=op.f('fk_distinct_pair_entity_a_entity')),
    sa.ForeignKeyConstraint(['entity_b'], ['entity.id'], name=op.f('fk_distinct_pair_entity_b_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distinct_pair')),
    sa.UniqueConstraint('entity_a', 'entity_b', name=op.f('uq_distinct_pair_entity_a_entity_b'))
    )
    with op.batch_alter_table('distinct_pair', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distinct_pair_entity_a'), ['entity_a'], unique=False)
        batch_op.create_index(batch_op.f('ix_distinct_pair_entity_b'), ['entity_b'], unique=False)

    with op.batch_alter_table('entity', schema=None) as batch_op:
        # Existing entities were named by the machine.
        batch_op.add_column(sa.Column('name_locked', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))



def downgrade() -> None:
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.drop_column('name_locked')

    with op.batch_alter_table('distinct_pair', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distinct_pair_entity_b'))
        batch_op.drop_index(batch_op.f('ix_distinct_pair_entity_a'))

    op.drop_table('distinct_pair')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
