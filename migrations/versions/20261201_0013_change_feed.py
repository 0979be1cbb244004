"""change feed, external identifiers, authority names, webhooks, entity descriptions

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 07:00:00

New tables: `change_log`, the change feed (every change a client may cache,
numbered in commit order); `external_id`, identifiers of entities in other
systems under named schemes; `authority_name`, the names an authority file
gave an entity; `webhook_cursor` and `webhook_delivery`, how far
each webhook URL has been sent the feed and the log of attempts. `entity`
gains a description; `article` an index on (updated_at, id) for its paged
list. Stores upgraded from before have an empty feed: their history before
the upgrade was not recorded.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'change_log',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('entity_ids', sa.Text(), nullable=False),
        sa.Column('article_id', sa.String(length=32), nullable=True),
        sa.Column('actor', sa.String(length=128), nullable=False),
        sa.Column('details', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_change_log'),
        sqlite_autoincrement=True,
    )
    op.create_table(
        'webhook_cursor',
        sa.Column('url', sa.String(length=1024), nullable=False),
        sa.Column('after', sa.BigInteger(), nullable=False),
        sa.Column('lease_owner', sa.String(length=128), nullable=True),
        sa.Column('leased_until', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('url', name='pk_webhook_cursor'),
    )
    op.create_table(
        'webhook_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=1024), nullable=False),
        sa.Column('first_change', sa.BigInteger(), nullable=False),
        sa.Column('last_change', sa.BigInteger(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('error', sa.String(length=512), nullable=True),
        sa.Column('delivered', sa.Boolean(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_webhook_delivery'),
    )
    op.create_index('ix_webhook_delivery_url_id', 'webhook_delivery', ['url', 'id'])
    op.create_table(
        'external_id',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.String(length=32), nullable=False),
        sa.Column('scheme', sa.String(length=64), nullable=False),
        sa.Column('value', sa.String(length=256), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name='fk_external_id_entity_id_entity'),
        sa.PrimaryKeyConstraint('id', name='pk_external_id'),
        sa.UniqueConstraint('entity_id', 'scheme', name='uq_external_id_entity_id_scheme'),
        sa.UniqueConstraint('scheme', 'value', name='uq_external_id_scheme_value'),
    )
    op.create_index('ix_external_id_entity_id', 'external_id', ['entity_id'])
    op.create_table(
        'authority_name',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.String(length=32), nullable=False),
        sa.Column('surface', sa.String(length=512), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], name='fk_authority_name_entity_id_entity'),
        sa.PrimaryKeyConstraint('id', name='pk_authority_name'),
        sa.UniqueConstraint('entity_id', 'surface', name='uq_authority_name_entity_id_surface'),
    )
    op.create_index('ix_authority_name_entity_id', 'authority_name', ['entity_id'])
    op.create_index('ix_article_updated_at_id', 'article', ['updated_at', 'id'])
    # A plain ADD COLUMN on both backends: no copy of the entity table.
    op.add_column('entity', sa.Column('description', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.drop_column('description')
    op.drop_index('ix_article_updated_at_id', table_name='article')
    op.drop_index('ix_authority_name_entity_id', table_name='authority_name')
    op.drop_table('authority_name')
    op.drop_index('ix_external_id_entity_id', table_name='external_id')
    op.drop_table('external_id')
    op.drop_index('ix_webhook_delivery_url_id', table_name='webhook_delivery')
    op.drop_table('webhook_delivery')
    op.drop_table('webhook_cursor')
    op.drop_table('change_log')
