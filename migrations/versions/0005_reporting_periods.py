"""named reporting periods

A project's reporting periods ("2026-27", start and end dates, UK time): results, reviews, the
dashboard and the workbook are for one of them. Each project whose period_start and
period_end are both set gets them as its first period, named after the years it covers
("2025-26", or "2025" within one year); a project with only one end set keeps it on the project.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 00:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def first_period_name(start, end) -> str:
    # As services/indicator_reviews.py names a review's period, so existing reviews match it.
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}-{end.year % 100:02d}"


def upgrade():
    op.create_table('reporting_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_reporting_periods_period_order')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_reporting_periods_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reporting_periods')),
    sa.UniqueConstraint('project_id', 'name', name=op.f('uq_reporting_periods_project_id_name'))
    )
    with op.batch_alter_table('reporting_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reporting_periods_project_id'), ['project_id'], unique=False)

    projects = sa.table(
        'projects',
        sa.column('id', sa.Integer),
        sa.column('period_start', sa.Date),
        sa.column('period_end', sa.Date),
    )
    periods = sa.table(
        'reporting_periods',
        sa.column('project_id', sa.Integer),
        sa.column('name', sa.String),
        sa.column('start_date', sa.Date),
        sa.column('end_date', sa.Date),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(projects.c.id, projects.c.period_start, projects.c.period_end).where(
            projects.c.period_start.is_not(None), projects.c.period_end.is_not(None)
        )
    ).all()
    for project_id, start, end in rows:
        if end < start:
            continue
        bind.execute(
            periods.insert().values(
                project_id=project_id,
                name=first_period_name(start, end),
                start_date=start,
                end_date=end,
            )
        )


def downgrade():
    with op.batch_alter_table('reporting_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reporting_periods_project_id'))

    op.drop_table('reporting_periods')
