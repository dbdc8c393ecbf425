"""Indicator results against values worked out by hand (see tests/results_fixture.py for the
answers behind every number below)."""

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from coimpact.domain.measures import MEASURES
from coimpact.extensions import db
from coimpact.models import MeasureKind, QuestionType, Variant
from coimpact.reports.dashboard import target_number
from coimpact.reports.indicator_results import IndicatorResult, project_results
from tests.public_helpers import post_standard
from tests.results_fixture import build


@pytest.fixture
def built(app, make_form):
    data = build(app, make_form)
    data["results"] = {
        ref: project_results(db.session, data["project"].id)[indicator.id]
        for ref, indicator in data["indicators"].items()
    }
    return data


def test_the_fixture_went_through_both_public_forms(built):
    variants = [(r.variant, r.is_spam) for r in built["responses"]]
    assert variants == [
        (Variant.STANDARD, False),
        (Variant.STANDARD, False),
        (Variant.EASY, False),
        (Variant.EASY, False),
        (Variant.STANDARD, True),  # R5: the honeypot was filled in
        (Variant.STANDARD, False),
    ]


def test_count_of_numbers_adds_count_evidence(built):
    r = built["results"]["A1.1"]
    # meetings: R1 12 + R2 3 + R3 (easy) 4 + R6 6 = 25 (R4 skipped it; R5's 99 is spam),
    # plus EV6, a count of 5 confirmed against A1.1: 30.
    assert (r.n, r.number_n, r.number_sum) == (4, 4, 25)
    assert (r.count_items, r.counted_evidence, r.total) == (1, 5, 30)
    assert r.evidence == 1 and r.quotes == 0
    assert r.value(MeasureKind.COUNT) == 30
    assert r.measure_n(MeasureKind.COUNT) == 5  # four answers and one count item
    assert r.headline(MeasureKind.COUNT) == "30 in total"


def test_count_of_choices_counts_answers(built):
    r = built["results"]["A1.2"]
    # topics: R1 a;c, R2 b, R3 (easy) a; R4 and R6 left it out; R5 is spam.
    assert r.n == 3
    assert r.by_code == {"a": 2, "b": 1, "c": 1}
    assert r.by_type == {QuestionType.MULTI_CHOICE: {"a": 2, "b": 1, "c": 1}}
    assert r.value(MeasureKind.COUNT) == 3
    assert r.headline(MeasureKind.COUNT) == "3 answers"


def test_percent_agree_merges_question_types_and_variants(built):
    r = built["results"]["B1.1"]
    # feeling (faces, "3" agrees): R1 3, R2 2, R3 3, R4 1, R6 3 -> 3 of 5
    # again (yes/not sure/no, "yes" agrees): R1 yes, R2 no, R3 yes, R4 not sure, R6 yes -> 3 of 5
    assert (r.agree, r.agree_base, r.n) == (6, 10, 10)
    assert r.agree_share == pytest.approx(0.6)
    assert r.value(MeasureKind.PERCENT_AGREE) == 60.0
    assert r.headline(MeasureKind.PERCENT_AGREE) == "60% agree (6 of 10)"
    assert r.by_type == {
        QuestionType.PICTURE_SCALE: {"3": 3, "2": 1, "1": 1},
        QuestionType.YES_NO: {"yes": 3, "no": 1, "not_sure": 1},
    }
    # The faces are ratings too: (3 + 2 + 3 + 1 + 3) / 5 = 2.4 on a 3-point scale.
    assert r.mean_rating == pytest.approx(2.4) and r.rating_scale == 3


def test_before_and_after_uses_complete_pairs_only(built):
    r = built["results"]["B1.2"]
    # R1 2->4, R2 1->3, R3 (easy) 3->5, R6 4->4; R4 gave "before" only; R5 (5->1) is spam.
    assert r.n == 5 and r.pair_n == 4
    assert r.mean_before == pytest.approx(10 / 4)  # 2.5
    assert r.mean_after == pytest.approx(16 / 4)  # 4.0
    assert r.change == pytest.approx(1.5)
    assert r.value(MeasureKind.BEFORE_AFTER) == 1.5
    assert r.measure_n(MeasureKind.BEFORE_AFTER) == 4
    assert r.headline(MeasureKind.BEFORE_AFTER) == "2.5 before, 4.0 now (+1.5, n=4)"


def test_quotes_count_approved_and_confirmed_only(built):
    r = built["results"]["I1.1"]
    # Stories answered: R1, R2, R3, R6 (R4 skipped it, R5 is spam).
    assert r.n == 4
    # Approved and confirmed: EV1, EV2 (its words may not be shown, but it counts), EV3.
    # EV4 is a draft: evidence but not an approved quote. EV7 is only suggested: neither.
    assert r.quotes == 3 and r.evidence == 4
    assert r.headline(MeasureKind.QUOTES) == "3 approved quotes"


