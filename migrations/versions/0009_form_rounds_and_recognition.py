"""form rounds and recognition across rounds

A form can be run in rounds (`form_rounds`); a share link and a response say which round they
are for; a response may carry a keyed hash of the code its participant chose to be recognised
again by (never the code itself).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 01:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['forms.id'], name=op.f('fk_form_rounds_form_id_forms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_rounds')),
    sa.UniqueConstraint('form_id', 'name', name=op.f('uq_form_rounds_form_id_name'))
    )
    with op.batch_alter_table('form_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_rounds_form_id'), ['form_id'], unique=False)

    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_share_links_round_id'), ['round_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_share_links_round_id_form_rounds'), 'form_rounds', ['round_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recognition_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_responses_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_responses_recognition_hash'), ['recognition_hash'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_responses_round_id_form_rounds'), 'form_rounds', ['round_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_responses_round_id_form_rounds'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_responses_recognition_hash'))
        batch_op.drop_index(batch_op.f('ix_responses_round_id'))
        batch_op.drop_column('recognition_hash')
        batch_op.drop_column('round_id')

    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_share_links_round_id_form_rounds'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_share_links_round_id'))
        batch_op.drop_column('round_id')

    with op.batch_alter_table('form_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_rounds_form_id'))

    op.drop_table('form_rounds')
