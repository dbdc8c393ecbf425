"""The access walk: every admin URL the app has, requested by everyone who might try it.

`WALK` says, for each endpoint under /admin, how to fill its URL and form with the ids of
project A's rows, and what each kind of person must get back. A test checks that the table
covers every /admin rule of `app.url_map` (and that nothing outside /admin serves files), so a
view added later fails here until someone says how the walk should visit it.

People: signed-out visitors; "outsiders" (staff of project B, a viewer of B, staff of no
project, and A's viewer looking at B's rows); A's viewer; and an admin. Every text typed into
A carries "ALPHA-SECRET" (B's "BRAVO-SECRET"); together with the share-link and page tokens
and export job ids these are searched for in every body, JSON, CSV, PDF and workbook included.
After every POST every row of every table is compared with what it was before (after a GET,
the row count of every table).

A walk proves nothing if its POSTs would have been refused anyway (a wrong field, a missing
row), so `test_members_posts_do_change_things` sends the same requests as A's own staff (or
the admin, for admin-only views) and checks each one does change the database.
"""

from __future__ import annotations

import io
import re
import string
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import pytest

from coimpact.admin.evidence.item_pages import fingerprint
from coimpact.extensions import db
from coimpact.models import EvidenceItem, Response
from tests.access_fixture import (
    World,
    build_world,
    changed_tables,
    pdf_with,
    row_counts,
    snapshot,
)
from tests.admin_helpers import token_from
from tests.conftest import PASSWORD
from tests.feedback_helpers import sign_in
from tests.public_helpers import GOOD_ANSWERS

# --- The table ------------------------------------------------------------------------------

NOT_FOUND = frozenset({404})
# A viewer of another project is refused (403) by the view before it looks the row up (404).
REFUSED = frozenset({403, 404})
LISTED = frozenset({200})
ADMIN_ONLY = frozenset({403})
# A create page: staff of other projects get the form without A's choices, viewers 403.
OWN_CHOICES = frozenset({200, 403})
# A bulk action acts only on rows the person's list shows (none of A's); viewers get 403.
QUIET = frozenset({302, 403})
UPLOAD = object()  # a fresh PDF upload in a POST


@dataclass(frozen=True)
class Visit:
    method: str
    url: str  # filled from the project's ids with str.format
    data: dict = field(default_factory=dict)  # a POST's form; keys and values are filled too
    outsider: frozenset[int] = NOT_FOUND
    viewer: int = 200  # what A's viewer gets (for a POST: 403 unless said otherwise)
    admin: int = 200  # what an admin gets on a GET (and, for an inert POST, with its token)
    shows: bool = True  # a 200 for A's viewer or the admin carries A's data
    audited: bool = False  # a GET that writes an audit event (downloads)
    viewer_may: bool = False  # a POST a viewer may make (by design; see its comment)
    inert: bool = False  # a POST that changes nothing for anyone, admins included
    audit_only: bool = False  # the control's POST writes only an audit event (and files)
    admin_only: bool = False  # the control sends it as the admin rather than A's staff
    stage: str = "main"  # which of the control's worlds it runs in: main, delete or action
    order: int = 0  # within a stage, lower runs first (a project is deleted last)
    public: bool = False  # a static file anyone may fetch


def page(url: str, outsider=NOT_FOUND, viewer=200, admin=200, **kw) -> Visit:
    return Visit("GET", url, outsider=outsider, viewer=viewer, admin=admin, **kw)


def send(url: str, data=None, outsider=REFUSED, viewer=403, **kw) -> Visit:
    return Visit("POST", url, data or {}, outsider=outsider, viewer=viewer, **kw)


def lists(url: str, *extra: str) -> list[Visit]:
    """A list, searched, filtered and narrowed to A: outsiders see their own rows only."""
    queries = ["", "?search=SECRET", "?flt0_0=SECRET", "?project_id={project}", *extra]
    return [page(f"/admin/{url}/{q}", outsider=LISTED) for q in queries]


def flask_admin_extras(view: str, url: str, row: str, admin_only: bool) -> dict[str, list[Visit]]:
    """The routes flask-admin adds to every model view, all unused here: no ajax lookups, no
    editable list columns, no export (it writes text as live spreadsheet formulas)."""
    refused = ADMIN_ONLY if admin_only else NOT_FOUND
    viewer = 403 if admin_only else 404
    return {
        f"{view}.ajax_lookup": [
            page(
                f"/admin/{url}/ajax/lookup/?name=project&query=secret",
                outsider=refused,
                viewer=viewer,
                admin=404,
                shows=False,
            )
        ],
        f"{view}.ajax_update": [
            send(
                f"/admin/{url}/ajax/update/",
                {"list_form_pk": f"{{{row}}}", "name": "HIJACKED", "title": "HIJACKED"},
                outsider=refused,
                viewer=viewer,
                admin=404,
                inert=True,
                admin_only=admin_only,
            )
        ],
        f"{view}.export": [
            page(
                f"/admin/{url}/export/csv/?project_id={{project}}",
                outsider=ADMIN_ONLY if admin_only else frozenset({302}),
                viewer=403 if admin_only else 302,
                admin=302,
                shows=False,
            )
        ],
    }


