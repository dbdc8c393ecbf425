"""Entering a participant's answers from a paper copy or an interview.

The page asks the form's published questions through the same form factory and field macros as
the public pages, so paper answers are checked and stored exactly like answers sent online; the
response is then marked as entered by the signed-in staff member.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from wtforms import Form as PlainForm
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import ValidationError

from coimpact.admin.base import MAX_ROW_ID, ProtectedView, row_id
from coimpact.admin.display import VARIANT_LABELS
from coimpact.admin.scoped import may_change, require_editable, require_visible
from coimpact.domain.paper_refs import EXAMPLE, paper_key, parse_ref
from coimpact.extensions import csrf, db
from coimpact.forms.field_helpers import FIELD_HELPERS
from coimpact.forms.published import published_version
from coimpact.forms.submission import error_list, one_page_form, only_csrf_failed, submission_from
from coimpact.models import Form, Variant
from coimpact.models.drafts import new_idempotency_key
from coimpact.services.paper import WrongForm, enter_from_paper, forms_for_entry, links_of
from coimpact.services.responses import LinkFull

NOT_AGREED = "Only enter answers from people who agreed to take part."
LINK_FULL = "This link has all the responses it was set to take. Choose no link, or another one."


class PaperDetailsForm(PlainForm):
    """How the answers reached us: which paper copy, and which share link it was handed out for.
    (CSRF is checked by the participant form posted with it.)"""

    variant = RadioField(
        "Which copy did they fill in?",
        choices=[SelectChoice(v.value, f"{VARIANT_LABELS[v]} paper copy") for v in Variant],
        default=Variant.STANDARD.value,
    )
    share_link = SelectField("Share link", default="")
    paper_ref = StringField("Reference on the paper copy", default="")

    def validate_paper_ref(self, field) -> None:
        if field.data.strip() and parse_ref(field.data) is None:
            raise ValidationError(
                f"Type the reference as it is printed in the box at the top, like {EXAMPLE}."
            )


class PaperEntryView(ProtectedView):
    """/admin/paper/: the forms one may enter answers for; /admin/paper/<form_id>: the form."""

    # Viewers read; only staff and admins type responses in.
    def has_access(self) -> bool:
        return may_change()

    def is_visible(self) -> bool:
        return may_change()

    def create_blueprint(self, admin):
        blueprint = super().create_blueprint(admin)
        # An interview can outlast the one-hour CSRF token. The app-wide check would answer
        # a bare 400 and lose every answer; the participant form checks the same token itself
        # and re-shows the page with the answers and a fresh token (see `enter`).
        csrf.exempt(blueprint)
        return blueprint

    @expose("/")
    def index(self):
        return self.render("admin/paper/choose.html", forms=forms_for_entry(current_user))

    @expose(f"/<int(max={MAX_ROW_ID}):form_id>", methods=("GET", "POST"))
    def enter(self, form_id: int):
        form_row = db.session.get(Form, form_id)
        project_id = form_row.project_id if form_row else None
        require_visible(project_id)
        require_editable(project_id)
        version = published_version(form_row)
        if version is None:
            flash("That form has not been published yet, so it cannot take answers.", "warning")
            return redirect(url_for(".index"))
        links = links_of(form_row)
        answers = one_page_form(version.snapshot)
        details = PaperDetailsForm(request.form if request.method == "POST" else None)
        details.share_link.choices = [SelectChoice("", "No link")] + [
            SelectChoice(str(link.id), link.label + ("" if link.is_open else " (closed)"))
            for link in links
        ]
        status, problem = 200, None
        if request.method == "GET":
            answers.submission_id.data = new_idempotency_key()
            chosen = request.args.get("link_id", type=row_id)
            if chosen in {link.id for link in links}:
                details.share_link.data = str(chosen)
        else:
            answers_ok, details_ok = answers.validate(), details.validate()
            if answers_ok and details_ok and answers.consent.data != "yes":
                answers.consent.errors = [NOT_AGREED]
                answers_ok = False
            if answers_ok and details_ok:
                link = next((x for x in links if str(x.id) == details.share_link.data), None)
                ref = parse_ref(details.paper_ref.data)
                # A paper copy's reference makes the key: the same copy typed in again, by
                # anyone, any day, is recognised instead of stored twice.
                key = (
                    paper_key(current_app.secret_key, form_row.id, ref)
                    if ref
                    else answers.submission_id.data or new_idempotency_key()
                )
                submission = submission_from(answers, Variant(details.variant.data), key)
                try:
                    response, created = enter_from_paper(
                        version, submission, link, current_user, paper_ref=ref
                    )
                except LinkFull:
                    details.share_link.errors = [LINK_FULL]
                    status = 422
                except WrongForm:
                    abort(409)
                except SQLAlchemyError:
                    db.session.rollback()
                    status, problem = 503, "database"
                else:
                    if created:
                        flash(f"Saved response {response.ref}, entered from paper.", "success")
                    elif ref:
                        flash(
                            f"Paper copy {ref} was already entered as {response.ref}: "
                            "nothing was saved twice.",
                            "info",
                        )
                    else:
                        flash(f"These answers were already saved as {response.ref}.", "info")
                    return redirect(url_for("responses.details_view", id=response.id), 303)
            elif only_csrf_failed(answers) and details_ok:
                status, problem = 400, "expired"
            else:
                status = 422
        errors = error_list(answers) if status in (400, 422) else []
        # Radio groups are linked at their first box, as the fields macro renders them.
        for field, target in (
            (details.paper_ref, "paper_ref"),
            (details.variant, "variant-0"),
            (details.share_link, "share_link"),
        ):
            errors += [
                {"id": target, "label": field.label.text, "message": message}
                for message in field.errors
            ]
        page = self.render(
            "admin/paper/enter.html",
            form_row=form_row,
            snapshot=version.snapshot,
            version=version,
            form=answers,
            details=details,
            errors=errors,
            problem=problem,
            **FIELD_HELPERS,
        )
        return page, status
