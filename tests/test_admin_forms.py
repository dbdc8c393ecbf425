"""The form builder in the admin: forms and questions in both wordings, options, pictures and
indicator links; keys; order; publishing with its warnings and versions; retiring; closing; the
preview; and project isolation on every one of its URLs."""

import re

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    Answer,
    AuditEvent,
    Form,
    FormStatus,
    FormVersion,
    Question,
    QuestionOption,
    QuestionType,
    Response,
    Role,
    ShareLink,
)
from tests.admin_helpers import build_theory, count, post_form, token_from
from tests.public_helpers import post_standard

EVERY_TYPE = [
    ("name_of_group", QuestionType.SHORT_TEXT),
    ("story", QuestionType.STORY),
    ("venue", QuestionType.SINGLE_CHOICE),
    ("topics", QuestionType.MULTI_CHOICE),
    ("feeling", QuestionType.PICTURE_SCALE),
    ("listened", QuestionType.SCALE_5),
    ("again", QuestionType.YES_NO),
    ("meetings", QuestionType.NUMBER),
    ("confidence", QuestionType.BEFORE_AFTER),
]


def new_form(client, project, title="After the meeting", **extra):
    response = post_form(
        client,
        f"/admin/forms/new/?project_id={project.id}",
        {
            "title": title,
            "title_easy": f"{title} (easy)",
            "intro": "Tell us how it went.",
            "intro_easy": "Tell us about it.",
            "consent_text": "We keep answers safe.",
            "consent_text_easy": "Your answers are safe.",
            "anonymous": "y",
            **extra,
        },
    )
    assert response.status_code == 302, response.text
    db.session.expire_all()
    return db.session.scalar(sa.select(Form).where(Form.title == title))


def options(*rows, start=0):
    """Option rows as the question page posts them: (label, easy label[, code[, symbol]])."""
    data = {}
    for n, row in enumerate(rows, start=start):
        label, easy, code, symbol = (*row, "", "")[:4]
        data |= {
            f"options-{n}-label": label,
            f"options-{n}-label_easy": easy,
            f"options-{n}-code": code,
            f"options-{n}-symbol": symbol,
        }
    return data


def add_question(client, form, key, qtype, **extra):
    data = {
        "key": key,
        "type": QuestionType(qtype).value,
        "text": f"Standard wording for {key}?",
        "text_easy": f"Easy words for {key}?",
        "symbol": "meeting",
        **extra,
    }
    return post_form(client, f"/admin/questions/new/?form_id={form.id}", data)


def question(form, key) -> Question:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(Question).where(Question.form_id == form.id, Question.key == key)
    )


def live_keys(form) -> list[str]:
    db.session.expire_all()
    return [q.key for q in db.session.get(Form, form.id).live_questions]


def edit_data(q: Question, **changes) -> dict:
    """What the question page posts back for `q` unchanged (its option rows included)."""
    data = {
        "key": q.key,  # ignored once published
        "type": q.type.value,
        "text": q.text,
        "text_easy": q.text_easy,
        "help_text": q.help_text,
        "help_text_easy": q.help_text_easy,
        "symbol": q.symbol,
        "symbol_alt": q.symbol_alt,
        "indicators": [str(i.id) for i in q.indicators],
    }
    if q.required:
        data["required"] = "y"
    live = [o for o in q.options if not o.retired]
    for n, o in enumerate(live):
        data |= {
            f"options-{n}-id": str(o.id),
            f"options-{n}-code": o.code,
            f"options-{n}-label": o.label,
            f"options-{n}-label_easy": o.label_easy,
            f"options-{n}-symbol": o.symbol,
            f"options-{n}-order": str(n + 1),
        }
    return data | changes


def publish(client, form):
    return post_form(
        client, f"/admin/forms/publish/?id={form.id}", {"id": form.id, "confirm": "yes"}
    )


@pytest.fixture
def project(make_project):
    return make_project(name="Respite Group")


