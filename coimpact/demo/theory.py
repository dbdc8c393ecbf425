"""The demo project's Theory of Change: a council and two local charities redesigning short breaks
(respite) with people with a learning disability and family carers.

Everything here is fictional but written to read like a real project, so that the admin, the
workbook and the easy-read pages can be judged on realistic material.
"""

from __future__ import annotations

from datetime import date

from coimpact.models import ElementKind, MeasureKind, ReviewStatus, Section

SLUG = "demo"
REVIEW_PERIOD = "2025-26"
# The demo's reporting periods: its responses are spread over both (see build.py), so the
# dashboard and the workbook of 2026-27 have 2025-26 beside them.
PERIODS = (
    ("2025-26", date(2025, 4, 1), date(2026, 3, 31)),
    ("2026-27", date(2026, 4, 1), date(2027, 3, 31)),
)

PROJECT = {
    "slug": SLUG,
    "name": "Short breaks, our way",
    "organisation": (
        "Northbrook Council Adult Social Care, with Northbrook People First "
        "and Northbrook Carers' Centre"
    ),
    "problem": (
        "Short breaks (respite) in Northbrook are planned and bought without the people who use "
        "them. People with a learning disability say breaks are booked for them, not with them. "
        "Family carers find the information confusing and the booking slow, and some stop using "
        "breaks altogether until the family reaches a crisis."
    ),
    "aim": (
        "People with a learning disability and their carers shape how short breaks in Northbrook "
        "are designed, bought and checked, so that breaks fit the lives of the people who use them."
    ),
    "lived_experience": (
        "Four group members (two self-advocates and two family carers) sat on the evaluation "
        "panel. They chose the questions, tested the easy-read forms with the group, ran the "
        "Tuesday feedback sessions, and agreed the findings before this report went to the funder."
    ),
}

ELEMENTS: dict[ElementKind, list[str]] = {
    ElementKind.INPUT: [
        "Lived expertise and time of 14 group members (self-advocates and family carers), "
        "paid at the council's involvement rate",
        "A co-production lead (3 days a week) and a commissioning officer (1 day a week)",
        "£18,000 from the Better Care Fund for involvement payments, travel, support workers "
        "and the venue",
        "Easy-read writing and checking from Northbrook People First",
        "An accessible meeting room at the Carers' Centre, with a hearing loop and a quiet room",
    ],
    ElementKind.ACTIVITY: [
        "Co-production group meetings every other Tuesday afternoon",
        "Evening sessions once a month for carers who work",
        "Visits to three short-break services, planned and led by members",
        "Rewriting the short-breaks leaflet and booking form in easy read",
        "Members sit on the panels that choose new short-break providers",
        "Training for members on how the council buys services, and for council staff on "
        "co-production",
    ],
    ElementKind.OUTPUT: [
        "22 group meetings held, with 11 people at each on average",
        "9 carers' evening sessions held",
        "3 service visits, and a visit report written by members",
        "An easy-read leaflet and booking form, tested with 25 people",
        "2 group members on each of the 4 provider selection panels",
        "6 training sessions, 48 people trained",
        "Co-production sessions held, counted in the involvement log",
        "Time given by people with lived experience, counted in the involvement log",
    ],
    ElementKind.ASSUMPTION: [
        "People who use short breaks want to be involved when meetings fit around their lives",
        "Commissioners will act on what the group recommends",
        "Paying people for their time makes taking part fairer and more reliable",
        "Short-break providers are willing to change how they work",
    ],
    ElementKind.ENABLER: [
        "A senior sponsor: the Assistant Director for Adult Social Care",
        "Travel paid in advance and support workers funded, so no one is out of pocket",
        "All papers in easy read at least a week before each meeting",
        "Meetings at times and places the members chose",
    ],
}

