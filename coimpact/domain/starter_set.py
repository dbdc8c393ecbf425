"""The starter set a new project can begin from: plain data, no Flask and no database.

It follows SCIE's co-production principles (equality, diversity, accessibility, reciprocity) and
the benefits its 2022 research found (more confidence, self-esteem, wellbeing and trust; for
workers, job satisfaction and better practice). Every line is a sensible default that staff are
expected to reword with their group; `services.projects.apply_starter_set` writes it to a project.
"""

from __future__ import annotations

from dataclasses import dataclass

from coimpact.models.enums import ElementKind, MeasureKind, Section


@dataclass(frozen=True)
class StarterIndicator:
    statement: str
    measure: MeasureKind
    baseline: str
    target: str
    method: str


@dataclass(frozen=True)
class StarterOutcome:
    section: Section
    statement: str
    who_benefits: str
    indicators: tuple[StarterIndicator, ...]


ELEMENTS: dict[ElementKind, tuple[str, ...]] = {
    ElementKind.INPUT: (
        "Time, lived experience and expertise of people who draw on care and support, "
        "and of carers",
        "Staff time to facilitate the group, with a named co-production lead",
        "A budget to pay members for their time and cover travel, care and support costs",
        "Accessible venues, easy-read papers and support to join online",
    ),
    ElementKind.ACTIVITY: (
        "Regular co-production group meetings, planned and chaired together",
        "Co-production training for members and workers, delivered together",
        "Reviewing and redesigning information and services together",
        "Presenting the group's work and recommendations to decision-makers",
    ),
    ElementKind.OUTPUT: (
        "Number of co-production meetings held",
        "Number of people who took part: members, carers and workers",
        "Materials made or changed together, such as easy-read leaflets",
        "Number of recommendations made to decision-makers, and how many were taken up",
    ),
    ElementKind.ASSUMPTION: (
        "People who draw on care and support want to take part, and can get the support "
        "they need to do so",
        "Decision-makers are willing to share power and act on what the group recommends",
        "The project allows enough time for co-production; it is not rushed",
    ),
    ElementKind.ENABLER: (
        "Equality: everyone's expertise is valued equally and power is shared",
        "Diversity: the group reflects the people who use services, and barriers for "
        "seldom-heard people are removed",
        "Accessibility: meetings, papers and forms are accessible (easy read, interpreters, "
        "step-free venues, online options)",
        "Reciprocity: people get something back for taking part, such as payment, learning "
        "and recognition",
        "Leaders who support co-production and a budget that pays people for their time",
    ),
}

_FEEDBACK = "Short feedback form (standard and easy read) after meetings, every quarter"
_BEFORE_AFTER = "Picture scale at the first meeting and again after six months"

