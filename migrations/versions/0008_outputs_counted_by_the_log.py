"""outputs counted by the involvement log

An output of the Theory of Change can show a total the involvement log fills in (sessions held,
places taken by role, lived-experience hours, money paid): `toc_elements.log_total` names it.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-08 01:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('toc_elements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('log_total', sa.String(length=30), nullable=True))


def downgrade():
    with op.batch_alter_table('toc_elements', schema=None) as batch_op:
        batch_op.drop_column('log_total')
