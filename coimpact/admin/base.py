"""The protected base views every admin page derives from."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_login import current_user

from ..access import visible_projects


def _signed_in() -> bool:
    return current_user.is_authenticated and current_user.active


class ProtectedMixin:
    """Refuses anyone not signed in; subclasses narrow further."""

    def is_accessible(self) -> bool:
        return _signed_in()

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        from flask import abort

        abort(403)


class ProtectedIndexView(ProtectedMixin, AdminIndexView):
    @expose("/")
    def index(self):
        return self.render("admin/coimpact_index.html", projects=visible_projects(current_user))


class ProtectedView(ProtectedMixin, BaseView):
    pass