def model_view(
    view: str,
    row: str,
    edit: dict,
    new: dict,
    new_url: str = "?project_id={project}",
    url: str | None = None,
    order: int = 0,
    **overrides: list[Visit],
) -> dict[str, list[Visit]]:
    """A project-scoped flask-admin view: list, details, edit, create, delete, bulk delete
    (`order`: when the control deletes its row, before or after other views' rows)."""
    url = url or view
    routes = {
        f"{view}.index_view": lists(url),
        f"{view}.details_view": [page(f"/admin/{url}/details/?id={{{row}}}")],
        f"{view}.edit_view": [
            page(f"/admin/{url}/edit/?id={{{row}}}", outsider=REFUSED, viewer=403),
            send(f"/admin/{url}/edit/?id={{{row}}}", edit),
        ],
        f"{view}.create_view": [
            # A new row is made in the project its page's address names: not theirs, not found.
            page(f"/admin/{url}/new/{new_url}", outsider=REFUSED, viewer=403),
            send(f"/admin/{url}/new/{new_url}", new, outsider=REFUSED),
        ],
        f"{view}.delete_view": [
            send(f"/admin/{url}/delete/", {"id": f"{{{row}}}"}, stage="delete", order=order),
        ],
        f"{view}.action_view": [
            send(
                f"/admin/{url}/action/",
                {"action": "delete", "rowid": f"{{{row}}}"},
                outsider=QUIET,
                stage="action",
                order=order,
            )
        ],
        **flask_admin_extras(view, url, row, admin_only=False),
    }
    routes.update(overrides)
    return routes


def admin_only_view(
    view: str, row: str, edit: dict, new: dict, order: int = 8
) -> dict[str, list[Visit]]:
    """Accounts and the audit log: everyone but admins gets 403 on every route."""

    def a_page(url, **kw):
        return page(url, outsider=ADMIN_ONLY, viewer=403, **kw)

    def a_send(url, data, **kw):
        return send(url, data, outsider=ADMIN_ONLY, viewer=403, admin_only=True, **kw)

    return {
        f"{view}.index_view": [a_page(f"/admin/{view}/"), a_page(f"/admin/{view}/?search=a")],
        f"{view}.details_view": [a_page(f"/admin/{view}/details/?id={{{row}}}")],
        f"{view}.edit_view": [
            a_page(f"/admin/{view}/edit/?id={{{row}}}"),
            a_send(f"/admin/{view}/edit/?id={{{row}}}", edit),
        ],
        f"{view}.create_view": [
            a_page(f"/admin/{view}/new/", shows=False),
            a_send(f"/admin/{view}/new/", new),
        ],
        f"{view}.delete_view": [
            a_send(f"/admin/{view}/delete/", {"id": f"{{{row}}}"}, stage="delete", order=order)
        ],
        f"{view}.action_view": [
            a_send(
                f"/admin/{view}/action/",
                {"action": "delete", "rowid": f"{{{row}}}"},
                stage="action",
                order=order,
            )
        ],
        **flask_admin_extras(view, view, row, admin_only=True),
    }


def switched_off(visit: Visit) -> Visit:
    """A route of a read-only view (its create, edit or delete): 403 for everyone."""
    return replace(
        visit,
        outsider=ADMIN_ONLY,
        viewer=403,
        admin=403,
        shows=False,
        inert=visit.method == "POST",
    )


PAPER_ANSWERS = {
    **GOOD_ANSWERS,
    "q_story": "Typed in from a HIJACKED paper copy.",
    "variant": "standard",
    "share_link": "",
    "submission_id": "{fresh}",
}
MOVE = {"direction": "down"}
SESSION = {
    "held_on": "2025-10-03",
    "kind": "meeting",
    "lived_experience": "1",
    "carers": "0",
    "staff": "0",
    "partners": "0",
    "length_hours": "1",
}

