"""co-assessment

People with lived experience judge the impact beside staff: co-assessors (a personal link, only
its hash kept), their answers per outcome and period, groups' counts recorded by a facilitator,
the decision log, closed periods; and easy-read wording with a symbol for the project's aim and
each outcome and indicator.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 02:50:08.750931

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessment_closures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=60), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_assessment_closures_closed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_assessment_closures_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_closures')),
    sa.UniqueConstraint('project_id', 'period', name=op.f('uq_assessment_closures_project_id_period'))
    )
    with op.batch_alter_table('assessment_closures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_closures_project_id'), ['project_id'], unique=False)

    op.create_table('coassessors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('role', sa.Enum('lived_experience', 'carer', 'staff', 'partner', name='coassessor_role', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_coassessors_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_coassessors_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coassessors')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_coassessors_token_hash'))
    )
    with op.batch_alter_table('coassessors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coassessors_project_id'), ['project_id'], unique=False)

    op.create_table('assessment_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.String(length=60), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_assessment_decisions_outcome_id_outcomes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_assessment_decisions_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_assessment_decisions_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_decisions'))
    )
    with op.batch_alter_table('assessment_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_decisions_outcome_id'), ['outcome_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_decisions_project_id'), ['project_id'], unique=False)

    op.create_table('coassessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('coassessor_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=60), nullable=False),
    sa.Column('judgement', sa.Enum('yes', 'a_bit', 'no', 'not_sure', name='judgement', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('words_shared', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['coassessor_id'], ['coassessors.id'], name=op.f('fk_coassessments_coassessor_id_coassessors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_coassessments_outcome_id_outcomes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_coassessments_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coassessments')),
    sa.UniqueConstraint('coassessor_id', 'outcome_id', 'period', name=op.f('uq_coassessments_coassessor_id_outcome_id_period'))
    )
    with op.batch_alter_table('coassessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coassessments_coassessor_id'), ['coassessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coassessments_outcome_id'), ['outcome_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_coassessments_project_id'), ['project_id'], unique=False)

    op.create_table('group_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=60), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('yes_count', sa.Integer(), nullable=False),
    sa.Column('a_bit_count', sa.Integer(), nullable=False),
    sa.Column('no_count', sa.Integer(), nullable=False),
    sa.Column('not_sure_count', sa.Integer(), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('words_shared', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('yes_count >= 0 AND a_bit_count >= 0 AND no_count >= 0 AND not_sure_count >= 0', name=op.f('ck_group_assessments_counts_not_negative')),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], name=op.f('fk_group_assessments_outcome_id_outcomes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_group_assessments_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_group_assessments_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_assessments'))
    )
    with op.batch_alter_table('group_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_assessments_outcome_id'), ['outcome_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_assessments_project_id'), ['project_id'], unique=False)

    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement_easy', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('symbol', sa.String(length=60), server_default='', nullable=False))

    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement_easy', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('symbol', sa.String(length=60), server_default='', nullable=False))

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aim_easy', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('aim_symbol', sa.String(length=60), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('aim_symbol')
        batch_op.drop_column('aim_easy')

    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_column('symbol')
        batch_op.drop_column('statement_easy')

    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_column('symbol')
        batch_op.drop_column('statement_easy')

    with op.batch_alter_table('group_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_assessments_project_id'))
        batch_op.drop_index(batch_op.f('ix_group_assessments_outcome_id'))

    op.drop_table('group_assessments')
    with op.batch_alter_table('coassessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coassessments_project_id'))
        batch_op.drop_index(batch_op.f('ix_coassessments_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_coassessments_coassessor_id'))

    op.drop_table('coassessments')
    with op.batch_alter_table('assessment_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_decisions_project_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_decisions_outcome_id'))

    op.drop_table('assessment_decisions')
    with op.batch_alter_table('coassessors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coassessors_project_id'))

    op.drop_table('coassessors')
    with op.batch_alter_table('assessment_closures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_closures_project_id'))

    op.drop_table('assessment_closures')
