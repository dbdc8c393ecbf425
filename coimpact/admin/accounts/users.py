"""Accounts and memberships: admins only.

Users are created and changed through `services.accounts` (argon2 hashes, audit records,
sessions ended on a password change), not by flask-admin copying form fields onto the model,
so a posted `password_hash` can never reach the database. Taking away someone's sign-in ends
their sessions, and "Sign out of every device" on the list ends them on demand.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, request
from flask_admin.actions import action
from flask_login import current_user
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from coimpact.admin.base import AdminForm, AdminOnlyMixin, SecureModelView, row_id, row_ids
from coimpact.admin.fields import ChosenRowField, RowSelectMultipleField
from coimpact.admin.filters import ConditionFilter, choice_filter, text_filter, yes_no_filter
from coimpact.admin.scoped import choose
from coimpact.auth.passwords import password_problem
from coimpact.domain.readable import plural
from coimpact.extensions import db
from coimpact.models import Membership, Project, Role, User
from coimpact.services import audit
from coimpact.services.accounts import (
    AccountError,
    add_member,
    create_user,
    set_password,
    sign_out_everywhere,
)
from coimpact.services.projects import remove_member, set_user_projects

ROLE_NAMES = {
    Role.ADMIN: "Admin: everything, every project, accounts",
    Role.STAFF: "Staff: change the projects they belong to",
    Role.VIEWER: "Viewer: read and export the projects they belong to",
}


def password_rules(form, field) -> None:
    """The same rules as every other way of setting a password, shown beside the field."""
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def _all_projects() -> list[Project]:
    return list(db.session.scalars(sa.select(Project).order_by(Project.name)))


def _all_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


def _role_field() -> SelectField:
    return SelectField(
        "Role",
        choices=[SelectChoice(r.value, ROLE_NAMES[r]) for r in Role],
        coerce=Role,
        default=Role.STAFF,
    )


def _projects_field() -> RowSelectMultipleField:
    return RowSelectMultipleField(
        "Projects",
        query_factory=_all_projects,
        get_label="name",
        description="Staff and viewers see only these projects; admins see every project.",
    )


class UserCreateForm(AdminForm):
    email = EmailField("Email address", [InputRequired(), Length(max=254)])
    name = StringField("Name", [Length(max=120)])
    role = _role_field()
    active = BooleanField("Can sign in", default=True)
    password = PasswordField(
        "Password",
        [InputRequired(), password_rules],
        render_kw={"autocomplete": "new-password"},
    )
    projects = _projects_field()


class UserEditForm(AdminForm):
    name = StringField("Name", [Length(max=120)])
    role = _role_field()
    active = BooleanField("Can sign in")
    new_password = PasswordField(
        "New password",
        [Optional(), password_rules],
        description="Leave empty to keep the password. Setting one signs the person out "
        "everywhere.",
        render_kw={"autocomplete": "new-password"},
    )
    projects = _projects_field()


def _user_projects(view, context, model, name) -> str:
    return ", ".join(sorted(m.project.name for m in model.memberships))


class UserView(AdminOnlyMixin, SecureModelView):
    column_list = ("email", "name", "role", "active", "projects", "last_login_at")
    column_details_list = (*column_list, "created_at")
    column_labels = {"active": "Can sign in", "last_login_at": "Last signed in"}
    column_formatters = {"role": lambda v, c, m, n: Role(m.role).value, "projects": _user_projects}
    column_sortable_list = ("email", "name", "role", "active", "last_login_at")
    column_default_sort = ("email", False)
    column_searchable_list = ("email", "name")
    column_filters = (
        choice_filter("Role", User.role, Role, {r: r.value for r in Role}),
        yes_no_filter("Can sign in", User.active),
        text_filter("Email", User.email),
    )

    def edit_heading(self, model) -> str:
        return model.email

    def get_create_form(self):
        return UserCreateForm

    def get_edit_form(self):
        return UserEditForm

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and request.method == "GET":
            form.projects.data = [m.project for m in obj.memberships]
        return form

    def _save(self, form, save) -> User | None:
        try:
            user = save()
            db.session.flush()
        except (AccountError, ValidationError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return None
        except Exception as exc:
            db.session.rollback()
            if not self.handle_view_exception(exc):
                raise
            return None
        return user

    def create_model(self, form):
        def save() -> User:
            user = create_user(
                form.email.data,
                form.password.data,
                form.role.data,
                name=(form.name.data or "").strip(),
                actor=current_user,
            )
            user.active = form.active.data
            set_user_projects(user, form.projects.data, actor=current_user)
            return user

        return self._save(form, save) or False

    def update_model(self, form, model):
        def save() -> User:
            role = Role(form.role.data)
            if model.id == current_user.id and (role != Role.ADMIN or not form.active.data):
                # Otherwise the last admin could lock everyone out of account management.
                raise AccountError("You cannot take away your own admin role or sign-in.")
            if role != model.role or form.active.data != model.active:
                audit.record(
                    "user_changed",
                    target=model.email,
                    detail={"role": role.value, "active": bool(form.active.data)},
                )
            if model.active and not form.active.data:
                # Old cookies must not come back to life if the sign-in is given back later.
                sign_out_everywhere(model, actor=current_user)
            model.name = (form.name.data or "").strip()
            model.role = role
            model.active = form.active.data
            if form.new_password.data:
                set_password(model, form.new_password.data, actor=current_user)
            set_user_projects(model, form.projects.data, actor=current_user)
            return model

        return self._save(form, save) is not None

    def on_model_delete(self, model):
        if model.id == current_user.id:
            raise ValidationError("You cannot delete your own account.")
        audit.record("user_deleted", target=model.email)

    @action(
        "sign_out",
        "Sign out of every device",
        "Sign the chosen people out on every computer and phone? They can sign in again.",
    )
    def action_sign_out(self, ids):
        people = db.session.scalars(sa.select(User).where(User.id.in_(row_ids(ids)))).all()
        for person in people:
            sign_out_everywhere(person, actor=current_user)
        flash(f"Signed {plural(len(people), 'person', 'people')} out of every device.", "success")


class MembershipView(AdminOnlyMixin, SecureModelView):
    can_edit = False  # a membership is a pair: remove it and add another instead
    column_list = ("user", "project", "created_at")
    column_details_list = column_list
    column_labels = {"created_at": "Since"}
    column_sortable_list = (("user", "user.email"), ("project", "project.name"), "created_at")
    column_default_sort = ("created_at", True)
    # Subqueries rather than joins, which flask-admin would not know to add.
    column_filters = (
        ConditionFilter(
            "Email",
            lambda v: Membership.user_id.in_(
                sa.select(User.id).where(User.email.icontains(v, autoescape=True))
            ),
            operation="contains",
        ),
        ConditionFilter(
            "Project",
            lambda v: Membership.project_id.in_(
                sa.select(Project.id).where(Project.name.icontains(v, autoescape=True))
            ),
            operation="contains",
        ),
    )
    form_columns = ("user", "project")
    form_overrides = {"user": ChosenRowField, "project": ChosenRowField}
    # Both start empty: nobody is added to whichever project or person happens to come first.
    form_args = {
        "user": {
            **choose("Person", "a person", "Choose the person to add."),
            "query_factory": _all_users,
        },
        "project": {
            **choose("Project", "a project", "Choose the project they join."),
            "query_factory": _all_projects,
        },
    }

    def create_form(self, obj=None):
        # From a person's or a project's page, that one is chosen already.
        form = super().create_form(obj)
        for field, model in ((form.user, User), (form.project, Project)):
            wanted = request.args.get(f"{field.name}_id", type=row_id)
            if request.method == "GET" and wanted is not None:
                field.data = db.session.get(model, wanted)
        return form

    def create_model(self, form):
        user, project = form.user.data, form.project.data
        exists = db.session.scalar(
            sa.select(Membership.id).where(
                Membership.user_id == user.id, Membership.project_id == project.id
            )
        )
        if exists:
            flash(f"{user.email} already belongs to {project.name}.", "error")
            return False
        membership = add_member(user, project, actor=current_user)
        db.session.flush()
        return membership

    def delete_model(self, model):
        # Through the service, which audits the removal, rather than a bare session.delete.
        try:
            remove_member(model, actor=current_user)
            db.session.flush()
        except Exception as exc:
            db.session.rollback()
            if not self.handle_view_exception(exc):
                raise
            return False
        return True
