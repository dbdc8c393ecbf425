"""Two projects full of everything the admin shows, for the access walk (test_access_walk.py).

Every text a person typed into project A carries the marker "ALPHA-SECRET-<n>" (B's carry
"BRAVO-SECRET-<n>"), so a page, a JSON answer, a CSV or a workbook that leaks a row of the
other project can be caught by searching its body for the marker. Tokens (share links, feedback
pages) and export job ids are secrets of their project too and are searched for the same way.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import Flask

from coimpact.domain.question_types import AnswerValue
from coimpact.extensions import db
from coimpact.jobs import JobStatus, JobStore
from coimpact.jobs.export import new_export_job, run_in_app
from coimpact.models import (
    AuditEvent,
    ElementKind,
    FeedbackPage,
    Form,
    FormRound,
    Membership,
    Project,
    Question,
    QuestionType,
    QuotePermission,
    Response,
    Role,
    Section,
    ShareLink,
    TocElement,
    User,
    Variant,
)
from coimpact.models.collection import new_person_key
from coimpact.services import feedback as feedback_service
from coimpact.services.accounts import add_member
from coimpact.services.coassessors import invite
from coimpact.services.evidence import add_other_evidence, cut_from_answer
from coimpact.services.evidence_approval import add_link, approve
from coimpact.services.form_publishing import publish_form
from coimpact.services.indicator_reviews import save_review
from coimpact.services.involvement import add_session
from coimpact.services.paper import enter_from_paper
from coimpact.services.periods import add_period
from coimpact.services.responses import Submission
from coimpact.services.theory import add_indicator, add_outcome
from coimpact.services.uploads import check_upload
from tests.evidence_helpers import answer_of, respond
from tests.question_helpers import EVERY_TYPE, add_questions

MARK_A = "ALPHA-SECRET"
MARK_B = "BRAVO-SECRET"


def pdf_with(mark: str) -> bytes:
    """A small PDF whose bytes carry the marker (in a comment), so a leaked download shows."""
    return (
        f"%PDF-1.4\n%{mark}-file\n1 0 obj << /Type /Catalog >> endobj\n"
        "trailer << /Root 1 0 R >>\n%%EOF\n"
    ).encode()


@dataclass
class Side:
    """One project and the ids (or tokens) of its rows, by the names the walk's table uses."""

    mark: str
    ids: dict[str, int | str] = field(default_factory=dict)

    @property
    def secrets(self) -> list[str]:
        """Lower-case strings that only people who may see this project should ever read."""
        return [
            self.mark.lower(),
            str(self.ids["link_token"]).lower(),
            str(self.ids["page_token"]).lower(),
            str(self.ids["job"]).lower(),
        ]

    @property
    def never_shown(self) -> list[str]:
        """What no one may ever read, the project's own staff and admins included."""
        return [str(self.ids["person_key"]).lower()]


@dataclass
class World:
    a: Side
    b: Side
    users: dict[str, User]


def _form(project: Project, mark: str) -> Form:
    """A published form with a question of every type, all worded with the marker."""
    form = Form(
        project=project,
        title=f"{mark}-7 After the meeting",
        title_easy=f"{mark}-7e About the meeting",
        intro=f"{mark}-8 Tell us how it went.",
        intro_easy="Tell us about the meeting.",
    )
    db.session.add(form)
    add_questions(
        form, EVERY_TYPE, text=f"{mark}-9 wording for {{key}}?", option=f"{mark}-10 option {{code}}"
    )
    db.session.flush()
    return form


def _draft_form(project: Project, mark: str) -> Form:
    """A form never published and without responses: the one a delete may remove."""
    form = Form(project=project, title=f"{mark}-11 Draft form", title_easy="", intro="")
    db.session.add(form)
    db.session.add(
        Question(
            form=form,
            key="comment",
            type=QuestionType.SHORT_TEXT,
            text=f"{mark}-12 Anything else?",
            text_easy="Anything else?",
            position=0,
        )
    )
    db.session.flush()
    return form


