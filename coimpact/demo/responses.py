"""The demo project's 40 hand-written responses and the evidence staff have cut from them.

Each response is a row: when it came in and how, then one raw answer per question in the form's
order (None where the person skipped it). Raw answers are turned into Answer columns by
`demo_build.answer_fields`.
"""

from __future__ import annotations

from datetime import date

from coimpact.models import EvidenceKind as K
from coimpact.models import LinkStatus

TUESDAY = "Tuesday group"
CARERS = "Carers' evening"
ONLINE = "Group survey online"
PAPER = "Paper copies"  # typed in by staff from the paper forms
# The 3-point picture scale's fixed codes (questions.FACES_3).
GOOD, OK, NOT_GOOD = "3", "2", "1"

# when, link, variant, supported, permission, then the answers to:
# meeting_rating, listened, understood, leaflet_clear, helped, best_thing, change_one_thing,
# meetings_count
AFTER_ROWS = [
    ("2025-04-08 14:45", TUESDAY, "easy", True, "anonymous",
     GOOD, "yes", 4, None, "easy_papers;supporter", "Everyone got a turn to speak.", None, 3),
    ("2025-04-08 14:50", TUESDAY, "standard", False, "no",
     OK, "yes", 5, None, "chair",
     "Meeting the commissioner and hearing how the council buys breaks.",
     "Too much talking from council people at the start.", 1),
    ("2025-04-24 19:30", CARERS, "standard", False, "anonymous",
     GOOD, "yes", 5, None, "travel",
     "Good to hear other carers have the same problems with booking. I don't feel so alone.",
     "Send the papers earlier, I only got them the day before.", 2),
    ("2025-05-06 14:40", TUESDAY, "easy", True, "anonymous",
     GOOD, "yes", 3, "yes", "easy_papers;breaks", "The pictures on the leaflet", "More breaks",
     5),
    ("2025-05-06 14:42", TUESDAY, "easy", True, "no",
     OK, "not_sure", 2, "not_sure", "supporter", "cake", None, None),
    ("2025-05-20 14:35", TUESDAY, "standard", False, "anonymous",
     GOOD, "yes", 4, "yes", "chair;easy_papers",
     "We voted on the words for the leaflet. It felt like ours.", None, 6),
    ("2025-06-03 14:55", TUESDAY, "easy", False, "anonymous",
     GOOD, "yes", 4, "yes", "easy_papers", "I liked the new leaflet",
     "Bigger writing on the slides", 4),
    ("2025-06-17 14:40", TUESDAY, "standard", None, "no",
     NOT_GOOD, "no", 3, "no", None, None,
     "The council people talked for most of the meeting and we didn't get to our bit.", 8),
    ("2025-06-26 19:15", CARERS, "standard", False, "anonymous",
     GOOD, "yes", 5, "yes", "travel;breaks",
     "The booking form is finally something I could fill in without crying.",
     "Evening sessions more often please. I can't do Tuesdays because of work.", 3),
    ("2025-07-01 14:45", TUESDAY, "easy", True, "anonymous",
     GOOD, "yes", 4, "yes", "supporter;chair", "Sam was a good chair", None, 7),
    ("2025-07-15 14:30", TUESDAY, "easy", True, "anonymous",
     GOOD, "yes", 5, "yes", "easy_papers;supporter;breaks", "Planning the visits",
     "Finish earlier. The bus is hard after 4.", 9),
    ("2025-09-09 14:40", TUESDAY, "standard", False, "no",
     OK, "yes", 4, None, "chair",
     "Hearing back from the visits. We found things the council didn't know about.",
     "A microphone please, it is hard to hear at the back.", 10),
    ("2025-09-23 14:45", TUESDAY, "easy", False, "anonymous",
     GOOD, "yes", 4, None, "easy_papers", "Our leaflet is done!", "Nothing. It was good.", 11),
    ("2025-09-25 19:20", CARERS, "standard", False, "anonymous",
     OK, "not_sure", 4, None, "travel",
     "Practical tips from other parents about the booking line.",
     "I'd like to know what happens with what we said.", 1),
    ("2025-10-07 14:40", TUESDAY, "easy", True, "anonymous",
     GOOD, "yes", 5, None, "supporter;chair", "Learning about the panel",
     "More time for questions", 6),
    ("2025-10-21 14:50", TUESDAY, "standard", False, "anonymous",
     GOOD, "yes", 4, None, "chair;breaks",
     "Practising panel questions with the others. I feel ready now.", None, 12),
    ("2025-11-04 15:35", TUESDAY, "easy", True, "no",
     OK, "yes", 3, None, "supporter", "Seeing my friends", "Less words on the papers", 14),
    ("2025-11-18 15:45", TUESDAY, "easy", None, "anonymous",
     NOT_GOOD, "not_sure", 2, None, None, None, "Too long. I got tired.", None),
    ("2025-11-27 20:25", CARERS, "standard", False, "anonymous",
     GOOD, "yes", 5, None, "travel;easy_papers",
     "Finally someone from the council who listens and comes back to us with answers.", None, 4),
    ("2025-12-02 15:40", TUESDAY, "easy", True, "anonymous",
     GOOD, "yes", 4, None, "easy_papers;supporter;breaks",
     "The Christmas lunch and planning next year", None, 15),
    ("2026-01-13 15:45", TUESDAY, "standard", False, "anonymous",
     GOOD, "yes", 5, None, "chair",
     "Hearing that 6 of our ideas are going in the new contract.",
     "Tell us sooner when things change.", 16),
    ("2026-01-29 20:10", CARERS, "standard", True, "no",
     OK, "yes", 4, None, "travel", None,
     "Start a bit later. 7pm is hard with bedtime routines.", 5),
    ("2026-02-24 15:40", TUESDAY, "easy", True, "anonymous",
     GOOD, "yes", 4, None, "easy_papers;chair", "I spoke first today", None, 18),
    ("2026-03-24 15:35", TUESDAY, "easy", False, "anonymous",
     GOOD, "yes", 5, None, "chair;breaks", "The party for the end of the year. We did a lot.",
     "Keep going next year please", 20),
]  # fmt: skip