@pytest.fixture
def staff(project, make_user, login):
    user = make_user(Role.STAFF, projects=[project])
    login(user)
    return user


def test_staff_build_a_form_with_every_question_type(client, project, staff):
    indicator = build_theory(project)["indicator"]
    form = new_form(client, project)
    assert (form.title_easy, form.intro_easy, form.consent_text_easy) == (
        "After the meeting (easy)",
        "Tell us about it.",
        "Your answers are safe.",
    )
    assert form.status == FormStatus.DRAFT and form.version == 0 and form.anonymous
    for key, qtype in EVERY_TYPE:
        extra = {}
        if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE):
            extra = options(("By bus", "Bus", "", "travel"), ("On foot", "Walk"))
        if qtype == QuestionType.NUMBER:
            extra = {"min_value": "0", "max_value": "50"}
        if key == "listened":
            extra = {"indicators": [str(indicator.id)], "required": "y"}
        response = add_question(client, form, key, qtype, **extra)
        assert response.status_code == 302, (key, response.text)
    db.session.expire_all()
    saved = db.session.get(Form, form.id).live_questions
    assert [(q.key, q.type) for q in saved] == EVERY_TYPE
    assert [q.position for q in saved] == list(range(len(EVERY_TYPE)))
    venue = question(form, "venue")
    assert [(o.code, o.label, o.label_easy, o.symbol) for o in venue.options] == [
        ("by_bus", "By bus", "Bus", "travel"),
        ("on_foot", "On foot", "Walk", ""),
    ]
    listened = question(form, "listened")
    assert [i.id for i in listened.indicators] == [indicator.id] and listened.required
    assert listened.options == []  # scales keep their built-in answers, not rows
    meetings = question(form, "meetings")
    assert (meetings.min_value, meetings.max_value) == (0, 50)
    assert question(form, "story").min_value is None
    page = client.get(f"/admin/forms/edit/?id={form.id}").text
    for key, qtype in EVERY_TYPE:
        assert f"Easy words for {key}?" in page and f"Standard wording for {key}?" in page
        assert qtype.label in page
    assert "symbols/meeting.svg" in page and "symbols/travel.svg" in page
    assert "Strongly agree" in page  # the 5-point scale's fixed answers are shown
    assert "Not published yet" in page


def test_question_page_offers_pictures_and_shows_fixed_answers(client, project, staff):
    form = new_form(client, project)
    add_question(client, form, "feeling", QuestionType.PICTURE_SCALE, symbol="happy")
    page = client.get(f"/admin/questions/edit/?id={question(form, 'feeling').id}").text
    # Every shipped symbol is a choice, named with its alt text, and the pictures are shown.
    assert '<option selected value="happy">happy: A happy face</option>' in page
    assert "speaking-up: A person speaking up" in page
    assert page.count("symbols/") >= 30
    # A picture scale's answers are fixed: shown, not offered as editable rows.
    assert "Not good" in page and 'name="options-0-label"' not in page
    choice_page = client.get(f"/admin/questions/new/?form_id={form.id}&type=single_choice").text
    assert 'name="options-0-label"' in choice_page and 'name="options-2-label"' in choice_page
    # A new picture drops the old picture's own description; a description people wrote stays.
    feeling = question(form, "feeling")
    data = edit_data(feeling, symbol="sad", symbol_alt="A happy face")
    assert post_form(client, f"/admin/questions/edit/?id={feeling.id}", data).status_code == 302
    assert (question(form, "feeling").symbol, question(form, "feeling").symbol_alt) == ("sad", "")
    data = edit_data(question(form, "feeling"), symbol="happy", symbol_alt="Our group smiling")
    post_form(client, f"/admin/questions/edit/?id={feeling.id}", data)
    data = edit_data(question(form, "feeling"), symbol="ok")
    post_form(client, f"/admin/questions/edit/?id={feeling.id}", data)
    assert question(form, "feeling").symbol_alt == "Our group smiling"


