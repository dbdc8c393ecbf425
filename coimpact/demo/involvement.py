"""The demo project's involvement log: co-production sessions over two reporting years (2025-26
and 2026-27), each part of one of the demo's Theory of Change activities. People with lived
experience are paid the council's involvement rate, £20 an hour."""

from __future__ import annotations

from datetime import date

from coimpact.models import InvolvementKind, Project, TocElement
from coimpact.services.involvement import add_session

RATE_PENCE = 2000  # £20 an hour
K = InvolvementKind

# (date, kind, activity (index into the demo's activities), title, people with lived
#  experience, carers, staff, partners, hours, expenses £, recognition, names agreed to)
SESSIONS = [
    (date(2025, 5, 13), K.MEETING, 0, "Group meeting: what short breaks are for",
     9, 2, 2, 1, 2.5, 45, "", ""),
    (date(2025, 7, 8), K.CO_DESIGN, 3, "Co-design day: the new leaflet",
     10, 3, 3, 2, 5, 180, "Certificates of contribution", "Aisha Khan, Tom Reilly"),
    (date(2025, 9, 17), K.WORKSHOP, 1, "Carers' evening: booking a short break",
     2, 8, 1, 0, 2, 30, "£10 vouchers for carers", ""),
    (date(2025, 11, 20), K.MEETING, 4, "Provider selection panel",
     2, 0, 3, 2, 4, 16, "", ""),
    (date(2026, 2, 10), K.WORKSHOP, 5, "Training: how the council buys services",
     11, 2, 4, 0, 3, 90, "Certificates of completion", ""),
    (date(2026, 4, 14), K.MEETING, 0, "Group meeting: planning the year",
     10, 2, 2, 0, 2.5, 50, "", ""),
    (date(2026, 5, 20), K.CO_DESIGN, 2, "Co-design day: writing the visit reports",
     9, 2, 2, 3, 5, 240, "Lunch, and certificates", ""),
    (date(2026, 7, 9), K.WORKSHOP, 1, "Carers' evening: what has changed",
     3, 9, 1, 0, 2, 30, "£10 vouchers for carers", ""),
    (date(2026, 9, 15), K.MEETING, 3, "Testing the easy-read booking form",
     12, 1, 2, 0, 3, 60, "", ""),
    (date(2026, 10, 21), K.OTHER, 4, "Provider panel interviews",
     2, 0, 3, 2, 6, 24, "A thank-you letter from the director", ""),
]  # fmt: skip


def add_involvement(project: Project, activities: list[TocElement]) -> None:
    """Log the demo's sessions (flushed with the rest of the demo)."""
    for (
        held_on, kind, activity, title, lived, carers, staff, partners, hours, expenses,
        recognition, names,
    ) in SESSIONS:  # fmt: skip
        minutes = round(hours * 60)
        add_session(
            project,
            held_on,
            title,
            kind,
            activities[activity],
            lived_experience=lived,
            carers=carers,
            staff=staff,
            partners=partners,
            length_minutes=minutes,
            payments_pence=lived * minutes * RATE_PENCE // 60,
            expenses_pence=expenses * 100,
            recognition=recognition,
            names=names,
            names_agreed=bool(names),
        )
