"""personal links

A share link of one round may be for one person (`share_links.person_key`, a secret never shown):
answers sent through it are recognised across rounds by a keyed hash of that key, and the same
person's links in later rounds carry the same key.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_key', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('share_links', schema=None) as batch_op:
        batch_op.drop_column('person_key')