def test_option_rows_reorder_by_number_and_spare_rows_are_left_out(client, project, staff):
    form = new_form(client, project)
    rows = options(("Bus", "Bus"), ("Walk", "Walk"), ("", ""), ("", ""))  # two spare rows
    assert (
        add_question(client, form, "venue", QuestionType.SINGLE_CHOICE, **rows).status_code == 302
    )
    venue = question(form, "venue")
    assert [o.code for o in venue.options] == ["bus", "walk"]
    data = edit_data(venue, **{"options-0-order": "2", "options-1-order": "1"})
    assert post_form(client, f"/admin/questions/edit/?id={venue.id}", data).status_code == 302
    assert [o.code for o in question(form, "venue").options] == ["walk", "bus"]
    # An existing answer emptied out is not saved blank: the page asks for its words.
    venue = question(form, "venue")
    data = edit_data(
        venue, **{"options-0-label": "", "options-0-code": "", "options-0-label_easy": ""}
    )
    emptied = post_form(client, f"/admin/questions/edit/?id={venue.id}", data)
    assert emptied.status_code == 200 and "Write the answer as people will read it" in emptied.text
    assert [o.label for o in question(form, "venue").options] == ["Walk", "Bus"]


def test_keys_are_checked(client, project, staff):
    form = new_form(client, project)
    bad = add_question(client, form, "has space", QuestionType.SHORT_TEXT)
    assert bad.status_code == 200 and "letters, digits and underscores" in bad.text
    assert add_question(client, form, "mood", QuestionType.BEFORE_AFTER).status_code == 302
    twice = add_question(client, form, "mood", QuestionType.SHORT_TEXT)
    assert twice.status_code == 200 and "already has this key" in twice.text
    # The participant form names the parts of before-and-after mood_before and mood_after.
    clash = add_question(client, form, "mood_before", QuestionType.SHORT_TEXT)
    assert clash.status_code == 200 and "clashes with the question" in clash.text
    assert live_keys(form) == ["mood"]
    # A key may be reused on another form.
    other = new_form(client, project, title="Second form")
    assert add_question(client, other, "mood", QuestionType.SHORT_TEXT).status_code == 302


def move(client, form, key, direction):
    q = question(form, key)
    return post_form(
        client,
        "/admin/questions/move/",
        {"id": q.id, "direction": direction},
        token_url=f"/admin/forms/edit/?id={form.id}",
    )


def test_questions_reorder_with_up_and_down_buttons(client, project, staff):
    form = new_form(client, project)
    for key in ("first", "second", "third"):
        add_question(client, form, key, QuestionType.SHORT_TEXT)
    page = client.get(f"/admin/forms/edit/?id={form.id}").text
    assert page.count('name="direction" value="up"') == 3  # plain forms: no script needed
    assert move(client, form, "third", "up").status_code == 303
    assert live_keys(form) == ["first", "third", "second"]
    move(client, form, "first", "down")
    assert live_keys(form) == ["third", "first", "second"]
    move(client, form, "third", "up")  # already first: nothing moves
    move(client, form, "second", "down")
    assert live_keys(form) == ["third", "first", "second"]
    assert move(client, form, "first", "sideways").status_code == 400
    # Like every admin POST, a move needs the page's CSRF token.
    q = question(form, "second")
    refused = client.post("/admin/questions/move/", data={"id": q.id, "direction": "up"})
    assert refused.status_code == 400
    assert live_keys(form) == ["third", "first", "second"]


