"""a project's dates become its reporting periods

Since 0005 a project's named reporting periods say what its results are for; the project's own
"reporting from / to" dates were left beside them and went on being shown, so a project showed
last year's dates above this year's figures. The dates go: a project that has them and no
period whose dates match gets them as a period first (named after the years it covers, as 0005
named them; a suffix keeps the name unique), so nothing a user typed is lost. Downgrading puts
the earliest period's dates back on the project.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 02:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

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


def years_name(start, end) -> str:
    # As 0005 named a project's first period, so reviews named after it still match.
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}-{end.year % 100:02d}"


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(projects.c.id, projects.c.period_start, projects.c.period_end).where(
            projects.c.period_start.is_not(None), projects.c.period_end.is_not(None)
        )
    ).all()
    for project_id, start, end in rows:
        if end < start:
            continue
        existing = bind.execute(
            sa.select(periods.c.name, periods.c.start_date, periods.c.end_date).where(
                periods.c.project_id == project_id
            )
        ).all()
        if any(s == start and e == end for _, s, e in existing):
            continue
        if any(s <= end and start <= e for _, s, e in existing):
            # Overlapping periods would make a response count twice; the project already
            # has periods that cover these dates, so they say what it reports on.
            continue
        taken = {name.casefold() for name, _, _ in existing}
        name, n = years_name(start, end), 1
        while name.casefold() in taken:
            n += 1
            name = f"{years_name(start, end)} ({n})"
        bind.execute(
            periods.insert().values(
                project_id=project_id, name=name, start_date=start, end_date=end
            )
        )

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_projects_period_order'), type_='check')
        batch_op.drop_column('period_end')
        batch_op.drop_column('period_start')


def downgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('period_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('period_end', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f('ck_projects_period_order'),
            'period_end IS NULL OR period_start IS NULL OR period_end >= period_start',
        )
    first = (
        sa.select(periods.c.start_date, periods.c.end_date)
        .where(periods.c.project_id == projects.c.id)
        .order_by(periods.c.start_date)
        .limit(1)
    )
    op.get_bind().execute(
        projects.update().values(
            period_start=first.with_only_columns(periods.c.start_date).scalar_subquery(),
            period_end=first.with_only_columns(periods.c.end_date).scalar_subquery(),
        )
    )