WALK: dict[str, list[Visit]] = {
    # Home, and the static files every page uses (public: no data in them).
    "admin.index": [page("/admin/", outsider=LISTED)],
    "admin.static": [
        page("/admin/static/admin/js/actions.js", outsider=LISTED, shows=False, public=True)
    ],
    "coimpact_admin.static": [
        page("/admin/assets/coimpact-admin.css", outsider=LISTED, shows=False, public=True)
    ],
    # --- Theory of Change ---
    **model_view(
        "projects",
        "project",
        edit={"name": "HIJACKED project", "slug": "hijacked"},
        new={"name": "HIJACKED new project", "slug": "hijacked-new", "starter_set": "empty"},
        new_url="",
        # Only admins create or delete whole projects; staff get 403.
        **{
            "projects.create_view": [
                page("/admin/projects/new/", outsider=ADMIN_ONLY, viewer=403, shows=False),
                send(
                    "/admin/projects/new/",
                    {
                        "name": "HIJACKED new project",
                        "slug": "hijacked-new",
                        "starter_set": "empty",
                    },
                    outsider=ADMIN_ONLY,
                    admin_only=True,
                ),
            ],
            "projects.delete_view": [
                send(
                    "/admin/projects/delete/",
                    {"id": "{project}"},
                    outsider=ADMIN_ONLY,
                    admin_only=True,
                    stage="delete",
                    order=9,
                )
            ],
            "projects.action_view": [
                send(
                    "/admin/projects/action/",
                    {"action": "delete", "rowid": "{project}"},
                    outsider=QUIET,
                    admin_only=True,
                    stage="action",
                    order=9,
                )
            ],
        },
    ),
    "overview.index": [
        page("/admin/overview/", outsider={302}, viewer=302, admin=302, shows=False)
    ],
    "overview.project": [page("/admin/overview/{project}")],
    # A's Theory of Change is not empty, so the starter set is not added, even for its own staff
    # (what it adds to an empty project: test_admin_overview.py).
    "overview.add_starter_set": [send("/admin/overview/{project}/starter", admin=303, inert=True)],
    **model_view(
        "elements",
        "element",
        edit={"kind": "input", "text": "HIJACKED element", "position": "0"},
        new={"kind": "activity", "text": "HIJACKED element"},
    ),
    **model_view(
        "outcomes",
        "outcome",
        edit={"statement": "HIJACKED outcome", "who_benefits": "carers"},
        new={"section": "impact", "statement": "HIJACKED outcome"},
    ),
    **model_view(
        "indicators",
        "indicator",
        edit={"statement": "HIJACKED indicator", "measure": "count"},
        new={"outcome": "{outcome}", "statement": "HIJACKED indicator", "measure": "count"},
        order=-1,  # before its outcome, which would take it along
    ),
    **model_view(
        "involvement",
        "involvement",
        edit={**SESSION, "title": "HIJACKED session"},
        new={**SESSION, "title": "HIJACKED new session"},
    ),
    **model_view(
        "periods",
        "period",
        edit={"name": "HIJACKED period", "start_date": "2031-04-01", "end_date": "2032-03-31"},
        new={"name": "HIJACKED new", "start_date": "2033-04-01", "end_date": "2034-03-31"},
        url="reporting-periods",
    ),
    # Reviews are written on the dashboard's review page only: the list is read-only for all.
    **model_view(
        "reviews",
        "review",
        edit={"narrative": "HIJACKED"},
        new={"indicator": "{indicator}", "period": "2031", "status": "achieved"},
        **{
            "reviews.details_view": [
                page(
                    "/admin/reviews/details/?id={review}",
                    outsider={302},
                    viewer=302,
                    admin=302,
                    shows=False,
                )
            ],
            "reviews.action_view": [
                send(
                    "/admin/reviews/action/",
                    {"action": "delete", "rowid": "{review}"},
                    outsider=QUIET,
                    admin=302,
                    inert=True,
                )
            ],
        },
    ),
    "dashboard.index": [page("/admin/dashboard/", outsider=LISTED)],
    "dashboard.project": [
        page("/admin/dashboard/{project}"),
        page("/admin/dashboard/{project}?period=2025-26"),
    ],
    "dashboard.easy_read": [
        page("/admin/dashboard/{project}/easy-read"),
        page("/admin/dashboard/{project}/easy-read?period=2025-26"),
    ],
    "dashboard.review": [
        page("/admin/dashboard/{project}/review/{indicator}?period=2025-26"),
        send(
            "/admin/dashboard/{project}/review/{indicator}",
            # A review is for one of the project's reporting periods: sent before the walk
            # renames that period.
            {"period": "{period_name}", "status": "achieved", "narrative": "HIJACKED review"},
            outsider=NOT_FOUND,
            order=-1,
        ),
    ],
    # --- Co-assessment (the group mode names an outcome by its ref: A1 in both projects) ---
    "coassess.index": [page("/admin/coassess/", outsider=LISTED)],
    "coassess.project": [page("/admin/coassess/{project}")],
    "coassess.group": [
        page("/admin/coassess/{project}/group/A1"),
        send("/admin/coassess/{project}/group/A1", {"held_on": "2026-05-01", "yes": "2"}),
    ],
    "coassess.invite": [
        send("/admin/coassess/{project}/invite", {"label": "HIJACKED", "days": "5"}),
    ],
    "coassess.new_link": [send("/admin/coassess/{project}/coassessor/{coassessor}/new-link")],
    # Revoked first: a new link for a revoked co-assessor still makes one.
    "coassess.revoke": [send("/admin/coassess/{project}/coassessor/{coassessor}/revoke", order=-2)],
    # Only a working link of the project prints; a made-up token is not found, for anyone.
    "coassess.print_link": [
        send("/admin/coassess/{project}/print", {"token": "x" * 43}, inert=True, admin=404)
    ],
    "coassess.decide": [
        send(
            "/admin/coassess/{project}/decisions",
            {"decided_on": "2026-05-01", "outcome": "", "decision": "HIJACKED decision"},
        )
    ],
    # Closed after the group's counts are sent, then reopened.
    "coassess.close": [send("/admin/coassess/{project}/close", order=5)],
    "coassess.reopen": [send("/admin/coassess/{project}/reopen", order=6)],
    # --- Collecting evidence ---
    **model_view(
        "forms",
        "form",
        edit={"title": "HIJACKED form", "title_easy": "", "intro": "Changed."},
        new={"title": "HIJACKED form"},
        **{
            # Forms are deleted one at a time (the draft: one with responses cannot go).
            "forms.delete_view": [
                send("/admin/forms/delete/", {"id": "{draft_form}"}, stage="delete")
            ],
            "forms.action_view": [
                send(
                    "/admin/forms/action/",
                    {"action": "delete", "rowid": "{draft_form}"},
                    outsider=QUIET,
                    admin=302,
                    inert=True,
                )
            ],
        },
    ),
    "forms.publish_view": [
        page("/admin/forms/publish/?id={form}", outsider=NOT_FOUND, viewer=403),
        send("/admin/forms/publish/", {"id": "{form}", "confirm": "yes"}, outsider=NOT_FOUND),
    ],
    "forms.close_view": [send("/admin/forms/close/", {"id": "{form}"}, outsider=NOT_FOUND)],
    "forms.reopen_view": [send("/admin/forms/reopen/", {"id": "{form}"}, outsider=NOT_FOUND)],
    "forms.preview_view": [page("/admin/forms/preview/?id={form}")],
    "forms.print_view": [
        page("/admin/forms/print/?id={form}", outsider=NOT_FOUND, viewer=403),
        # Printing changes nothing but the audit log, which records each printed batch.
        send(
            "/admin/forms/print/",
            {"id": "{form}", "copies": "1"},
            outsider=NOT_FOUND,
            audit_only=True,
        ),
    ],
    "forms.print_preview_view": [
        page("/admin/forms/print/preview/?id={form}", outsider=NOT_FOUND, viewer=403)
    ],
    **model_view(
        "questions",
        "question",
        edit={"text": "HIJACKED question?", "text_easy": "Easy?", "symbol": ""},
        new={"form": "{form}", "type": "short_text", "key": "hijacked", "text": "HIJACKED?"},
        new_url="?form_id={form}",
        **{
            # A link from another project's form is not found, whoever follows it.
            "questions.create_view": [
                page("/admin/questions/new/?form_id={form}", outsider=REFUSED, viewer=403),
                send(
                    "/admin/questions/new/?form_id={form}",
                    {"form": "{form}", "type": "short_text", "key": "hijacked", "text": "H?"},
                ),
            ],
            "questions.delete_view": [
                send(
                    "/admin/questions/delete/",
                    {"id": "{draft_question}"},
                    stage="delete",
                    order=-1,  # before its form, which would take it along
                )
            ],
            "questions.action_view": [
                send(
                    "/admin/questions/action/",
                    {"action": "delete", "rowid": "{question}"},
                    outsider=QUIET,
                    admin=302,
                    inert=True,
                )
            ],
        },
    ),
    "questions.move_view": [send("/admin/questions/move/", {"id": "{question}", **MOVE})],
    "questions.remove_view": [send("/admin/questions/remove/", {"id": "{other_question}"})],
    "questions.restore_view": [send("/admin/questions/restore/", {"id": "{other_question}"})],
    **model_view(
        "links",
        "link",
        edit={"label": "HIJACKED link", "expires_at": "", "max_responses": ""},
        new={"form": "{form}", "label": "HIJACKED link"},
        new_url="?form_id={form}",
        **{
            # Links are closed, never deleted (their responses keep pointing at them).
            "links.delete_view": [
                send("/admin/links/delete/", {"id": "{link}"}, admin=403, inert=True)
            ],
            "links.action_view": [
                send(
                    "/admin/links/action/", {"action": "close", "rowid": "{link}"}, outsider=QUIET
                ),
                send(
                    "/admin/links/action/", {"action": "reopen", "rowid": "{link}"}, outsider=QUIET
                ),
            ],
            "links.index_view": lists("links", "?form_id={form}"),
        },
    ),
    "links.print_view": [page("/admin/links/print/{link}")],
    "links.cards_view": [page("/admin/links/cards/{round}")],
    "links.make_personal": [
        send("/admin/links/personal/{round_link}", {"how_many": "2", "prefix": "HIJACKED"})
    ],
    "links.same_people": [
        send("/admin/links/same-people/{round_link}", {"round_id": "{later_round}"})
    ],
    # Responses are written by participants and paper entry only: read-only here.
    **model_view(
        "responses",
        "response",
        edit={"supported": "no"},
        new={"project": "{project}"},
        **{
            "responses.index_view": lists("responses", "?form_id={form}&link_id={link}"),
            "responses.details_view": [
                page("/admin/responses/details/?id={response}"),
                page("/admin/responses/details/?id={paper_response}"),
            ],
            "responses.action_view": [
                send(
                    "/admin/responses/action/",
                    {"action": "reviewed", "rowid": ["{response}", "{paper_response}"]},
                    outsider=QUIET,
                )
            ],
        },
    ),
    "paper.index": [page("/admin/paper/", outsider=OWN_CHOICES, viewer=403)],
    # Viewers of any project are refused paper entry (403) before the form is looked up.
    "paper.enter": [
        page("/admin/paper/{form}", outsider=REFUSED, viewer=403),
        page("/admin/paper/{form}?link_id={link}", outsider=REFUSED, viewer=403),
        send("/admin/paper/{form}", PAPER_ANSWERS),
    ],
    # --- Evidence ---
    **model_view(
        "evidence",
        "item",
        edit={"title": "HIJACKED count", "value_number": "13"},
        new={
            "kind": "document",
            "title": "HIJACKED document",
            "upload": UPLOAD,
        },
        **{
            "evidence.index_view": lists(
                "evidence", "?outcome_id={outcome}&indicator_id={indicator}"
            ),
            # The item page (evidence.item) is the details page.
            "evidence.details_view": [
                page(
                    "/admin/evidence/details/?id={item}",
                    outsider={302},
                    viewer=302,
                    admin=302,
                    shows=False,
                )
            ],
            "evidence.edit_view": [
                page("/admin/evidence/edit/?id={count}", outsider=REFUSED, viewer=403),
                send(
                    "/admin/evidence/edit/?id={count}",
                    {"title": "HIJACKED count", "value_number": "13"},
                ),
            ],
            # The new-evidence form is the app's own (a file upload), in the project its address
            # names.
            "evidence.create_view": [
                page("/admin/evidence/new/?project_id={project}", outsider=REFUSED, viewer=403),
                send(
                    "/admin/evidence/new/?project_id={project}",
                    {"kind": "document", "title": "HIJACKED document", "upload": UPLOAD},
                    outsider=REFUSED,
                ),
            ],
            "evidence.delete_view": [
                send("/admin/evidence/delete/", {"id": "{document}"}, stage="delete")
            ],
            "evidence.action_view": [
                send(
                    "/admin/evidence/action/",
                    {"action": "delete", "rowid": "{observation}"},
                    outsider=QUIET,
                    stage="action",
                )
            ],
        },
    ),
    "evidence.item": [
        page("/admin/evidence/{item}"),
        page("/admin/evidence/{paper_item}"),
        page("/admin/evidence/{document}"),
    ],
    "evidence.download": [page("/admin/evidence/{document}/file", audited=True)],
    "evidence.approve_page": [
        page("/admin/evidence/{paper_item}/approve", viewer=403),
        send(
            "/admin/evidence/{paper_item}/approve",
            {"keep_as_is": "y", "seen": "{paper_item_seen}"},
            outsider=NOT_FOUND,
        ),
    ],
    "evidence.draft": [send("/admin/evidence/{paper_item}/draft", outsider=NOT_FOUND)],
    "evidence.redact": [send("/admin/evidence/{observation}/redact", outsider=NOT_FOUND)],
    "evidence.link_add": [
        send("/admin/evidence/{item}/links", {"target": "o:{other_outcome}"}, outsider=NOT_FOUND)
    ],
    "evidence.change_link": [
        send("/admin/evidence/{item}/links/{evidence_link}/reject", outsider=NOT_FOUND),
        send("/admin/evidence/{item}/links/{evidence_link}/confirm", outsider=NOT_FOUND),
        send("/admin/evidence/{item}/links/{evidence_link}/remove", outsider=NOT_FOUND),
    ],
    "evidence.cut": [
        page("/admin/evidence/cut/{answer}", viewer=403),
        send(
            "/admin/evidence/cut/{answer}",
            {"kind": "quote", "excerpt": "I spoke at the meeting first.", "title": "HIJACKED"},
            outsider=NOT_FOUND,
        ),
    ],
    "suggestions.index": [
        # Staff of one project go straight to its suggestions; others choose a project.
        page("/admin/evidence/suggestions/", outsider=LISTED),
        page("/admin/evidence/suggestions/?project_id={project}"),
        page("/admin/evidence/suggestions/?project_id={project}&indicator_id={indicator}"),
    ],
    "suggestions.decide": [
        send(
            "/admin/evidence/suggestions/decide",
            {"project_id": "{project}", "one": "reject:{pair}"},
            outsider=NOT_FOUND,
        ),
        send(
            "/admin/evidence/suggestions/decide",
            {"project_id": "{project}", "all_decision": "confirm"},
            outsider=NOT_FOUND,
        ),
    ],
    **model_view(
        "feedback_pages",
        "page",
        edit={"title": "HIJACKED page", "period": "", "wanted_text": "Changed."},
        new={"title": "HIJACKED page"},
        url="feedback-pages",
        **{
            "feedback_pages.action_view": [
                send(
                    "/admin/feedback-pages/action/",
                    {"action": "delete", "rowid": "{page}"},
                    outsider=QUIET,
                    admin=302,
                    inert=True,
                )
            ],
        },
    ),
    "feedback_pages.quotes_view": [
        page("/admin/feedback-pages/quotes/?id={page}", viewer=403),
        send(
            "/admin/feedback-pages/quotes/?id={page}",
            {"id": "{page}", "item": ["{item}"], "order-{item}": "1"},
            outsider=NOT_FOUND,
        ),
    ],
    "feedback_pages.publish_view": [
        send("/admin/feedback-pages/publish/", {"id": "{page}"}, outsider=NOT_FOUND)
    ],
    "feedback_pages.unpublish_view": [
        send("/admin/feedback-pages/unpublish/", {"id": "{page}"}, outsider=NOT_FOUND)
    ],
    "feedback_pages.preview_view": [page("/admin/feedback-pages/preview/?id={page}")],
    # --- The workbook ---
    "exports.index": [page("/admin/exports/", outsider=LISTED)],
    "exports.project": [page("/admin/exports/{project}")],
    # Viewers may export: they "read and export" the projects they belong to (roles in
    # admin/accounts/users.py); the workbook holds nothing they cannot already read.
    "exports.start": [
        send(
            "/admin/exports/{project}",
            outsider=NOT_FOUND,
            viewer=303,
            viewer_may=True,
            audit_only=True,
        )
    ],
    "exports.status": [page("/admin/exports/job/{job}")],
    "exports.download": [page("/admin/exports/job/{job}/download", audited=True)],
    # --- Accounts and the audit log: admins only ---
    **admin_only_view(
        "users",
        "staff",
        edit={"name": "HIJACKED", "role": "staff", "active": "y", "projects": "{project}"},
        new={
            "email": "hijacker@example.org",
            "role": "admin",
            "active": "y",
            "password": PASSWORD + " and more",
        },
    ),
    **admin_only_view(
        "memberships",
        "membership",
        edit={"user": "{stranger}", "project": "{project}"},
        new={"user": "{stranger}", "project": "{project}"},
        order=7,  # before its user, who would take it along
    ),
    **admin_only_view(
        "audit",
        "audit",
        edit={"action": "HIJACKED"},
        new={"action": "HIJACKED"},
    ),
}