def test_a_rejected_link_takes_the_answer_out_of_that_indicator_only(built):
    mean = built["results"]["E1.1"]
    # listened: R1 4, R2 5, R3 2, R4 3; R6's 5 was cut as EV5 and rejected for E1.1.
    assert (mean.n, mean.rating_n, mean.rating_sum) == (4, 4, 14)
    assert mean.mean_rating == pytest.approx(3.5) and mean.rating_scale == 5
    assert mean.headline(MeasureKind.MEAN_RATING) == "3.5 out of 5 on average (n=4)"
    assert mean.evidence == 0  # a rejected link is not evidence
    share = built["results"]["E1.2"]
    # The same question for E1.2, where nothing was rejected: R6 counts. 4, 5, 5 agree of 5.
    assert (share.agree, share.agree_base) == (3, 5)
    assert share.headline(MeasureKind.PERCENT_AGREE) == "60% agree (3 of 5)"
    assert share.mean_rating == pytest.approx(19 / 5)


def test_standard_only_would_give_other_numbers(built):
    """The easy-read answers are in: without R3 and R4, E1.2 would be 3 of 3."""
    assert built["results"]["E1.2"].agree_base == 5
    assert built["results"]["B1.2"].pair_n == 4  # three standard pairs and R3's easy-read one


def test_results_take_three_queries_however_many_indicators(built):
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        results = project_results(db.session, built["project"].id)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(results) == 7
    assert len(statements) == 3  # indicator ids, the grouped answers, the confirmed evidence


def test_another_projects_answers_never_count(built, app, make_form):
    other = make_form()  # a second project, its form answered too
    assert post_standard(app.test_client(), other.token).status_code == 303
    again = project_results(db.session, built["project"].id)
    assert again[built["indicators"]["E1.2"].id].agree_base == 5
    assert set(again) == {i.id for i in built["indicators"].values()}
    assert project_results(db.session, other.form.project.id) == {}


def test_empty_result_and_targets():
    empty = IndicatorResult()
    for measure in MeasureKind:
        if measure != MeasureKind.QUOTES:
            assert empty.value(measure) is None
            assert empty.headline(measure) == "No evidence yet"
    assert empty.headline(MeasureKind.QUOTES) == "0 approved quotes"
    assert target_number(MeasureKind.PERCENT_AGREE, "80%") == 80
    assert target_number(MeasureKind.PERCENT_AGREE, "at least 250") is None
    assert target_number(MeasureKind.MEAN_RATING, "4 or more", 5) == 4
    assert target_number(MeasureKind.MEAN_RATING, "3.5") == 3.5
    assert target_number(MeasureKind.COUNT, "All 4 panels in 2025-26") is None
    assert target_number(MeasureKind.BEFORE_AFTER, "A rise of at least 1 point") is None
    assert target_number(MeasureKind.PERCENT_AGREE, "Not measured before") is None


def test_large_totals_read_as_people_write_them():
    result = IndicatorResult(n=2, number_n=2, number_sum=1_234_567)
    assert result.headline(MeasureKind.COUNT) == "1,234,567 in total"
    result = IndicatorResult(n=1, number_n=1, number_sum=12.5)
    assert result.headline(MeasureKind.COUNT) == "12.5 in total"
    flat = IndicatorResult(pair_n=3, before_sum=9, after_sum=8.9)
    assert flat.headline(MeasureKind.BEFORE_AFTER) == "3.0 before, 3.0 now (+0.0, n=3)"


def test_indicator_counts_only_when_linked(built):
    # The venue question is linked to nothing: no indicator counts its answers.
    total_n = sum(r.n for r in built["results"].values())
    assert total_n == 4 + 3 + 10 + 5 + 4 + 4 + 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.text("answers"))) > total_n


