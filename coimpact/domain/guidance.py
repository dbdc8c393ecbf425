"""Plain-words help on the Theory of Change, from SCIE's co-production impact resource: what
each part and each of the four sections means, with one example each, and how an outcome
differs from an indicator.

This is the one definition of that help: the overview page, the element, outcome, indicator and
project forms all show it from here. Staff include people with lived experience and volunteers,
so the words are short sentences in everyday language. Plain data, no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from coimpact.models.enums import ElementKind, Section


@dataclass(frozen=True)
class Term:
    """One part of a Theory of Change, explained."""

    name: str  # as a heading: "Achievements"
    one: str  # one of them, as in "Add an achievement"
    gist: str  # what it is, in a few words: shown under the heading
    more: str  # a sentence or two more, for the help panels
    example: str  # one example, as staff might write it

    @property
    def meaning(self) -> str:
        return f"{self.gist}. {self.more}".strip()

    @property
    def hint(self) -> str:
        """What it is and one example, in one line: for a form field's description."""
        return f"{self.gist}. For example: “{self.example}”."


SECTIONS: dict[Section, Term] = {
    Section.ACHIEVEMENT: Term(
        Section.ACHIEVEMENT.label,
        "an achievement",
        "What the co-production achieved along the way",
        "These are short-term outcomes: changes you can see while the project is running.",
        "The group rewrote the respite leaflet in easy read",
    ),
    Section.BENEFIT: Term(
        Section.BENEFIT.label,
        "a benefit",
        "What taking part did for the people involved",
        "Think of members, carers and workers: more confidence, wellbeing, trust or skills.",
        "Members feel more confident speaking in meetings",
    ),
    Section.IMPACT: Term(
        Section.IMPACT.label,
        "an impact outcome",
        "The big change the project works towards",
        "It often shows near the end of the project, or after it. "
        "Achievements and benefits lead to it.",
        "People with a learning disability shape how respite is commissioned",
    ),
    Section.PROCESS: Term(
        Section.PROCESS.label,
        "an evaluation & feedback outcome",
        "How the co-production itself went",
        "Was everyone treated as an equal? Could everyone take part? "
        "Did people get something back?",
        "Members felt listened to, and meetings were accessible",
    ),
}

ELEMENTS: dict[ElementKind, Term] = {
    ElementKind.INPUT: Term(
        ElementKind.INPUT.label,
        "an input",
        "What the project puts in",
        "Money, time, and people's lived experience and skills.",
        "Members' time and lived experience, paid at a fair rate",
    ),
    ElementKind.ACTIVITY: Term(
        ElementKind.ACTIVITY.label,
        "an activity",
        "What the project does",
        "Meetings, workshops, training, and work done together.",
        "A co-production group that meets every month",
    ),
    ElementKind.OUTPUT: Term(
        ElementKind.OUTPUT.label,
        "an output",
        "What the activities produce that you can count",
        "Outputs say how much was done. Outcomes say what changed because of it.",
        "12 meetings held and 30 people took part",
    ),
    ElementKind.ASSUMPTION: Term(
        ElementKind.ASSUMPTION.label,
        "an assumption",
        "What must be true for the change to happen",
        "If it turns out not to be true, the plan may need to change.",
        "The council is willing to act on what the group says",
    ),
    ElementKind.ENABLER: Term(
        ElementKind.ENABLER.label,
        "an enabler",
        "What must be in place to help the change happen",
        "SCIE's co-production principles make good enablers: equality, diversity, "
        "accessibility and reciprocity.",
        "Accessible venues and easy-read papers",
    ),
}

PROBLEM = Term(
    "Problem",
    "a problem",
    "What is wrong now, and for whom",
    "",
    "Families find respite information hard to read, so they miss out",
)
AIM = Term(
    "Aim",
    "an aim",
    "The long-term change you want",
    "",
    "People with a learning disability shape respite services",
)
OUTCOME = Term(
    "Outcome",
    "an outcome",
    "A change that happens because of what the project does",
    "Write it as a change. Each outcome goes in one of the four sections.",
    "Members feel more confident speaking in meetings",
)
INDICATOR = Term(
    "Indicator",
    "an indicator",
    "How you will know an outcome is happening",
    "It is something you can count, ask people about, or collect, such as answers or "
    "stories. It has a baseline (where things start), a target, a method (how and when you "
    "collect it) and an owner.",
    "Members who say they feel confident speaking up, asked at the first meeting and again "
    "after six months",
)
OUTCOME_VS_INDICATOR = (
    "An outcome is the change you want. An indicator is the sign that shows whether it is "
    "happening. One outcome can have several indicators."
)
THEORY_OF_CHANGE = (
    "A Theory of Change is the story of how your project makes a difference: what is wrong "
    "now, what you put in, what you do, what you can count, and the changes that follow. "
    "SCIE sorts the changes into four sections."
)


@dataclass(frozen=True)
class Topic:
    """A group of terms under one heading in a help panel."""

    title: str
    terms: tuple[Term, ...]
    note: str = ""


@dataclass(frozen=True)
class Panel:
    """The help beside a form: the part being added (when known) or a note in a line or two,
    the rest folded away under `summary`."""

    summary: str
    topics: tuple[Topic, ...]
    focus: Term | None = None
    note: str = ""


SECTIONS_TOPIC = Topic("The four sections", tuple(SECTIONS.values()))
OUTCOMES_TOPIC = Topic("Outcomes and indicators", (OUTCOME, INDICATOR), OUTCOME_VS_INDICATOR)
ELEMENTS_TOPIC = Topic(
    "The parts of the plan",
    (PROBLEM, AIM, *ELEMENTS.values()),
    "Inputs, activities and outputs lead to the outcomes. "
    "Assumptions and enablers are what must hold, or be in place, for that to work.",
)


def section_line() -> str:
    """The four sections in one line, for the section choice on the outcome form."""
    return " ".join(f"{t.name}: {t.gist[0].lower()}{t.gist[1:]}." for t in SECTIONS.values())


def element_line() -> str:
    """The five parts in one line, for the part choice on the element form."""
    return " ".join(f"{t.name}: {t.gist[0].lower()}{t.gist[1:]}." for t in ELEMENTS.values())


def outcome_panel(section: Section | None) -> Panel:
    return Panel(
        "What goes here? The four sections, and outcomes and indicators",
        (SECTIONS_TOPIC, OUTCOMES_TOPIC),
        SECTIONS[section] if section is not None else None,
    )


def element_panel(kind: ElementKind | None) -> Panel:
    return Panel(
        "What goes here? Inputs, activities, outputs, assumptions and enablers",
        (ELEMENTS_TOPIC,),
        ELEMENTS[kind] if kind is not None else None,
    )


def indicator_panel() -> Panel:
    # What an indicator is, the form's first field says; beside it, how it differs.
    return Panel(
        "What goes here? Outcomes, indicators and the four sections",
        (OUTCOMES_TOPIC, SECTIONS_TOPIC),
        note=OUTCOME_VS_INDICATOR,
    )
