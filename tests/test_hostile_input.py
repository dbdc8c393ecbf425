"""Hostile input at every public endpoint, drawn by Hypothesis: any text in any field (controls,
NUL, lone CR, every Unicode plane, right-to-left and zero-width marks, very long strings),
numbers that are not numbers, unknown option codes, missing, repeated and extra fields, odd
tokens, cookies and step names.

Whatever arrives: never a 500 (each status is one of a known set), every reply is a whole HTML
page or a redirect, and nothing is half-written: after each request either one whole response
with all its answers was stored or nothing was. A submission that is accepted stores exactly
what was sent, after the documented normalisation (NUL removed, surrounding space trimmed,
repeated option codes kept once).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

import pytest
import sqlalchemy as sa
from hypothesis import event, example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.test import encode_multipart

from coimpact.domain.question_types import choices_for, display_answer
from coimpact.extensions import db
from coimpact.forms.participant import MESSAGES, make_participant_form
from coimpact.models import QuotePermission, Response, Role, User, Variant
from coimpact.public.blueprint import PUBLIC_MAX_BYTES
from tests.conftest import PASSWORD, csrf_token
from tests.hostile_helpers import (
    CHARS,
    HOSTILE,
    assert_whole_page,
    counts,
    extra_names,
    hostile_text,
    hostile_value,
    newest_response,
    short_text,
    stored_answers,
    without_nul,
)
from tests.public_helpers import GOOD_ANSWERS, submission_id

DROP = object()  # a change that leaves the field out altogether
REQUIRED = {"venue", "feeling", "listened"}  # as make_form sets them

# Values each field accepts, so that drawn changes also make valid submissions to store.
VALID = {
    "consent": ["yes", "no"],
    "quote_permission": ["no", "anonymous", "named"],
    "participant_name": ["Ali", "  Ali  ", "Ali\x00"],
    "q_name_of_group": ["Tuesday group", ""],
    "q_story": ["I spoke up.\r\nTwice.", ""],
    "q_venue": ["a", "b", "c"],
    "q_topics": [["a"], ["b", "c"], ["c", "a", "c", "a"], []],
    "q_feeling": ["1", "2", "3"],
    "q_listened": ["1", "2", "3", "4", "5"],
    "q_again": ["yes", "not_sure", "no"],
    "q_meetings": ["0", "100", "12.5", " 7 ", "1,0", ""],
    "q_confidence_before": ["1", "5"],
    "q_confidence_after": ["2", "4"],
    "supported": ["yes", "no"],
    "website": ["", "http://spam.example"],
    "submission_id": ["", "fixed-key"],
    "csrf_token": [""],
}


@pytest.fixture
def app(make_app):
    """A submission limit these tests never reach: they send hundreds of requests on purpose.
    (Not RATELIMIT_ENABLED=False: the limiter is one object for the process, and that setting
    would stay with every app made after this one.)"""
    app = make_app(COIMPACT_SUBMIT_LIMIT="100000 per minute")
    with app.app_context():
        yield app


@pytest.fixture
def token(make_form) -> str:
    return make_form().token


@st.composite
def changes(draw, fields: dict[str, list]) -> tuple[dict, dict]:
    """Some fields dropped, set to another valid value or to hostile text (once or repeated),
    and some fields nobody asked for."""
    changed = {}
    for name in draw(st.lists(st.sampled_from(sorted(fields)), unique=True, max_size=6)):
        how = draw(st.integers(0, 3))
        if how == 0:
            changed[name] = DROP
        elif how == 1 and fields[name]:
            changed[name] = draw(st.sampled_from(fields[name]))
        else:
            changed[name] = draw(hostile_value)
    extras = draw(
        st.dictionaries(extra_names.filter(lambda n: n not in fields), hostile_value, max_size=3)
    )
    return changed, extras


def applied(data: dict, drawn: tuple[dict, dict]) -> dict:
    changed, extras = drawn
    data = {**data, **extras}
    for name, value in changed.items():
        if value is DROP:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def first(data: dict, name: str) -> str | None:
    value = data.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def expected_answers(data: dict) -> dict[str, tuple]:
    """What an accepted standard form stores, worked out from what was posted: (text, number,
    before, option codes) by question key; empty answers are not stored."""
    out = {}
    for key in ("name_of_group", "story"):
        text = without_nul(first(data, f"q_{key}") or "").strip()
        if text:
            out[key] = (text, None, None, None)
    for key in ("venue", "again"):
        if code := first(data, f"q_{key}"):
            out[key] = (None, None, None, code)
    for key in ("feeling", "listened"):
        if code := first(data, f"q_{key}"):
            out[key] = (None, float(code), None, code)
    topics = data.get("q_topics") or []
    topics = [topics] if isinstance(topics, str) else topics
    if topics:
        out["topics"] = (None, None, None, ";".join(dict.fromkeys(topics)))
    meetings = without_nul(first(data, "q_meetings") or "").strip()
    if meetings:
        out["meetings"] = (None, float(meetings.replace(",", "")), None, None)
    before, after = first(data, "q_confidence_before"), first(data, "q_confidence_after")
    if before or after:
        out["confidence"] = (
            None,
            float(after) if after else None,
            float(before) if before else None,
            None,
        )
    return out


def assert_stored_as_posted(response: Response, data: dict, variant: Variant) -> None:
    permission = QuotePermission(first(data, "quote_permission"))
    name = without_nul(first(data, "participant_name") or "").strip() or None
    assert response.variant == variant
    assert response.consent_given is True
    assert response.quote_permission == permission
    assert response.participant_name == (name if permission == QuotePermission.NAMED else None)
    assert response.supported == {"yes": True, "no": False}.get(first(data, "supported") or "")
    assert response.is_spam == bool(without_nul(first(data, "website") or "").strip())
    assert stored_answers(response) == expected_answers(data)


def post(client, url: str, data: dict, multipart: bool):
    body, content_type = encoded(data, multipart)
    return client.post(url, data=body, content_type=content_type)


def encoded(data: dict, multipart: bool) -> tuple[bytes, str]:
    """The request body a browser would send, and its type. Multipart is encoded in memory: the
    test client would spool a body over 500 KB to a temporary file that nobody closes, and its
    ResourceWarning could fail whichever test runs when the garbage collector finds it."""
    if multipart:
        boundary, body = encode_multipart(data)
        return body, f"multipart/form-data; boundary={boundary}"
    return urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"


STANDARD_STATUSES = {200, 303, 400, 413, 422}


@HOSTILE
@given(drawn=changes(VALID), multipart=st.booleans())
# Always tried: NUL in every kind of text field (PostgreSQL cannot store it), and one box
# posted hundreds of times (longer than the column, and counted once per copy).
@example(
    drawn=(
        {
            "q_story": "a\x00b",
            "quote_permission": "named",
            "participant_name": "\x00Ali",
            "website": "\x00",
            "submission_id": "key\x00",
        },
        {},
    ),
    multipart=False,
)
@example(drawn=({"q_topics": ["a", "b"] * 300}, {}), multipart=True)
@example(drawn=({"q_meetings": "1\x002", "submission_id": "\x00"}, {}), multipart=False)
def test_standard_form_stores_whole_responses_or_nothing(app, token, drawn, multipart):
    client = app.test_client()
    page = client.get(f"/f/{token}").text
    data = applied(
        {**GOOD_ANSWERS, "csrf_token": csrf_token(page), "submission_id": submission_id(page)},
        drawn,
    )
    key = without_nul(first(data, "submission_id") or "")
    before = counts()
    seen_key = bool(key) and key_stored(key)

    reply = post(client, f"/f/{token}", data, multipart)
    event(f"status {reply.status_code}")  # see --hypothesis-show-statistics

    assert reply.status_code in STANDARD_STATUSES, reply.status_code
    assert_whole_page(reply)
    after = counts()
    if reply.status_code == 413:
        # Only a body over the limit is refused (an astral character is 12 bytes encoded).
        assert len(encoded(data, multipart)[0]) > PUBLIC_MAX_BYTES
    if reply.status_code == 200:
        assert first(data, "consent") == "no"  # the "thank you anyway" page, nothing kept
    if reply.status_code != 303 or seen_key:
        assert after == before  # refused, declined or a repeat: nothing new at all
        return
    assert reply.headers["Location"] == f"/f/{token}/thanks"
    response = newest_response()
    assert after.responses == before.responses + 1
    assert after.answers == before.answers + len(response.answers)
    if key:
        assert response.idempotency_key == key
    assert_stored_as_posted(response, data, Variant.STANDARD)
    assert REQUIRED <= set(stored_answers(response))


def key_stored(key: str) -> bool:
    db.session.rollback()
    found = db.session.scalar(sa.select(Response.id).where(Response.idempotency_key == key))
    return found is not None


# --- easy read ---------------------------------------------------------------------------------

STEPS = ["agree", *map(str, range(1, 10)), "helped", "check", "thanks"]
STEP_DATA = {
    "agree": {"consent": "yes", "quote_permission": "named", "participant_name": "Ali"},
    "1": {"q_name_of_group": "Tuesday group"},
    "2": {"q_story": "I felt listened to."},
    "3": {"q_venue": "a"},
    "4": {"q_topics": ["b"]},
    "5": {"q_feeling": "3"},
    "6": {"q_listened": "5"},
    "7": {"q_again": "yes"},
    "8": {"q_meetings": "4"},
    "9": {"q_confidence_before": "1", "q_confidence_after": "5"},
    "helped": {"supported": "no"},
    "check": {},
    "thanks": {},
}
EASY_STATUSES = {200, 303, 308, 400, 404, 405, 413, 422}

# Each action: a method, a step (ours or any text), changes to that step's good answers, whether
# the page's CSRF token is sent, and the `from` argument (back to the check page, or nonsense).
easy_action = st.tuples(
    st.sampled_from(["GET", "POST"]),
    st.one_of(st.sampled_from(STEPS), short_text.filter(bool)),
    changes(VALID),
    st.booleans(),
    st.one_of(st.none(), st.just("check"), short_text),
)
JOURNEY = [("POST", step, ({}, {}), True, None) for step in STEPS[:-2]]


@st.composite
def easy_actions(draw) -> list:
    """Hostile actions on their own, or slipped in between the steps of a whole journey (so
    that some examples end with a response stored and some with one refused)."""
    hostile = draw(st.lists(easy_action, max_size=6))
    if not draw(st.booleans()):
        return hostile
    actions = list(JOURNEY)
    for action in hostile:
        actions.insert(draw(st.integers(0, len(actions))), action)
    return actions


def step_url(token: str, step: str, from_: str | None = None) -> str:
    url = f"/f/{token}/easy/{quote(step, safe='')}"
    return url + (f"?from={quote(from_, safe='')}" if from_ is not None else "")


@HOSTILE
@given(
    start=st.booleans(),
    cookie=st.one_of(st.none(), short_text),
    actions=easy_actions(),
    multipart=st.booleans(),
)
@example(start=False, cookie="a\x00b", actions=[], multipart=False)
@example(
    start=False,
    cookie=None,
    actions=[("POST", "check", ({"submission_id": "k\x00"}, {}), True, None)],
    multipart=False,
)
@example(
    start=True,
    cookie=None,
    actions=[
        ("POST", "agree", ({"participant_name": "A\x00li"}, {}), True, None),
        ("POST", "2", ({"q_story": "\x00"}, {}), True, "check"),
        ("POST", "4", ({"q_topics": ["c"] * 400}, {}), True, None),
    ],
    multipart=False,
)
def test_easy_read_steps_take_anything_and_store_whole_responses_or_nothing(
    app, token, start, cookie, actions, multipart
):
    client = app.test_client()
    before = counts()
    replies = []
    if cookie is not None:
        client.set_cookie("coimpact_draft", cookie, path=f"/f/{token}/easy")
    first_page = client.get(f"/f/{token}/easy")
    replies.append(first_page)
    token_value = csrf_token(first_page.text)
    if start:
        replies.append(client.post(f"/f/{token}/easy", data={"csrf_token": token_value}))
    for method, step, drawn, with_csrf, from_ in actions:
        url = step_url(token, step, from_)
        if method == "GET":
            replies.append(client.get(url))
            continue
        data = applied(STEP_DATA.get(step, {}), drawn)
        if with_csrf:
            data.setdefault("csrf_token", token_value)
        replies.append(post(client, url, data, multipart))
    # Then try to send whatever is kept, as the check page's button would.
    replies.append(client.post(step_url(token, "check"), data={"csrf_token": token_value}))

    for reply in replies:
        assert reply.status_code in EASY_STATUSES, (reply.request.path, reply.status_code)
        assert_whole_page(reply)
    after = counts()
    event(f"stored {after.responses - before.responses}")
    assert after.responses - before.responses in (0, 1)
    if after.responses == before.responses:
        assert after.answers == before.answers
        return
    response = newest_response()
    assert after.answers == before.answers + len(response.answers)
    assert response.variant == Variant.EASY and response.consent_given
    assert REQUIRED <= set(stored_answers(response))
    assert after.drafts <= before.drafts  # the draft went with the sending


@HOSTILE
@given(
    group=hostile_text,
    story=hostile_text,
    name=hostile_text,
    topics=st.lists(st.sampled_from("abc"), min_size=1, max_size=6),
)
@example(group="a\x00b", story="\r", name="A\x00li", topics=["a", "c", "a"])
def test_easy_read_journey_stores_any_text_as_typed(app, token, group, story, name, topics):
    client = app.test_client()
    page = client.get(f"/f/{token}/easy").text
    csrf = csrf_token(page)
    assert client.post(f"/f/{token}/easy", data={"csrf_token": csrf}).status_code == 303
    sent = {}
    for step, data in STEP_DATA.items():
        if step in ("check", "thanks"):
            continue
        hostile = {
            "agree": {"participant_name": name},
            "1": {"q_name_of_group": group},
            "2": {"q_story": story},
            "4": {"q_topics": topics},
        }.get(step, {})
        reply = client.post(step_url(token, step), data={**data, **hostile, "csrf_token": csrf})
        assert_whole_page(reply)
        if reply.status_code != 303:
            # Refused only for a good reason: too much to send, too long, or a blank name
            # where one is needed.
            assert reply.status_code in (413, 422), reply.status_code
            value = next(iter(hostile.values()))
            if reply.status_code == 413:
                assert len(value.encode()) > PUBLIC_MAX_BYTES / 12
            else:
                cleaned = without_nul(value)
                limit = {"agree": 120, "1": 500, "2": 10_000}[step]
                assert len(cleaned) > limit or (step == "agree" and not cleaned.strip())
            reply = client.post(step_url(token, step), data={**data, "csrf_token": csrf})
            assert reply.status_code == 303
            hostile = {}
        sent.update({**data, **hostile})
    check = client.get(step_url(token, "check"))
    assert check.status_code == 200
    assert_whole_page(check)
    before = counts()
    reply = client.post(step_url(token, "check"), data={"csrf_token": csrf})
    assert reply.status_code == 303 and reply.headers["Location"] == f"/f/{token}/easy/thanks"
    after = counts()
    response = newest_response()
    assert after.responses == before.responses + 1
    assert after.answers == before.answers + len(response.answers)
    assert after.drafts == before.drafts - 1
    assert_stored_as_posted(response, sent, Variant.EASY)


# --- unknown tokens, feedback pages, health check ----------------------------------------------

URL_SHAPES = [
    "/f/{}",
    "/f/{}/easy",
    "/f/{}/easy/agree",
    "/f/{}/thanks",
    "/f/{}/easy/thanks",
    "/s/{}",
]


@HOSTILE
@given(
    made_up=st.one_of(short_text.filter(bool), st.text(CHARS, min_size=1, max_size=80)),
    shape=st.sampled_from(URL_SHAPES),
    method=st.sampled_from(["GET", "POST", "HEAD", "PUT"]),
    body=st.dictionaries(extra_names, hostile_value, max_size=3),
)
@example(made_up="a\x00b", shape="/f/{}/easy/agree", method="POST", body={})
@example(made_up="\x00", shape="/s/{}", method="GET", body={})
def test_unknown_tokens_get_a_friendly_page(app, token, made_up, shape, method, body):
    client = app.test_client()
    before = counts()
    path = shape.format(quote(made_up, safe=""))
    reply = client.open(path, method=method, data=body if method in ("POST", "PUT") else None)
    if made_up == token:
        return  # drawn the real token: covered by the tests above
    assert reply.status_code in {404, 405, 308}, (path, reply.status_code)
    if method != "HEAD":
        assert_whole_page(reply)
    assert counts() == before


@HOSTILE
@given(
    query=st.dictionaries(extra_names, hostile_value, max_size=4),
    accept=st.sampled_from([None, "*/*", "text/html", "application/json", "\x00", "image/*;q=x"]),
    method=st.sampled_from(["GET", "POST", "DELETE"]),
)
def test_health_check_answers_plainly_whatever_is_asked(app, query, accept, method):
    client = app.test_client()
    headers = {"Accept": accept} if accept is not None else {}
    reply = client.open("/healthz", method=method, query_string=query, headers=headers)
    assert reply.mimetype == "application/json"
    if method == "GET":
        assert reply.status_code == 200
        assert reply.get_json() == {"status": "ok", "database": "ok"}
    else:
        assert reply.status_code == 405
        assert reply.get_json()["status"] == "error"


# --- sign-in -----------------------------------------------------------------------------------


@pytest.fixture
def staff(make_user) -> User:
    return make_user(Role.STAFF, email="sam@example.org")


ADDRESSES = iter(range(1, 60_000))


def from_new_address(app):
    """A client at an address of its own: sign-in failures are limited per address, and each
    example is a different visitor."""
    client = app.test_client()
    n = next(ADDRESSES)
    client.environ_base["REMOTE_ADDR"] = f"10.{n // 65_536}.{n // 256 % 256}.{n % 256}"
    return client


@HOSTILE
@given(
    fields=changes(
        {
            "email": ["sam@example.org", "SAM@EXAMPLE.ORG ", "nobody@example.org"],
            "password": ["wrong", ""],
            "csrf_token": [""],
        }
    ),
    next_=st.one_of(st.none(), short_text),
    multipart=st.booleans(),
)
@example(fields=({"email": "sam\x00@example.org"}, {}), next_="/admin/\x00", multipart=False)
# A multipart field named "\r" reaches Werkzeug as a field without a name (was a 500).
@example(fields=({"csrf_token": ""}, {"\r": "x"}), next_=None, multipart=True)
def test_sign_in_refuses_anything_but_the_right_password(app, staff, fields, next_, multipart):
    client = from_new_address(app)
    page = client.get("/login", query_string={"next": next_} if next_ is not None else None)
    assert page.status_code == 200
    assert_whole_page(page)
    data = applied(
        {"email": "sam@example.org", "password": "wrong", "csrf_token": csrf_token(page.text)},
        fields,
    )
    url = "/login" + (f"?next={quote(next_, safe='')}" if next_ is not None else "")
    reply = post(client, url, data, multipart)
    event(f"status {reply.status_code}")
    # 400: the form was not filled in; 401: wrong details; 429: this account had too many.
    assert reply.status_code in {400, 401, 429}, reply.status_code
    assert_whole_page(reply)
    signed_in = client.get("/admin/")
    assert signed_in.status_code == 302 and "/login" in signed_in.headers["Location"]


@HOSTILE
@given(next_=short_text)
@example(next_="/admin/\x00")
@example(next_="//evil.example")
@example(next_="/\\evil.example")
@example(next_="javascript:alert(1)")
def test_after_signing_in_any_next_leads_to_a_page_of_this_site(app, staff, next_):
    client = from_new_address(app)
    url = f"/login?next={quote(next_, safe='')}"
    page = client.get(url).text
    data = {"email": "sam@example.org", "password": PASSWORD, "csrf_token": csrf_token(page)}
    reply = client.post(url, data=data)
    assert reply.status_code == 302
    location = reply.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\"))
    assert not any(ord(c) < 32 or ord(c) == 127 for c in location), repr(location)
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc


# --- the form parser itself ---------------------------------------------------------------------

FIELD_NAMES = sorted(VALID)


# Fields a person never sees nor fills in: only a tampered post gets them wrong.
HIDDEN = {"submission_id", "website"}


def _messages() -> set[str]:
    """Every message a participant can be shown about an answer, in both wordings."""
    values = {"n": [500, 10_000, 120], "lo": ["0"], "hi": ["100"]}
    found = set()
    for standard, easy in MESSAGES.values():
        for template in (standard, easy):
            for n in values["n"]:
                found.add(template.format(n=n, lo="0", hi="100"))
    return found


@HOSTILE
@given(
    posted=st.lists(
        st.tuples(st.one_of(st.sampled_from(FIELD_NAMES), extra_names), hostile_text), max_size=20
    ),
    easy=st.booleans(),
)
def test_form_parser_turns_anything_into_valid_answers_or_friendly_messages(
    app, token, posted, easy
):
    from coimpact.forms.published import open_link

    _, version = open_link(token)
    questions = version.snapshot["questions"]
    allowed = _messages()
    with app.test_request_context(method="POST"):
        form = make_participant_form(
            questions,
            easy=easy,
            consent=True,
            supported=True,
            submission_id=True,
            formdata=MultiDict(posted),
            meta={"csrf": False},
        )
        if not form.validate():
            for name, field_errors in form.errors.items():
                if name not in HIDDEN:
                    assert set(field_errors) <= allowed, field_errors
            return
        answers = form.answers()
    by_key = {q["key"]: q for q in questions}
    for key, value in answers.items():
        question = by_key[key]
        assert not value.is_empty
        if value.value_text is not None:
            assert value.value_text == value.value_text.strip() and "\x00" not in value.value_text
            assert len(value.value_text) <= {"name_of_group": 500, "story": 10_000}[key]
        for number in (value.value_number, value.value_before):
            assert number is None or -1_000_000 <= number <= 1_000_000
        if value.option_codes is not None:
            codes = value.option_codes.split(";")
            assert len(codes) == len(set(codes)) and len(value.option_codes) <= 500
            assert set(codes) <= {c["code"] for c in choices_for(question)}
        assert isinstance(display_answer(question, value, easy), str)
