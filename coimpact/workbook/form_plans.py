"""What each form contributes to the workbook: its questions across versions, in form order, and
the name of its Responses sheet. Plain Python over the forms `data.py` read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from coimpact.domain.snapshots import question_snapshot
from coimpact.models import Form, Question
from coimpact.workbook.cells import UNSTORABLE
from coimpact.workbook.data import FormData

MAX_SHEET_NAME = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass
class KeyPlan:
    """One question key of a form: its latest published wording (or its draft wording when it
    was never published) and the versions that asked it."""

    key: str
    question: dict[str, Any]
    versions: list[int]
    live: Question | None

    @property
    def published(self) -> bool:
        return bool(self.versions)


@dataclass
class FormPlan:
    form: Form
    sheet_name: str
    keys: list[KeyPlan]
    link_labels: dict[int, str] = field(default_factory=dict)
    responses: int = 0  # not counting spam

    @property
    def published_keys(self) -> list[KeyPlan]:
        """The keys that can have answers: one Responses column each."""
        return [k for k in self.keys if k.published]


def merged_order(versions: list[list[str]]) -> list[str]:
    """Question keys of every version in form order. `versions` runs newest first: the newest
    order wins, and a key only older versions asked goes back after the key it followed."""
    order: list[str] = []
    for keys in versions:
        for index, key in enumerate(keys):
            if key in order:
                continue
            before = next((k for k in reversed(keys[:index]) if k in order), None)
            order.insert(order.index(before) + 1 if before is not None else 0, key)
    return order


def plan_keys(form: Form) -> list[KeyPlan]:
    """Published keys in form order across versions, then questions never published yet."""
    newest_first = list(reversed(form.versions))
    snapshots = [v.snapshot.get("questions", []) for v in newest_first]
    live = {q.key: q for q in form.questions}
    plans = []
    for key in merged_order([[q["key"] for q in questions] for questions in snapshots]):
        latest = next(q for questions in snapshots for q in questions if q["key"] == key)
        asked = sorted(
            v.number for v in newest_first if any(q["key"] == key for q in v.snapshot["questions"])
        )
        plans.append(KeyPlan(key, latest, asked, live.get(key)))
    published = {p.key for p in plans}
    for question in form.live_questions:
        if question.key not in published:
            plans.append(KeyPlan(question.key, question_snapshot(question), [], question))
    return plans


def sheet_names(prefix: str, titles: list[str], reserved: list[str]) -> list[str]:
    """A Responses sheet name for each form title: at most 31 characters, none of []:*?/\\,
    unique without regard to case (as Excel compares them), the same every export."""
    taken = {name.casefold() for name in reserved}
    names = []
    for title in titles:
        clean = " ".join(_NOT_IN_SHEET_NAMES.sub(" ", UNSTORABLE.sub("", title)).split())
        base = prefix + (clean or "form")
        name, n = _fit(base, ""), 2
        while name.casefold() in taken:
            name, n = _fit(base, f" ({n})"), n + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _fit(base: str, suffix: str) -> str:
    room = MAX_SHEET_NAME - len(suffix)
    name = base if len(base) <= room else base[: room - 1].rstrip() + "…"
    # Excel refuses a sheet name that ends with an apostrophe.
    return name.rstrip("'") + suffix


def form_plans(forms: list[FormData], prefix: str, reserved: list[str]) -> list[FormPlan]:
    """Every form (as `data.py` read them, in the order they were made) with its sheet name,
    question keys, share-link labels and count of responses (spam left out)."""
    names = sheet_names(prefix, [f.form.title for f in forms], reserved)
    return [
        FormPlan(f.form, name, plan_keys(f.form), f.link_labels, f.responses)
        for f, name in zip(forms, names, strict=True)
    ]
