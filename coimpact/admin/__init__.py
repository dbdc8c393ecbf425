"""The staff admin (flask-admin), built afresh for each app and closed by default."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from ..models import Indicator, Membership, Outcome, Project, TocElement, User
from .accounts import MembershipView, UserView
from .base import ProtectedIndexView
from .indicators import IndicatorView
from .projects import OverviewView, ProjectView
from .theory import ElementView, OutcomeView

THEORY = "Theory of Change"
ACCOUNTS = "Accounts"


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
    admin = Admin(
        app,
        name="coimpact",
        index_view=ProtectedIndexView(name="Home", url="/admin"),
        # Fluid: the overview grid needs the width of a laptop screen.
        theme=Bootstrap4Theme(base_template="admin/coimpact_base.html", fluid=True),
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
    admin.add_view(OverviewView(name="Overview", endpoint="overview", url="overview"))
    return admin