# Read-only views: their create, edit and delete routes are switched off for everyone.
for _endpoint in (
    "reviews.create_view",
    "reviews.edit_view",
    "reviews.delete_view",
    "responses.create_view",
    "responses.edit_view",
    "responses.delete_view",
    "memberships.edit_view",
    "audit.create_view",
    "audit.edit_view",
    "audit.delete_view",
):
    WALK[_endpoint] = [switched_off(v) for v in WALK[_endpoint]]
# An audit event holds refs and ids, never the words of a row.
WALK["audit.details_view"] = [replace(v, shows=False) for v in WALK["audit.details_view"]]
# The audit log is append-only: it has no bulk actions either.
WALK["audit.action_view"] = [
    replace(v, admin=302, inert=True, stage="main") for v in WALK["audit.action_view"]
]

# Endpoints outside /admin: the public pages, signing in, and the app's static files. None of
# them may serve a download: a new route anywhere must be added to the table above or here.
PUBLIC_ENDPOINTS = {
    "public.index",
    "public.healthz",
    "public.standard_form",
    "public.easy_start",
    "public.easy_step",
    "public.easy_thanks",
    "public.thanks",
    "public.feedback_page",
    # A co-assessor's pages open by their personal link, not a staff sign-in: which link reaches
    # which project, and what those pages may show, is tests/test_coassess_public.py's walk.
    "public.coassess_start",
    "public.coassess_aim",
    "public.coassess_outcome",
    "public.coassess_thanks",
    "auth.login",
    "auth.logout",
    "static",
    "favicon",
}