OUTCOMES: tuple[StarterOutcome, ...] = (
    StarterOutcome(
        Section.ACHIEVEMENT,
        "People who draw on care and support and workers plan and run the project together",
        "Co-production group members and workers",
        (
            StarterIndicator(
                "Meetings planned and chaired together with members",
                MeasureKind.COUNT,
                "0",
                "At least 8 in 10 meetings",
                "Meeting log kept by the facilitator, checked every quarter",
            ),
        ),
    ),
    StarterOutcome(
        Section.ACHIEVEMENT,
        "Information, services or materials change because of what the group said",
        "People who use the service",
        (
            StarterIndicator(
                "Changes made because of the group's recommendations",
                MeasureKind.COUNT,
                "0",
                "3 changes in the year",
                "Log of recommendations and the decisions taken on them",
            ),
            StarterIndicator(
                "What members say changed because of their work",
                MeasureKind.QUOTES,
                "None yet",
                "A story of change from each member who wants to share one",
                "Stories collected at the six-month and end-of-project reviews",
            ),
        ),
    ),
    StarterOutcome(
        Section.BENEFIT,
        "Members feel more confident",
        "Co-production group members",
        (
            StarterIndicator(
                "Members who say they feel confident speaking up in meetings",
                MeasureKind.BEFORE_AFTER,
                "Rating at the first meeting",
                "Average rating up by at least 1 point",
                _BEFORE_AFTER,
            ),
        ),
    ),
    StarterOutcome(
        Section.BENEFIT,
        "Members have better self-esteem and wellbeing",
        "Co-production group members",
        (
            StarterIndicator(
                "How good members feel about themselves after taking part",
                MeasureKind.MEAN_RATING,
                "Average at the first meeting",
                "Average of 4 out of 5 or more",
                _BEFORE_AFTER,
            ),
        ),
    ),
    StarterOutcome(
        Section.BENEFIT,
        "Members and workers trust each other more",
        "Members and workers",
        (
            StarterIndicator(
                "Members who agree 'I trust the workers in this group'",
                MeasureKind.PERCENT_AGREE,
                "Asked at the start",
                "8 in 10 agree",
                _FEEDBACK,
            ),
        ),
    ),
    StarterOutcome(
        Section.BENEFIT,
        "Workers get more job satisfaction and improve their practice",
        "Workers and practitioners",
        (
            StarterIndicator(
                "Workers who agree 'Co-production has changed how I work'",
                MeasureKind.PERCENT_AGREE,
                "Asked at the start",
                "7 in 10 agree",
                "Workers' survey at the start and the end of the project",
            ),
            StarterIndicator(
                "Examples from workers of practice they changed",
                MeasureKind.QUOTES,
                "None yet",
                "At least 5 examples",
                "Reflective notes and supervision, gathered every quarter",
            ),
        ),
    ),
    StarterOutcome(
        Section.IMPACT,
        "People who draw on care and support shape decisions about the services they use",
        "People who draw on care and support, and carers",
        (
            StarterIndicator(
                "Decisions made with the group's involvement",
                MeasureKind.COUNT,
                "0",
                "Every major service decision in the year",
                "Decision log kept with the commissioner or service manager",
            ),
            StarterIndicator(
                "Stories of change from members and decision-makers",
                MeasureKind.QUOTES,
                "None yet",
                "At least 3 most significant change stories",
                "Most significant change conversations at the end of the project",
            ),
        ),
    ),
    StarterOutcome(
        Section.PROCESS,
        "Everyone was treated as an equal and listened to (equality)",
        "Co-production group members",
        (
            StarterIndicator(
                "Members who agree 'I was listened to'",
                MeasureKind.PERCENT_AGREE,
                "Asked at the start",
                "9 in 10 agree",
                _FEEDBACK,
            ),
        ),
    ),
    StarterOutcome(
        Section.PROCESS,
        "The group included a range of people, including seldom-heard people (diversity)",
        "People who use services",
        (
            StarterIndicator(
                "People from under-represented groups taking part",
                MeasureKind.COUNT,
                "Count at the start",
                "Group reflects the people who use the service",
                "Anonymous equality monitoring, with consent, every six months",
            ),
        ),
    ),
    StarterOutcome(
        Section.PROCESS,
        "Meetings and information were accessible (accessibility)",
        "Co-production group members",
        (
            StarterIndicator(
                "Members who agree 'I could understand the papers and take part'",
                MeasureKind.PERCENT_AGREE,
                "Asked at the start",
                "9 in 10 agree",
                _FEEDBACK,
            ),
        ),
    ),
    StarterOutcome(
        Section.PROCESS,
        "People got something back for taking part (reciprocity)",
        "Co-production group members",
        (
            StarterIndicator(
                "Members who agree 'Taking part was worth my time'",
                MeasureKind.PERCENT_AGREE,
                "Asked at the start",
                "8 in 10 agree",
                _FEEDBACK,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class PreviewGroup:
    """One part of the starter set as the preview lists it: a heading, then each line with the
    lines under it (an outcome's indicators)."""

    heading: str
    lines: tuple[tuple[str, tuple[str, ...]], ...]


def preview() -> tuple[PreviewGroup, ...]:
    """Everything `apply_starter_set` adds, in the overview's order: inputs, activities and
    outputs, the four sections' outcomes with their indicators, then assumptions and enablers."""

    def elements(kind: ElementKind) -> PreviewGroup:
        return PreviewGroup(kind.label, tuple((text, ()) for text in ELEMENTS[kind]))

    def outcomes(section: Section) -> PreviewGroup:
        lines = tuple(
            (
                o.statement,
                tuple(f"{i.statement} ({i.measure.label.lower()})" for i in o.indicators),
            )
            for o in OUTCOMES
            if o.section == section
        )
        return PreviewGroup(section.label, lines)

    plan = (ElementKind.INPUT, ElementKind.ACTIVITY, ElementKind.OUTPUT)
    return (
        *(elements(kind) for kind in plan),
        *(outcomes(section) for section in Section),
        *(elements(kind) for kind in (ElementKind.ASSUMPTION, ElementKind.ENABLER)),
    )


def totals() -> tuple[int, int, int]:
    """How many elements, outcomes and indicators the starter set adds."""
    return (
        sum(len(texts) for texts in ELEMENTS.values()),
        len(OUTCOMES),
        sum(len(o.indicators) for o in OUTCOMES),
    )
