"""The audit log, for admins: read only, newest first. It is append-only everywhere else too:
no view, action or form here can change or delete an event."""

from __future__ import annotations

from coimpact.admin.base import AdminOnlyMixin, SecureModelView


class AuditLogView(AdminOnlyMixin, SecureModelView):
    can_create = False
    can_edit = False
    can_delete = False
    can_view_details = True
    column_list = ("at", "action", "actor_email", "project_id", "target", "ip")
    column_details_list = ("at", "action", "actor_email", "project_id", "target", "detail", "ip")
    column_labels = {
        "at": "When (UK time)",
        "actor_email": "Who",
        "project_id": "Project id",
        "ip": "Address",
    }
    column_default_sort = [("at", True), ("id", True)]
    column_sortable_list = ("at", "action", "actor_email")
    column_searchable_list = ("action", "actor_email", "target")
    column_filters = ("action", "actor_email", "project_id")
    action_disallowed_list = ("delete",)
