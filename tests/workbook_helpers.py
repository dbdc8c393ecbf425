"""A project with something on every sheet of the workbook, built through the public form where
participants are concerned, and helpers to export it and read the workbook back."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import openpyxl
import sqlalchemy as sa

from coimpact.domain.question_types import AnswerValue
from coimpact.extensions import db
from coimpact.models import (
    ElementKind,
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    EvidenceStatus,
    Indicator,
    IndicatorReview,
    LinkStatus,
    MeasureKind,
    Project,
    QuotePermission,
    Response,
    ReviewStatus,
    Section,
    TocElement,
    Variant,
)
from coimpact.services.evidence_refs import take_evidence_numbers
from coimpact.services.responses import Submission, save_response
from coimpact.services.theory import add_indicator, add_outcome
from coimpact.workbook.build import export_workbook
from tests.public_helpers import GOOD_ANSWERS, post_standard

NO_STORY = "The secret story of someone who said no to quotes, zq-47"
NO_GROUP = "Private group zq-48"
ANON_NAME = "Anonymous Annie zq-49"
ANON_STORY = "I spoke up at the council meeting for the first time."
NAMED_NAME = "Named Ned"
NAMED_STORY = "Now I chair the Tuesday meeting."
SPAM_STORY = "Buy cheap pills zq-50"
PAYLOADS = ['=HYPERLINK("http://evil.example/x","click")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
SHEETS_BEFORE = [
    "About",
    "Theory of Change",
    "Achievements",
    "Benefits",
    "Impact",
    "Evaluation & feedback",
    "Indicators",
    "Evidence",
    "Questions",
]
SHEETS_AFTER = ["Involvement", "Co-assessment", "Easy read", "Glossary"]


@dataclass
class Fixture:
    project: Project
    link: object
    indicators: dict[str, Indicator]
    responses: dict[str, Response] = field(default_factory=dict)
    evidence: dict[str, EvidenceItem] = field(default_factory=dict)


def answers(**changes) -> dict:
    data = dict(GOOD_ANSWERS)
    data.update(changes)
    return data


def submit(client, link, **changes) -> Response:
    """Answer the standard public form and return the stored response."""
    reply = post_standard(client, link.token, answers(**changes))
    assert reply.status_code == 303, reply.text
    db.session.expire_all()
    return db.session.scalars(sa.select(Response).order_by(Response.id.desc())).first()


def build_fixture(make_project, make_form, client) -> Fixture:
    project = make_project(
        name="Breaks together",
        organisation="Northbrook Council",
        problem="Breaks are planned without the people who use them.",
        aim="People shape how breaks are planned.",
        lived_experience="Members chose the questions.",
    )
    for kind, text in (
        (ElementKind.INPUT, "Members' time"),
        (ElementKind.ACTIVITY, "Fortnightly meetings"),
        (ElementKind.OUTPUT, "12 meetings held"),
        (ElementKind.ASSUMPTION, "Commissioners listen"),
        (ElementKind.ENABLER, "Travel paid in advance"),
    ):
        db.session.add(TocElement(project=project, kind=kind, text=text))
    a1 = add_outcome(project, Section.ACHIEVEMENT, "The leaflet was rewritten", "Carers")
    b1 = add_outcome(project, Section.BENEFIT, "Members feel more confident", "Members")
    add_outcome(project, Section.IMPACT, "People shape how breaks are bought", "Everyone")
    e1 = add_outcome(project, Section.PROCESS, "Members feel listened to", "Members")
    a1.contributes_to.append(b1)
    indicators = {
        "A1.1": add_indicator(a1, "Share who felt good", MeasureKind.PERCENT_AGREE, "0", "80%"),
        "A1.2": add_indicator(a1, "Meetings counted", MeasureKind.COUNT, "0", "12"),
        "B1.1": add_indicator(b1, "Confidence before and now", MeasureKind.BEFORE_AFTER),
        "E1.1": add_indicator(e1, "Share who felt listened to", MeasureKind.PERCENT_AGREE),
    }
    db.session.add(
        IndicatorReview(
            indicator=indicators["A1.1"],
            period="2025-26",
            status=ReviewStatus.ACHIEVED,
            narrative="Most people felt good.",
            updated_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
    )
    db.session.commit()

    link = make_form(project=project, title="After the meeting")
    form = link.form
    questions = {q.key: q for q in form.questions}
    questions["feeling"].indicators.append(indicators["A1.1"])
    questions["meetings"].indicators.append(indicators["A1.2"])
    questions["confidence"].indicators.append(indicators["B1.1"])
    questions["listened"].indicators.append(indicators["E1.1"])
    db.session.commit()

    fx = Fixture(project, link, indicators)
    fx.responses["named"] = submit(
        client, link, quote_permission="named", participant_name=NAMED_NAME, q_story=NAMED_STORY
    )
    fx.responses["anon"] = submit(
        client, link, quote_permission="anonymous", participant_name=ANON_NAME, q_story=ANON_STORY
    )
    fx.responses["no"] = submit(
        client, link, quote_permission="no", q_story=NO_STORY, q_name_of_group=NO_GROUP
    )
    fx.responses["spam"] = submit(client, link, q_story=SPAM_STORY, website="http://spam")
    assert fx.responses["spam"].is_spam
    for n, payload in enumerate(PAYLOADS):
        fx.responses[f"payload{n}"] = submit(
            client,
            link,
            quote_permission="named",
            participant_name=payload,
            q_story=payload,
            q_name_of_group=payload,
        )
    # An easy-read answer as staff would enter it from paper (the easy-read pages take
    # several steps; their storing is the same service).
    version = form.versions[-1]
    fx.responses["easy"], _ = save_response(
        version,
        Submission(
            answers={
                "feeling": AnswerValue(option_codes="1", value_number=1.0),
                "topics": AnswerValue(option_codes="b;c"),
                "confidence": AnswerValue(value_before=1.0, value_number=5.0),
            },
            variant=Variant.EASY,
            idempotency_key="easy-read-paper-1",
            quote_permission=QuotePermission.ANONYMOUS,
            supported=True,
        ),
    )
    _add_evidence(fx)
    db.session.commit()
    return fx


def _story_answer(response: Response):
    return next(a for a in response.answers if a.question_key == "story")


def _add_evidence(fx: Fixture) -> None:
    project = fx.project
    b1 = fx.indicators["B1.1"].outcome
    a1 = fx.indicators["A1.1"].outcome
    specs = [
        ("named", EvidenceKind.STORY, "named", NAMED_STORY, True, [(b1, "B1.1")]),
        ("anon", EvidenceKind.QUOTE, "anon", ANON_STORY, True, [(b1, None)]),
        ("no", EvidenceKind.STORY, "no", NO_STORY, True, [(a1, "A1.1")]),
        ("spam", EvidenceKind.QUOTE, "spam", SPAM_STORY, True, [(a1, "A1.1")]),
        ("staff", EvidenceKind.OBSERVATION, None, "Staff saw members lead.", True, [(a1, None)]),
        ("draft", EvidenceKind.QUOTE, "anon", "Draft words zq-51", False, [(b1, "B1.1")]),
        ("payload", EvidenceKind.QUOTE, "payload0", PAYLOADS[0], True, [(a1, "A1.2")]),
    ]
    numbers = iter(take_evidence_numbers(project.id, len(specs)))
    for name, kind, response_key, text, approved, links in specs:
        response = fx.responses[response_key] if response_key else None
        item = EvidenceItem(
            project_id=project.id,
            ref_number=next(numbers),
            kind=kind,
            title=f"Evidence {name}",
            text=text,
            response_id=response.id if response else None,
            answer_id=_story_answer(response).id if response else None,
            occurred_on=date(2025, 10, 1) if response is None else None,
            status=EvidenceStatus.APPROVED if approved else EvidenceStatus.DRAFT,
            most_significant=name == "named",
            unexpected=name == "staff",
        )
        for outcome, indicator_ref in links:
            item.links.append(
                EvidenceLink(
                    outcome=outcome,
                    indicator=fx.indicators[indicator_ref] if indicator_ref else None,
                    status=LinkStatus.CONFIRMED,
                )
            )
        item.links.append(
            EvidenceLink(outcome=fx.indicators["E1.1"].outcome, status=LinkStatus.SUGGESTED)
        )
        db.session.add(item)
        fx.evidence[name] = item


def export_bytes(project: Project, **kwargs) -> bytes:
    buffer = io.BytesIO()
    kwargs.setdefault("generated_by", "tester@example.org")
    export_workbook(project.id, buffer, **kwargs)
    return buffer.getvalue()


def open_workbook(data: bytes | str):
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return openpyxl.load_workbook(source)


def rows(ws, first: int = 1) -> list[list]:
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def table(ws) -> list[dict]:
    """A tabular sheet's rows as dicts by heading (the header is row 1), up to the first
    empty row (below which the Indicators sheet keeps its chart figures)."""
    header, *body = rows(ws)
    table = []
    for row in body:
        if all(v is None for v in row):
            break
        table.append(dict(zip(header, row, strict=False)))
    return table


def all_cells(workbook):
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            yield from row


def all_text(workbook) -> str:
    """Every string in the workbook, header comments and sheet names included."""
    parts = list(workbook.sheetnames)
    for cell in all_cells(workbook):
        if isinstance(cell.value, str):
            parts.append(cell.value)
        if cell.comment is not None:
            parts.append(cell.comment.text)
    return "\n".join(parts)