# Outputs whose count the involvement log fills in (a key of domain.involvement.LOG_TOTALS).
OUTPUT_LOG_TOTALS = {
    "Co-production sessions held, counted in the involvement log": "sessions",
    "Time given by people with lived experience, counted in the involvement log": (
        "lived_experience_hours"
    ),
}


def _indicator(statement, measure, baseline, target, method, owner) -> dict:
    return {
        "statement": statement,
        "measure": measure,
        "baseline": baseline,
        "target": target,
        "method": method,
        "owner": owner,
    }


LEAD = "Co-production lead"
COMMISSIONER = "Commissioning officer"
SURVEY_METHOD = "'Being part of the group' survey, October and March"
MEETING_METHOD = "'After the meeting' form at the end of every meeting"

# In the order they are added: refs come out as A1, A2, A3, B1 … as written in the comments.
# Each indicator: statement, measure, baseline, target, method, owner.
OUTCOMES: list[dict] = [
    {"section": Section.ACHIEVEMENT,  # A1
     "statement": "The group rewrote the short-breaks leaflet and booking form in easy read",
     "who_benefits": "People with a learning disability and carers looking for a short break",
     "indicators": [
         _indicator("Easy-read leaflet and booking form published", MeasureKind.COUNT,
                    "0 (standard leaflet only)", "Both published by September 2025",
                    "Project log, checked at each group meeting", LEAD),
         _indicator("Share of people testing the new leaflet who say it is easy to understand",
                    MeasureKind.PERCENT_AGREE, "38% for the old leaflet (2024 carers' survey)",
                    "80%", "'After the meeting' form at the testing sessions, May to July 2025",
                    "Group member (self-advocate)"),
     ]},
    {"section": Section.ACHIEVEMENT,  # A2
     "statement": "Group members sit on the panels that choose new short-break providers",
     "who_benefits": "Group members; commissioners",
     "indicators": [
         _indicator("Provider selection panels with at least 2 group members", MeasureKind.COUNT,
                    "0", "All 4 panels in 2025-26", "Commissioning records, each quarter",
                    COMMISSIONER),
     ]},
    {"section": Section.ACHIEVEMENT,  # A3
     "statement": "Members visited short-break services and wrote a report on what they found",
     "who_benefits": "Commissioners and providers",
     "indicators": [
         _indicator("Service visits led by members, with a written report", MeasureKind.COUNT,
                    "0", "3 visits and 1 report", "Visit notes and the published report", LEAD),
     ]},
    {"section": Section.BENEFIT,  # B1
     "statement": "Members feel more confident speaking up in meetings and elsewhere",
     "who_benefits": "Self-advocates and carers in the group",
     "indicators": [
         _indicator("Change in how members feel about speaking up in meetings, before joining "
                    "and now (1 very bad to 5 very good)", MeasureKind.BEFORE_AFTER,
                    "2.4 on average before joining", "A rise of at least 1 point",
                    SURVEY_METHOD, LEAD),
         _indicator("Stories of members speaking up in new places", MeasureKind.QUOTES,
                    "None recorded", "At least 5 stories",
                    "Story question in the survey; notes from staff after meetings and panels",
                    LEAD),
     ]},
    {"section": Section.BENEFIT,  # B2
     "statement": "Members feel less alone and more connected to other people",
     "who_benefits": "Group members, especially carers",
     "indicators": [
         _indicator("Share of members who have made friends through the group",
                    MeasureKind.PERCENT_AGREE, "Not measured before", "60%", SURVEY_METHOD, LEAD),
         _indicator("Change in how members feel about having people to talk to, before joining "
                    "and now (1 to 5)", MeasureKind.BEFORE_AFTER,
                    "2.6 on average before joining", "A rise of at least 1 point",
                    SURVEY_METHOD, LEAD),
     ]},
    {"section": Section.BENEFIT,  # B3
     "statement": "Council staff understand co-production and use it in their own work",
     "who_benefits": "Commissioners and social workers",
     "indicators": [
         _indicator("Share of trained staff who say the training changed how they work",
                    MeasureKind.PERCENT_AGREE, "Not measured before", "70%",
                    "Feedback 3 months after each training session", COMMISSIONER),
     ]},
    {"section": Section.BENEFIT,  # B4: found along the way, not planned
     "statement": "Some members have gone on to paid work or volunteering",
     "who_benefits": "Self-advocates in the group", "unexpected": True, "indicators": []},
    {"section": Section.IMPACT,  # I1
     "statement": "People with a learning disability and carers shape how short breaks are "
                  "bought in Northbrook",
     "who_benefits": "Everyone who uses short breaks in Northbrook",
     "indicators": [
         _indicator("The group's recommendations written into the new short-breaks contract",
                    MeasureKind.COUNT, "0 of 8", "At least 5 of the 8 recommendations",
                    "Contract specification compared with the group's report, March 2026",
                    COMMISSIONER),
     ]},
    {"section": Section.IMPACT,  # I2
     "statement": "Families find out about and book short breaks more easily",
     "who_benefits": "Carers and the people they care for",
     "indicators": [
         _indicator("Average agreement that it is easy to find and book a short break (1 to 5)",
                    MeasureKind.MEAN_RATING, "2.1 (2024 carers' survey, same question)", "3.5",
                    SURVEY_METHOD, "Carers' Centre manager"),
     ]},
    {"section": Section.PROCESS,  # E1
     "statement": "Members feel listened to and that their ideas make a difference",
     "who_benefits": "Group members",
     "indicators": [
         _indicator("Share of people who felt listened to at the meeting",
                    MeasureKind.PERCENT_AGREE, "Not measured before", "85%", MEETING_METHOD,
                    "Group chair"),
         _indicator("Share of members who agree the group's ideas make a difference",
                    MeasureKind.PERCENT_AGREE, "Not measured before", "75%", SURVEY_METHOD,
                    "Group chair"),
     ]},
    {"section": Section.PROCESS,  # E2
     "statement": "Meetings are accessible: people understand the papers and can take part",
     "who_benefits": "Group members",
     "indicators": [
         _indicator("Share of people who rated the meeting good", MeasureKind.PERCENT_AGREE,
                    "Not measured before", "75%", MEETING_METHOD, LEAD),
         _indicator("Average agreement with 'I understood what was talked about today' (1 to 5)",
                    MeasureKind.MEAN_RATING, "Not measured before", "4 or more", MEETING_METHOD,
                    LEAD),
     ]},
]  # fmt: skip

