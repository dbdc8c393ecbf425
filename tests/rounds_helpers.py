"""A before/after form run in two rounds, for the tests of rounds and of personal links."""

from __future__ import annotations

from dataclasses import dataclass

from coimpact.extensions import db
from coimpact.models import (
    FormRound,
    Indicator,
    MeasureKind,
    QuestionType,
    Section,
    ShareLink,
)
from coimpact.services.theory import add_indicator, add_outcome


@dataclass
class TwoRounds:
    start_link: ShareLink
    later_link: ShareLink
    start: FormRound
    later: FormRound
    indicator: Indicator


def two_rounds(make_form) -> TwoRounds:
    """A before/after form with two rounds ("start", "six months"), a link for each, and an
    indicator measured as before and after from its one question. Committed."""
    start_link = make_form(questions=[("confidence", QuestionType.BEFORE_AFTER, False)])
    form = start_link.form
    start = FormRound(form=form, name="start", position=1)
    later = FormRound(form=form, name="six months", position=2)
    db.session.add_all([start, later])
    db.session.flush()
    start_link.round_id = start.id
    later_link = ShareLink(form=form, label="Six months on", round_id=later.id)
    db.session.add(later_link)
    outcome = add_outcome(form.project, Section.BENEFIT, "Members feel more confident")
    indicator = add_indicator(outcome, "Confidence", MeasureKind.BEFORE_AFTER)
    form.questions[0].indicators.append(indicator)
    db.session.commit()
    return TwoRounds(start_link, later_link, start, later, indicator)