# --- Requests and what their bodies may hold -------------------------------------------------


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(
        COIMPACT_JOB_QUEUE="inline",  # an export started in the walk is made within the request
        COIMPACT_JOBS_DIR=str(tmp_path / "jobs"),
        COIMPACT_WEB_EXPORT_DIR=str(tmp_path / "workbooks"),
        COIMPACT_UPLOAD_DIR=str(tmp_path / "uploads"),
    )
    with app.app_context():
        yield app


@pytest.fixture
def world(app, client, make_user) -> World:
    built = build_world(app, client, make_user)
    for side in (built.a, built.b):
        item = db.session.get(EvidenceItem, side.ids["paper_item"])
        side.ids["paper_item_seen"] = fingerprint(item.text)
        side.ids["stranger"] = built.users["staff_none"].id
    db.session.rollback()  # the test's session holds nothing while the app works
    return built


def fill(value, ids: dict):
    if value is UPLOAD:
        return (io.BytesIO(pdf_with("HIJACKED")), "hijacked.pdf")
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, str):
        return value.format(**ids, fresh=uuid.uuid4().hex)
    return value


def body_text(data: bytes) -> str:
    """What a person could read in a response, lower-cased: a workbook (or any zip) unpacked."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"\n".join(archive.read(name) for name in archive.namelist())
    return data.decode("utf-8", errors="replace").lower()


@dataclass
class Reply:
    status: int
    location: str
    text: str


def request(client, visit: Visit, ids: dict, token: str | None) -> tuple[str, Reply]:
    url = fill(visit.url, ids)
    if visit.method == "GET":
        response = client.get(url)
    else:
        data = {fill(k, ids): fill(v, ids) for k, v in visit.data.items()}
        if token is not None:
            data["csrf_token"] = token
        response = client.post(url, data=data)
    try:
        answer = Reply(
            response.status_code,
            response.headers.get("Location", ""),
            body_text(response.get_data()),
        )
    finally:
        response.close()  # send_file's open file
    return url, answer


def leaked(url: str, visit: Visit, answer: Reply, secrets: list[str]) -> list[str]:
    """Secrets in what came back. A redirect's body is only its target; the target may repeat
    what the request itself said (a sign-in page's `next=`), nothing more."""
    asked = (url + repr(visit.data)).lower()
    if 300 <= answer.status < 400:
        return [s for s in secrets if s in answer.location.lower() and s not in asked]
    return [s for s in secrets if s in answer.text]


def all_visits():
    for endpoint, visits in WALK.items():
        for visit in visits:
            yield endpoint, visit


# --- The tests -------------------------------------------------------------------------------


def test_table_covers_every_route(app):
    """Every /admin rule has a row in the table, every method of it is visited, and every URL
    of the table reaches the endpoint it is listed under; nothing else serves anything."""
    rules = list(app.url_map.iter_rules())
    admin_rules = [r for r in rules if r.rule.startswith("/admin")]
    endpoints = {r.endpoint for r in admin_rules}
    missing = sorted(endpoints - WALK.keys())
    assert not missing, f"admin endpoints the access walk does not visit: {missing}"
    assert not sorted(WALK.keys() - endpoints), "the walk lists endpoints that are gone"
    for rule in admin_rules:
        wanted = rule.methods & {"GET", "POST"}
        visited = {v.method for v in WALK[rule.endpoint]}
        assert wanted <= visited, (rule.endpoint, wanted - visited)
    outside = {r.endpoint for r in rules if not r.rule.startswith("/admin")}
    assert outside <= PUBLIC_ENDPOINTS, f"routes outside the walk: {outside - PUBLIC_ENDPOINTS}"
    # Any number fills an id here: the URL's shape, not its row, picks the endpoint.
    names = {
        name
        for _endpoint, visit in all_visits()
        for _text, name, _spec, _conv in string.Formatter().parse(visit.url)
        if name
    }
    ids = {name: 1 for name in names} | {"job": "j" * 22, "pair": "1-1"}
    adapter = app.url_map.bind("localhost")
    for endpoint, visit in all_visits():
        path = urlsplit(fill(visit.url, ids)).path
        assert adapter.match(path, method=visit.method)[0] == endpoint, (endpoint, visit.url)


ROLES = {
    # role: (who signs in, whose rows the URLs name, what they are to those rows)
    "anonymous": (None, "a", "anonymous"),
    "staff_b": ("staff_b", "a", "outsider"),
    "viewer_b": ("viewer_b", "a", "outsider"),
    "staff_none": ("staff_none", "a", "outsider"),
    "viewer_a_on_b": ("viewer_a", "b", "outsider"),
    "viewer_a": ("viewer_a", "a", "viewer"),
    "admin": ("admin", "a", "admin"),
}


def forbidden_secrets(world: World, role: str) -> list[str]:
    # A personal link's person key is read by no one, whatever their role.
    never = world.a.never_shown + world.b.never_shown
    return (
        never
        + {
            "anonymous": world.a.secrets + world.b.secrets,
            "staff_b": world.a.secrets,
            "viewer_b": world.a.secrets,
            "staff_none": world.a.secrets + world.b.secrets,
            "viewer_a_on_b": world.b.secrets,
            "viewer_a": world.b.secrets,
            "admin": [],
        }[role]
    )


def expected(kind: str, visit: Visit, answer: Reply) -> bool:
    if visit.public:
        return answer.status == 200
    if kind == "anonymous":
        to_login = urlsplit(answer.location).path == "/login"
        return answer.status in (401, 403, 404) or (answer.status == 302 and to_login)
    if kind == "outsider":
        return answer.status in visit.outsider
    if kind == "viewer":
        return answer.status == visit.viewer
    return answer.status == visit.admin


def allowed_writes(kind: str, visit: Visit) -> set[str]:
    """Tables a request may change: only a viewer's or admin's own downloads and exports are
    audited; nobody else's request changes anything."""
    if kind == "viewer" and (visit.audited or visit.viewer_may):
        return {"audit_events"}
    if kind == "admin" and visit.audited:
        return {"audit_events"}
    return set()


@pytest.mark.parametrize("role", list(ROLES))
def test_walk_every_admin_url(app, world, role):
    email_key, side_name, kind = ROLES[role]
    side = world.a if side_name == "a" else world.b
    client = app.test_client() if email_key is None else sign_in(app, world.users[email_key])
    token = token_from(client, "/login" if email_key is None else "/admin/")
    secrets = forbidden_secrets(world, role)
    problems = []
    visits = [(e, v) for e, v in all_visits() if v.method == "GET"]
    # An admin's POSTs are sent without a token in the CSRF test, and with one in the control.
    if kind != "admin":
        visits += [(e, v) for e, v in all_visits() if v.method == "POST"]
    # Every row of every table around a POST; the row counts around a GET (quicker).
    measure = {"GET": row_counts, "POST": snapshot}
    before = {}
    for endpoint, visit in visits:
        if visit.method not in before:
            before = {visit.method: measure[visit.method]()}
        url, answer = request(client, visit, side.ids, token)
        where = f"{role} {visit.method} {url} ({endpoint}) -> {answer.status}"
        if not expected(kind, visit, answer):
            problems.append(f"{where}: unexpected status {answer.location}")
        if found := leaked(url, visit, answer, secrets):
            problems.append(f"{where}: LEAK of {found}")
        if kind in ("viewer", "admin") and visit.shows and answer.status == 200:
            if not any(s in answer.text for s in side.secrets):
                problems.append(f"{where}: none of the project's own data shown")
        after = measure[visit.method]()
        changed = set(changed_tables(before[visit.method], after))
        if changed - allowed_writes(kind, visit):
            problems.append(f"{where}: the database changed: {sorted(changed)}")
        before = {visit.method: after}
    assert not problems, "\n".join(problems)


def test_every_post_needs_a_csrf_token(app, world):
    """Signed in as an admin, who may do anything, no POST without its token does anything."""
    client = sign_in(app, world.users["admin"])
    before = snapshot()
    problems = []
    for endpoint, visit in all_visits():
        if visit.method != "POST":
            continue
        url, answer = request(client, visit, world.a.ids, token=None)
        if answer.status != 400:
            problems.append(f"POST {url} ({endpoint}) without a token -> {answer.status}")
        if changed := changed_tables(before, snapshot()):
            problems.append(f"POST {url} ({endpoint}) without a token changed {changed}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("stage", ["main", "delete", "action"])
def test_members_posts_do_change_things(app, world, stage):
    """The walk's POSTs, sent by A's own staff (or the admin, for what only admins do), each
    change the database: the refusals in the walk are refusals of working requests. Deletions
    run in worlds of their own (one for the delete buttons, one for the bulk deletes)."""
    clients = {who: sign_in(app, world.users[who]) for who in ("staff_a", "admin")}
    tokens = {who: token_from(c) for who, c in clients.items()}
    posts = [
        (endpoint, visit)
        for endpoint, visit in all_visits()
        if visit.method == "POST" and (stage == "main" if visit.inert else visit.stage == stage)
    ]
    posts.sort(key=lambda pair: pair[1].order)  # stable: table order otherwise
    problems = []
    for endpoint, visit in posts:
        who = "admin" if visit.admin_only else "staff_a"
        before = snapshot()
        url, answer = request(clients[who], visit, world.a.ids, tokens[who])
        changed = set(changed_tables(before, snapshot()))
        where = f"{who} POST {url} ({endpoint}) -> {answer.status} {answer.location}"
        if visit.inert:
            if answer.status != visit.admin or changed:
                problems.append(f"{where}: expected {visit.admin} and no change, got {changed}")
        elif answer.status >= 400 or not changed:
            problems.append(f"{where}: changed nothing")
        elif not (changed - {"audit_events"}) and not visit.audit_only:
            problems.append(f"{where}: only wrote an audit event")
    assert not problems, "\n".join(problems)


# Staff of B naming B's own rows in the URL and A's rows in the form (or the other way round):
# each route checks every id it is given, not only the one in its URL.
MIXED = [
    page("/admin/dashboard/{b_project}/review/{a_indicator}"),
    send(
        "/admin/dashboard/{b_project}/review/{a_indicator}",
        {"period": "2030-31", "status": "achieved", "narrative": "HIJACKED"},
    ),
    send("/admin/evidence/{b_item}/links/{a_evidence_link}/remove"),
    send("/admin/evidence/{b_item}/links/{a_evidence_link}/reject"),
    send("/admin/evidence/{b_item}/links", {"target": "o:{a_outcome}"}),
    send("/admin/evidence/{b_item}/links", {"target": "i:{a_indicator}"}),
    send(
        "/admin/evidence/suggestions/decide",
        {"project_id": "{b_project}", "one": "reject:{a_pair}"},
    ),
    send(
        "/admin/evidence/suggestions/decide",
        {"project_id": "{b_project}", "page_decision": "confirm", "pair": ["{a_pair}"]},
    ),
    send(
        "/admin/feedback-pages/quotes/?id={b_page}",
        {"id": "{b_page}", "item": ["{a_item}"], "order-{a_item}": "1"},
    ),
    send("/admin/paper/{b_form}", {**PAPER_ANSWERS, "share_link": "{a_link}"}),
    send(
        "/admin/questions/new/?form_id={b_form}",
        {
            "form": "{b_form}",
            "type": "short_text",
            "key": "mixed",
            "text": "M?",
            "indicators": "{a_indicator}",
        },
    ),
    send(
        "/admin/questions/edit/?id={b_question}",
        {"text": "Mixed?", "text_easy": "", "symbol": "", "indicators": "{a_indicator}"},
    ),
    send(
        "/admin/outcomes/edit/?id={b_outcome}",
        {"statement": "Mixed", "contributes_to": "{a_other_outcome}"},
    ),
    send("/admin/links/new/?project_id={b_project}", {"form": "{a_form}", "label": "Mixed link"}),
    send("/admin/links/new/?form_id={a_form}", {"form": "{a_form}", "label": "Mixed link"}),
    send("/admin/feedback-pages/new/?project_id={a_project}", {"title": "Mixed page"}),
    send(
        "/admin/indicators/new/?project_id={b_project}",
        {"outcome": "{a_outcome}", "statement": "M", "measure": "count"},
    ),
    send(
        "/admin/indicators/new/?outcome_id={a_outcome}",
        {"outcome": "{a_outcome}", "statement": "M", "measure": "count"},
    ),
    send("/admin/links/action/", {"action": "close", "rowid": ["{a_link}"]}),
    send("/admin/links/same-people/{b_round_link}", {"round_id": "{a_later_round}"}),
    send("/admin/evidence/action/", {"action": "delete", "rowid": ["{a_count}"]}),
]


def test_mixed_ids_reach_nothing_of_the_other_project(app, world):
    ids = {f"a_{k}": v for k, v in world.a.ids.items()}
    ids |= {f"b_{k}": v for k, v in world.b.ids.items()}
    client = sign_in(app, world.users["staff_b"])
    token = token_from(client)
    problems = []
    for visit in MIXED:
        before = snapshot()
        url, answer = request(client, visit, ids, token)
        where = f"{visit.method} {url} -> {answer.status}"
        if answer.status >= 500 or answer.status == 200 and visit.method == "GET":
            problems.append(f"{where}: not refused")
        if found := leaked(url, visit, answer, world.a.secrets):
            problems.append(f"{where}: LEAK of {found}")
        if changed := changed_tables(before, snapshot()):
            problems.append(f"{where}: the database changed: {changed}")
    assert not problems, "\n".join(problems)


def test_a_bulk_action_on_mixed_rows_changes_only_ones_own(app, world):
    client = sign_in(app, world.users["staff_b"])
    ids = {"a": world.a.ids["response"], "b": world.b.ids["response"]}
    response = client.post(
        "/admin/responses/action/",
        data={
            "action": "reviewed",
            "rowid": [str(ids["b"]), str(ids["a"])],
            "csrf_token": token_from(client),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Response, ids["b"]).reviewed_at is not None
    assert db.session.get(Response, ids["a"]).reviewed_at is None


# --- Numbers and dates out of range ----------------------------------------------------------

HUGE = "99999999999999999999"  # past SQLite's and PostgreSQL's integers
FAR = ["page=" + HUGE, "page=-3", "from=9999-12-31&to=9999-12-31", "from=0001-01-01&to=0001-01-01"]
FILTER_VALUES = [HUGE, "-" + HUGE, "9999-12-31", "0001-01-01"]


def with_query(url: str, extra: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{extra}"


def test_out_of_range_numbers_and_dates_never_fail(app, world):
    """Every page of the table, as an admin, with a 20-digit and a negative `?page=` and dates
    at either end of the calendar (`?from=`/`?to=`), and every filter of every list given a
    20-digit number and far dates: each answers as it does without them, except that a list
    sends a page past either end to its nearest page. Never a 500."""
    client = sign_in(app, world.users["admin"])
    views = {view.endpoint: view for view in app.extensions["admin"][0]._views}
    problems = []

    def check(url: str, wanted: int, endpoint: str) -> None:
        try:
            url, answer = request(client, page(url), world.a.ids, None)
        except Exception as exc:  # noqa: BLE001 (every failure listed, not just the first)
            db.session.rollback()
            problems.append(f"GET {url} ({endpoint}) raised {type(exc).__name__}")
            return
        if answer.status != wanted:
            problems.append(f"GET {url} ({endpoint}) -> {answer.status}, not {wanted}")
        elif answer.status == 302:
            target = answer.location
            if HUGE in target or "page=-" in target or client.get(target).status_code != 200:
                problems.append(f"GET {url} ({endpoint}) -> {target}, not a page of the list")

    for endpoint, visit in all_visits():
        if visit.method != "GET" or visit.public:
            continue
        is_list = endpoint.endswith(".index_view")
        for extra in FAR:
            moves = is_list and extra.startswith("page=") and visit.admin == 200
            check(with_query(visit.url, extra), 302 if moves else visit.admin, endpoint)
        view = views.get(endpoint.removesuffix(".index_view"))
        if is_list and visit.url.endswith("/") and view is not None:
            for index in range(len(view._filters or ())):
                for value in FILTER_VALUES:
                    check(with_query(visit.url, f"flt0_{index}={value}"), 200, endpoint)
    assert not problems, "\n".join(problems)


# --- One wording for times and counts --------------------------------------------------------

# A time as the database or Python prints it ("2026-12-07 19:59" or "…T19:59") outside an
# input's value (where the browser's date picker wants exactly that), a time said in UTC, or a
# date as ISO text between tags ("Reporting period 2025-04-01 to …").
RAW_TIME = re.compile(
    r"(?<!value=\")\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\bUTC\b|\+00:00|>[^<]*\b\d{4}-\d{2}-\d{2}\b"
)
ONE_OF_MANY = re.compile(
    r"(?<![\d,.])1 (?:evidence item|response|answer|linked answer|suggestion|question|link|"
    r"step|day|quote|approved quote|personal detail)s\b"
)


def test_times_and_counts_read_one_way_on_every_page(app, world):
    """Every page of the table, as an admin: no time in UTC or as the database prints it, and
    no "1 … items"."""
    client = sign_in(app, world.users["admin"])
    problems = []
    for endpoint, visit in all_visits():
        if visit.method != "GET" or visit.public or visit.admin != 200:
            continue
        url, answer = request(client, visit, world.a.ids, None)
        if answer.text.startswith("pk") or "<html" not in answer.text:
            continue  # a download: the workbook is checked in test_workbook.py
        for pattern in (RAW_TIME, ONE_OF_MANY):
            if found := pattern.search(answer.text):
                problems.append(f"GET {url} ({endpoint}): {found.group(0)!r}")
    assert not problems, "\n".join(problems)
