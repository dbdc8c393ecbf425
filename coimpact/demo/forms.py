"""The demo project's two forms, in standard and hand-written easy-read wording.

Option codes are fixed: answers store the code, so a label can be reworded without changing what
earlier answers meant. Questions name the indicators they measure by ref (E1.1 …).
"""

from __future__ import annotations

from coimpact.domain.question_types import BUILT_IN_CHOICES
from coimpact.models import QuestionType as T


def _option(code: str, label: str, label_easy: str, symbol: str = "") -> dict:
    return {"code": code, "label": label, "label_easy": label_easy, "symbol": symbol}


def _question(key: str, type_: T, text: str, text_easy: str, symbol: str, alt: str, **extra):
    help_text, help_text_easy = extra.get("help", ("", ""))
    # Scales and yes / not sure / no have fixed codes (domain/question_types.py); written out as
    # options too so that the published snapshot shows every answer a person could give.
    built_in = [choice.as_dict() for choice in BUILT_IN_CHOICES.get(type_, ())]
    return {
        "key": key,
        "type": type_,
        "text": text,
        "text_easy": text_easy,
        "symbol": symbol,
        "symbol_alt": alt,
        "help_text": help_text,
        "help_text_easy": help_text_easy,
        "required": extra.get("required", False),
        "min_value": extra.get("min"),
        "max_value": extra.get("max"),
        "options": extra.get("options", built_in),
        "indicators": extra.get("indicators", ()),
    }


AFTER_QUESTIONS = [
    _question(
        "meeting_rating", T.PICTURE_SCALE,
        "Overall, how was today's meeting?",
        "How was the meeting today?",
        "meeting", "People sitting round a table at a meeting",
        required=True, indicators=("E2.1",),
    ),
    _question(
        "listened", T.YES_NO,
        "Did you feel listened to today?",
        "Did people listen to you today?",
        "listen", "An ear for listening",
        required=True, indicators=("E1.1",),
    ),
    _question(
        "understood", T.SCALE_5,
        "How much do you agree: 'I understood what was talked about today'?",
        "I understood what we talked about today.",
        "learn", "A book for learning",
        indicators=("E2.2",),
    ),
    _question(
        "leaflet_clear", T.YES_NO,
        "If you looked at the new easy-read leaflet today, was it easy to understand?",
        "Did you look at the new leaflet today?\nWas it easy to understand?",
        "information", "A leaflet with information",
        help=("Leave this out if you did not see the leaflet.",
              "Skip this if you did not see it."),
        indicators=("A1.2",),
    ),
    _question(
        "helped", T.MULTI_CHOICE,
        "What helped you take part today? Choose all that apply.",
        "What helped you today?\nYou can choose more than 1.",
        "help", "A person helping another person",
        options=[
            _option("easy_papers", "Easy-read papers sent before the meeting",
                    "Easy-read papers", "information"),
            _option("supporter", "Support from a worker or supporter",
                    "Someone to help me", "help"),
            _option("breaks", "Breaks during the meeting", "Breaks", "happy"),
            _option("chair", "The chair making sure everyone had a turn",
                    "Everyone had a turn", "speaking-up"),
            _option("travel", "Travel paid or arranged", "Help to get here", "travel"),
        ],
    ),
    _question(
        "best_thing", T.SHORT_TEXT,
        "What was the best thing about today?",
        "What was the best thing today?",
        "star", "A star",
    ),
    _question(
        "change_one_thing", T.SHORT_TEXT,
        "What one thing should we change for next time?",
        "What should we change next time?",
        "write", "A pencil for writing",
    ),
    _question(
        "meetings_count", T.NUMBER,
        "How many group meetings have you been to, including today?",
        "How many meetings have you been to?\nCount today too.",
        "number", "Tally marks for counting",
        min=1, max=60,
    ),
]  # fmt: skip

AFTER_MEETING = {
    "key": "after",
    "title": "After the meeting",
    "title_easy": "How was the meeting?",
    "intro": (
        "Tell us how today's meeting went. It takes about 2 minutes, and your answers help us "
        "make the next meeting better."
    ),
    "intro_easy": "Tell us about today's meeting.\nIt is quick.\nYour answers help us do better.",
    "consent_text": (
        "Northbrook Council's co-production team keeps your answers safely. We use them to "
        "improve the meetings and to report to our funder. We do not ask for your name. You can "
        "stop at any time, and you can tell us whether we may quote your words."
    ),
    "consent_text_easy": (
        "We keep your answers safe.\nWe use them to make meetings better.\n"
        "We tell our funder what people said.\nWe do not ask your name.\n"
        "You can stop at any time."
    ),
    "anonymous": True,
    "links": ["Tuesday group", "Carers' evening"],
    "questions": AFTER_QUESTIONS,
}

