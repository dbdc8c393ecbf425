"""The project dashboard and indicator reviews, through the HTTP client (fixture and hand-worked
numbers: tests/results_fixture.py)."""

import html
import re
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from coimpact.domain.periods import financial_year_of
from coimpact.domain.readable import UK
from coimpact.extensions import db
from coimpact.models import AuditEvent, IndicatorReview, MeasureKind, ReviewStatus, Role
from coimpact.services.theory import add_indicator, add_outcome
from tests.admin_helpers import post_form
from tests.results_fixture import OUTCOME_HTML, SPAM, STORY_1, STORY_2, STORY_3, STORY_6, build


@pytest.fixture
def built(app, make_form):
    return build(app, make_form)


@pytest.fixture
def staff(built, make_user, login):
    user = make_user(Role.STAFF, projects=[built["project"]])
    login(user)
    return user


def board_url(built, **query) -> str:
    url = f"/admin/dashboard/{built['project'].id}"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def review_url(built, ref: str) -> str:
    return f"{board_url(built)}/review/{built['indicators'][ref].id}"


def indicator_block(page: str, ref: str) -> str:
    """The HTML of one indicator's row on the dashboard."""
    start = page.index(f'id="indicator-{ref}"')
    end = page.find('class="dash-indicator"', start + 1)
    return page[start : end if end > 0 else len(page)]


def figure_with(page: str, words: str) -> str:
    match = re.search(r"<figure class=\"dash-quote\">(?:(?!</figure>).)*?" + re.escape(words)
                      + r".*?</figure>", page, re.S)  # fmt: skip
    assert match, words
    return match.group(0)


def reviews():
    db.session.expire_all()
    return db.session.scalars(sa.select(IndicatorReview).order_by(IndicatorReview.id)).all()


def test_every_section_and_outcome_with_hand_worked_headlines(client, built, staff):
    page = client.get(board_url(built))
    assert page.status_code == 200
    text = page.text
    for heading in ("Achievements", "Benefits", "Impact", "Evaluation &amp; feedback"):
        assert f">{heading}</h2>" in text
    for ref in ("A1", "B1", "I1", "E1", "A1.1", "A1.2", "B1.1", "B1.2", "I1.1", "E1.1", "E1.2"):
        assert f'id="indicator-{ref}"' in text or f'id="outcome-{ref}"' in text
    expected = {
        "A1.1": "30 in total",
        "A1.2": "3 answers",
        "B1.1": "60% agree (6 of 10)",
        "B1.2": "2.5 before, 4.0 now (+1.5, n=4)",
        "I1.1": "3 approved quotes",
        "E1.1": "3.5 out of 5 on average (n=4)",
        "E1.2": "60% agree (3 of 5)",
    }
    for ref, headline in expected.items():
        block = indicator_block(text, ref)
        assert f'<p class="dash-headline">{headline}</p>' in block, ref
    # n for each measure, and evidence counts beside it.
    assert "<dt>n</dt><dd>10</dd>" in indicator_block(text, "B1.1")
    assert "<dt>n</dt><dd>4" in indicator_block(text, "B1.2")  # pairs; 5 linked answers
    assert "(5 linked answers)" in indicator_block(text, "B1.2")
    assert "<dd>4 items</dd>" in indicator_block(text, "I1.1")
    assert "20" in indicator_block(text, "A1.1")  # baseline 0 -> target 20
    # 5 responses count (R5 was spam): 3 standard, 2 easy read.
    assert "3 standard · 2 easy read" in text
    assert re.search(r'dash-stat-number">5</p>\s*<p class="dash-stat-label">responses', text)


def test_charts_are_svg_with_their_numbers_in_words(client, built, staff):
    text = client.get(board_url(built)).text
    svgs = re.findall(r"<svg [^>]*>.*?</svg>", text, re.S)
    assert svgs and all('role="img"' in s and "aria-label=" in s and "<title>" in s for s in svgs)
    block = indicator_block(text, "B1.1")
    assert 'aria-label="Bar chart: 60% agree (6 of 10 answers); target 75%."' in block
    yes_no = "Answers to the yes / not sure / no question: Yes 3 (60%); Not sure 1 (20%); No 1"
    faces = "Answers to the 3-point picture scale question: Not good 1 (20%); OK 1 (20%); Good 3"
    assert yes_no in block and faces in block
    before_after = indicator_block(text, "B1.2")
    assert (
        "Bar chart: before 2.5, now 4, on a scale of 1 to 5; change +1.5 "
        "(4 people who gave both)." in before_after
    )
    mean = indicator_block(text, "E1.1")
    assert "Bar chart: average 3.5 on a scale of 1 to 5 (4 answers); target 4." in mean
    topics = indicator_block(text, "A1.2")
    assert "Option a 2 (50%); Option b 1 (25%); Option c 1 (25%)" in topics