def test_a_count_cut_from_a_number_answer_is_not_counted_twice(client, make_form):
    import sqlalchemy as sa

    from coimpact.extensions import db
    from coimpact.models import (
        Answer,
        EvidenceItem,
        EvidenceKind,
        EvidenceLink,
        LinkStatus,
        MeasureKind,
        Question,
        Section,
    )
    from coimpact.reports.indicator_results import project_results
    from coimpact.services.theory import add_indicator, add_outcome
    from tests.public_helpers import post_standard

    link = make_form()
    project = link.form.project
    indicator = add_indicator(
        add_outcome(project, Section.ACHIEVEMENT, "Meetings held"), "Meetings", MeasureKind.COUNT
    )
    question = db.session.scalars(sa.select(Question).where(Question.key == "meetings")).one()
    question.indicators.append(indicator)
    db.session.commit()
    assert post_standard(client, link.token).status_code == 303
    before = project_results(db.session, project.id)[indicator.id]
    answer = db.session.scalars(sa.select(Answer).where(Answer.question_key == "meetings")).one()
    item = EvidenceItem(
        project_id=project.id, ref_number=1, kind=EvidenceKind.COUNT, answer_id=answer.id
    )
    item.links.append(
        EvidenceLink(outcome=indicator.outcome, indicator=indicator, status=LinkStatus.CONFIRMED)
    )
    db.session.add(item)
    db.session.commit()
    after = project_results(db.session, project.id)[indicator.id]
    assert before.total == after.total == 12
    assert before.measure_n(MeasureKind.COUNT) == after.measure_n(MeasureKind.COUNT) == 1
    assert before.headline(MeasureKind.COUNT) == after.headline(MeasureKind.COUNT)


def test_what_each_measure_says_it_gives_is_what_the_results_print():
    """The help's examples (domain/measures.py) are headlines the counting really prints."""
    samples = {
        MeasureKind.COUNT: [
            IndicatorResult(n=4, number_n=4, number_sum=25),
            IndicatorResult(n=3),
        ],
        MeasureKind.PERCENT_AGREE: [IndicatorResult(n=10, agree=6, agree_base=10)],
        MeasureKind.MEAN_RATING: [
            IndicatorResult(n=4, rating_sum=14, rating_n=4, rating_scales={5})
        ],
        MeasureKind.BEFORE_AFTER: [
            IndicatorResult(n=4, before_sum=10, after_sum=16, pair_n=4),
        ],
        MeasureKind.QUOTES: [IndicatorResult(quotes=3)],
    }
    assert set(samples) == set(MEASURES)
    for kind, results in samples.items():
        for result in results:
            assert f"“{result.headline(kind)}”" in MEASURES[kind].gives, kind


def test_each_measure_counts_exactly_the_answers_it_says_it_uses(app, make_form):
    """One answer to a question of every type, each question linked to an indicator of every
    measure: each figure rests on the answers to exactly the types its Measure names."""
    from coimpact.models import Question
    from coimpact.services.theory import add_indicator, add_outcome

    link = make_form()
    outcome = add_outcome(link.form.project, "achievement", "Things change")
    computed = [m for m in MeasureKind if m != MeasureKind.QUOTES]  # quotes come from evidence
    indicators = {kind: add_indicator(outcome, kind.label, kind) for kind in computed}
    questions = db.session.scalars(sa.select(Question).where(Question.form_id == link.form_id))
    answered = set()
    for question in questions:
        question.indicators = list(indicators.values())
        answered.add(question.type)
    db.session.commit()
    assert answered == set(QuestionType)
    assert post_standard(app.test_client(), link.token).status_code == 303  # answers them all
    found = project_results(db.session, link.form.project_id)
    for kind in (MeasureKind.PERCENT_AGREE, MeasureKind.MEAN_RATING, MeasureKind.BEFORE_AFTER):
        result = found[indicators[kind].id]
        assert result.n == len(QuestionType) and result.types == answered
        assert result.measure_n(kind) == len(MEASURES[kind].uses), kind
    assert found[indicators[MeasureKind.COUNT].id].n == len(QuestionType)
    assert MEASURES[MeasureKind.COUNT].uses == set(QuestionType)


def test_quotes_come_from_the_question_types_whose_answers_can_be_cut_as_quotes():
    from coimpact.models import EvidenceKind
    from coimpact.services.evidence import kinds_for

    quotable = {
        qtype
        for qtype in QuestionType
        if {EvidenceKind.QUOTE, EvidenceKind.STORY} & set(kinds_for(qtype))
    }
    assert MEASURES[MeasureKind.QUOTES].uses == quotable


def test_linked_answers_a_measure_cannot_use_say_why_there_is_no_figure():
    result = IndicatorResult(n=5, agree=0, agree_base=0, types={QuestionType.STORY})
    assert result.headline(MeasureKind.MEAN_RATING) == (
        "No figure: an average rating is worked out from answers to a 3-point picture scale or "
        "5-point scale question, and the 5 linked answers are to story (long text) questions"
    )
    one = IndicatorResult(n=1, types={QuestionType.YES_NO})
    assert one.headline(MeasureKind.BEFORE_AFTER).endswith(
        "and the 1 linked answer is to yes / not sure / no questions"
    )
    # A count counts any answer; quotes are counted from evidence: both always have a figure.
    assert one.headline(MeasureKind.COUNT) == "1 answer"
    assert one.headline(MeasureKind.QUOTES) == "0 approved quotes"