SAM_STORY = (
    "Before the group I never spoke in meetings. People talked about me, not to me. Now I chair "
    "the Tuesday meeting. In March I sat on the panel that chose the new short-break provider. "
    "I asked them how people could choose their own activities. They said nobody had asked them "
    "that before. It matters because it is my life and my breaks."
)
CARER_STORY = (
    "I care for my son who is 24. I'd given up on respite because the booking form was "
    "impossible and every time I rang I got a different answer. Through the group I met other "
    "parents and we rewrote the booking form together. I've now booked three weekends this year "
    "and I actually slept. It sounds small but it kept our family going."
)
JADE_STORY = (
    "Being in the group gave me the confidence to apply for a job. I now work 2 days a week at "
    "the Carers' Centre cafe. My support worker says I am a different person."
)
COMMISSIONER_STORY = (
    "I used to write the short-breaks specification on my own. Working with the group, I changed "
    "6 things in the new short-breaks contract, including letting people choose who they go "
    "with. I won't go back to the old way."
)

# when, link, variant, supported, permission, name, then the answers to:
# role, time_in_group, confidence, connected, made_friends, feeling_group, ideas_difference,
# gained, spoke_elsewhere, change_story, breaks_used, finding_breaks
SURVEY_ROWS = [
    ("2025-10-14 13:10", ONLINE, "easy", True, "anonymous", None,
     "self_advocate", "over_12m", (2, 4), (2, 4), "yes", GOOD, 4, "confidence;friends", "yes",
     "My mum used to speak for me. Now I speak for me.", 2, 3),
    ("2025-10-14 18:30", ONLINE, "standard", False, "anonymous", None,
     "carer", "over_12m", (3, 4), (1, 4), "yes", GOOD, 4, "friends;say", "no",
     CARER_STORY, 3, 3),
    ("2025-10-16 10:00", PAPER, "easy", True, "no", None,
     "self_advocate", "6_12m", (1, 3), (2, 3), "not_sure", OK, 3, "friends;paid", "not_sure",
     None, 1, 2),
    ("2025-10-20 09:20", ONLINE, "standard", False, "anonymous", None,
     "worker", "6_12m", (3, 4), (3, 3), "no", GOOD, 5, "skills;say", "yes",
     COMMISSIONER_STORY, None, 3),
    ("2025-10-21 15:00", ONLINE, "easy", True, "named", "Jade R.",
     "self_advocate", "over_12m", (2, 4), (2, 5), "yes", GOOD, 5, "confidence;skills;paid",
     "yes", JADE_STORY, 0, 3),
    ("2025-10-22 19:45", ONLINE, "standard", False, "no", None,
     "carer", "6_12m", (3, 3), (2, 3), "yes", OK, 2, "friends", "no",
     "Not much has changed yet for us. The meetings are good but we are still waiting for a "
     "short break that takes my daughter's needs seriously.", 0, 1),
    ("2025-10-28 12:30", PAPER, "standard", False, "anonymous", None,
     "carer", "under_6m", (2, 3), (1, 3), "not_sure", OK, 3, "say", "no",
     "I've only been to 3 meetings but it is the first time anyone from the council has asked "
     "what we actually want from a break.", 2, 2),
    ("2025-10-30 13:00", ONLINE, "easy", True, "anonymous", None,
     "self_advocate", "under_6m", (1, 2), (2, 3), "yes", GOOD, 4, "friends;paid", "not_sure",
     "I like coming on Tuesdays. I have a friend called Ben now.", 1, 3),
    ("2026-03-03 14:20", ONLINE, "easy", True, "named", "Sam P.",
     "self_advocate", "over_12m", (1, 5), (2, 5), "yes", GOOD, 5, "confidence;say;skills",
     "yes", SAM_STORY, 3, 4),
    ("2026-03-03 19:40", ONLINE, "standard", False, "anonymous", None,
     "carer", "over_12m", (2, 4), (1, 4), "yes", GOOD, 5, "friends;say", "yes",
     "I spoke at the carers' forum for the first time, about the booking form. Two years ago I "
     "wouldn't have dared.", 4, 4),
    ("2026-03-05 11:15", PAPER, "easy", True, "anonymous", None,
     "self_advocate", "over_12m", (2, 4), (2, 4), "yes", GOOD, 4, "friends;confidence", "yes",
     "I went to the council meeting and I talked. I felt proud.", 2, 4),
    ("2026-03-09 09:50", ONLINE, "standard", None, "named", "Priya K.",
     "worker", "over_12m", (3, 4), (3, 4), "not_sure", GOOD, 5, "skills;say", "yes",
     "As a social worker I now ask people what a good break looks like for them before I look "
     "at what is available. The group taught me that.", None, 4),
    ("2026-03-10 16:30", ONLINE, "easy", True, "anonymous", None,
     "self_advocate", "6_12m", (2, 3), (2, 4), "yes", OK, 4, "friends;paid", "not_sure",
     "I learned what commissioning means. I can tell my friends now.", 1, 3),
    ("2026-03-12 20:05", ONLINE, "standard", False, "no", None,
     "carer", "over_12m", (3, 3), (2, 2), "no", NOT_GOOD, 2, "paid", "no",
     "The meetings are fine but I still wait 8 weeks for a break. Until that changes I'm not "
     "sure what the group has achieved for families like mine.", 1, 2),
    ("2026-03-17 13:00", PAPER, "standard", False, "anonymous", None,
     "carer", "6_12m", (2, 4), (2, 4), "yes", GOOD, 4, "friends;say;confidence", "yes",
     "Booking was so much easier with the new form. I used it for the first time in January and "
     "had a reply in a week.", 3, 4),
    ("2026-03-19 15:10", ONLINE, "easy", True, "anonymous", None,
     "self_advocate", "6_12m", (2, 4), (1, 4), "yes", GOOD, 5, "confidence;friends", "yes",
     "I did the visit to Oak House. I asked about the garden. They listened to me.", 2, 4),
]  # fmt: skip

