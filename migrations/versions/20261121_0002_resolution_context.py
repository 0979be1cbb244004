"""resolution context: merges, titles, possible matches

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 06:58:31.294084
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('entity_title',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_entity_title_entity_id_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_title')),
    sa.UniqueConstraint('entity_id', 'title', name=op.f('uq_entity_title_entity_id_title'))
    )
    with op.batch_alter_table('entity_title', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_title_entity_id'), ['entity_id'], unique=False)

    op.create_table('possible_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('candidate_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], name=op.f('fk_possible_match_article_id_article')),
    sa.ForeignKeyConstraint(['candidate_id'], ['entity.id'], name=op.f('fk_possible_match_candidate_id_entity')),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name=op.f('fk_possible_match_entity_id_entity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_possible_match'))
    )
    with op.batch_alter_table('possible_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_possible_match_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_possible_match_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_possible_match_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_possible_match_status'), ['status'], unique=False)

    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_entity_merged_into'), ['merged_into'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_entity_merged_into_entity'), 'entity', ['merged_into'], ['id'])

    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.add_column(sa.Column('titles', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_column('titles')

    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_entity_merged_into_entity'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_entity_merged_into'))
        batch_op.drop_column('merged_into')

    with op.batch_alter_table('possible_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_possible_match_status'))
        batch_op.drop_index(batch_op.f('ix_possible_match_entity_id'))
        batch_op.drop_index(batch_op.f('ix_possible_match_candidate_id'))
        batch_op.drop_index(batch_op.f('ix_possible_match_article_id'))

    op.drop_table('possible_match')
    with op.batch_alter_table('entity_title', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_title_entity_id'))

    op.drop_table('entity_title')
