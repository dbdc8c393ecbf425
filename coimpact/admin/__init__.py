"""The staff admin (flask-admin), built afresh for each app and closed by default."""

from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from .base import ProtectedIndexView


def init_admin(app: Flask) -> Admin:
    admin = Admin(
        app,
        name="coimpact",
        index_view=ProtectedIndexView(name="Projects", url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/coimpact_base.html"),
    )
    return admin
