"""Indicator reviews listed across projects and periods: read here, written on each indicator's
review page of the dashboard (admin/results/dashboard.py), so every save goes through
services/indicator_reviews.py and its one-review-per-period rule."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from markupsafe import Markup

from coimpact.admin.filters import choice_filter, project_name_filter, text_filter
from coimpact.admin.scoped import ProjectScopedView
from coimpact.domain.readable import uk_date
from coimpact.models import Indicator, IndicatorReview, Outcome, ReviewStatus
from coimpact.services.indicator_reviews import REVIEW_LABELS


def _review_scope(ids):
    return IndicatorReview.indicator_id.in_(
        sa.select(Indicator.id)
        .join(Outcome, Outcome.id == Indicator.outcome_id)
        .where(Outcome.project_id.in_(ids))
    )


def _indicator(view, context, model, name):
    indicator = model.indicator
    return Markup('<span class="toc-iref">{}</span> {}').format(indicator.ref, indicator.statement)


def _status(view, context, model, name):
    status = ReviewStatus(model.status)
    return Markup('<span class="badge dash-status dash-status-{}">{}</span>').format(
        status.value, REVIEW_LABELS[status]
    )


def _open(view, context, model, name):
    indicator = model.indicator
    url = url_for(
        "dashboard.review",
        project_id=indicator.outcome.project_id,
        indicator_id=indicator.id,
        period=model.period,
    )
    return Markup('<a href="{}">Open<span class="sr-only"> the {} review of {}</span></a>').format(
        url, model.period, indicator.ref
    )


class IndicatorReviewView(ProjectScopedView):
    scope = staticmethod(_review_scope)
    list_template = "admin/dashboard/review_list.html"
    can_view_details = False
    # No bulk actions either: without this the list keeps an empty checkbox column.
    action_disallowed_list = ["delete"]
    column_display_actions = False  # no row icons: there is nothing to edit, view or delete
    column_list = ("project", "indicator", "period", "status", "narrative", "updated_at", "open")
    column_labels = {"updated_at": "Last changed", "open": "Review"}
    column_formatters = {
        "project": lambda v, c, m, n: m.indicator.outcome.project.name,
        "indicator": _indicator,
        "period": lambda v, c, m, n: Markup('<span class="text-nowrap">{}</span>').format(m.period),
        "status": _status,
        "updated_at": lambda v, c, m, n: uk_date(m.updated_at),
        "open": _open,
    }
    column_sortable_list = ("period", "status", "updated_at")
    column_default_sort = ("updated_at", True)
    column_filters = (
        project_name_filter(_review_scope),
        choice_filter("Status", IndicatorReview.status, ReviewStatus, REVIEW_LABELS),
        text_filter("Period", IndicatorReview.period),
    )
    column_searchable_list = ("period", "narrative")

    # Written only on the indicator's review page, for everyone (see the module docstring).
    @property
    def can_create(self) -> bool:
        return False

    @property
    def can_edit(self) -> bool:
        return False

    @property
    def can_delete(self) -> bool:
        return False

    def project_id_of(self, model):
        return model.indicator.outcome.project_id
