"""Indicator reviews: the write service, and the read-only list across projects."""

from datetime import date

import pytest
import sqlalchemy as sa

from coimpact.domain.periods import years_name
from coimpact.extensions import db
from coimpact.models import IndicatorReview, ReviewStatus, Role
from coimpact.services.indicator_reviews import default_period, save_review
from tests.admin_helpers import build_theory, post_form, token_from


@pytest.fixture
def two(make_project):
    ours = make_project(name="Ours Respite Group")
    theirs = make_project(name="Theirs Day Centre")
    return build_theory(ours, "OURS"), build_theory(theirs, "THEIRS")


def stored():
    db.session.expire_all()
    return db.session.scalars(sa.select(IndicatorReview).order_by(IndicatorReview.id)).all()


def test_one_review_per_indicator_and_period(two, make_user):
    indicator = two[0]["indicator"]
    user = make_user(Role.STAFF)
    first = save_review(indicator, "2025-26", "partly", "  Half way. ", user)
    again = save_review(indicator, " 2025 -  26", ReviewStatus.PARTLY, "x", user)
    assert again.id != first.id  # "2025 - 26" is another spelling, another period
    same = save_review(indicator, "2025-26", ReviewStatus.ACHIEVED, "Done.", None)
    assert same.id == first.id and same.status == ReviewStatus.ACHIEVED
    assert same.narrative == "Done." and same.updated_by_id is None
    assert [(r.period, r.status) for r in stored()] == [
        ("2025-26", ReviewStatus.ACHIEVED),
        ("2025 - 26", ReviewStatus.PARTLY),
    ]
    assert stored()[0].narrative == "Done."


@pytest.mark.parametrize(
    ("period", "narrative"), [("", "x"), ("   ", "x"), ("p" * 61, "x"), ("2025", "n" * 10_001)]
)
def test_bad_reviews_are_refused_and_nothing_is_stored(two, period, narrative):
    with pytest.raises(ValueError):
        save_review(two[0]["indicator"], period, "achieved", narrative, None)
    assert stored() == []


def test_default_period_reads_like_a_year():
    # Without reporting periods a review is for the UK financial year we are in.
    assert default_period(today=date(2026, 3, 31)) == "2025-26"
    assert default_period(today=date(2026, 4, 1)) == "2026-27"
    assert years_name(date(2025, 4, 1), date(2026, 3, 31)) == "2025-26"
    assert years_name(date(2026, 1, 1), date(2026, 12, 31)) == "2026"
    assert years_name(date(2099, 4, 1), date(2100, 3, 31)) == "2099-00"


def test_list_shows_own_projects_reviews_only(client, two, make_user, login):
    ours, theirs = two
    save_review(ours["indicator"], "2025-26", "achieved", "OURS-NARRATIVE", None)
    save_review(theirs["indicator"], "2025-26", "partly", "THEIRS-NARRATIVE", None)
    login(make_user(Role.STAFF, projects=[ours["outcome"].project]))
    for query in ("", "?search=THEIRS", "?flt0_0=Theirs", "?sort=0&desc=1"):
        page = client.get("/admin/reviews/" + query)
        assert page.status_code == 200
        assert "THEIRS-NARRATIVE" not in page.text and "Theirs Day Centre" not in page.text
    page = client.get("/admin/reviews/").text
    assert "OURS-NARRATIVE" in page and "List (1)" in page and "Achieved" in page
    indicator = ours["indicator"]
    link = f"/admin/dashboard/{indicator.outcome.project_id}/review/{indicator.id}?period=2025-26"
    assert link in page


def test_list_is_read_only_for_everyone(client, two, make_user, login):
    ours = two[0]
    review = save_review(ours["indicator"], "2025-26", "achieved", "Kept.", None)
    login(make_user(Role.ADMIN))
    assert client.get("/admin/reviews/new/").status_code == 403
    assert client.get(f"/admin/reviews/edit/?id={review.id}").status_code == 403
    token = token_from(client, "/admin/reviews/")
    deleted = client.post("/admin/reviews/delete/", data={"id": review.id, "csrf_token": token})
    assert deleted.status_code == 403
    bulk = post_form(
        client,
        "/admin/reviews/action/",
        {"action": "delete", "rowid": str(review.id)},
        token_url="/admin/reviews/",
    )
    assert bulk.status_code == 302  # back to the list, nothing done
    assert [r.narrative for r in stored()] == ["Kept."]


def test_list_filters_by_status(client, two, make_user, login):
    ours = two[0]
    save_review(ours["indicator"], "2024-25", "not_yet", "EARLIER", None)
    save_review(ours["indicator"], "2025-26", "achieved", "LATER", None)
    login(make_user(Role.VIEWER, projects=[ours["outcome"].project]))
    listing = client.get("/admin/reviews/")
    assert listing.status_code == 200
    assert listing.text.index("LATER") < listing.text.index("EARLIER")  # newest first
    filters = client.get("/admin/reviews/?flt0_1=not_yet").text
    assert "EARLIER" in filters and "LATER" not in filters