def test_publishing_warns_then_makes_version_1_with_both_wordings(client, project, staff):
    form = new_form(client, project)
    add_question(client, form, "felt", QuestionType.YES_NO)
    add_question(client, form, "plain", QuestionType.SHORT_TEXT, text_easy="", symbol="")
    add_question(
        client, form, "venue", QuestionType.SINGLE_CHOICE, **options(("Bus", "Bus"), ("Car", ""))
    )
    confirm = client.get(f"/admin/forms/publish/?id={form.id}")
    assert confirm.status_code == 200
    text = re.sub(r"\s+", " ", confirm.text)
    assert "<code>plain</code> question: “Standard wording for plain?”" in text
    assert "<code>venue</code> answer &#39;car&#39;: “Car”" in text
    assert "<code>felt</code>" not in text.split("Other things to check")[0]
    assert "has no picture for easy read" in text
    assert "Publish anyway as version 1" in text
    # Without the confirmation nothing is published.
    post_form(client, f"/admin/forms/publish/?id={form.id}", {"id": form.id})
    assert count(FormVersion) == 0
    response = publish(client, form)
    assert response.status_code == 303
    db.session.expire_all()
    version = db.session.scalars(sa.select(FormVersion)).one()
    assert version.number == 1 and db.session.get(Form, form.id).status == FormStatus.OPEN
    felt = version.snapshot["questions"][0]
    assert (felt["text"], felt["text_easy"]) == (
        "Standard wording for felt?",
        "Easy words for felt?",
    )
    assert version.snapshot["title_easy"] == "After the meeting (easy)"
    assert [o["code"] for o in version.snapshot["questions"][2]["options"]] == ["bus", "car"]
    assert (
        db.session.scalar(sa.select(AuditEvent.target).where(AuditEvent.action == "form_published"))
        == f"form {form.id} v1"
    )
    page = client.get(f"/admin/forms/edit/?id={form.id}").text
    assert "Version 1, published" in page and "Changes not yet published" not in page


def test_publish_page_lists_the_forms_own_wording_without_easy_read(client, project, staff):
    form = new_form(client, project, intro_easy="", title_easy="")
    add_question(client, form, "felt", QuestionType.YES_NO)
    text = re.sub(r"\s+", " ", client.get(f"/admin/forms/publish/?id={form.id}").text)
    assert "The form&#39;s title: “After the meeting”" in text
    assert "The introduction: “Tell us how it went.”" in text
    assert "About the answers: “" not in text  # it has its easy-read wording
    assert (
        "2 parts of the form have no easy-read wording"
        in client.get(f"/admin/forms/edit/?id={form.id}").text
    )


def test_publishing_refuses_an_empty_choice_and_says_why(client, project, staff):
    form = new_form(client, project)
    add_question(client, form, "venue", QuestionType.SINGLE_CHOICE)
    page = client.get(f"/admin/forms/publish/?id={form.id}").text
    assert "has no answer options yet" in page and "disabled" in page
    response = publish(client, form)
    assert response.status_code == 303
    follow = client.get(response.headers["Location"]).text
    assert "needs at least one answer option" in follow
    assert count(FormVersion) == 0


def test_more_than_five_options_is_flagged(client, project, staff):
    form = new_form(client, project)
    rows = [(f"Answer {n}", f"Easy {n}") for n in range(6)]
    response = add_question(client, form, "many", QuestionType.MULTI_CHOICE, **options(*rows))
    assert response.status_code == 302
    assert "easy read allows at most 5" in client.get(response.headers["Location"]).text
    assert (
        "6 answers: easy read allows at most 5"
        in client.get(f"/admin/forms/edit/?id={form.id}").text
    )
    assert "has 6 answer options" in client.get(f"/admin/forms/publish/?id={form.id}").text


