"""A project whose results are known by hand: indicators of every kind of measure, linked to
questions of each type, and six responses sent through the real public forms (standard and easy
read), one of them spam, plus evidence cut from the answers, one link of it rejected.

The answers (standard = S, easy read = E; "-" = left out):

    resp  variant  permission    story      topics  feeling listened again     meetings  confidence
    R1    S        anonymous     STORY_1    a;c     3       4        yes       12        2 -> 4
    R2    S        no            STORY_2    b       2       5        no        3         1 -> 3
    R3    E        named "Ali"   STORY_3    a       3       2        yes       4         3 -> 5
    R4    E        anonymous     -          -       1       3        not_sure  -         2 -> -
    R5    S spam   anonymous     SPAM       a       1       1        no        99        5 -> 1
    R6    S        anonymous     STORY_6    -       3       5        yes       6         4 -> 4

Indicators and the questions linked to them:
    A1.1 count          <- meetings (number)         A1.2 count <- topics (several choices)
    B1.1 percent agree  <- feeling (faces), again (yes/not sure/no)
    B1.2 before/after   <- confidence
    I1.1 quotes         <- story
    E1.1 mean rating    <- listened (5-point)         E1.2 percent agree <- listened
Evidence: EV1 quote from R1's story (approved, confirmed I1.1, most significant); EV2 quote from
R2's story (approved, confirmed I1.1; permission "no"); EV3 story from R3's story (approved,
confirmed I1.1, unexpected); EV4 quote from R6's story (draft, confirmed I1.1); EV5 rating cut
from R6's "listened" answer, its link to E1.1 REJECTED; EV6 a count of 5 added by staff
(approved, confirmed A1.1); EV7 an observation suggested for I1.1 (not confirmed).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    EvidenceStatus,
    LinkStatus,
    MeasureKind,
    Response,
    Section,
)
from coimpact.services.evidence_refs import take_evidence_numbers
from coimpact.services.theory import add_indicator, add_outcome
from tests.conftest import csrf_token
from tests.public_helpers import easy_post, easy_start, post_standard

STORY_1 = "We rewrote the <b>leaflet</b> together & it feels like ours."
STORY_2 = "My neighbour Pat shouts at me when the carers are late."
STORY_3 = "I chaired my first meeting and everyone listened."
STORY_6 = "The papers came late again."
SPAM = "BUY CHEAP PILLS"
OUTCOME_HTML = "Members <i>feel</i> good about the group"

STANDARD_BASE = {"consent": "yes", "participant_name": "", "q_venue": "a", "supported": "no"}
EASY_STEPS = ("name_of_group", "story", "venue", "topics", "feeling", "listened", "again",
              "meetings", "confidence")  # fmt: skip


def send_standard(client, token: str, permission: str, answers: dict, spam: bool = False):
    data = {**STANDARD_BASE, "quote_permission": permission, **answers}
    if spam:
        data["website"] = "http://spam.example"
    sent = post_standard(client, token, data)
    assert sent.status_code == 303, sent.text
    return _latest()


def send_easy(client, token: str, consent: dict, answers: dict):
    """Answer the easy-read form page by page, as a participant does, and send it."""
    easy_start(client, token)
    base = f"/f/{token}/easy"
    assert easy_post(client, f"{base}/agree", {"consent": "yes", **consent}).status_code == 303
    for number, key in enumerate(EASY_STEPS, start=1):
        step = {name: value for name, value in answers.items() if name.startswith(f"q_{key}")}
        stepped = easy_post(client, f"{base}/{number}", step)
        assert stepped.status_code == 303, (key, stepped.text)
    assert easy_post(client, f"{base}/helped", {"supported": "yes"}).status_code == 303
    check = client.get(f"{base}/check")
    submission = re.search(r'name="submission_id" value="([^"]+)"', check.text).group(1)
    sent = client.post(
        f"{base}/check", data={"csrf_token": csrf_token(check.text), "submission_id": submission}
    )
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/easy/thanks")
    return _latest()


def _latest() -> Response:
    db.session.expire_all()
    return db.session.scalars(sa.select(Response).order_by(Response.id.desc())).first()


def _answer(response: Response, key: str):
    return next(a for a in response.answers if a.question_key == key)


def _evidence(project, kind, links, response=None, key=None, **fields) -> EvidenceItem:
    (number,) = take_evidence_numbers(project.id)
    item = EvidenceItem(project_id=project.id, ref_number=number, kind=kind, **fields)
    if response is not None:
        answer = _answer(response, key)
        item.response_id, item.answer_id = response.id, answer.id
        item.text = fields.get("text", answer.value_text or "")
    for outcome, indicator, status in links:
        item.links.append(EvidenceLink(outcome=outcome, indicator=indicator, status=status))
    db.session.add(item)
    db.session.flush()
    return item


def build(app, make_form) -> dict:
    """Build the project, send the six responses and cut the evidence; returns them by name."""
    link = make_form()
    form, project = link.form, link.form.project
    questions = {q.key: q for q in form.questions}
    a1 = add_outcome(project, Section.ACHIEVEMENT, "The group meets and plans together")
    b1 = add_outcome(project, Section.BENEFIT, OUTCOME_HTML, who_benefits="Group members")
    i1 = add_outcome(project, Section.IMPACT, "People shape how services are bought")
    e1 = add_outcome(project, Section.PROCESS, "Members feel listened to")
    ind = {
        "A1.1": add_indicator(a1, "Meetings attended", MeasureKind.COUNT, "0", "20"),
        "A1.2": add_indicator(a1, "Topics chosen", MeasureKind.COUNT),
        "B1.1": add_indicator(b1, "Share who feel good", MeasureKind.PERCENT_AGREE, "40%", "75%"),
        "B1.2": add_indicator(b1, "Confidence before and now", MeasureKind.BEFORE_AFTER, "2", "+1"),
        "I1.1": add_indicator(i1, "Stories of change", MeasureKind.QUOTES, "None", "5 stories"),
        "E1.1": add_indicator(e1, "Feeling listened to", MeasureKind.MEAN_RATING, "3", "4"),
        "E1.2": add_indicator(e1, "Share listened to", MeasureKind.PERCENT_AGREE, "", "80%"),
    }  # fmt: skip
    for key, refs in {
        "meetings": ["A1.1"],
        "topics": ["A1.2"],
        "feeling": ["B1.1"],
        "again": ["B1.1"],
        "confidence": ["B1.2"],
        "story": ["I1.1"],
        "listened": ["E1.1", "E1.2"],
    }.items():
        questions[key].indicators.extend(ind[ref] for ref in refs)
    db.session.commit()

    participant = app.test_client()
    token = link.token
    r1 = send_standard(participant, token, "anonymous", {
        "q_story": STORY_1, "q_topics": ["a", "c"], "q_feeling": "3", "q_listened": "4",
        "q_again": "yes", "q_meetings": "12", "q_confidence_before": "2",
        "q_confidence_after": "4"})  # fmt: skip
    r2 = send_standard(participant, token, "no", {
        "q_story": STORY_2, "q_topics": ["b"], "q_feeling": "2", "q_listened": "5",
        "q_again": "no", "q_meetings": "3", "q_confidence_before": "1",
        "q_confidence_after": "3"})  # fmt: skip
    r3 = send_easy(participant, token, {"quote_permission": "named", "participant_name": "Ali"}, {
        "q_story": STORY_3, "q_venue": "b", "q_topics": ["a"], "q_feeling": "3",
        "q_listened": "2", "q_again": "yes", "q_meetings": "4", "q_confidence_before": "3",
        "q_confidence_after": "5"})  # fmt: skip
    r4 = send_easy(participant, token, {"quote_permission": "anonymous"}, {
        "q_venue": "c", "q_feeling": "1", "q_listened": "3", "q_again": "not_sure",
        "q_confidence_before": "2"})  # fmt: skip
    r5 = send_standard(participant, token, "anonymous", {
        "q_story": SPAM, "q_topics": ["a"], "q_feeling": "1", "q_listened": "1",
        "q_again": "no", "q_meetings": "99", "q_confidence_before": "5",
        "q_confidence_after": "1"}, spam=True)  # fmt: skip
    r6 = send_standard(participant, token, "anonymous", {
        "q_story": STORY_6, "q_feeling": "3", "q_listened": "5", "q_again": "yes",
        "q_meetings": "6", "q_confidence_before": "4", "q_confidence_after": "4"})  # fmt: skip

    approved = {"status": EvidenceStatus.APPROVED}
    ok, no, maybe = LinkStatus.CONFIRMED, LinkStatus.REJECTED, LinkStatus.SUGGESTED
    evidence = {
        "EV1": _evidence(project, EvidenceKind.QUOTE, [(i1, ind["I1.1"], ok)], r1, "story",
                         most_significant=True, **approved),
        "EV2": _evidence(project, EvidenceKind.QUOTE, [(i1, ind["I1.1"], ok)], r2, "story",
                         **approved),
        "EV3": _evidence(project, EvidenceKind.STORY, [(i1, ind["I1.1"], ok), (b1, None, ok)],
                         r3, "story", unexpected=True, **approved),
        "EV4": _evidence(project, EvidenceKind.QUOTE, [(i1, ind["I1.1"], ok)], r6, "story"),
        "EV5": _evidence(project, EvidenceKind.RATING, [(e1, ind["E1.1"], no)], r6, "listened",
                         text="5"),
        "EV6": _evidence(project, EvidenceKind.COUNT, [(a1, ind["A1.1"], ok)], value_number=5,
                         text="Five planning meetings held", **approved),
        "EV7": _evidence(project, EvidenceKind.OBSERVATION, [(i1, ind["I1.1"], maybe)],
                         text="Seen at the panel"),
    }  # fmt: skip
    db.session.commit()
    return {
        "project": project,
        "link": link,
        "outcomes": {"A1": a1, "B1": b1, "I1": i1, "E1": e1},
        "indicators": ind,
        "responses": [r1, r2, r3, r4, r5, r6],
        "evidence": evidence,
    }