def build_side(app: Flask, client, mark: str, staff: User) -> Side:
    """Project `mark` with one of everything; `staff` (a member) is the author of it all."""
    side = Side(mark)
    ids = side.ids
    project = Project(
        slug=f"{mark.lower()}-project",
        name=f"{mark}-1 Respite Group",
        organisation=f"{mark}-2 Carers Trust",
        problem=f"{mark}-3 the problem",
        aim=f"{mark}-3a the aim",
    )
    db.session.add(project)
    db.session.flush()
    add_member(staff, project)
    element = TocElement(project=project, kind=ElementKind.INPUT, text=f"{mark}-4 volunteer time")
    db.session.add(element)
    workshops = TocElement(
        project=project, kind=ElementKind.ACTIVITY, text=f"{mark}-4b co-design workshops"
    )
    db.session.add(workshops)
    db.session.flush()
    involvement = add_session(
        project,
        date(2025, 10, 2),
        f"{mark}-4c planning day",
        "workshop",
        workshops,
        lived_experience=6,
        length_minutes=120,
        payments_pence=15000,
        recognition=f"{mark}-4d vouchers",
        names=f"{mark}-4e Sam",
        names_agreed=True,
    )
    outcome = add_outcome(project, Section.ACHIEVEMENT, f"{mark}-5 leaflet rewritten")
    other_outcome = add_outcome(project, Section.BENEFIT, f"{mark}-5b carers heard")
    indicator = add_indicator(outcome, f"{mark}-6 leaflets changed", baseline="0", target="3")
    form = _form(project, mark)
    for question in form.questions:
        if question.key in ("story", "listened"):
            question.indicators.append(indicator)
    publish_form(form)
    draft = _draft_form(project, mark)
    link = ShareLink(form=form, label=f"{mark}-13 Tuesday group")
    db.session.add(link)
    # The form also runs in rounds: a link of the first round, and one person's link in it.
    first_round = FormRound(form=form, name=f"{mark}-26 start", position=1)
    later_round = FormRound(form=form, name=f"{mark}-27 six months", position=2)
    db.session.add_all([first_round, later_round])
    db.session.flush()
    round_link = ShareLink(form=form, label=f"{mark}-28 start group", round_id=first_round.id)
    personal = ShareLink(
        form=form,
        label=f"{mark}-29 Group A 1",
        round_id=first_round.id,
        person_key=new_person_key(),
    )
    db.session.add_all([round_link, personal])
    db.session.commit()

    # A participant's own response, through the public form; and one typed in from paper.
    online = respond(
        client,
        link.token,
        q_story=f"{mark}-14 I spoke at the meeting first.",
        q_name_of_group=f"{mark}-15 Tuesday carers",
        quote_permission="anonymous",
    )
    version = form.versions[-1]
    paper, _created = enter_from_paper(
        version,
        Submission(
            answers={
                "story": AnswerValue(value_text=f"{mark}-16 Written on the paper copy."),
                "venue": AnswerValue(option_codes="a"),
                "feeling": AnswerValue(value_number=3),
                "listened": AnswerValue(value_number=5),
            },
            variant=Variant.STANDARD,
            idempotency_key=uuid.uuid4().hex,
            quote_permission=QuotePermission.ANONYMOUS,
            supported=True,
        ),
        link,
        staff,
    )
    review = save_review(indicator, "2025-26", "partly", f"{mark}-17 half way there", staff)
    period = add_period(project, f"{mark}-25 2025-26", date(2025, 4, 1), date(2026, 3, 31))

    # Evidence of several kinds: cut from answers, observed, counted, and a file.
    story_answer = answer_of(online, "story")
    quote = cut_from_answer(story_answer, "quote", None, staff, title=f"{mark}-18 quote")
    evidence_link = add_link(quote, outcome.id, indicator.id, staff)
    approve(quote, staff)
    paper_story = cut_from_answer(
        answer_of(paper, "story"), "story", None, staff, title=f"{mark}-19 paper story"
    )
    observation = add_other_evidence(
        project.id,
        "observation",
        staff,
        # A phone number, so that there is something to redact.
        title=f"{mark}-20 observed",
        text=f"{mark}-20 Carers spoke first. Call 07700 900123.",
    )
    count = add_other_evidence(
        project.id,
        "count",
        staff,
        title=f"{mark}-21 meetings held",
        value_number=12,
        occurred_on=date(2025, 9, 15),
    )
    upload = check_upload(io.BytesIO(pdf_with(mark)), f"{mark.lower()}-22-minutes.pdf")
    document = add_other_evidence(
        project.id, "document", staff, title=f"{mark}-22 minutes", upload=upload
    )
    listened = answer_of(online, "listened")

    page = FeedbackPage(
        project_id=project.id,
        title=f"{mark}-23 You said, we did",
        wanted_text=f"{mark}-24 Meetings were too long.",
    )
    db.session.add(page)
    db.session.commit()
    feedback_service.set_items(page, [quote.id], staff)

    # A finished workbook, made by the real export job.
    store = JobStore.for_app(app)
    job = new_export_job(store, project, staff)
    db.session.commit()
    run_in_app(app, job.id)
    finished = store.load(job.id)
    assert finished is not None and finished.status == JobStatus.DONE, finished

    coassessor = invite(project, f"{mark}-26 Member 3", by=staff).coassessor
    db.session.commit()

    membership = db.session.scalar(
        sa.select(Membership.id).where(
            Membership.user_id == staff.id, Membership.project_id == project.id
        )
    )
    audit_event = db.session.scalar(
        sa.select(AuditEvent.id)
        .where(AuditEvent.project_id == project.id)
        .order_by(AuditEvent.id)
        .limit(1)
    )
    questions = {q.key: q.id for q in form.questions}
    ids.update(
        project=project.id,
        element=element.id,
        involvement=involvement.id,
        outcome=outcome.id,
        other_outcome=other_outcome.id,
        indicator=indicator.id,
        review=review.id,
        period=period.id,
        period_name=period.name,
        form=form.id,
        draft_form=draft.id,
        question=questions["story"],
        other_question=questions["name_of_group"],
        draft_question=draft.questions[0].id,
        link=link.id,
        link_token=link.token,
        round=first_round.id,
        later_round=later_round.id,
        round_link=round_link.id,
        person_key=personal.person_key,
        response=online.id,
        paper_response=paper.id,
        answer=story_answer.id,
        listened_answer=listened.id,
        pair=f"{listened.id}-{indicator.id}",
        item=quote.id,
        paper_item=paper_story.id,
        observation=observation.id,
        count=count.id,
        document=document.id,
        evidence_link=evidence_link.id,
        page=page.id,
        page_token=page.token,
        job=job.id,
        staff=staff.id,
        membership=membership,
        audit=audit_event,
        coassessor=coassessor.id,
    )
    return side


