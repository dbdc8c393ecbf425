"""Reading a participant page's form as a browser would, and filling it in like a person.

Only what the HTML shows is used: the hidden fields (CSRF token, submission id), the radio and
checkbox groups with their values, the text boxes (a number box is `inputmode="decimal"`) and
the honeypot, which people never see and so leave empty. Regular expressions rather than an HTML
parser: the generator shares 2 cores with the server, and these pages are our own templates.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field

TAG_RE = re.compile(r"<(input|textarea)\b([^>]*)>", re.IGNORECASE)
ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')
FORM_START, FORM_END = '<form method="post"', "</form>"

HONEYPOT = "website"
# A number box takes a count (meetings, breaks): 1 to 30 is inside every demo question's range.
NUMBER_RANGE = (1, 30)

PHRASES = [
    "I spoke at the meeting for the first time.",
    "The easy-read papers helped me follow what was said.",
    "People listened to me and we changed the leaflet.",
    "I felt nervous at first but the chair gave everyone a turn.",
    "We need more breaks — it was a long afternoon.",
    "My support worker came with me, which made it easier.",
    "The café was too noisy; a quieter room would be better.",
    "Zoë from the carers' group explained the budget really well.",
    "I'd like the papers a week before, not the day before.",
    "I met two people I now see every week.",
    "Travel was paid, so I could come.",
    "I still don't understand what happens to our ideas afterwards.",
]
NAMES = ["Sam", "Priya", "Tomasz", "Aisha", "Dafydd", "Siobhán", "Chen", "Jo"]


@dataclass
class PageForm:
    """The fields of a page's answer form, in page order."""

    hidden: dict[str, str] = field(default_factory=dict)
    radios: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)


def read_form(page: str) -> PageForm | None:
    """The page's POST form, or None when it has none."""
    # str.find, not a regular expression: a lazy match to "</form>" cost half of reading a page.
    start = page.find(FORM_START)
    end = page.find(FORM_END, start)
    if start < 0 or end < 0:
        return None
    form = PageForm()
    for tag, raw in TAG_RE.findall(page, start, end):
        attrs = {
            name: html.unescape(value) if "&" in value else value
            for name, value in ATTR_RE.findall(raw)
        }
        name = attrs.get("name")
        if not name:
            continue
        if tag.lower() == "textarea":
            form.textareas.append(name)
            continue
        kind = attrs.get("type", "text")
        if kind == "hidden":
            form.hidden[name] = attrs.get("value", "")
        elif kind == "radio":
            form.radios.setdefault(name, []).append(attrs["value"])
        elif kind == "checkbox":
            form.checkboxes.setdefault(name, []).append(attrs["value"])
        elif attrs.get("inputmode") == "decimal":
            form.numbers.append(name)
        else:
            form.texts.append(name)
    return form


@dataclass
class Filled:
    """What a person sends from one page, and how each answer must then be stored.

    `expected` maps a question key to the stored columns it must have; `about` holds the
    response-level choices (consent, quotes, name, help) for the same check.
    """

    data: list[tuple[str, str]]
    expected: dict[str, dict[str, object]]
    about: dict[str, object]


def story(rng: random.Random) -> str:
    return " ".join(rng.sample(PHRASES, rng.randint(2, 6)))


def fill(form: PageForm, rng: random.Random, *, decline: bool = False) -> Filled:
    """Answer every question on the page as a person might; `decline` says no to taking part."""
    data = list(form.hidden.items())
    expected: dict[str, dict[str, object]] = {}
    about: dict[str, object] = {}
    quote = None
    for name, values in form.radios.items():
        if name == "consent":
            choice = "no" if decline else "yes"
        elif name == "quote_permission":
            choice = rng.choices(values, weights=[5, 4, 1][: len(values)])[0]
            quote = choice
            about["quote_permission"] = choice
        else:
            choice = rng.choice(values)
        data.append((name, choice))
        if name == "supported":
            about["supported"] = choice == "yes"
        elif name.startswith("q_"):
            _expect_choice(expected, form, name, choice)
    for name, values in form.checkboxes.items():
        chosen = [v for v in values if rng.random() < 0.4] or [rng.choice(values)]
        data.extend((name, value) for value in chosen)
        expected[name[2:]] = {"option_codes": ";".join(chosen)}
    for name in form.numbers:
        number = rng.randint(*NUMBER_RANGE)
        data.append((name, str(number)))
        expected[name[2:]] = {"value_number": float(number)}
    for name in form.texts:
        if name == HONEYPOT:
            data.append((name, ""))
        elif name == "participant_name":
            person = rng.choice(NAMES) if quote == "named" else ""
            data.append((name, person))
            about["participant_name"] = person or None
        else:
            text = rng.choice(PHRASES)
            data.append((name, text))
            expected[name[2:]] = {"value_text": text}
    for name in form.textareas:
        text = story(rng)
        data.append((name, text))
        expected[name[2:]] = {"value_text": text}
    return Filled(data, expected, about)


def _expect_choice(expected, form: PageForm, name: str, choice: str) -> None:
    """A radio answer: one option code, or one half of a before-and-after pair."""
    for part, column in (("_before", "value_before"), ("_after", "value_number")):
        stem = name.removesuffix(part)
        pair = f"{stem}_before" in form.radios and f"{stem}_after" in form.radios
        if name.endswith(part) and pair:
            expected.setdefault(stem[2:], {})[column] = float(choice)
            return
    expected[name[2:]] = {"option_codes": choice}
