"""The project dashboard: each outcome of the four SCIE sections with its indicators' results,
reviews, evidence counts, a few quotes and small server-drawn charts; and the per-indicator page
where staff write the review (narrative and status) for a reporting period.

Access as on the overview: "not yours" and "not there" both answer 404, so ids cannot be
probed; viewers read everything here and change nothing (403 on a POST).
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy.orm import selectinload
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from coimpact.admin.base import MAX_ROW_ID, ProtectedView
from coimpact.admin.scoped import visible_project
from coimpact.auth.access import can_edit, visible_projects
from coimpact.domain.involvement import hours_number
from coimpact.extensions import db
from coimpact.models import Indicator, MeasureKind, ReviewStatus, Section, Variant
from coimpact.printed import easy_report
from coimpact.reports import charts
from coimpact.reports.assessment_periods import assessment_period
from coimpact.reports.breakdowns import FEWER_THAN
from coimpact.reports.coassessment import assessments
from coimpact.reports.dashboard import IndicatorRow, build_dashboard
from coimpact.reports.indicator_results import project_results
from coimpact.reports.periods import choose_period, current_periods
from coimpact.reports.result_charts import history_chart, result_charts
from coimpact.services.indicator_reviews import (
    NARRATIVE_LIMIT,
    PERIOD_LIMIT,
    REVIEW_LABELS,
    default_period,
    reviews_of,
    save_review,
)

ROW_ID = f"<int(max={MAX_ROW_ID}):project_id>"


class ReviewForm(FlaskForm):
    period = StringField(
        "Reporting period",
        validators=[
            InputRequired("Say which period this review is for, for example 2025-26."),
            Length(max=PERIOD_LIMIT, message=f"Keep the period under {PERIOD_LIMIT} characters."),
        ],
        description="Saving a period that already has a review updates that review.",
    )
    status = RadioField(
        "Status",
        choices=[SelectChoice(s.value, REVIEW_LABELS[s]) for s in ReviewStatus],
        validators=[InputRequired("Choose whether the indicator was achieved.")],
    )
    narrative = TextAreaField(
        "Narrative",
        validators=[
            Length(
                max=NARRATIVE_LIMIT,
                message=f"Keep the narrative under {NARRATIVE_LIMIT:,} characters.",
            )
        ],
        description="What the evidence shows, why, and what happens next, in plain words.",
    )


def indicator_charts(row: IndicatorRow) -> list[Markup]:
    """The charts that fit an indicator's measure and the answers it has."""
    result, measure = row.result, MeasureKind(row.indicator.measure)
    found = result_charts(measure, result, row.target)
    if measure != MeasureKind.QUOTES:
        for spread in row.distributions:
            what = f"Answers to the {spread.qtype.label.lower()} question"
            found.append(charts.distribution(spread.rows, what))
    if len(row.history) > 1:
        found.append(history_chart(row.indicator.ref, measure, row.history))
    return found


def involvement_charts(history) -> list[Markup]:
    """Lived-experience hours and money paid in each reporting period (two or more)."""
    if len(history) < 2:
        return []
    hours_rows = [
        (name, hours_number(t.lived_experience_minutes), t.lived_experience_hours)
        for name, t in history
    ]
    paid_rows = [(name, t.payments_pence / 100, t.payments) for name, t in history]
    return [
        charts.period_bars(hours_rows, "Hours of lived-experience time in each period"),
        charts.period_bars(paid_rows, "Money paid to people in each period"),
    ]