def build_world(app: Flask, client, make_user) -> World:
    """Projects A and B, and the people the walk signs in as."""
    admin = make_user(Role.ADMIN, email="admin@example.org")
    staff_a = make_user(Role.STAFF, email="staff-a@example.org")
    staff_b = make_user(Role.STAFF, email="staff-b@example.org")
    a = build_side(app, client, MARK_A, staff_a)
    b = build_side(app, client, MARK_B, staff_b)
    projects = {p.id: p for p in db.session.scalars(sa.select(Project))}
    users = {
        "admin": admin,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "viewer_a": make_user(
            Role.VIEWER, projects=[projects[a.ids["project"]]], email="viewer-a@example.org"
        ),
        "viewer_b": make_user(
            Role.VIEWER, projects=[projects[b.ids["project"]]], email="viewer-b@example.org"
        ),
        "staff_none": make_user(Role.STAFF, email="staff-none@example.org"),
    }
    return World(a, b, users)


def responses_of(project_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Response.id)).where(Response.project_id == project_id)
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, read on a connection of its own (so nothing the test's session
    holds can hide a change): what "the database is unchanged" compares."""
    tables = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(sa.select(table).order_by(*order)).all()
            tables[table.name] = [tuple(row) for row in rows]
    return tables


def row_counts() -> dict[str, list[tuple]]:
    """The number of rows of every table, in one query: cheaper than `snapshot`, and enough to
    see a GET write (an audit event, a stray insert or delete)."""
    counts = sa.union_all(
        *(
            sa.select(sa.literal(table.name).label("name"), sa.func.count().label("n")).select_from(
                table
            )
            for table in db.metadata.sorted_tables
        )
    )
    with db.engine.connect() as conn:
        return {name: [(n,)] for name, n in conn.execute(counts)}


def changed_tables(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]