# Links: (outcome ref, indicator ref or None, status). Evidence cut from an answer names the
# response as (form key, row index) and the question; its text must appear in that answer.
EVIDENCE = [
    {"kind": K.STORY, "from": ("survey", 8, "change_story"), "text": SAM_STORY,
     "title": "Sam chairs the group and sat on a provider panel", "most_significant": True,
     "approved": True,
     "links": [("B1", "B1.2", LinkStatus.CONFIRMED), ("I1", None, LinkStatus.CONFIRMED),
               ("A2", None, LinkStatus.SUGGESTED)]},
    {"kind": K.QUOTE, "from": ("survey", 1, "change_story"),
     "text": "I've now booked three weekends this year and I actually slept.",
     "title": "A carer books short breaks again", "approved": True,
     "links": [("I2", None, LinkStatus.CONFIRMED), ("A1", None, LinkStatus.SUGGESTED)]},
    {"kind": K.QUOTE, "from": ("survey", 0, "change_story"),
     "text": "My mum used to speak for me. Now I speak for me.", "title": "Speaking for myself",
     "links": [("B1", "B1.2", LinkStatus.SUGGESTED)]},
    {"kind": K.STORY, "from": ("survey", 4, "change_story"), "text": JADE_STORY,
     "title": "Jade got a job at the Carers' Centre cafe", "unexpected": True, "approved": True,
     "links": [("B4", None, LinkStatus.CONFIRMED), ("B1", None, LinkStatus.CONFIRMED)]},
    {"kind": K.QUOTE, "from": ("survey", 3, "change_story"),
     "text": "Working with the group, I changed 6 things in the new short-breaks contract",
     "title": "A commissioner changes the contract", "approved": True,
     "links": [("I1", "I1.1", LinkStatus.CONFIRMED), ("B3", None, LinkStatus.CONFIRMED)]},
    {"kind": K.QUOTE, "from": ("after", 2, "best_thing"), "text": "I don't feel so alone.",
     "title": "Carers share the same problems", "approved": True,
     "links": [("B2", None, LinkStatus.SUGGESTED)]},
    {"kind": K.QUOTE, "from": ("after", 0, "best_thing"), "text": "Everyone got a turn to speak.",
     "title": "Everyone had a turn", "approved": True,
     "links": [("E1", "E1.1", LinkStatus.CONFIRMED)]},
    {"kind": K.QUOTE, "from": ("after", 7, "change_one_thing"),
     "text": "The council people talked for most of the meeting and we didn't get to our bit.",
     "title": "A meeting where members did not get their turn",
     "links": [("E1", "E1.1", LinkStatus.CONFIRMED)]},
    {"kind": K.QUOTE, "from": ("survey", 13, "change_story"),
     "text": "I still wait 8 weeks for a break.", "title": "Still waiting for breaks",
     "links": [("I2", "I2.1", LinkStatus.SUGGESTED)]},
    {"kind": K.OBSERVATION, "title": "Members' questions at the provider panel",
     "text": "At the provider panel on 4 March 2026 two group members asked the questions they "
             "had written themselves. The panel chair said their questions told the panel more "
             "about each provider than the written bids did.",
     "occurred_on": date(2026, 3, 4), "source": "Co-production lead's notes", "approved": True,
     "links": [("A2", "A2.1", LinkStatus.CONFIRMED), ("B1", "B1.2", LinkStatus.CONFIRMED)]},
    {"kind": K.OBSERVATION, "title": "Carers set up their own booking-tips group",
     "text": "Two carers from the group set up a WhatsApp group to share tips on booking short "
             "breaks. By February 2026 about 30 carers were using it. Nobody planned this.",
     "occurred_on": date(2026, 2, 12), "source": "Carers' Centre manager", "unexpected": True,
     "approved": True, "links": [("B2", None, LinkStatus.CONFIRMED)]},
    {"kind": K.COUNT, "title": "Provider panels with two group members", "value_number": 4,
     "text": "Two group members sat on each of the 4 provider selection panels held in 2025-26.",
     "occurred_on": date(2026, 3, 4), "source": "Commissioning records", "approved": True,
     "links": [("A2", "A2.1", LinkStatus.CONFIRMED)]},
    {"kind": K.DOCUMENT, "title": "Easy-read short-breaks leaflet and booking form",
     "text": "Published on the council website and in print in September 2025, after two rounds "
             "of testing with the group.",
     "occurred_on": date(2025, 9, 15), "source": "Northbrook Council website", "approved": True,
     "links": [("A1", "A1.1", LinkStatus.CONFIRMED)]},
    {"kind": K.RATING, "title": "Leaflet testing results", "value_number": 84,
     "text": "21 of the 25 people who tested the easy-read leaflet said it was easy to understand "
             "(84%).",
     "occurred_on": date(2025, 7, 15), "source": "'After the meeting' forms, May to July 2025",
     "approved": True, "links": [("A1", "A1.2", LinkStatus.CONFIRMED)]},
]  # fmt: skip
