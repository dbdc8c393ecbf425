"""The admin is closed by default: anonymous visitors go to sign-in, accounts are for admins,
every form carries a CSRF token and a POST without one is refused, and export is off."""

import re

import pytest

from coimpact.extensions import db
from coimpact.models import Membership, Outcome, Role, User
from tests.admin_helpers import build_theory, count, token_from
from tests.conftest import PASSWORD, csrf_token

MODEL_VIEWS = ["projects", "elements", "outcomes", "indicators", "users", "memberships"]


def admin_urls(theory, project) -> list[str]:
    urls = ["/admin/", f"/admin/overview/{project.id}", "/admin/overview/"]
    for view in MODEL_VIEWS:
        urls += [
            f"/admin/{view}/",
            f"/admin/{view}/new/",
            f"/admin/{view}/edit/?id=1",
            f"/admin/{view}/details/?id=1",
            f"/admin/{view}/ajax/lookup/?name=project&query=a",
            f"/admin/{view}/export/csv/",
        ]
    return urls


def test_every_admin_url_sends_anonymous_visitors_to_sign_in(client, make_project):
    project = make_project()
    theory = build_theory(project)
    for url in admin_urls(theory, project):
        response = client.get(url)
        assert response.status_code == 302, url
        location = response.headers["Location"]
        assert location.startswith("/login?next="), (url, location)
    for view in MODEL_VIEWS:
        for action in ("delete/", "action/", "new/", "edit/?id=1"):
            # Refused before anything is looked at, whether or not a token came with it.
            response = client.post(f"/admin/{view}/{action}", data={"id": "1"})
            assert response.status_code in (302, 400), (view, action)
    assert count(Outcome) == 1


def test_sign_in_keeps_the_admin_page_asked_for(client):
    response = client.get("/admin/outcomes/")
    assert response.headers["Location"] == "/login?next=/admin/outcomes/"


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_accounts_are_for_admins_only(client, make_user, make_project, login, role):
    project = make_project()
    user = make_user(role, projects=[project])
    other = make_user(Role.STAFF)
    login(user)
    for url in (
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/?id={other.id}",
        f"/admin/users/details/?id={other.id}",
        "/admin/memberships/",
        "/admin/memberships/new/",
    ):
        assert client.get(url).status_code == 403, url
    token = token_from(client)
    response = client.post(
        "/admin/users/new/",
        data={
            "email": "sneaky@example.org",
            "password": "a long enough password",
            "role": "admin",
            "csrf_token": token,
        },
    )
    assert response.status_code == 403
    response = client.post(
        "/admin/memberships/new/",
        data={"user": str(user.id), "project": str(project.id), "csrf_token": token},
    )
    assert response.status_code == 403
    response = client.post("/admin/users/delete/", data={"id": other.id, "csrf_token": token})
    assert response.status_code == 403
    assert count(User) == 2
    assert count(Membership) == 1
    # Nor are accounts offered in their menu.
    assert "/admin/users/" not in client.get("/admin/").text


def test_admin_menu_offers_accounts(client, make_user, login):
    login(make_user(Role.ADMIN))
    page = client.get("/admin/").text
    assert 'href="/admin/users/"' in page and 'href="/admin/memberships/"' in page


ADMIN_MENU = [
    ("Home", "/admin/"),
    ("Projects", "/admin/projects/"),
    ("Theory of Change", None),
    ("Elements", "/admin/elements/"),
    ("Outcomes", "/admin/outcomes/"),
    ("Indicators", "/admin/indicators/"),
    ("Reporting periods", "/admin/reporting-periods/"),
    ("Involvement log", "/admin/involvement/"),
    ("Indicator reviews", "/admin/reviews/"),
    ("Accounts", None),
    ("Users", "/admin/users/"),
    ("Memberships", "/admin/memberships/"),
    ("Audit log", "/admin/audit/"),
    ("Collect evidence", None),
    ("Forms", "/admin/forms/"),
    ("Share links", "/admin/links/"),
    ("Responses", "/admin/responses/"),
    ("Enter answers from paper", "/admin/paper/"),
    ("Export workbook", "/admin/exports/"),
    ("Evidence", None),
    ("Evidence items", "/admin/evidence/"),
    ("Suggested links", "/admin/evidence/suggestions/"),
    ("You said, we did", "/admin/feedback-pages/"),
    ("Results dashboard", "/admin/dashboard/"),
    ("Co-assessment", "/admin/coassess/"),
]
MENU_ENTRY = re.compile(
    r'<a class="(?:nav-link|dropdown-item)[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>'
    r'|<button type="button" class="nav-link dropdown-toggle"[^>]*>([^<]+)</button>'
)


def test_admin_menu_keeps_its_order_names_and_addresses(client, make_user, login):
    """The views are registered from one table (admin/__init__.py): the menu an admin sees is
    that table, in its order, with every category where its first view is."""
    login(make_user(Role.ADMIN))
    page = client.get("/admin/").text
    nav = page[page.index('<ul class="navbar-nav mr-auto">') : page.index("coimpact-account")]
    found = [
        (category, None) if category else (name, href)
        for href, name, category in MENU_ENTRY.findall(nav)
    ]
    assert found == ADMIN_MENU
    # Views kept out of the menu are still where they were.
    assert client.get("/admin/questions/").status_code == 200
    assert client.get("/admin/overview/").status_code == 302


