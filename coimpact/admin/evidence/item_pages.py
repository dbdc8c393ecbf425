"""One evidence item's pages: see it, edit it, approve it, link it, download its file.

Mixed into `EvidenceView`, so they share its URL (/admin/evidence/…) and its sign-in check;
each page then checks the item's project itself: 404 alike for "not there" and "not yours",
403 for viewers on anything that changes something.
"""

from __future__ import annotations

import hashlib
import re

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_login import current_user

from coimpact.admin.base import MAX_ROW_ID, row_id
from coimpact.admin.evidence.common import (
    KIND_LABELS,
    LINK_LABELS,
    STATUS_LABELS,
    changeable_item,
    highlighted,
    link_choices,
    parse_target,
    shown,
    visible_item,
)
from coimpact.admin.evidence.forms import ApproveForm, EditForm, LinkForm
from coimpact.auth.access import can_edit
from coimpact.domain.pii import find_personal_details
from coimpact.domain.readable import plural
from coimpact.extensions import db
from coimpact.models import EvidenceLink, EvidenceStatus, LinkStatus, Project
from coimpact.services import audit
from coimpact.services.evidence import FILE_KINDS, EvidenceError, update_item
from coimpact.services.evidence_approval import (
    PersonalDetailsFound,
    add_link,
    approve,
    back_to_draft,
    redact_item,
    remove_link,
    set_link_status,
)
from coimpact.services.uploads import stored_path

ITEM = f"/<int(max={MAX_ROW_ID}):item_id>"
LINK_ACTIONS = {"confirm": LinkStatus.CONFIRMED, "reject": LinkStatus.REJECTED}


def fingerprint(text: str) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()[:32]


def download_name(item) -> str:
    """The original name for the download, without anything a header or a path could trip on."""
    name = re.sub(r'[\x00-\x1f\x7f"\\/]', "", item.file_name or "").strip()
    return name or f"{item.ref}"


def link_decided(item, ref: str, status: LinkStatus, indicator_id: int | None) -> str:
    """What confirming or rejecting a link changed, in words."""
    counts = item.answer_id is not None and indicator_id is not None
    if status == LinkStatus.CONFIRMED:
        also = f" Its answer counts in {ref}'s result." if counts else ""
        return f"Confirmed: {item.ref} is evidence for {ref}.{also}"
    also = f" Its answer no longer counts in {ref}'s result." if counts else ""
    return f"Rejected: {item.ref} is not evidence for {ref}.{also}"


