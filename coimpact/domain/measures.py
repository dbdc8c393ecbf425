"""What each kind of measure is worked out from, and what it gives, defined once. Plain Python.

`reports/indicator_results.py` adds answers into an indicator's figure by the question-type sets
below. The help on the indicator form, the warning when a question is linked to an indicator
whose measure cannot use its answers, and the headline of an indicator whose linked answers give
no figure all read the same sets, so what staff are told is what the counting does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coimpact.domain.question_types import AGREE_CODES, BUILT_IN_CHOICES, FREE_TEXT_TYPES
from coimpact.models.enums import MeasureKind, QuestionType

AGREE_TYPES = frozenset(AGREE_CODES)  # an answer either agrees or does not
RATING_TYPES = frozenset({QuestionType.PICTURE_SCALE, QuestionType.SCALE_5})
PAIR_TYPES = frozenset({QuestionType.BEFORE_AFTER})
NUMBER_TYPES = frozenset({QuestionType.NUMBER})  # added up; every other answer is counted
# Only a person's own words become quotes and stories (services/evidence.py `kinds_for`).
QUOTE_TYPES = FREE_TEXT_TYPES


@dataclass(frozen=True)
class Measure:
    """One kind of measure: the question types whose answers make its figure, and in words
    what it needs from a question and what result it gives."""

    kind: MeasureKind
    uses: frozenset[QuestionType]
    figure: str  # the figure as a noun phrase: "an average rating"
    needs: str
    gives: str

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def question(self) -> str:
        """The questions it is worked out from: "a 3-point picture scale or 5-point scale
        question"."""
        return f"a {type_names(self.uses)} question"


def type_names(types: Iterable[QuestionType]) -> str:
    """Question types as a sentence names them, in the builder's order: "3-point picture
    scale, 5-point scale or yes / not sure / no"."""
    names = [t.label[0].lower() + t.label[1:] for t in QuestionType if t in set(types)]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _agreeing() -> str:
    labels = [
        f"“{choice.label}”"
        for qtype in QuestionType
        for choice in BUILT_IN_CHOICES.get(qtype, ())
        if choice.code in AGREE_CODES.get(qtype, ())
    ]
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


MEASURES: dict[MeasureKind, Measure] = {
    m.kind: m
    for m in (
        Measure(
            MeasureKind.COUNT,
            frozenset(QuestionType),
            "a count",
            "any question: answers to a number question are added up, other answers are "
            "counted, and count evidence you add yourself is added too",
            "a total, e.g. “25 in total” or “3 answers”",
        ),
        Measure(
            MeasureKind.PERCENT_AGREE,
            AGREE_TYPES,
            "a share of people who agree",
            f"a {type_names(AGREE_TYPES)} question; {_agreeing()} count as agreeing",
            "the share who agree, e.g. “60% agree (6 of 10)”",
        ),
        Measure(
            MeasureKind.MEAN_RATING,
            RATING_TYPES,
            "an average rating",
            f"a {type_names(RATING_TYPES)} question",
            "the average on the scale, e.g. “3.5 out of 5 on average (n=4)”",
        ),
        Measure(
            MeasureKind.BEFORE_AFTER,
            PAIR_TYPES,
            "a before and after change",
            f"a {type_names(PAIR_TYPES)} question; only people who give both ratings count",
            "the average before and now, and the change, e.g. “2.5 before, 4.0 now (+1.5, n=4)”",
        ),
        Measure(
            MeasureKind.QUOTES,
            QUOTE_TYPES,
            "quotes",
            f"a {type_names(QUOTE_TYPES)} question: its answers count once you cut them as "
            "quotes or stories, confirm them for the indicator and approve them",
            "how many approved quotes and stories it has, e.g. “3 approved quotes”",
        ),
    )
}


def can_use(measure: MeasureKind | str, qtype: QuestionType | str) -> bool:
    """Whether answers to a question of `qtype` change the figure of `measure`."""
    return QuestionType(qtype) in MEASURES[MeasureKind(measure)].uses


def measures_using(qtype: QuestionType | str) -> list[Measure]:
    """The kinds of measure that answers to a question of `qtype` can give."""
    return [m for m in MEASURES.values() if QuestionType(qtype) in m.uses]


def link_problem(
    measure: MeasureKind | str, qtype: QuestionType | str, ref: str, key: str = ""
) -> str:
    """What staff should know when a question of `qtype` (the one with `key`, or the one being
    edited) measures the indicator `ref`; '' when its answers feed the indicator's figure."""
    if can_use(measure, qtype):
        return ""
    wanted = MEASURES[MeasureKind(measure)]
    kind = type_names([QuestionType(qtype)])
    which = f"the {kind} question “{key}”" if key else f"this {kind} question"
    return (
        f"{ref} is measured as “{wanted.label}”, worked out from answers to {wanted.question}. "
        f"Answers to {which} will arrive as suggested evidence for {ref}, but cannot change "
        "its figure."
    )


def unusable_answers(measure: MeasureKind | str, n: int, types: Iterable[QuestionType]) -> str:
    """Why an indicator whose `n` linked answers (to questions of `types`) are none of a type
    its measure is worked out from has no figure."""
    wanted = MEASURES[MeasureKind(measure)]
    answers = f"{n:,} linked answer{'s' if n != 1 else ''}"
    return (
        f"{wanted.figure} is worked out from answers to {wanted.question}, and the {answers} "
        f"{'is' if n == 1 else 'are'} to {type_names(types)} questions"
    )
