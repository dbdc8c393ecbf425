"""The demo project's co-assessment: its Theory of Change in easy read (a sentence and a symbol
for the aim and each outcome and indicator), three co-assessors who judged every outcome for
2025-26, one group session and the decision log.

The easy-read sentences are written as a person would write them (short, everyday words, one
idea each), never generated. The co-assessors' links are not printed: nobody holds their
tokens, and staff make new links from the admin or `coassessor-link`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coimpact.demo.theory import REVIEW_PERIOD
from coimpact.extensions import db
from coimpact.models import (
    AssessmentDecision,
    Coassessment,
    Coassessor,
    CoassessorRole,
    GroupAssessment,
    Indicator,
    Judgement,
    Outcome,
    Project,
    User,
)
from coimpact.models.coassessment import coassessor_token_hash, new_coassessor_token
from coimpact.models.types import utcnow

AIM_EASY = (
    "People with a learning disability and carers help plan short breaks. "
    "Breaks should fit their lives.",
    "choice",
)

# By ref: (easy-read wording, symbol from domain/symbols.py).
EASY: dict[str, tuple[str, str]] = {
    "A1": ("We made the short breaks leaflet and booking form easy to read.", "write"),
    "A1.1": ("The easy read leaflet and booking form are ready to use.", "information"),
    "A1.2": ("People who tried the new leaflet say it is easy to understand.", "happy"),
    "A2": ("Group members help choose who runs short breaks.", "choice"),
    "A2.1": ("At least 2 group members sit on each panel that chooses.", "meeting"),
    "A3": ("Members visited short break places. They wrote about what they found.", "travel"),
    "A3.1": ("Members led 3 visits and wrote 1 report.", "write"),
    "B1": ("Members feel more sure of themselves when they speak up.", "speaking-up"),
    "B1.1": ("How members feel about speaking up: before they joined, and now.", "before-after"),
    "B1.2": ("Stories about members speaking up in new places.", "quote"),
    "B2": ("Members feel less lonely. They have more people to talk to.", "friends"),
    "B2.1": ("Members who made friends in the group.", "friends"),
    "B2.2": ("How members feel about having people to talk to: before, and now.", "before-after"),
    "B3": ("Council staff know how to work with us as equals.", "learn"),
    "B3.1": ("Staff who say the training changed how they work.", "learn"),
    "B4": ("Some members got a paid job or started volunteering.", "work"),
    "I1": ("We help decide how the council pays for short breaks.", "money"),
    "I1.1": ("Our ideas are written into the new short breaks contract.", "consent"),
    "I2": ("Families find it easier to find and book a short break.", "home"),
    "I2.1": ("How easy people say it is to find and book a break.", "calendar"),
    "E1": ("Members feel listened to. Their ideas make a difference.", "listen"),
    "E1.1": ("People who felt listened to at the meeting.", "listen"),
    "E1.2": ("Members who say the group's ideas make a difference.", "star"),
    "E2": ("Everyone can understand the papers and take part in meetings.", "meeting"),
    "E2.1": ("People who said the meeting was good.", "happy"),
    "E2.2": ("People who understood what we talked about.", "information"),
}

# Labels staff know them by; the workbook counts them by role and never shows a label.
COASSESSORS = (
    ("Hannah W.", CoassessorRole.LIVED_EXPERIENCE),
    ("Marcus D.", CoassessorRole.LIVED_EXPERIENCE),
    ("Eileen R.", CoassessorRole.CARER),
)
Y, A, N, S = Judgement.YES, Judgement.A_BIT, Judgement.NO, Judgement.NOT_SURE
# By outcome ref, one answer per co-assessor in the order above: judgement, or (judgement,
# why, whether they agreed to share why). I1 is where they disagree with staff's "partly".
ANSWERS: dict[str, tuple] = {
    "A1": ((Y, "I can read the new leaflet by myself.", True), Y,
           (A, "The booking form is still too long.", True)),
    "A2": (Y, (Y, "I sat on a panel. They asked my questions.", True), Y),
    "A3": ((Y, "We did the visits. The report is not out yet.", False), A, S),
    "B1": ((A, "I speak up in the group. Not yet in big meetings.", True), Y, A),
    "B2": ((Y, "I have made 2 friends.", True), Y, A),
    "B3": (S, A, S),
    "B4": (Y, (Y, "I help at the library now.", False), S),
    "I1": ((N, "Evening breaks are still not there.", True), N,
           (A, "Some of our ideas are in. Not all of them.", False)),
    "I2": (A, N, (N, "Booking still takes weeks.", True)),
    "E1": (Y, (Y, "People listen to me here.", True), A),
    "E2": (Y, A, Y),
}  # fmt: skip
ANSWERED_AT = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)

# One group session for two outcomes: yes, a bit, no, not sure, and the group's words.
GROUP_DAY = date(2026, 3, 10)
GROUPS = {
    "B1": ((3, 4, 0, 1), "Most of us speak up more now. Some of us still feel shy."),
    "E1": ((6, 2, 0, 0), "We feel listened to. At 2 meetings the council talked too much."),
}
DECISIONS = (
    (date(2026, 3, 10), "I1", "We do not agree this is partly done. We will tell the funder."),
    (date(2026, 3, 24), None, "We agreed the findings. They can go to the funder."),
)
LINK_DAYS = 365  # how long the demo co-assessors' (unprinted) links stay usable


def add_easy_read(
    project: Project, outcomes: dict[str, Outcome], indicators: dict[str, Indicator]
) -> None:
    """Give the aim and every outcome and indicator its easy-read wording and symbol."""
    project.aim_easy, project.aim_symbol = AIM_EASY
    for ref, thing in (*outcomes.items(), *indicators.items()):
        thing.statement_easy, thing.symbol = EASY[ref]


def add_coassessment(project: Project, outcomes: dict[str, Outcome], admin: User) -> None:
    """The co-assessors, their answers for 2025-26, the group session and the decision log
    (flushed with the rest of the demo)."""
    people = []
    for label, role in COASSESSORS:
        person = Coassessor(
            project=project,
            label=label,
            role=role,
            token_hash=coassessor_token_hash(new_coassessor_token()),
            created_by_id=admin.id,
            expires_at=utcnow() + timedelta(days=LINK_DAYS),
            last_seen_at=ANSWERED_AT,
        )
        db.session.add(person)
        people.append(person)
    db.session.flush()
    for step, (ref, answers) in enumerate(ANSWERS.items()):
        for person, answer in zip(people, answers, strict=True):
            judgement, why, shared = answer if isinstance(answer, tuple) else (answer, "", False)
            db.session.add(
                Coassessment(
                    project_id=project.id,
                    outcome_id=outcomes[ref].id,
                    coassessor_id=person.id,
                    period=REVIEW_PERIOD,
                    judgement=judgement,
                    why=why,
                    words_shared=shared,
                    updated_at=ANSWERED_AT + timedelta(minutes=step),
                )
            )
    for ref, ((yes, a_bit, no, not_sure), words) in GROUPS.items():
        db.session.add(
            GroupAssessment(
                project_id=project.id,
                outcome_id=outcomes[ref].id,
                period=REVIEW_PERIOD,
                held_on=GROUP_DAY,
                yes_count=yes,
                a_bit_count=a_bit,
                no_count=no,
                not_sure_count=not_sure,
                words=words,
                words_shared=True,
                recorded_by_id=admin.id,
            )
        )
    for decided_on, ref, decision in DECISIONS:
        db.session.add(
            AssessmentDecision(
                project_id=project.id,
                outcome_id=outcomes[ref].id if ref else None,
                period=REVIEW_PERIOD,
                decided_on=decided_on,
                decision=decision,
                recorded_by_id=admin.id,
            )
        )