def test_quotes_respect_permission(client, built, staff):
    text = client.get(board_url(built)).text
    # R2 said "no": its words never appear, though EV2 still counts as an approved quote.
    assert STORY_2 not in text and "Pat shouts" not in text
    assert SPAM not in text
    anonymous = figure_with(text, html.escape(STORY_1, quote=False))
    assert "Anonymous" in anonymous and "Ali" not in anonymous
    assert "Most significant change" in anonymous and "EV1" in anonymous
    named = figure_with(text, STORY_3)
    assert '<span class="dash-quote-name">Ali</span>' in named and "Unexpected" in named
    # EV4 (R6's story) is a draft: not shown, whatever the permission.
    assert STORY_6 not in text
    assert "2 of 3 approved quotes and stories shown" in text  # outcome I1
    assert "1 of 1 approved quote or story shown" in text  # outcome B1: EV3 linked to it


def test_user_text_is_escaped(client, built, staff):
    post_form(
        client,
        review_url(built, "B1.1"),
        {"period": "2025-26", "status": "partly", "narrative": "<script>alert(1)</script> ok"},
    )
    text = client.get(board_url(built)).text
    assert html.escape(OUTCOME_HTML, quote=False) in text and OUTCOME_HTML not in text
    assert "&lt;b&gt;leaflet&lt;/b&gt; together &amp; it feels like ours." in text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ok" in text


def test_staff_write_a_review_and_it_shows(client, built, staff):
    form = client.get(review_url(built, "E1.2"))
    assert form.status_code == 200 and "60% agree (3 of 5)" in form.text
    saved = post_form(
        client,
        review_url(built, "E1.2"),
        {"period": "2025-26", "status": "achieved", "narrative": "Most people felt heard."},
    )
    assert saved.status_code == 303
    assert saved.headers["Location"].endswith(f"{board_url(built)}#indicator-E1.2")
    (review,) = reviews()
    assert (review.period, review.status, review.updated_by_id) == (
        "2025-26",
        ReviewStatus.ACHIEVED,
        staff.id,
    )
    block = indicator_block(client.get(board_url(built)).text, "E1.2")
    assert "Achieved" in block and "Most people felt heard." in block and "2025-26" in block
    # The same period again updates it; another period is a second review.
    post_form(client, review_url(built, "E1.2"), {"period": " 2025-26", "status": "partly"})
    post_form(client, review_url(built, "E1.2"), {"period": "2026-27", "status": "not_yet",
                                                   "narrative": "New year."})  # fmt: skip
    assert [(r.period, r.status, r.narrative) for r in reviews()] == [
        ("2025-26", ReviewStatus.PARTLY, ""),
        ("2026-27", ReviewStatus.NOT_YET, "New year."),
    ]
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "indicator_review_saved")
    ).all()
    assert len(audit) == 3 and all("New year" not in str(a.detail) for a in audit)
    # The dashboard shows the latest review; a chosen period shows that period's.
    assert "Not yet achieved" in indicator_block(client.get(board_url(built)).text, "E1.2")
    older = indicator_block(client.get(board_url(built, period="2025-26")).text, "E1.2")
    assert "Partly achieved" in older and "New year." not in older
    history = client.get(review_url(built, "E1.2")).text
    assert "2025-26" in history and "2026-27" in history


def test_review_form_starts_on_this_financial_year_and_existing_review(client, built, staff):
    # A project without reporting periods reviews for the UK financial year we are in.
    year = financial_year_of(datetime.now(UK).date()).name
    assert f'value="{year}"' in client.get(review_url(built, "A1.1")).text
    post_form(client, review_url(built, "A1.1"), {"period": "Spring 2026", "status": "partly",
                                                   "narrative": "Half way."})  # fmt: skip
    page = client.get(review_url(built, "A1.1") + "?period=Spring%202026").text
    assert 'value="Spring 2026"' in page and "Half way." in page
    (partly,) = re.findall(r'<input[^>]*value="partly"[^>]*>', page)
    assert "checked" in partly


