"""The staff admin (flask-admin), built afresh for each app and closed by default; its views
are registered from one table (`VIEWS`), in the order of the staff menu."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from flask import Blueprint, Flask
from flask_admin import Admin, BaseView
from flask_admin.theme import Bootstrap4Theme

from coimpact.admin.accounts.audit_log import AuditLogView
from coimpact.admin.accounts.users import MembershipView, UserView
from coimpact.admin.base import ProtectedIndexView, plain_message
from coimpact.admin.coassess.views import CoassessView
from coimpact.admin.collect.form_builder import FormBuilderView
from coimpact.admin.collect.paper import PaperEntryView
from coimpact.admin.collect.questions import QuestionView
from coimpact.admin.collect.responses import ResponseView
from coimpact.admin.collect.sharing import LinkView
from coimpact.admin.display import ref_words
from coimpact.admin.evidence.feedback_pages import FeedbackPageView
from coimpact.admin.evidence.items import EvidenceView
from coimpact.admin.evidence.suggestions import SuggestionsView
from coimpact.admin.results.dashboard import DashboardView
from coimpact.admin.results.exports import ExportView
from coimpact.admin.results.indicator_reviews import IndicatorReviewView
from coimpact.admin.theory.indicators import IndicatorView
from coimpact.admin.theory.involvement import InvolvementView
from coimpact.admin.theory.outcomes import ElementView, OutcomeView
from coimpact.admin.theory.periods import PeriodView
from coimpact.admin.theory.projects import OverviewView, ProjectView
from coimpact.models import (
    AuditEvent,
    EvidenceItem,
    FeedbackPage,
    Form,
    Indicator,
    IndicatorReview,
    InvolvementSession,
    Membership,
    Outcome,
    Project,
    Question,
    ReportingPeriod,
    Response,
    ShareLink,
    TocElement,
    User,
)
from coimpact.web.headers import csp_nonce

THEORY = "Theory of Change"
ACCOUNTS = "Accounts"
COLLECT = "Collect evidence"
EVIDENCE = "Evidence"


class ViewRow(NamedTuple):
    """One admin view: its class, the model it lists (None for a page of its own), its name in
    the menu, its endpoint, its URL under /admin/ and its menu category (None: a top item)."""

    view: type[BaseView]
    model: type | None
    name: str
    endpoint: str
    url: str
    category: str | None = None


# In menu order: flask-admin places each category where its first view is added, so Indicator
# reviews, added last, still sits under Theory of Change beside Indicators.
VIEWS = (
    ViewRow(ProjectView, Project, "Projects", "projects", "projects"),
    ViewRow(ElementView, TocElement, "Elements", "elements", "elements", THEORY),
    ViewRow(OutcomeView, Outcome, "Outcomes", "outcomes", "outcomes", THEORY),
    ViewRow(IndicatorView, Indicator, "Indicators", "indicators", "indicators", THEORY),
    ViewRow(
        PeriodView, ReportingPeriod, "Reporting periods", "periods", "reporting-periods", THEORY
    ),
    ViewRow(
        InvolvementView,
        InvolvementSession,
        "Involvement log",
        "involvement",
        "involvement",
        THEORY,
    ),
    ViewRow(UserView, User, "Users", "users", "users", ACCOUNTS),
    ViewRow(MembershipView, Membership, "Memberships", "memberships", "memberships", ACCOUNTS),
    ViewRow(AuditLogView, AuditEvent, "Audit log", "audit", "audit", ACCOUNTS),
    ViewRow(OverviewView, None, "Overview", "overview", "overview"),
    ViewRow(FormBuilderView, Form, "Forms", "forms", "forms", COLLECT),
    ViewRow(QuestionView, Question, "Questions", "questions", "questions", COLLECT),
    ViewRow(LinkView, ShareLink, "Share links", "links", "links", COLLECT),
    ViewRow(ResponseView, Response, "Responses", "responses", "responses", COLLECT),
    ViewRow(PaperEntryView, None, "Enter answers from paper", "paper", "paper", COLLECT),
    ViewRow(ExportView, None, "Export workbook", "exports", "exports"),
    ViewRow(EvidenceView, EvidenceItem, "Evidence items", "evidence", "evidence", EVIDENCE),
    ViewRow(
        SuggestionsView, None, "Suggested links", "suggestions", "evidence/suggestions", EVIDENCE
    ),
    ViewRow(
        FeedbackPageView,
        FeedbackPage,
        "You said, we did",
        "feedback_pages",
        "feedback-pages",
        EVIDENCE,
    ),
    ViewRow(DashboardView, None, "Results dashboard", "dashboard", "dashboard"),
    ViewRow(CoassessView, None, "Co-assessment", "coassess", "coassess"),
    ViewRow(
        IndicatorReviewView, IndicatorReview, "Indicator reviews", "reviews", "reviews", THEORY
    ),
)


def init_admin(app: Flask) -> Admin:
    # Our own stylesheet, served from the admin package (the overview grid's layout).
    app.register_blueprint(
        Blueprint(
            "coimpact_admin",
            __name__,
            static_folder=str(Path(__file__).parent / "static"),
            static_url_path="/admin/assets",
        )
    )
    # An outcome or indicator in a template reads as its ref and its words, never a bare "A1".
    app.add_template_filter(ref_words, "ref_words")
    app.add_template_filter(plain_message, "plain_message")
    admin = Admin(
        app,
        name="coimpact",
        index_view=ProtectedIndexView(name="Home", url="/admin"),
        # Fluid: the overview grid needs the width of a laptop screen.
        theme=Bootstrap4Theme(base_template="admin/coimpact_base.html", fluid=True),
        # flask-admin's few inline scripts carry this request's nonce (see web/headers.py).
        csp_nonce_generator=csp_nonce,
    )
    for row in VIEWS:
        # A model view takes its model first; a page of its own takes none.
        models = () if row.model is None else (row.model,)
        admin.add_view(
            row.view(
                *models, name=row.name, endpoint=row.endpoint, url=row.url, category=row.category
            )
        )
    return admin