def test_a_changed_form_publishes_version_2_and_old_answers_keep_their_wording(
    client, make_form, staff, project
):
    link = make_form(project=project)
    form = link.form
    assert post_standard(client, link.token).status_code == 303  # a response to version 1
    listened = question(form, "listened")
    page = client.get(f"/admin/forms/edit/?id={form.id}").text
    assert "Version 1" in page and "Changes not yet published" not in page
    response = post_form(
        client,
        f"/admin/questions/edit/?id={listened.id}",
        edit_data(listened, text="Did people listen to you?", text_easy="Did they listen?"),
    )
    assert response.status_code == 302, response.text
    page = client.get(f"/admin/forms/edit/?id={form.id}").text
    assert "Changes not yet published" in page
    # Participants still get version 1 until staff publish.
    assert "Standard wording for listened?" in client.get(f"/f/{link.token}").text
    assert publish(client, form).status_code == 303
    db.session.expire_all()
    assert db.session.get(Form, form.id).version == 2
    assert "Did people listen to you?" in client.get(f"/f/{link.token}").text
    assert post_standard(client, link.token).status_code == 303  # a response to version 2
    answers = db.session.scalars(
        sa.select(Answer).where(Answer.question_key == "listened").order_by(Answer.id)
    ).all()
    assert [a.question_text for a in answers] == [
        "Standard wording for listened?",
        "Did people listen to you?",
    ]
    assert [a.response.form_version.number for a in answers] == [1, 2]
    assert answers[0].response.form_version.snapshot["questions"][5]["text"] == (
        "Standard wording for listened?"
    )


def test_published_keys_and_codes_are_fixed(client, make_form, staff, project):
    form = make_form(project=project).form
    venue = question(form, "venue")
    page = client.get(f"/admin/questions/edit/?id={venue.id}").text
    assert 'name="key"' not in page and 'name="type"' not in page
    assert re.search(r'name="options-0-code"[^>]*readonly', page)
    # A key or type posted anyway is ignored.
    post_form(
        client,
        f"/admin/questions/edit/?id={venue.id}",
        edit_data(venue, key="renamed", type="short_text"),
    )
    assert (question(form, "venue").type, question(form, "renamed")) == (
        QuestionType.SINGLE_CHOICE,
        None,
    )
    # A published option's code cannot change; its label can.
    data = edit_data(question(form, "venue"))
    data |= {"options-0-code": "x", "options-1-label": "Reworded b"}
    refused = post_form(client, f"/admin/questions/edit/?id={venue.id}", data)
    assert refused.status_code == 200 and "Fixed once published" in refused.text
    assert [o.code for o in question(form, "venue").options] == ["a", "b", "c"]
    data["options-0-code"] = "a"
    assert post_form(client, f"/admin/questions/edit/?id={venue.id}", data).status_code == 302
    venue = question(form, "venue")
    assert [(o.code, o.label) for o in venue.options][:2] == [
        ("a", "Option a"),
        ("b", "Reworded b"),
    ]
    # A new option's code is free until published, and a new question's key too.
    data = edit_data(venue) | options(("Online", "Online", "web"), start=3)
    assert post_form(client, f"/admin/questions/edit/?id={venue.id}", data).status_code == 302
    web = question(form, "venue").options[-1]
    data = edit_data(question(form, "venue"), **{"options-3-code": "online"})
    assert post_form(client, f"/admin/questions/edit/?id={venue.id}", data).status_code == 302
    db.session.expire_all()
    assert db.session.get(QuestionOption, web.id).code == "online"
    add_question(client, form, "fresh", QuestionType.SHORT_TEXT)
    fresh = question(form, "fresh")
    post_form(
        client,
        f"/admin/questions/edit/?id={fresh.id}",
        edit_data(fresh, key="renamed", type="story"),
    )
    assert question(form, "renamed").type == QuestionType.STORY


def remove(client, form, q):
    return post_form(
        client,
        "/admin/questions/remove/",
        {"id": q.id},
        token_url=f"/admin/forms/edit/?id={form.id}",
    )


