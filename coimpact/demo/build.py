"""Builds the demo project from the data in demo_data, demo_forms, demo_responses, the
involvement log and the co-assessment (coassessment.py).

Only called for a database that has no demo project yet; the command commits once, so a failure
part-way leaves nothing behind and the next run starts again from scratch.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from coimpact.demo import forms as demo_forms
from coimpact.demo import responses as demo_responses
from coimpact.demo import theory as demo_data
from coimpact.demo.coassessment import add_coassessment, add_easy_read
from coimpact.demo.involvement import add_involvement
from coimpact.domain.question_types import to_answer, wording
from coimpact.extensions import db
from coimpact.models import (
    Answer,
    ElementKind,
    EvidenceItem,
    EvidenceLink,
    EvidenceStatus,
    Form,
    Indicator,
    IndicatorReview,
    LinkStatus,
    Outcome,
    Project,
    Question,
    QuestionOption,
    QuestionType,
    QuotePermission,
    Response,
    ShareLink,
    TocElement,
    User,
    Variant,
)
from coimpact.services.form_publishing import publish_form
from coimpact.services.periods import add_period
from coimpact.services.theory import add_indicator, add_outcome


def answer_fields(question_type: QuestionType, raw: Any) -> dict[str, Any]:
    """Answer columns for a raw demo answer, stored exactly as the public forms store them.

    `raw` is text, a number, an option code, codes joined by ";" or a (before, after) pair.
    Every row gets the same keys, as bulk inserts need.
    """
    if question_type == QuestionType.MULTI_CHOICE and isinstance(raw, str):
        raw = raw.split(";")
    value = to_answer({"type": question_type.value}, raw)
    return {
        "value_text": value.value_text,
        "value_number": value.value_number,
        "value_before": value.value_before,
        "option_codes": value.option_codes,
    }


def shown_text(question: Question, variant: Variant) -> str:
    """The wording the participant saw: easy read falls back to standard where none is written."""
    fields = {"text": question.text, "text_easy": question.text_easy}
    return wording(fields, "text", variant == Variant.EASY)


SECOND_YEAR_BEFORE = datetime(2025, 12, 1, tzinfo=UTC)
FORM_FIELDS = ("title", "title_easy", "intro", "intro_easy", "consent_text", "consent_text_easy")


def utc(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def build_project(admin: User) -> Project:
    """Add the demo project with its Theory of Change, forms, responses and evidence."""
    project = Project(**demo_data.PROJECT)
    db.session.add(project)
    db.session.flush()
    elements: dict[ElementKind, list[TocElement]] = {}
    for kind, texts in demo_data.ELEMENTS.items():
        for position, text in enumerate(texts):
            element = TocElement(
                project=project,
                kind=kind,
                text=text,
                position=position,
                log_total=demo_data.OUTPUT_LOG_TOTALS.get(text),
            )
            db.session.add(element)
            elements.setdefault(kind, []).append(element)
    db.session.flush()
    add_involvement(project, elements[ElementKind.ACTIVITY])

    for name, start, end in demo_data.PERIODS:
        add_period(project, name, start, end)
    outcomes, indicators = _add_outcomes(project)
    for source, target in demo_data.CONTRIBUTIONS:
        outcomes[source].contributes_to.append(outcomes[target])
    for ref, status, narrative in demo_data.REVIEWS:
        db.session.add(
            IndicatorReview(
                indicator=indicators[ref],
                period=demo_data.REVIEW_PERIOD,
                status=status,
                narrative=narrative,
                updated_by_id=admin.id,
                updated_at=utc("2026-03-27 16:00"),
            )
        )

    forms = {spec["key"]: _add_form(project, spec, indicators, admin) for spec in demo_forms.FORMS}
    responses = {
        "after": _add_responses(
            project, forms["after"], demo_responses.AFTER_ROWS, named=False, admin=admin
        ),
        "survey": _add_responses(
            project, forms["survey"], demo_responses.SURVEY_ROWS, named=True, admin=admin
        ),
    }
    _add_evidence(project, responses, outcomes, indicators, admin)
    add_easy_read(project, outcomes, indicators)
    add_coassessment(project, outcomes, admin)
    db.session.flush()
    return project


def _add_outcomes(project: Project) -> tuple[dict[str, Outcome], dict[str, Indicator]]:
    outcomes: dict[str, Outcome] = {}
    indicators: dict[str, Indicator] = {}
    for spec in demo_data.OUTCOMES:
        outcome = add_outcome(
            project,
            spec["section"],
            spec["statement"],
            who_benefits=spec["who_benefits"],
            unexpected=spec.get("unexpected", False),
        )
        outcome.created_at = utc("2025-04-01 09:00")
        outcomes[outcome.ref] = outcome
        for indicator_spec in spec["indicators"]:
            indicator = add_indicator(outcome, **indicator_spec)
            indicators[indicator.ref] = indicator
    return outcomes, indicators


def _add_form(project: Project, spec: dict, indicators: dict[str, Indicator], admin: User) -> Form:
    form = Form(
        project=project,
        created_at=utc("2025-04-01 10:00"),
        opens_at=utc("2025-04-01 00:00"),
        anonymous=spec["anonymous"],
        **{name: spec[name] for name in FORM_FIELDS},
    )
    db.session.add(form)
    for position, q in enumerate(spec["questions"]):
        question = Question(
            form=form,
            position=position,
            indicators=[indicators[ref] for ref in q["indicators"]],
            **{k: v for k, v in q.items() if k not in ("options", "indicators")},
        )
        question.options = [
            QuestionOption(position=n, **option) for n, option in enumerate(q["options"])
        ]
        db.session.add(question)
    db.session.flush()
    version = publish_form(form, actor=admin)
    version.published_at = utc("2025-04-01 10:30")
    for label in spec["links"]:
        db.session.add(
            ShareLink(
                form=form, label=label, created_by_id=admin.id, created_at=utc("2025-04-01 10:45")
            )
        )
    db.session.flush()
    return form


def _add_responses(
    project: Project, form: Form, rows: list[tuple], named: bool, admin: User
) -> list[Response]:
    links = {link.label: link for link in form.share_links}
    version = form.versions[-1]
    questions = form.live_questions
    made = []
    for n, row in enumerate(rows):
        if named:
            when, label, variant, supported, permission, name, *answers = row
        else:
            (when, label, variant, supported, permission, *answers), name = row, None
        submitted = utc(when)
        # Everything but the last fortnight has been read by staff.
        reviewed = submitted < utc("2026-03-15 00:00")
        if n % 2 and submitted < SECOND_YEAR_BEFORE:
            # Every other response of April to November comes a year later, in 2026-27, so
            # each period has answers to compare (and none is dated after today).
            submitted = submitted.replace(year=submitted.year + 1)
        response = Response(
            idempotency_key=secrets.token_hex(16),
            project_id=project.id,
            form=form,
            form_version=version,
            share_link=links[label],
            variant=Variant(variant),
            submitted_at=submitted,
            supported=supported,
            entered_by_id=admin.id if label == demo_responses.PAPER else None,
            consent_given=True,
            quote_permission=QuotePermission(permission),
            participant_name=name,
            reviewed_at=submitted + timedelta(days=3) if reviewed else None,
            reviewed_by_id=admin.id if reviewed else None,
        )
        if len(answers) != len(questions):
            raise ValueError(f"Demo row {when} of '{form.title}' does not match its questions.")
        response.answers = [
            Answer(
                question=question,
                question_key=question.key,
                question_text=shown_text(question, response.variant),
                position=question.position,
                **answer_fields(question.type, raw),
            )
            for question, raw in zip(questions, answers, strict=True)
            if raw is not None
        ]
        db.session.add(response)
        made.append(response)
    db.session.flush()
    return made


def _add_evidence(
    project: Project,
    responses: dict[str, list[Response]],
    outcomes: dict[str, Outcome],
    indicators: dict[str, Indicator],
    admin: User,
) -> None:
    project.evidence_counter = len(demo_responses.EVIDENCE)  # the refs handed out below
    for ref_number, spec in enumerate(demo_responses.EVIDENCE, start=1):
        item = EvidenceItem(
            project_id=project.id,
            ref_number=ref_number,
            kind=spec["kind"],
            title=spec["title"],
            text=spec["text"],
            value_number=spec.get("value_number"),
            occurred_on=spec.get("occurred_on"),
            source=spec.get("source", ""),
            most_significant=spec.get("most_significant", False),
            unexpected=spec.get("unexpected", False),
            created_by_id=admin.id,
        )
        if "from" in spec:
            form_key, row, question_key = spec["from"]
            response = responses[form_key][row]
            answer = next(a for a in response.answers if a.question_key == question_key)
            if spec["text"] not in (answer.value_text or ""):
                raise ValueError(f"Demo evidence '{spec['title']}' is not in its answer.")
            item.answer, item.response = answer, response
            item.occurred_on = response.submitted_at.date()
            item.source = f"{response.form.title}, {response.share_link.label}"
            item.created_at = response.submitted_at + timedelta(days=4)
        else:
            item.created_at = datetime.combine(item.occurred_on, datetime.min.time(), UTC)
        if spec.get("approved"):
            item.status = EvidenceStatus.APPROVED
            item.approved_by_id = admin.id
            item.approved_at = item.created_at + timedelta(days=2)
        for outcome_ref, indicator_ref, status in spec["links"]:
            confirmed = status == LinkStatus.CONFIRMED
            item.links.append(
                EvidenceLink(
                    outcome=outcomes[outcome_ref],
                    indicator=indicators[indicator_ref] if indicator_ref else None,
                    status=status,
                    # Suggested links come from the question's indicators, not from a person.
                    linked_by_id=admin.id if confirmed else None,
                    linked_at=item.created_at + timedelta(days=1 if confirmed else 0),
                )
            )
        db.session.add(item)