def test_a_bad_review_is_shown_again_with_messages(client, built, staff):
    missing = post_form(client, review_url(built, "E1.1"), {"period": "", "narrative": "Kept."})
    assert missing.status_code == 422
    assert "There is a problem" in missing.text
    assert "Say which period this review is for" in missing.text
    assert "Choose whether the indicator was achieved." in missing.text
    assert "Kept." in missing.text
    too_long = post_form(
        client, review_url(built, "E1.1"), {"period": "x" * 61, "status": "achieved"}
    )
    assert too_long.status_code == 422 and reviews() == []
    odd = post_form(client, review_url(built, "E1.1"), {"period": "2025", "status": "done"})
    assert odd.status_code == 422 and reviews() == []


def test_a_review_post_needs_its_csrf_token(client, built, staff):
    response = client.post(review_url(built, "E1.1"), data={"period": "x", "status": "achieved"})
    assert response.status_code == 400 and reviews() == []


def test_viewers_read_but_never_write(client, built, make_user, login):
    viewer = make_user(Role.VIEWER, projects=[built["project"]])
    login(viewer)
    page = client.get(board_url(built))
    assert page.status_code == 200 and "60% agree (6 of 10)" in page.text
    assert "Write review" not in page.text and "Update review" not in page.text
    review_page = client.get(review_url(built, "E1.1"))
    assert review_page.status_code == 200
    assert 'name="narrative"' not in review_page.text
    refused = post_form(
        client,
        review_url(built, "E1.1"),
        {"period": "2025-26", "status": "achieved"},
        token_url=board_url(built),
    )
    assert refused.status_code == 403 and reviews() == []


def test_staff_of_another_project_get_404(client, built, make_project, make_user, login):
    other = make_project()
    outsider = make_user(Role.STAFF, projects=[other])
    login(outsider)
    assert client.get(board_url(built)).status_code == 404
    assert client.get(review_url(built, "E1.1")).status_code == 404
    assert client.get("/admin/dashboard/999999").status_code == 404
    refused = post_form(
        client,
        review_url(built, "E1.1"),
        {"period": "2025-26", "status": "achieved"},
        token_url="/admin/dashboard/",
    )
    assert refused.status_code == 404 and reviews() == []
    # Their own project id with this project's indicator: still not found.
    theirs = f"/admin/dashboard/{other.id}/review/{built['indicators']['E1.1'].id}"
    assert client.get(theirs).status_code == 404
    listing = client.get("/admin/dashboard/")
    assert listing.status_code == 200 and built["project"].name not in listing.text


def test_anonymous_visitors_are_sent_to_sign_in(client, built):
    response = client.get(board_url(built))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_project_list_leads_to_each_dashboard(client, built, staff):
    page = client.get("/admin/dashboard/")
    assert page.status_code == 200
    assert f'href="{board_url(built)}"' in page.text


def test_query_count_does_not_grow_with_outcomes(client, built, staff):
    def queries_for_page() -> int:
        statements = []

        def count(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(board_url(built)).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    before = queries_for_page()
    project = built["project"]
    for number in range(4):
        outcome = add_outcome(project, "benefit", f"Another outcome {number}")
        for measure in MeasureKind:
            add_indicator(outcome, f"Indicator {number} {measure}", measure, target="50%")
    db.session.commit()
    assert queries_for_page() == before


def test_an_indicator_whose_answers_its_measure_cannot_use_says_why(
    client, make_form, make_user, login
):
    """An average rating fed only by yes / not sure / no answers has no figure, and the
    dashboard and the review page say why instead of a bare count of answers."""
    from coimpact.models import Question
    from tests.public_helpers import post_standard

    link = make_form()
    project = link.form.project
    outcome = add_outcome(project, "benefit", "Members feel heard")
    rating = add_indicator(outcome, "Members rate being heard", MeasureKind.MEAN_RATING)
    again = db.session.scalar(
        sa.select(Question).where(Question.form_id == link.form_id, Question.key == "again")
    )
    again.indicators.append(rating)
    db.session.commit()
    for _ in range(3):
        assert post_standard(client, link.token).status_code == 303
    login(make_user(Role.STAFF, projects=[project]))
    page = client.get(f"/admin/dashboard/{project.id}").text
    why = (
        "an average rating is worked out from answers to a 3-point picture scale or 5-point "
        "scale question, and the 3 linked answers are to yes / not sure / no questions"
    )
    block = indicator_block(page, "B1.1")
    assert '<p class="dash-headline">No figure</p>' in block
    assert f'<p class="dash-why">Why: {why}.</p>' in block
    review = client.get(f"/admin/dashboard/{project.id}/review/{rating.id}").text
    assert f"No figure: {why}" in review