def test_removing_retires_what_was_published_and_deletes_the_rest(
    client, make_form, staff, project
):
    link = make_form(project=project)
    form = link.form
    post_standard(client, link.token)
    add_question(client, form, "draft_only", QuestionType.SHORT_TEXT)
    story = question(form, "story")
    assert remove(client, form, story).status_code == 303
    assert remove(client, form, question(form, "draft_only")).status_code == 303
    db.session.expire_all()
    assert db.session.get(Question, story.id).retired  # kept for the answers given
    assert question(form, "draft_only") is None  # never published: gone
    assert "story" not in live_keys(form)
    page = client.get(f"/admin/forms/edit/?id={form.id}").text
    assert "Removed questions (1)" in page and "Changes not yet published" in page
    # flask-admin's own delete URL retires too.
    again = question(form, "again")
    token = token_from(client, f"/admin/forms/edit/?id={form.id}")
    client.post("/admin/questions/delete/", data={"id": again.id, "csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Question, again.id).retired
    # Removing a published option retires it; the next version leaves both out.
    venue = question(form, "venue")
    data = edit_data(venue, **{"options-2-remove": "y"})
    assert post_form(client, f"/admin/questions/edit/?id={venue.id}", data).status_code == 302
    assert [(o.code, o.retired) for o in question(form, "venue").options] == [
        ("a", False),
        ("b", False),
        ("c", True),
    ]
    publish(client, form)
    db.session.expire_all()
    snapshot = db.session.get(Form, form.id).versions[-1].snapshot
    keys = [q["key"] for q in snapshot["questions"]]
    assert "story" not in keys and "again" not in keys
    assert [o["code"] for o in snapshot["questions"][keys.index("venue")]["options"]] == ["a", "b"]
    # The story answered under version 1 still reads, with its question.
    story_answer = db.session.scalar(sa.select(Answer).where(Answer.question_key == "story"))
    assert story_answer.question_id == story.id and story_answer.value_text
    # A retired question can be brought back, at the end; a retired code cannot be reused.
    post_form(
        client,
        "/admin/questions/restore/",
        {"id": story.id},
        token_url=f"/admin/forms/edit/?id={form.id}",
    )
    assert live_keys(form)[-1] == "story"
    data = edit_data(question(form, "venue")) | options(("Again c", "C", "c"), start=2)
    reused = post_form(client, f"/admin/questions/edit/?id={venue.id}", data)
    assert reused.status_code == 200 and "Used before by a removed answer" in reused.text


def test_close_and_reopen(client, make_form, staff, project):
    link = make_form(project=project)
    form = link.form
    url = f"/admin/forms/edit/?id={form.id}"
    assert (
        post_form(client, "/admin/forms/close/", {"id": form.id}, token_url=url).status_code == 303
    )
    assert client.get(f"/f/{link.token}").status_code == 410
    assert "Reopen" in client.get(url).text
    post_form(client, "/admin/forms/reopen/", {"id": form.id}, token_url=url)
    assert client.get(f"/f/{link.token}").status_code == 200
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["form_closed", "form_reopened"]
    # A draft cannot be opened without publishing.
    draft = new_form(client, project, title="Draft")
    response = post_form(
        client,
        "/admin/forms/reopen/",
        {"id": draft.id},
        token_url=f"/admin/forms/edit/?id={draft.id}",
    )
    assert "never been published" in client.get(response.headers["Location"]).text
    assert db.session.get(Form, draft.id).status == FormStatus.DRAFT


def test_preview_shows_both_variants_and_sends_nothing(client, make_form, staff, project):
    form = make_form(project=project).form
    venue = question(form, "venue")
    post_form(
        client,
        f"/admin/questions/edit/?id={venue.id}",
        edit_data(venue, text="Where did we meet?", text_easy="Where was it?"),
    )
    preview = client.get(f"/admin/forms/preview/?id={form.id}")
    assert preview.status_code == 200
    page = preview.text
    # Both wordings, unpublished changes included, with the easy-read pictures.
    assert "Where did we meet?" in page and "Where was it?" in page
    assert "After the meeting" in page and "About the meeting" in page
    assert "Option a" in page and "Easy a" in page
    # Counted and promised as participants' pages are: the first question is the second page.
    assert "Page 2 of 12" in page and "There are 12 more pages after this one." in page
    assert "symbols/meeting.svg" in page
    assert "Strongly agree" in page and "Yes, a lot" in page  # a scale in both wordings
    # Nothing to send: no form element, no token, the button disabled.
    assert "<form" not in page and "csrf_token" not in page
    assert client.post(f"/admin/forms/preview/?id={form.id}").status_code in (400, 405)
    assert count(Response) == 0
    listing = client.get("/admin/forms/").text
    assert f"/admin/forms/preview/?id={form.id}" in listing
    assert (
        f"/admin/forms/preview/?id={form.id}" in client.get(f"/admin/forms/edit/?id={form.id}").text
    )


def test_a_form_with_responses_is_closed_not_deleted(client, make_form, staff, project):
    link = make_form(project=project)
    post_standard(client, link.token)
    token = token_from(client, "/admin/forms/")
    response = client.post("/admin/forms/delete/", data={"id": link.form_id, "csrf_token": token})
    assert response.status_code == 302
    assert count(Form) == 1 and count(Response) == 1
    assert "close it instead" in client.get("/admin/forms/").text
    empty = new_form(client, project, title="Unused")
    client.post("/admin/forms/delete/", data={"id": empty.id, "csrf_token": token})
    assert count(Form) == 1


@pytest.fixture
def theirs(make_project, make_form):
    """Another project's published form (with a response), question, option and indicator."""
    project = make_project(name="Theirs Day Centre")
    indicator = build_theory(project, "THEIRS")["indicator"]
    link = make_form(project=project, title="THEIRS-FORM")
    return link.form, indicator


def builder_urls(form, q) -> list[tuple[str, str]]:
    return [
        ("GET", f"/admin/forms/edit/?id={form.id}"),
        ("GET", f"/admin/forms/details/?id={form.id}"),
        ("GET", f"/admin/forms/preview/?id={form.id}"),
        ("GET", f"/admin/forms/publish/?id={form.id}"),
        ("POST", f"/admin/forms/publish/?id={form.id}"),
        ("POST", "/admin/forms/close/"),
        ("POST", "/admin/forms/reopen/"),
        ("POST", f"/admin/forms/edit/?id={form.id}"),
        ("POST", "/admin/forms/delete/"),
        ("GET", f"/admin/questions/edit/?id={q.id}"),
        ("GET", f"/admin/questions/details/?id={q.id}"),
        ("GET", f"/admin/questions/new/?form_id={form.id}"),
        ("POST", f"/admin/questions/edit/?id={q.id}"),
        ("POST", "/admin/questions/move/"),
        ("POST", "/admin/questions/remove/"),
        ("POST", "/admin/questions/restore/"),
        ("POST", "/admin/questions/delete/"),
    ]


def test_staff_of_another_project_get_404_on_every_form_builder_url(client, project, staff, theirs):
    their_form, _ = theirs
    their_q = question(their_form, "venue")
    token = token_from(client)
    for method, url in builder_urls(their_form, their_q):
        posted_id = their_q.id if "/questions/" in url else their_form.id
        data = {
            "id": posted_id,
            "csrf_token": token,
            "confirm": "yes",
            "direction": "up",
            "title": "hijacked",
            "text": "hijacked",
        }
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert response.status_code == 404, (method, url, response.status_code)
    db.session.expire_all()
    form = db.session.get(Form, their_form.id)
    assert (form.title, form.status, form.version) == ("THEIRS-FORM", FormStatus.OPEN, 1)
    assert [q.key for q in form.live_questions][:3] == ["name_of_group", "story", "venue"]
    for url in ("/admin/forms/", "/admin/questions/", "/admin/forms/new/", "/admin/questions/new/"):
        page = client.get(url)
        assert page.status_code == 200 and "THEIRS" not in page.text, url


def test_no_question_goes_into_another_projects_form_or_indicator(client, project, staff, theirs):
    their_form, their_indicator = theirs
    mine = build_theory(project)["indicator"]
    form = new_form(client, project)
    before = count(Question)
    assert client.get(f"/admin/questions/new/?form_id={their_form.id}").status_code == 404
    token = token_from(client)
    smuggled = client.post(
        f"/admin/questions/new/?form_id={their_form.id}",
        data={"form": their_form.id, "key": "smuggled", "type": "short_text", "text": "x"}
        | {"csrf_token": token},
    )
    assert smuggled.status_code == 404
    # A form field posted anyway is no field at all: the question goes into the page's form.
    posted = post_form(
        client,
        f"/admin/questions/new/?form_id={form.id}",
        {"form": their_form.id, "key": "smuggled", "type": "short_text", "text": "x"},
    )
    assert posted.status_code == 302
    assert question(form, "smuggled").form_id == form.id
    assert (
        client.post(
            "/admin/questions/remove/",
            data={"id": question(form, "smuggled").id, "csrf_token": token},
        ).status_code
        == 303
    )
    linked = add_question(
        client, form, "linked", QuestionType.YES_NO, indicators=[str(their_indicator.id)]
    )
    assert linked.status_code == 200 and "Not a valid choice" in linked.text
    assert count(Question) == before
    page = client.get(f"/admin/questions/new/?form_id={form.id}&type=yes_no").text
    assert mine.statement.strip() in page and "THEIRS" not in page
    assert (
        add_question(client, form, "ok", QuestionType.YES_NO, indicators=[str(mine.id)]).status_code
        == 302
    )
    q = question(form, "ok")
    edited = post_form(
        client,
        f"/admin/questions/edit/?id={q.id}",
        edit_data(q, indicators=[str(mine.id), str(their_indicator.id)]),
    )
    assert edited.status_code == 200
    assert [i.id for i in question(form, "ok").indicators] == [mine.id]


def test_viewers_read_and_preview_but_change_nothing(client, make_form, make_user, login, project):
    link = make_form(project=project)
    form = link.form
    q = question(form, "venue")
    login(make_user(Role.VIEWER, projects=[project]))
    listing = client.get("/admin/forms/")
    assert listing.status_code == 200 and "After the meeting" in listing.text
    assert "/admin/forms/new/" not in listing.text
    assert client.get(f"/admin/forms/preview/?id={form.id}").status_code == 200
    assert client.get(f"/admin/forms/details/?id={form.id}").status_code == 200
    token = token_from(client)
    for method, url in builder_urls(form, q):
        if url.split("?")[0].endswith(("/details/", "/preview/")):
            continue
        data = {"id": q.id if "/questions/" in url else form.id, "csrf_token": token}
        data |= {"confirm": "yes", "direction": "down", "title": "v", "text": "v"}
        response = client.get(url) if method == "GET" else client.post(url, data=data)
        assert response.status_code == 403, (method, url, response.status_code)
    db.session.expire_all()
    form = db.session.get(Form, form.id)
    assert (form.title, form.status, form.version) == ("After the meeting", FormStatus.OPEN, 1)
    assert live_keys(form)[2] == "venue" and count(FormVersion) == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, make_form):
    form = make_form().form
    q = question(form, "venue")
    for method, url in builder_urls(form, q):
        response = client.get(url) if method == "GET" else client.post(url, data={"id": form.id})
        assert response.status_code in (302, 400), (method, url)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), url
    assert db.session.get(Form, form.id).status == FormStatus.OPEN


def test_share_links_survive_republishing(client, make_form, staff, project):
    link = make_form(project=project)
    assert publish(client, link.form).status_code == 303  # nothing changed: still version 1
    db.session.expire_all()
    assert db.session.get(Form, link.form_id).version == 1 and count(FormVersion) == 1
    assert db.session.get(ShareLink, link.id).is_open
