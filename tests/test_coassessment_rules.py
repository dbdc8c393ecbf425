"""How co-assessors' answers add up and when they disagree with staff (domain/coassessment.py)."""

from coimpact.domain.coassessment import Tally, disagrees, out_of
from coimpact.models import Judgement, ReviewStatus

Y, A, N, U = Judgement.YES, Judgement.A_BIT, Judgement.NO, Judgement.NOT_SURE


def test_the_view_is_the_answer_most_gave_not_sure_aside():
    assert Tally.of([Y, Y, A, U, U, U]).view == Y
    assert Tally.of([U, U]).view is None
    assert Tally.of([Y, N]).view is None  # a tie is no single view
    assert Tally().view is None


def test_disagreement_lines_up_the_two_scales():
    five_yes_two_a_bit = Tally.of([Y] * 5 + [A] * 2)
    assert not disagrees(ReviewStatus.ACHIEVED, five_yes_two_a_bit)
    assert disagrees(ReviewStatus.NOT_YET, five_yes_two_a_bit)
    assert disagrees("partly", five_yes_two_a_bit)
    assert not disagrees(None, five_yes_two_a_bit)  # staff have not rated it
    assert not disagrees(ReviewStatus.ACHIEVED, Tally.of([U]))  # nobody decided


def test_counts_read_as_words():
    tally = Tally.of([Y] * 5 + [A] * 2 + [U])
    assert tally.words() == "5 said yes, 2 said a bit, 1 not sure"
    assert tally.total == 8
    assert Tally().words() == "No answers yet"
    assert out_of(7, 10) == "7 out of 10 people"