class ItemPages:
    def _back(self, item, anchor: str = ""):
        return redirect(url_for(".item", item_id=item.id) + anchor, 303)

    @expose(ITEM)
    def item(self, item_id: int):
        item = visible_item(item_id)
        change = can_edit(current_user, item.project_id)
        words = shown(item)
        link_form = LinkForm(formdata=None)
        link_form.target.choices = link_choices(item.project_id)
        return self.render(
            "admin/evidence/item.html",
            item=item,
            project=db.session.get(Project, item.project_id),
            words=words,
            flagged=sorted({f.label for f in find_personal_details(item.text)}),
            can_change=change,
            link_form=link_form,
            kind_label=KIND_LABELS[item.kind],
            status_label=STATUS_LABELS[item.status],
            link_labels=LINK_LABELS,
            approved=item.status == EvidenceStatus.APPROVED,
            has_file=item.file_key is not None,
        )

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        try:
            item = changeable_item(row_id(request.args.get("id", "")))
        except ValueError:
            abort(404)
        words = shown(item)
        form = EditForm(obj=item)
        if words.withheld:
            # Words staff may not see cannot be trimmed either: the field is not offered.
            del form.text
        if item.answer_id is not None or item.kind not in ("count", "rating"):
            del form.value_number
        status = 200
        if form.validate_on_submit():
            try:
                reset = update_item(
                    item,
                    current_user,
                    title=form.title.data or "",
                    text=form.text.data if "text" in form else None,
                    occurred_on=form.occurred_on.data,
                    source=form.source.data or "",
                    value_number=form.value_number.data if "value_number" in form else None,
                    most_significant=form.most_significant.data,
                    unexpected=form.unexpected.data,
                )
            except EvidenceError as problem:
                db.session.rollback()
                (form.text.errors if "text" in form else form.form_errors).append(str(problem))
                status = 422
            else:
                flash(f"Saved {item.ref}.", "success")
                if reset:
                    flash(
                        "The words changed, so it is a draft again: approve it once more.", "info"
                    )
                return self._back(item)
        elif request.method == "POST":
            status = 422
        page = self.render(
            "admin/evidence/edit.html",
            item=item,
            form=form,
            words=words,
            kind_label=KIND_LABELS[item.kind],
        )
        return page, status

    @expose(ITEM + "/approve", methods=("GET", "POST"))
    def approve_page(self, item_id: int):
        item = changeable_item(item_id)
        form = ApproveForm()
        status, problem = 200, ""
        if form.validate_on_submit():
            if form.seen.data != fingerprint(item.text):
                problem = "The words changed while you were looking. Check them again."
                status = 409
            else:
                try:
                    approve(item, current_user, keep_as_is=form.keep_as_is.data)
                except PersonalDetailsFound:
                    problem = "Remove the highlighted details, or tick the box to keep them."
                    status = 422
                else:
                    flash(f"Approved {item.ref}.", "success")
                    return self._back(item)
        elif request.method == "POST":
            status = 400
        form.seen.data = fingerprint(item.text)
        form.keep_as_is.data = False
        words = shown(item)
        findings = find_personal_details(item.text)
        page = self.render(
            "admin/evidence/approve.html",
            item=item,
            form=form,
            words=words,
            # The highlighted words only where they may be shown; otherwise what was found.
            segments=[] if words.withheld else highlighted(item.text, findings),
            flagged=sorted({f.label for f in findings}),
            problem=problem,
        )
        return page, status

    @expose(ITEM + "/redact", methods=("POST",))
    def redact(self, item_id: int):
        item = changeable_item(item_id)
        removed = redact_item(item, current_user)
        flash(f"Removed {plural(removed, 'personal detail')}.", "success")
        return redirect(url_for(".approve_page", item_id=item.id), 303)

    @expose(ITEM + "/draft", methods=("POST",))
    def draft(self, item_id: int):
        item = changeable_item(item_id)
        back_to_draft(item, current_user)
        flash(f"{item.ref} is a draft again and leaves reports until approved.", "info")
        return self._back(item)

    @expose(ITEM + "/links", methods=("POST",))
    def link_add(self, item_id: int):
        item = changeable_item(item_id)
        form = LinkForm()
        form.target.choices = link_choices(item.project_id)
        target = parse_target(form.target.data) if form.validate_on_submit() else None
        if target is None:
            flash("Choose an outcome or an indicator of this project.", "error")
            return self._back(item, "#links")
        try:
            link = add_link(item, target[0], target[1], current_user)
        except EvidenceError as problem:
            db.session.rollback()
            flash(str(problem), "error")
        else:
            ref = link.indicator.ref if link.indicator else link.outcome.ref
            flash(f"Linked {item.ref} to {ref}.", "success")
        return self._back(item, "#links")

    @expose(ITEM + f"/links/<int(max={MAX_ROW_ID}):link_id>/<action>", methods=("POST",))
    def change_link(self, item_id: int, link_id: int, action: str):
        item = changeable_item(item_id)
        link = db.session.get(EvidenceLink, link_id)
        if link is None or link.evidence_item_id != item.id:
            abort(404)
        ref = link.indicator.ref if link.indicator else link.outcome.ref
        if action == "remove":
            remove_link(link, current_user)
            flash(f"Removed the link from {item.ref} to {ref}.", "success")
        elif action in LINK_ACTIONS:
            set_link_status(link, LINK_ACTIONS[action], current_user)
            flash(link_decided(item, ref, LINK_ACTIONS[action], link.indicator_id), "success")
        else:
            abort(404)
        return self._back(item, "#links")

    @expose(ITEM + "/file")
    def download(self, item_id: int):
        item = visible_item(item_id)
        if item.kind not in FILE_KINDS or not item.file_key:
            abort(404)
        path = stored_path(item.file_key)
        if not path.is_file():
            abort(404)
        audit.record("evidence_file_downloaded", project_id=item.project_id, target=item.ref)
        response = send_file(
            path,
            mimetype=item.file_mime or "application/octet-stream",
            as_attachment=True,
            download_name=download_name(item),
            max_age=0,
        )
        # Never sniffed into something runnable, never kept in a shared cache.
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