def test_admin_forms_carry_a_csrf_token(client, make_user, make_project, login):
    project = make_project()
    theory = build_theory(project)
    login(make_user(Role.ADMIN))
    for url in (
        "/admin/projects/new/",
        f"/admin/projects/edit/?id={project.id}",
        "/admin/outcomes/new/",
        f"/admin/outcomes/edit/?id={theory['outcome'].id}",
        "/admin/indicators/new/",
        "/admin/elements/new/",
        "/admin/users/new/",
        "/admin/memberships/new/",
        "/admin/outcomes/",  # the delete buttons and the bulk-action form
    ):
        page = client.get(url).text
        body = page[page.index("</nav>") :]  # past the sign-out form in the navigation bar
        assert "<form" in body and 'name="csrf_token"' in body, url


def test_post_without_csrf_token_is_refused(client, make_user, make_project, login):
    project = make_project()
    theory = build_theory(project)
    login(make_user(Role.ADMIN))
    outcome_id = theory["outcome"].id
    attempts = [
        ("/admin/outcomes/new/", {"project": project.id, "section": "benefit", "statement": "x"}),
        (f"/admin/outcomes/edit/?id={outcome_id}", {"statement": "Changed without a token"}),
        ("/admin/outcomes/delete/", {"id": outcome_id}),
        ("/admin/outcomes/action/", {"action": "delete", "rowid": outcome_id}),
        ("/admin/projects/new/", {"name": "Forged", "slug": "forged"}),
        ("/admin/users/new/", {"email": "x@example.org", "password": "long enough pass"}),
    ]
    for url, data in attempts:
        assert client.post(url, data=data).status_code == 400, url
        wrong = client.post(url, data={**data, "csrf_token": "not-a-real-token"})
        assert wrong.status_code == 400, url
    outcome = theory["outcome"]
    assert count(Outcome) == 1
    assert outcome.statement.startswith("Leaflet rewritten")
    assert count(User) == 1


def test_flask_admin_export_and_ajax_are_off(client, make_user, make_project, login):
    project = make_project()
    build_theory(project)
    login(make_user(Role.ADMIN))
    for view in ("outcomes", "indicators", "elements", "projects", "users"):
        export = client.get(f"/admin/{view}/export/csv/")
        assert export.status_code == 302, view
        assert "text/csv" not in export.headers.get("Content-Type", "")
        assert client.get(f"/admin/{view}/ajax/lookup/?name=project&query=").status_code == 404
        assert "export/csv" not in client.get(f"/admin/{view}/").text
    token = token_from(client)
    response = client.post(
        "/admin/outcomes/ajax/update/", data={"list_form_pk": "1", "csrf_token": token}
    )
    assert response.status_code == 404


def test_admin_pages_are_not_cached(client, make_user, login):
    login(make_user(Role.ADMIN))
    assert client.get("/admin/outcomes/").headers["Cache-Control"] == "no-store"


def test_sign_out_is_a_form_with_a_token(client, make_user, login):
    login(make_user(Role.VIEWER))
    token = token_from(client)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_admin_forms_check_the_csrf_token_themselves(make_app, make_user, make_project):
    """With the app-wide check switched off, flask-admin's own forms still refuse a POST
    without a valid token: they are Flask-WTF forms, not flask-admin's unprotected default."""
    project = make_project()
    theory = build_theory(project)
    user = make_user(Role.STAFF, projects=[project])
    app = make_app(create_schema=False, WTF_CSRF_CHECK_DEFAULT=False)
    client = app.test_client()
    login_page = client.get("/login").text
    client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(login_page)},
    )
    assert client.get("/admin/outcomes/").status_code == 200
    outcome_id = theory["outcome"].id
    attempts = [
        ("/admin/outcomes/new/", {"project": project.id, "section": "impact", "statement": "x"}),
        (f"/admin/outcomes/edit/?id={outcome_id}", {"statement": "Changed without a token"}),
        ("/admin/outcomes/delete/", {"id": outcome_id}),
        ("/admin/outcomes/action/", {"action": "delete", "rowid": outcome_id}),
    ]
    for url, data in attempts:
        response = client.post(url, data=data)
        assert response.status_code in (200, 302), url
    assert count(Outcome) == 1
    db.session.expire_all()
    assert db.session.get(Outcome, outcome_id).statement.startswith("Leaflet rewritten")
    # With the token, the same edit goes through.
    token = csrf_token(client.get(f"/admin/outcomes/edit/?id={outcome_id}").text)
    response = client.post(
        f"/admin/outcomes/edit/?id={outcome_id}",
        data={"statement": "Changed with a token", "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Outcome, outcome_id).statement == "Changed with a token"
