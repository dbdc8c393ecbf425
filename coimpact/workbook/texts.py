"""Words the workbook prints besides the layout's headings and labels (`layout.py`): how a
review's status and a response's variant read, and the Glossary sheet's terms, each with its
meaning in plain words (short sentences, one idea each, everyday words), following SCIE's
co-production impact resource."""

from __future__ import annotations

from collections.abc import Mapping

from coimpact.domain.readable import plural
from coimpact.models import CoassessorRole, ReviewStatus, Variant

STATUS_LABELS = {
    ReviewStatus.ACHIEVED: "Achieved",
    ReviewStatus.PARTLY: "Partly achieved",
    ReviewStatus.NOT_YET: "Not yet achieved",
}
NOT_REVIEWED = "Not reviewed yet"
VARIANT_LABELS = {Variant.STANDARD: "Standard", Variant.EASY: "Easy read"}

GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "Theory of Change",
        "A plan that shows the change we want and the steps that lead to it. It goes from what "
        "we put in, to what we do, to what changes.",
    ),
    (
        "Co-production",
        "People who use care and support, carers and workers plan and do things together, as "
        "equals.",
    ),
    (
        "Lived experience",
        "Knowing about something because it happened to you. For example, using care and "
        "support, or being a carer.",
    ),
    ("Problem", "What is wrong now, and who it affects."),
    ("Aim", "The big change the project wants in the long run."),
    ("Inputs", "What the project puts in: people's time and experience, money, rooms."),
    ("Activities", "What the project does: meetings, workshops, visits, training."),
    ("Outputs", "Things you can count that the activities made. For example, 12 meetings held."),
    ("Outcome", "A change that happens because of what the project did."),
    ("Achievements", "What the co-production achieved along the way. These come first."),
    ("Benefits", "What taking part did for the people involved. For example, more confidence."),
    ("Impact", "The big change the project works towards. You see it near the end."),
    (
        "Evaluation & feedback",
        "How the co-production itself went. Did people feel listened to? Could everyone take part?",
    ),
    (
        "Indicator",
        "Information that shows if an outcome is happening. For example, how many people say "
        "they felt listened to.",
    ),
    ("Baseline", "Where things were at the start. We compare with it to see what changed."),
    ("Target", "What we hoped to reach by the end."),
    ("Result", "What the answers and evidence show so far."),
    ("n", "How many answers a result is based on."),
    ("Status", "Staff's view of an indicator: achieved, partly achieved, or not yet achieved."),
    ("Narrative", "What staff wrote about a result: what happened and why."),
    (
        "Evidence",
        "What we collected to show change: answers, quotes, stories, counts, photos, documents "
        "and notes.",
    ),
    (
        "Quote permission",
        "Whether a person said we may use their words, with or without their name. If they "
        "said no, their words are not shown anywhere.",
    ),
    (
        "Most significant change",
        "A story that people picked because it shows the most important change.",
    ),
    ("Unexpected outcome", "A change nobody planned, good or bad. It counts as evidence too."),
    (
        "Easy read",
        "Short sentences, everyday words and pictures, so that more people can understand.",
    ),
    ("Supported", "Someone helped the person to answer, for example by reading the questions."),
    ("Assumptions", "Things we believe must be true for the change to happen."),
    ("Enablers", "Things that need to be in place for the change to happen."),
    (
        "Co-assessment",
        "People with lived experience judge the impact with staff. For each outcome they "
        "answer: did we do this? Yes, a bit, no or not sure.",
    ),
    ("Co-assessor", "A person with lived experience who judges the impact with staff."),
    ("Decision log", "A list of what the group decided about the results, and when."),
    ("Response ref", "A random code for one person's answers. It does not say who they are."),
    ("Evidence ref", "A number for each piece of evidence, such as EV3. It never changes."),
)

# Who judged the impact with staff, counted by role and never named (the Theory of Change sheet).
ROLE_WORDS = {
    CoassessorRole.LIVED_EXPERIENCE: (
        "person with lived experience",
        "people with lived experience",
    ),
    CoassessorRole.CARER: ("carer", "carers"),
    CoassessorRole.STAFF: ("member of staff", "members of staff"),
    CoassessorRole.PARTNER: ("partner", "partners"),
}
NOBODY_COASSESSED = "Nobody has judged this period's outcomes with staff yet."


def who_took_part(roles: Mapping[CoassessorRole, int], group_sessions: int) -> str:
    """ "Co-assessed by 4 people with lived experience and 1 carer; 1 group session": people
    by role and number (in the order of the roles), then the group sessions held."""
    people = [plural(roles[role], *ROLE_WORDS[role]) for role in CoassessorRole if roles.get(role)]
    sessions = plural(group_sessions, "group session") if group_sessions else ""
    if not people:
        return f"Co-assessed in {sessions}" if sessions else NOBODY_COASSESSED
    listed = people[0] if len(people) == 1 else f"{', '.join(people[:-1])} and {people[-1]}"
    return f"Co-assessed by {listed}" + (f"; {sessions}" if sessions else "")