class DashboardView(ProtectedView):
    """/admin/dashboard/: the projects; /admin/dashboard/<project_id>: one project's results."""

    @expose("/")
    def index(self):
        projects = visible_projects(current_user)
        return self.render(
            "admin/dashboard/choose.html",
            projects=projects,
            current=current_periods([p.id for p in projects]),
        )

    @expose(f"/{ROW_ID}")
    def project(self, project_id: int):
        project = visible_project(project_id)
        period = " ".join(request.args.get("period", "").split())[:PERIOD_LIMIT] or None
        board = build_dashboard(db.session, project, period)
        assessed = board.period or assessment_period(project.id)
        return self.render(
            "admin/dashboard/project.html",
            board=board,
            coassessed=assessments(db.session, project.id, assessed),
            coassess_period=assessed,
            project=project,
            involvement=board.involvement,
            can_change=can_edit(current_user, project_id),
            charts_for=indicator_charts,
            fewer_than=FEWER_THAN,
            involvement_drawn=involvement_charts(board.involvement_history),
            review_labels=REVIEW_LABELS,
            Section=Section,
            Variant=Variant,
            ReviewStatus=ReviewStatus,
            MeasureKind=MeasureKind,
        )

    @expose(f"/{ROW_ID}/easy-read")
    def easy_read(self, project_id: int):
        """The easy-read report for participants as a page to print or share: the PDF's own
        words and template, with the admin's menu left off the paper."""
        project = visible_project(project_id)
        chosen = choose_period(project.id, request.args.get("period")).chosen
        who = current_user.name or current_user.email
        report = easy_report.contents(project, chosen, generated_by=who)
        return self.render(
            "admin/dashboard/easy_read.html",
            project=project,
            period=chosen,
            **easy_report.template_context(report),
        )

    @expose(f"/{ROW_ID}/review/<int(max={MAX_ROW_ID}):indicator_id>", methods=("GET", "POST"))
    def review(self, project_id: int, indicator_id: int):
        project = visible_project(project_id)
        indicator = db.session.get(
            Indicator, indicator_id, options=[selectinload(Indicator.outcome)]
        )
        if indicator is None or indicator.outcome.project_id != project.id:
            abort(404)
        editable = can_edit(current_user, project_id)
        if request.method == "POST" and not editable:
            abort(403)  # viewers read reviews; they never write them
        reviews = reviews_of(indicator)
        form = ReviewForm() if editable else None
        # A project with reporting periods reviews each indicator for one of them, by name.
        choice = choose_period(project.id, request.args.get("period"))
        names = [p.name for p in choice.periods]
        if form is not None and request.method == "GET":
            fallback = choice.chosen.name if choice.chosen else default_period()
            _fill(form, reviews, request.args.get("period") or fallback)
        status = 200
        if form is not None and request.method == "POST":
            if form.validate() and names and _named(form.period.data) not in names:
                form.period.errors = [
                    "Choose one of the project's reporting periods: " + ", ".join(names) + "."
                ]
                status = 422
            elif form.validate():
                try:
                    saved = save_review(
                        indicator,
                        form.period.data,
                        form.status.data,
                        form.narrative.data,
                        current_user,
                    )
                except ValueError as exc:
                    form.period.errors = [str(exc)]
                    status = 422
                else:
                    flash(f"Saved the {saved.period} review of {indicator.ref}.", "success")
                    target = url_for(".project", project_id=project.id)
                    return redirect(f"{target}#indicator-{indicator.ref}", 303)
            else:
                status = 422
        # The result beside the form, to write the narrative against: only this indicator's
        # answers are read.
        shown = next(
            (p for p in choice.periods if form is not None and p.name == _named(form.period.data)),
            choice.chosen,
        )
        result = project_results(db.session, project.id, only=[indicator.id], period=shown)[
            indicator.id
        ]
        assessed = shown.name if shown is not None else assessment_period(project.id)
        page = self.render(
            "admin/dashboard/review.html",
            project=project,
            coassessed=assessments(db.session, project.id, assessed)[indicator.outcome_id],
            coassess_period=assessed,
            indicator=indicator,
            headline=result.headline(indicator.measure),
            outcome=indicator.outcome,
            reviews=reviews,
            form=form,
            review_labels=REVIEW_LABELS,
        )
        return page, status


def _named(period: str | None) -> str:
    return " ".join((period or "").split())[:PERIOD_LIMIT]


def _fill(form: ReviewForm, reviews, period: str) -> None:
    """Start the form on `period`, with that period's review when there is one to update."""
    period = " ".join(period.split())[:PERIOD_LIMIT]
    form.period.data = period
    existing = next((r for r in reviews if r.period == period), None)
    if existing is not None:
        form.status.data = ReviewStatus(existing.status).value
        form.narrative.data = existing.narrative
