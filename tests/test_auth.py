from coimpact.models import Role
from tests.conftest import PASSWORD, csrf_token


def test_anonymous_admin_redirects_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_and_see_admin(client, make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert user.email in page.text


def test_wrong_password_same_message_as_unknown_user(client, make_user):
    user = make_user(Role.STAFF)
    token = csrf_token(client.get("/login").text)
    wrong = client.post(
        "/login", data={"email": user.email, "password": "nope-nope-nope", "csrf_token": token}
    )
    unknown = client.post(
        "/login", data={"email": "ghost@example.org", "password": PASSWORD, "csrf_token": token}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "is not right" in wrong.text and "is not right" in unknown.text
