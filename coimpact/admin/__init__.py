"""The staff admin (flask-admin), built afresh for each app and closed by default."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from coimpact.admin.accounts.audit_log import AuditLogView
from coimpact.admin.accounts.users import MembershipView, UserView
from coimpact.admin.base import ProtectedIndexView, plain_message
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
from coimpact.admin.results.reviews import IndicatorReviewView
from coimpact.admin.theory.indicators import IndicatorView
from coimpact.admin.theory.outcomes import ElementView, OutcomeView
from coimpact.admin.theory.projects import OverviewView, ProjectView
from coimpact.models import (
    AuditEvent,
    EvidenceItem,
    FeedbackPage,
    Form,
    Indicator,
    IndicatorReview,
    Membership,
    Outcome,
    Project,
    Question,
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
        # flask-admin's few inline scripts carry this request's nonce (see security.py).
        csp_nonce_generator=csp_nonce,
    )
    admin.add_view(ProjectView(Project, name="Projects", endpoint="projects", url="projects"))
    admin.add_view(
        ElementView(
            TocElement, name="Elements", endpoint="elements", url="elements", category=THEORY
        )
    )
    admin.add_view(
        OutcomeView(Outcome, name="Outcomes", endpoint="outcomes", url="outcomes", category=THEORY)
    )
    admin.add_view(
        IndicatorView(
            Indicator, name="Indicators", endpoint="indicators", url="indicators", category=THEORY
        )
    )
    admin.add_view(UserView(User, name="Users", endpoint="users", url="users", category=ACCOUNTS))
    admin.add_view(
        MembershipView(
            Membership,
            name="Memberships",
            endpoint="memberships",
            url="memberships",
            category=ACCOUNTS,
        )
    )
    admin.add_view(
        AuditLogView(AuditEvent, name="Audit log", endpoint="audit", url="audit", category=ACCOUNTS)
    )
    admin.add_view(OverviewView(name="Overview", endpoint="overview", url="overview"))
    admin.add_view(
        FormBuilderView(Form, name="Forms", endpoint="forms", url="forms", category=COLLECT)
    )
    admin.add_view(
        QuestionView(
            Question, name="Questions", endpoint="questions", url="questions", category=COLLECT
        )
    )
    admin.add_view(
        LinkView(ShareLink, name="Share links", endpoint="links", url="links", category=COLLECT)
    )
    admin.add_view(
        ResponseView(
            Response, name="Responses", endpoint="responses", url="responses", category=COLLECT
        )
    )
    admin.add_view(
        PaperEntryView(
            name="Enter answers from paper", endpoint="paper", url="paper", category=COLLECT
        )
    )
    admin.add_view(ExportView(name="Export workbook", endpoint="exports", url="exports"))
    admin.add_view(
        EvidenceView(
            EvidenceItem,
            name="Evidence items",
            endpoint="evidence",
            url="evidence",
            category=EVIDENCE,
        )
    )
    admin.add_view(
        SuggestionsView(
            name="Suggested links",
            endpoint="suggestions",
            url="evidence/suggestions",
            category=EVIDENCE,
        )
    )
    admin.add_view(
        FeedbackPageView(
            FeedbackPage,
            name="You said, we did",
            endpoint="feedback_pages",
            url="feedback-pages",
            category=EVIDENCE,
        )
    )
    admin.add_view(DashboardView(name="Results dashboard", endpoint="dashboard", url="dashboard"))
    admin.add_view(
        IndicatorReviewView(
            IndicatorReview,
            name="Indicator reviews",
            endpoint="reviews",
            url="reviews",
            category=THEORY,
        )
    )
    return admin