# Achievements and benefits that lead on to the bigger changes.
CONTRIBUTIONS = [("A1", "I2"), ("A2", "I1"), ("A3", "I1"), ("B1", "I1"), ("E1", "B1")]

REVIEWS = [
    (
        "A1.1",
        ReviewStatus.ACHIEVED,
        "Both the leaflet and the booking form were published in September 2025. The group chose "
        "every picture and tested the wording twice.",
    ),
    (
        "A1.2",
        ReviewStatus.ACHIEVED,
        "21 of the 25 people who tested the new leaflet (84%) said it was easy to understand, "
        "against 38% for the old one.",
    ),
    (
        "A2.1",
        ReviewStatus.ACHIEVED,
        "Two members sat on each of the 4 panels and asked questions they had written themselves.",
    ),
    (
        "B1.1",
        ReviewStatus.PARTLY,
        "Confidence rose by about 1 point on average. Most of the rise is among self-advocates; "
        "carers' confidence changed less, and we will look at why.",
    ),
    (
        "I1.1",
        ReviewStatus.PARTLY,
        "6 of the group's 8 recommendations are in the new contract. Choice of companion and "
        "evening breaks are still being discussed with providers.",
    ),
    (
        "E1.1",
        ReviewStatus.ACHIEVED,
        "Around 9 in 10 people said they felt listened to. The few who did not were at the two "
        "meetings where the council presented for most of the time.",
    ),
]
