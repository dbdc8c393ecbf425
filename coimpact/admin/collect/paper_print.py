"""Printing paper copies of a published form, from the form's page: standard or easy read, 1 to
25 copies a batch, each with its own reference (`domain/paper_refs.py`) that paper entry asks for.
The PDF is made by `printed/paper_form.py`; the print preview is the same page as HTML."""

from __future__ import annotations

from flask import Response, abort, request
from flask_admin import expose
from flask_login import current_user

from coimpact.domain.paper_refs import MAX_COPIES, copy_refs, new_batch
from coimpact.forms.published import published_version
from coimpact.printed import paper_form
from coimpact.services.paper import record_printed

VARIANTS = {"standard": False, "easy": True}
PREVIEW_REF = "P-SAMPLE"  # not a reference paper entry takes: a preview is not a copy to hand out


class PaperPrintMixin:
    """The form builder's "Print paper copies" pages (mixed into FormBuilderView)."""

    def _published(self, form_id: str):
        form = self.one_to_change(form_id)
        version = published_version(form)
        if version is None:
            abort(404)
        return form, version

    @expose("/print/", methods=("GET", "POST"))
    def print_view(self):
        form, version = self._published(request.values.get("id", ""))
        errors: dict[str, str] = {}
        variant = request.values.get("variant", "standard")
        copies_text = request.values.get("copies", "10").strip()
        if request.method == "POST":
            if variant not in VARIANTS:
                errors["variant"] = "Choose the standard or the easy-read copy."
            copies = int(copies_text) if copies_text.isdigit() else 0
            if not 1 <= copies <= MAX_COPIES:
                errors["copies"] = f"Give a number of copies from 1 to {MAX_COPIES}."
            if not errors:
                batch = new_batch()
                pdf = paper_form.build(version, VARIANTS[variant], copy_refs(batch, copies))
                record_printed(version, variant, batch, copies, current_user)
                name = f"{form.project.slug}-form-{form.id}-v{version.number}-{variant}-{batch}.pdf"
                return Response(
                    pdf,
                    mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'},
                )
        page = self.render(
            "admin/forms/print.html",
            model=form,
            version=version,
            variant=variant,
            copies=copies_text,
            errors=errors,
            max_copies=MAX_COPIES,
        )
        return page, 422 if errors else 200

    @expose("/print/preview/")
    def print_preview_view(self):
        _, version = self._published(request.args.get("id", ""))
        easy = VARIANTS.get(request.args.get("variant", "standard"), False)
        return paper_form.preview(version, easy, PREVIEW_REF)
