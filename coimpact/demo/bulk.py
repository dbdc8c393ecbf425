"""`seed-demo --responses N`: synthetic responses for benchmarks, inserted in bulk.

The content comes from a seeded generator, so the same database state always gets the same
answers; refs and idempotency keys stay random as in real use. Rows are built as plain dicts and
written with one bulk INSERT per batch, so 100,000 responses take under a minute on SQLite.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from coimpact.database import write_transaction
from coimpact.demo import responses as demo_responses
from coimpact.demo.build import answer_fields
from coimpact.demo.forms import FORMS
from coimpact.domain.question_types import choices_for, wording
from coimpact.extensions import db
from coimpact.models import (
    Answer,
    Form,
    FormStatus,
    Project,
    QuestionType,
    QuotePermission,
    Response,
    Variant,
)
from coimpact.models.responses import new_response_ref
from coimpact.reports.counts import response_count

BATCH = 2_000  # responses per INSERT and commit: ~20,000 answer rows, a few MB of parameters
# render_nulls keeps None values in the statement: otherwise the ORM leaves those columns out,
# rows with different gaps get different statements, and the batch falls apart into one
# INSERT per few rows (measured: 10x slower).
INSERT_RESPONSES = (
    sa.insert(Response)
    .returning(Response.idempotency_key, Response.id)
    .execution_options(render_nulls=True)
)
INSERT_ANSWERS = sa.insert(Answer).execution_options(render_nulls=True)
NAMES = ["Alex B.", "Chris M.", "Dee O.", "Femi A.", "Gail T.", "Hassan R.", "Kerry L.", "Tom W."]


@dataclass
class TopUp:
    added: int
    answers: int
    seconds: float


def count_responses(project: Project) -> int:
    """Responses that count in results (spam caught by the honeypot does not)."""
    return response_count(db.session, project.id)


def top_up(project: Project, target: int, on_batch: Callable[[int], None] | None = None) -> TopUp:
    """Add synthetic responses until the project has `target` of them. Each batch is committed
    as it is written (`write_transaction`), with whatever the command had flushed before it, so
    that 100,000 responses are never one transaction."""
    have = count_responses(project)
    if have >= target:
        return TopUp(0, 0, 0.0)
    forms = list(
        db.session.scalars(
            sa.select(Form)
            .where(Form.project_id == project.id, Form.status == FormStatus.OPEN, Form.version > 0)
            .order_by(Form.id)
        )
    )
    if not forms:
        raise ValueError(f"Project {project.slug} has no open, published form to answer.")
    # Seeded by the starting count: topping up 40 to 10,000 always adds the same content.
    rng = random.Random(f"coimpact-demo-{project.slug}-{have}")  # noqa: S311 (test data)
    maker = _Maker(rng, project, forms, _text_pools())
    taken = set(db.session.scalars(sa.select(Response.ref)))
    started = time.perf_counter()
    answers_added = 0
    for done in range(have, target, BATCH):
        size = min(BATCH, target - done)
        responses, answers = [], []
        for _ in range(size):
            response, response_answers = maker.response(taken)
            responses.append(response)
            answers.append(response_answers)
        with write_transaction():
            ids = dict(db.session.execute(INSERT_RESPONSES, responses).all())
            rows = []
            for response, response_answers in zip(responses, answers, strict=True):
                response_id = ids[response["idempotency_key"]]
                for row in response_answers:
                    row["response_id"] = response_id
                rows.extend(response_answers)
            db.session.execute(INSERT_ANSWERS, rows)
        answers_added += len(rows)
        if on_batch is not None:
            on_batch(size)
    if target > have and db.session.get_bind().dialect.name == "postgresql":
        # Fresh statistics after a bulk load, or PostgreSQL plans the results query for empty
        # tables and the first dashboards take seconds instead of a fraction of one.
        db.session.execute(sa.text("ANALYZE responses, answers"))
    return TopUp(target - have, answers_added, time.perf_counter() - started)


def _text_pools() -> dict[str, list[str]]:
    """Free-text answers to reuse, taken from the hand-written responses by question key."""
    pools: dict[str, list[str]] = {}
    for spec, rows, skip in (
        (FORMS[0], demo_responses.AFTER_ROWS, 5),
        (FORMS[1], demo_responses.SURVEY_ROWS, 6),
    ):
        for position, question in enumerate(spec["questions"]):
            if question["type"] in (QuestionType.SHORT_TEXT, QuestionType.STORY):
                values = [row[skip + position] for row in rows if row[skip + position]]
                pools[question["key"]] = values
    pools["_any"] = [text for values in list(pools.values()) for text in values]
    return pools


@dataclass
class _Question:
    """What the generator needs of one published question, read once rather than per answer."""

    id: int | None
    key: str
    type: QuestionType
    texts: dict[Variant, str]
    position: int
    required: bool
    codes: list[str]
    low: int
    high: int


def _plan(form: Form) -> list[_Question]:
    # Answers follow the published snapshot, as the public forms do; ids are looked up by key.
    ids = {question.key: question.id for question in form.questions}
    plan = []
    for position, q in enumerate(form.versions[-1].snapshot["questions"]):
        codes = [choice["code"] for choice in choices_for(q)]
        numeric = [int(code) for code in codes if code.isdigit()]
        low = q.get("min_value")
        low = low if low is not None else min(numeric, default=0)
        high = q.get("max_value")
        high = high if high is not None else max(numeric, default=low + 10)
        plan.append(
            _Question(
                id=ids.get(q["key"]),
                key=q["key"],
                type=QuestionType(q["type"]),
                texts={v: wording(q, "text", v == Variant.EASY) for v in Variant},
                position=position,
                required=bool(q.get("required")),
                codes=codes,
                low=low,
                high=high,
            )
        )
    return plan


class _Maker:
    """Makes one plausible response at a time: a person's general mood steers all their ratings,
    so answers within a response agree with each other the way real ones do."""

    def __init__(self, rng: random.Random, project: Project, forms: list[Form], pools) -> None:
        self.rng = rng
        self.project_id = project.id
        self.forms = [(form.id, form.versions[-1].id, form.anonymous) for form in forms]
        # The meeting form is answered more often than the twice-yearly survey.
        self.form_weights = [3] + [2] * (len(forms) - 1)
        self.pools = pools
        self.plans = {form.id: _plan(form) for form in forms}
        self.links = {form.id: [(ln.id, ln.label) for ln in form.share_links] for form in forms}
        # Spread over the project's periods, as the seeded responses are; the last year without.
        periods = project.periods
        start = periods[0].start_date if periods else date.today() - timedelta(days=365)
        end = min(periods[-1].end_date, date.today()) if periods else date.today()
        self.start = datetime.combine(start, datetime.min.time(), UTC)
        self.span = max((end - start).days, 1)
        # Paper copies are typed in by a member of staff: whoever did it for the seeded ones.
        self.staff_id = db.session.scalar(
            sa.select(Response.entered_by_id)
            .where(Response.project_id == project.id, Response.entered_by_id.is_not(None))
            .limit(1)
        )

    def response(self, taken_refs: set[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rng = self.rng
        form_id, version_id, anonymous = rng.choices(self.forms, weights=self.form_weights)[0]
        variant = Variant.EASY if rng.random() < 0.45 else Variant.STANDARD
        link_id, label = rng.choice(self.links[form_id]) if self.links[form_id] else (None, "")
        ref = new_response_ref()
        while ref in taken_refs:
            ref = new_response_ref()
        taken_refs.add(ref)
        permission = rng.choices(
            [QuotePermission.NO, QuotePermission.ANONYMOUS, QuotePermission.NAMED],
            weights=[4, 5, 0 if anonymous else 2],
        )[0]
        helped = 6 if variant == Variant.EASY else 2
        # Meetings end mid-afternoon or mid-evening; the minutes spread at random.
        when = self.start + timedelta(
            days=rng.randrange(self.span),
            hours=rng.choice([13, 14, 15, 19, 20]),
            minutes=rng.randrange(60),
        )
        response = {
            "ref": ref,
            "idempotency_key": secrets.token_hex(16),
            "project_id": self.project_id,
            "form_id": form_id,
            "form_version_id": version_id,
            "share_link_id": link_id,
            "variant": variant,
            "submitted_at": when,
            "supported": rng.choices([True, False, None], weights=[helped, 7, 1])[0],
            "entered_by_id": self.staff_id if label == demo_responses.PAPER else None,
            "consent_given": True,
            "consent_version": 1,
            "quote_permission": permission,
            "participant_name": rng.choice(NAMES) if permission == QuotePermission.NAMED else None,
            "is_spam": False,
            "reviewed_at": None,
            "reviewed_by_id": None,
        }
        mood = rng.betavariate(4, 2)  # most people are fairly positive, a few are not
        answers = []
        for question in self.plans[form_id]:
            raw = self.raw_answer(question, mood)
            if raw is None:
                continue
            answers.append(
                {
                    "response_id": None,
                    "question_id": question.id,
                    "question_key": question.key,
                    "question_text": question.texts[variant],
                    "position": question.position,
                    **answer_fields(question.type, raw),
                }
            )
        return response, answers

    def raw_answer(self, question: _Question, mood: float) -> Any:
        rng, kind, codes = self.rng, question.type, question.codes
        text_like = kind in (QuestionType.SHORT_TEXT, QuestionType.STORY)
        # Optional questions are sometimes left out, free text far more often than choices.
        if not question.required and rng.random() < (0.4 if text_like else 0.08):
            return None
        feel = min(max(mood + rng.gauss(0, 0.15), 0.0), 1.0)
        if text_like:
            return rng.choice(self.pools.get(question.key) or self.pools["_any"])
        if kind == QuestionType.PICTURE_SCALE:
            return "3" if feel > 0.55 else "2" if feel > 0.3 else "1"  # good, OK, not good
        if kind == QuestionType.SCALE_5:
            return 1 + round(feel * 4)
        if kind == QuestionType.YES_NO:
            return "yes" if feel > 0.45 else "not_sure" if feel > 0.3 else "no"
        if kind == QuestionType.SINGLE_CHOICE:
            return rng.choices(codes, weights=range(len(codes) + 1, 1, -1))[0]
        if kind == QuestionType.MULTI_CHOICE:
            picked = set(rng.sample(codes, rng.randint(1, min(3, len(codes)))))
            return ";".join(code for code in codes if code in picked)
        if kind == QuestionType.NUMBER:
            low, high = question.low, min(question.high, question.low + 20)
            return round(rng.triangular(low, high, low + (high - low) / 4))  # mostly small
        if kind == QuestionType.BEFORE_AFTER:
            before = min(max(round(rng.gauss(2.3, 0.8)), question.low), question.high - 1)
            return before, min(before + round(feel * 2.5), question.high)
        raise ValueError(f"No synthetic answers for question type {kind}")
