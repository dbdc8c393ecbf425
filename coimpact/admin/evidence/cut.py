"""Cutting evidence from one answer: /admin/evidence/cut/<answer_id>, reached from the
response page. Staff trim the answer to the words that matter (the answer itself stays as it
was) and can count it for the indicators its question measures in the same step.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from coimpact.admin.base import MAX_ROW_ID
from coimpact.admin.display import QUOTE_LABELS, VARIANT_LABELS, ref_words
from coimpact.admin.evidence.common import changeable_answer
from coimpact.admin.evidence.forms import CutForm, kind_choices
from coimpact.extensions import db
from coimpact.models import EvidenceItem, Indicator, question_indicators
from coimpact.reports.quote_permission import own_words, shown_words
from coimpact.services.evidence import (
    EvidenceError,
    answer_kinds,
    answer_type,
    answer_words,
    cut_from_answer,
)
from coimpact.services.evidence_approval import add_link


def question_indicators_of(answer) -> list[Indicator]:
    """The indicators the answer's question measures (the ones it would be suggested for)."""
    if answer.question_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Indicator)
            .join(question_indicators, question_indicators.c.indicator_id == Indicator.id)
            .where(question_indicators.c.question_id == answer.question_id)
            .options(selectinload(Indicator.outcome))
        )
    )


class CutPages:
    @expose(f"/cut/<int(max={MAX_ROW_ID}):answer_id>", methods=("GET", "POST"))
    def cut(self, answer_id: int):
        answer = changeable_answer(answer_id)
        response = answer.response
        whole = answer_words(answer)
        own = own_words(answer_type(answer))
        words = shown_words(whole, response.quote_permission, response.participant_name, own)
        indicators = [
            i for i in question_indicators_of(answer) if i.outcome.project_id == response.project_id
        ]
        form = CutForm()
        form.kind.choices = kind_choices(answer_kinds(answer))
        form.indicators.choices = [SelectChoice(str(i.id), ref_words(i)) for i in indicators]
        if request.method == "GET":
            form.excerpt.data = "" if words.withheld else whole
            form.indicators.data = [str(i.id) for i in indicators]
        status = 200
        if form.validate_on_submit():
            # Words staff may not see can only be taken whole (see reports/quote_permission.py).
            excerpt = None if words.withheld else (form.excerpt.data or "")
            try:
                item = cut_from_answer(
                    answer, form.kind.data, excerpt, current_user, title=form.title.data or ""
                )
            except EvidenceError as problem:
                db.session.rollback()
                # Beside the excerpt where it is on the page; at the top where it is not.
                target = form.form_errors if words.withheld else form.excerpt.errors
                target.append(str(problem))
                status = 422
            else:
                chosen = {int(v) for v in form.indicators.data or []}
                for indicator in indicators:
                    if indicator.id in chosen:
                        add_link(item, indicator.outcome_id, indicator.id, current_user)
                flash(f"Made {item.ref} from response {response.ref}.", "success")
                return redirect(url_for(".item", item_id=item.id), 303)
        elif request.method == "POST":
            status = 422
        earlier = db.session.scalars(
            sa.select(EvidenceItem)
            .where(EvidenceItem.answer_id == answer.id)
            .order_by(EvidenceItem.id)
        ).all()
        page = self.render(
            "admin/evidence/cut.html",
            answer=answer,
            response=response,
            words=words,
            form=form,
            earlier=earlier,
            variant_label=VARIANT_LABELS[response.variant],
            quote_label=QUOTE_LABELS[response.quote_permission],
        )
        return page, status
