"""What each kind of measure needs and gives, told where staff choose it (the indicator form,
alone and inside its outcome's form), and said out loud when an indicator's measure cannot use
the questions linked to it."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from coimpact.domain.measures import MEASURES
from coimpact.extensions import db
from coimpact.models import Indicator, MeasureKind, Question, Role
from tests.admin_helpers import build_theory, post_form


@pytest.fixture
def setup(make_form, make_user, login):
    """A project with A1.1 (share who agree) measured by the yes / not sure / no question, and a
    signed-in member of staff."""
    link = make_form()
    project = link.form.project
    theory = build_theory(project)
    again = db.session.scalar(
        sa.select(Question).where(Question.form_id == link.form_id, Question.key == "again")
    )
    again.indicators.append(theory["indicator"])
    db.session.commit()
    login(make_user(Role.STAFF, projects=[project]))
    return theory


def plain(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))


@pytest.mark.parametrize("where", ["indicator", "outcome"])
def test_the_measure_field_says_what_each_kind_needs_and_gives(client, setup, where):
    url = {
        "indicator": f"/admin/indicators/edit/?id={setup['indicator'].id}",
        "outcome": f"/admin/outcomes/edit/?id={setup['outcome'].id}",
    }[where]
    text = plain(client.get(url).text)
    assert "What each kind of measure needs from a question, and what it gives" in text
    for measure in MEASURES.values():
        assert f"{measure.label} needs {measure.needs}. It gives {measure.gives}." in text
    assert (
        "Average rating needs a 3-point picture scale or 5-point scale question. It gives the "
        "average on the scale, e.g. “3.5 out of 5 on average (n=4)”." in text
    )


def indicator_data(indicator: Indicator, **changes) -> dict:
    return {
        "statement": indicator.statement,
        "measure": indicator.measure.value,
        "baseline": indicator.baseline,
        "target": indicator.target,
    } | changes


def test_changing_the_measure_to_one_that_cannot_use_a_linked_question_says_so(client, setup):
    indicator = setup["indicator"]
    url = f"/admin/indicators/edit/?id={indicator.id}"
    saved = post_form(client, url, indicator_data(indicator, measure="mean_rating"))
    assert saved.status_code == 302
    warning = (
        "A1.1 is measured as “Average rating”, worked out from answers to a 3-point picture "
        "scale or 5-point scale question. Answers to the yes / not sure / no question “again” "
        "will arrive as suggested evidence for A1.1, but cannot change its figure."
    )
    assert warning in plain(client.get(saved.headers["Location"]).text)
    db.session.expire_all()
    changed = db.session.get(Indicator, indicator.id)
    assert changed.measure == MeasureKind.MEAN_RATING and len(changed.questions) == 1
    # Saved again unchanged, or changed to a measure that can use it: nothing to say.
    again = post_form(client, url, indicator_data(changed, statement="Reworded"))
    assert "cannot change its figure" not in plain(client.get(again.headers["Location"]).text)
    fine = post_form(client, url, indicator_data(changed, measure="count"))
    assert "cannot change its figure" not in plain(client.get(fine.headers["Location"]).text)


def test_the_same_warning_from_the_outcome_form(client, setup):
    indicator, outcome = setup["indicator"], setup["outcome"]
    data = {
        "statement": outcome.statement,
        "indicators-0-id": str(indicator.id),
        "indicators-0-statement": indicator.statement,
        "indicators-0-measure": "before_after",
    }
    saved = post_form(client, f"/admin/outcomes/edit/?id={outcome.id}", data)
    assert saved.status_code == 302
    text = plain(client.get(saved.headers["Location"]).text)
    assert "A1.1 is measured as “Before and after change”" in text
    assert "the yes / not sure / no question “again”" in text