SURVEY_QUESTIONS = [
    _question(
        "role", T.SINGLE_CHOICE,
        "Which of these best describes you?",
        "Who are you?",
        "group", "A group of people",
        required=True,
        options=[
            _option("self_advocate", "I have a learning disability",
                    "I have a learning disability", "speaking-up"),
            _option("carer", "I am a family carer", "I look after someone in my family",
                    "home"),
            _option("worker", "I work for the council or a provider",
                    "I work for the council", "work"),
            _option("other", "Something else", "Something else", "question"),
        ],
    ),
    _question(
        "time_in_group", T.SINGLE_CHOICE,
        "How long have you been part of the group?",
        "How long have you been in the group?",
        "calendar", "A calendar",
        options=[
            _option("under_6m", "Less than 6 months", "Less than 6 months"),
            _option("6_12m", "6 to 12 months", "6 months to 1 year"),
            _option("over_12m", "More than a year", "More than 1 year"),
        ],
    ),
    _question(
        "confidence", T.BEFORE_AFTER,
        "How did you feel about speaking up in meetings before you joined the group, "
        "and how do you feel now?",
        "How did you feel about speaking up in meetings?\nBefore the group, and now.",
        "speaking-up", "A person speaking up",
        help=("Choose one answer for before and one for now.",
              "Choose 1 answer for before.\nChoose 1 answer for now."),
        indicators=("B1.1",),
    ),
    _question(
        "connected", T.BEFORE_AFTER,
        "How did you feel about having people to talk to and share things with, before you "
        "joined the group and now?",
        "How did you feel about having people to talk to?\nBefore the group, and now.",
        "friends", "Two friends",
        help=("Choose one answer for before and one for now.",
              "Choose 1 answer for before.\nChoose 1 answer for now."),
        indicators=("B2.2",),
    ),
    _question(
        "made_friends", T.YES_NO,
        "Have you made friends through the group?",
        "Have you made friends in the group?",
        "friends", "Two friends",
        indicators=("B2.1",),
    ),
    _question(
        "feeling_group", T.PICTURE_SCALE,
        "How do you feel about being part of the group?",
        "How do you feel about being in the group?",
        "feeling", "A heart for feelings",
        required=True,
    ),
    _question(
        "ideas_difference", T.SCALE_5,
        "How much do you agree: 'The group's ideas are making a difference to short breaks'?",
        "The group's ideas are changing short breaks.",
        "speaking-up", "A person speaking up",
        indicators=("E1.2",),
    ),
    _question(
        "gained", T.MULTI_CHOICE,
        "What has being part of the group given you? Choose all that apply.",
        "What has the group given you?\nYou can choose more than 1.",
        "happy", "A happy face",
        options=[
            _option("confidence", "More confidence", "I feel more sure of myself",
                    "speaking-up"),
            _option("friends", "New friends", "New friends", "friends"),
            _option("skills", "New skills", "I learned new things", "learn"),
            _option("say", "A say in decisions", "People listen to me", "listen"),
            _option("paid", "Payment for my time", "I get paid", "money"),
        ],
    ),
    _question(
        "spoke_elsewhere", T.YES_NO,
        "Since joining, have you spoken up somewhere new, for example at a council meeting, "
        "a review or at work?",
        "Have you spoken up somewhere new?\nFor example at the council or at work.",
        "speaking-up", "A person speaking up",
    ),
    _question(
        "change_story", T.STORY,
        "Tell us about a change that being part of the group has made for you. "
        "What happened, and why did it matter?",
        "Tell us about something that changed for you.\nWhat happened?\nWhy did it matter?",
        "quote", "A speech bubble",
        help=("Write as much or as little as you like.", "You can write a little or a lot."),
        indicators=("B1.2",),
    ),
    _question(
        "breaks_used", T.NUMBER,
        "How many short breaks have you (or the person you care for) had in the last "
        "6 months?",
        "How many short breaks have you had in the last 6 months?",
        "home", "A house",
        min=0, max=60,
    ),
    _question(
        "finding_breaks", T.SCALE_5,
        "How much do you agree: 'It is easy to find out about short breaks and book one'?",
        "It is easy to find and book a short break.",
        "information", "The letter i for information",
        indicators=("I2.1",),
    ),
]  # fmt: skip

GROUP_SURVEY = {
    "key": "survey",
    "title": "Being part of the group",
    "title_easy": "Being in the group",
    "intro": (
        "We ask everyone in the group these questions twice a year. Some questions ask how "
        "things were before you joined and how they are now. It takes about 10 minutes."
    ),
    "intro_easy": (
        "We ask these questions 2 times a year.\nSome questions ask about before you joined.\n"
        "And about now.\nIt takes about 10 minutes."
    ),
    "consent_text": (
        "Northbrook Council's co-production team keeps your answers safely and uses them to "
        "show our funder what the group has changed. You can stop at any time. You choose "
        "whether we may quote your words, and whether we may use your name with them."
    ),
    "consent_text_easy": (
        "We keep your answers safe.\nWe use them to show what the group has changed.\n"
        "You can stop at any time.\nYou choose if we can use your words.\n"
        "You choose if we can use your name."
    ),
    "anonymous": False,
    "links": ["Group survey online", "Paper copies"],
    "questions": SURVEY_QUESTIONS,
}

FORMS = [AFTER_MEETING, GROUP_SURVEY]
