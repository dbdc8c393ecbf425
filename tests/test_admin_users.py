"""Account management in the admin (admins only): creating people with hashed passwords,
changing roles, resetting passwords, and managing who belongs to which project."""

import re

import sqlalchemy as sa

from coimpact.auth.passwords import verify_password
from coimpact.extensions import db
from coimpact.models import AuditEvent, Membership, Role, User
from tests.admin_helpers import count, post_form, token_from
from tests.feedback_helpers import sign_in

NEW_PASSWORD = "a long and new pass phrase"


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def user_by_email(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_admin_creates_a_person_with_a_hashed_password(client, make_user, make_project, login):
    admin = make_user(Role.ADMIN)
    first, second = make_project(name="First"), make_project(name="Second")
    login(admin)
    response = post_form(
        client,
        "/admin/users/new/",
        {
            "email": "New.Person@Example.org",
            "name": "New Person",
            "role": "viewer",
            "active": "y",
            "password": NEW_PASSWORD,
            "projects": [str(first.id), str(second.id)],
            # Not fields of the form: must never reach the account.
            "password_hash": "plain",
        },
    )
    assert response.status_code == 302
    user = user_by_email("new.person@example.org")
    assert user is not None and user.role == Role.VIEWER and user.name == "New Person"
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert {m.project.name for m in user.memberships} == {"First", "Second"}
    assert audit_actions().count("member_added") == 2 and "user_created" in audit_actions()
    listing = client.get("/admin/users/").text
    details = client.get(f"/admin/users/details/?id={user.id}").text
    assert "new.person@example.org" in listing and "New Person" in details
    for page in (listing, details):
        assert "$argon2" not in page


def test_account_problems_are_explained(client, make_user, login):
    admin = make_user(Role.ADMIN, email="admin@example.org")
    login(admin)
    duplicate = post_form(
        client,
        "/admin/users/new/",
        {"email": "ADMIN@example.org", "role": "staff", "password": NEW_PASSWORD},
    )
    assert duplicate.status_code == 200 and "already exists" in duplicate.text
    short = post_form(
        client,
        "/admin/users/new/",
        {"email": "short@example.org", "role": "staff", "password": "short"},
    )
    assert short.status_code == 200 and "at least 10 characters" in short.text
    bad_email = post_form(
        client,
        "/admin/users/new/",
        {"email": "not-an-address", "role": "staff", "password": NEW_PASSWORD},
    )
    assert bad_email.status_code == 200 and "not a valid email address" in bad_email.text
    bad_role = post_form(
        client,
        "/admin/users/new/",
        {"email": "role@example.org", "role": "owner", "password": NEW_PASSWORD},
    )
    assert bad_role.status_code == 200 and "Invalid Choice" in bad_role.text
    assert count(User) == 1


def test_admin_changes_role_name_and_sign_in(client, make_user, login):
    admin = make_user(Role.ADMIN)
    person = make_user(Role.STAFF)
    old_hash = person.password_hash
    login(admin)
    response = post_form(
        client,
        f"/admin/users/edit/?id={person.id}",
        {"name": "Renamed", "role": "viewer", "email": "moved@example.org", "password_hash": "x"},
    )
    assert response.status_code == 302
    changed = user_by_email(person.email)
    assert changed is not None  # the email is not on the edit form
    assert (changed.name, changed.role, changed.active) == ("Renamed", Role.VIEWER, False)
    assert changed.password_hash == old_hash
    assert "user_changed" in audit_actions()


def test_password_reset_hashes_and_ends_sessions(app, client, make_user, login):
    admin = make_user(Role.ADMIN)
    person = make_user(Role.STAFF)
    their_browser = sign_in(app, person)
    login(admin)
    response = post_form(
        client,
        f"/admin/users/edit/?id={person.id}",
        {"role": "staff", "active": "y", "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    changed = user_by_email(person.email)
    assert verify_password(changed.password_hash, NEW_PASSWORD)
    assert their_browser.get("/admin/").status_code == 302  # signed out there
    assert client.get("/admin/").status_code == 200  # the admin who changed it is not
    assert "password_changed" in audit_actions()
    weak = post_form(
        client,
        f"/admin/users/edit/?id={person.id}",
        {"role": "staff", "active": "y", "new_password": "short"},
    )
    assert weak.status_code == 200
    assert verify_password(user_by_email(person.email).password_hash, NEW_PASSWORD)


def test_memberships_follow_the_projects_chosen(client, make_user, make_project, login):
    admin = make_user(Role.ADMIN)
    first, second, third = make_project(), make_project(), make_project()
    person = make_user(Role.STAFF, projects=[first, second])
    login(admin)
    page = client.get(f"/admin/users/edit/?id={person.id}").text
    # Ticked boxes (coimpact/admin/fields.py): the first project is ticked, the third is not.
    assert re.search(rf'<input checked [^>]*type="checkbox" value="{first.id}">', page)
    assert re.search(rf'<input class[^>]*type="checkbox" value="{third.id}">', page)
    response = post_form(
        client,
        f"/admin/users/edit/?id={person.id}",
        {"role": "staff", "active": "y", "projects": [str(second.id), str(third.id)]},
    )
    assert response.status_code == 302
    changed = user_by_email(person.email)
    assert sorted(m.project_id for m in changed.memberships) == [second.id, third.id]
    assert "member_removed" in audit_actions()


def test_admins_cannot_lock_themselves_out(client, make_user, login):
    admin = make_user(Role.ADMIN)
    login(admin)
    for data in ({"role": "staff", "active": "y"}, {"role": "admin"}):
        response = post_form(client, f"/admin/users/edit/?id={admin.id}", data)
        assert response.status_code == 200
        assert "cannot take away your own admin role" in response.text
    token = token_from(client, "/admin/users/")
    client.post("/admin/users/delete/", data={"id": admin.id, "csrf_token": token})
    still = user_by_email(admin.email)
    assert still is not None and still.role == Role.ADMIN and still.active


def test_admin_deletes_another_account(client, make_user, make_project, login):
    admin = make_user(Role.ADMIN)
    person = make_user(Role.STAFF, projects=[make_project()])
    login(admin)
    token = token_from(client, "/admin/users/")
    response = client.post("/admin/users/delete/", data={"id": person.id, "csrf_token": token})
    assert response.status_code == 302
    assert user_by_email(person.email) is None
    assert count(Membership) == 0
    assert "user_deleted" in audit_actions()


def test_membership_view_adds_and_removes(client, make_user, make_project, login):
    admin = make_user(Role.ADMIN)
    project = make_project(name="Respite")
    person = make_user(Role.STAFF, email="member@example.org")
    login(admin)
    data = {"user": str(person.id), "project": str(project.id)}
    assert post_form(client, "/admin/memberships/new/", data).status_code == 302
    again = post_form(client, "/admin/memberships/new/", data)
    assert again.status_code == 200 and "already belongs to" in again.text
    assert count(Membership) == 1
    listing = client.get("/admin/memberships/").text
    assert "member@example.org in Respite" not in listing  # shown as two columns
    assert "member@example.org" in listing and "Respite" in listing
    membership_id = db.session.scalar(sa.select(Membership.id))
    assert client.get(f"/admin/memberships/edit/?id={membership_id}").status_code == 403
    token = token_from(client, "/admin/memberships/")
    response = client.post(
        "/admin/memberships/delete/", data={"id": membership_id, "csrf_token": token}
    )
    assert response.status_code == 302
    assert count(Membership) == 0
    assert audit_actions()[-1] == "member_removed"


def test_changing_ones_own_password_keeps_this_session_only(app, client, make_user, login):
    admin = make_user(Role.ADMIN)
    elsewhere = sign_in(app, admin)
    login(admin)
    response = post_form(
        client,
        f"/admin/users/edit/?id={admin.id}",
        {"role": "admin", "active": "y", "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302


def test_taking_away_sign_in_ends_sessions_for_good(app, client, make_user, login):
    admin = make_user(Role.ADMIN)
    person = make_user(Role.STAFF)
    their_browser = sign_in(app, person)
    login(admin)
    edit = f"/admin/users/edit/?id={person.id}"
    assert post_form(client, edit, {"role": "staff"}).status_code == 302  # "Can sign in" unticked
    assert their_browser.get("/admin/").status_code == 302
    # Giving the sign-in back does not bring the old cookie back to life.
    assert post_form(client, edit, {"role": "staff", "active": "y"}).status_code == 302
    assert their_browser.get("/admin/").status_code == 302
    assert "sessions_ended" in audit_actions()


def test_admin_signs_people_out_of_every_device(app, client, make_user, login):
    admin = make_user(Role.ADMIN)
    person, other = make_user(Role.STAFF), make_user(Role.STAFF)
    laptop, phone, bystander = sign_in(app, person), sign_in(app, person), sign_in(app, other)
    login(admin)
    token = token_from(client, "/admin/users/")
    response = client.post(
        "/admin/users/action/",
        data={"action": "sign_out", "rowid": [str(person.id)], "csrf_token": token},
        follow_redirects=True,
    )
    assert "Signed 1 person out of every device." in response.text
    assert laptop.get("/admin/").status_code == phone.get("/admin/").status_code == 302
    assert bystander.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "sessions_ended")
    ).one()
    assert event.target == person.email and event.detail == {"sessions": 2}


def test_only_admins_may_sign_people_out(app, make_user, make_project):
    project = make_project()
    person = make_user(Role.STAFF, projects=[project])
    staff = sign_in(app, make_user(Role.STAFF, projects=[project]))
    their_browser = sign_in(app, person)
    token = token_from(staff, "/admin/")
    response = staff.post(
        "/admin/users/action/",
        data={"action": "sign_out", "rowid": [str(person.id)], "csrf_token": token},
    )
    assert response.status_code == 403
    assert their_browser.get("/admin/").status_code == 200
