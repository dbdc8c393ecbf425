"""The Evidence sheet: one row per evidence item, its words only as consent and approval allow.

Items are streamed in ref order; their links (small: a few per item) are read first. Rejected
links are left out: staff decided the item does not show that outcome. Evidence cut from a
spam response is left out with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import sqlalchemy as sa
from openpyxl import Workbook

from coimpact.extensions import db
from coimpact.models import (
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    EvidenceStatus,
    Form,
    Indicator,
    LinkStatus,
    Outcome,
    Response,
)
from coimpact.workbook.cells import local_datetime, yes_no
from coimpact.workbook.data import VARIANT_LABELS, ProjectData, evidence_words
from coimpact.workbook.sheet import SheetWriter, Styles

BATCH = 1_000


def _links(data: ProjectData) -> dict[int, list[tuple[str, str | None, str, str]]]:
    """(outcome ref, indicator ref, status, linked by) for each item, in the order linked."""
    outcome_refs = {o.id: o.ref for o in data.outcomes}
    indicator_refs = {i.id: i.ref for i in data.indicators}
    rows = db.session.execute(
        sa.select(
            EvidenceLink.evidence_item_id,
            EvidenceLink.outcome_id,
            EvidenceLink.indicator_id,
            EvidenceLink.status,
            EvidenceLink.linked_by_id,
        )
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .join(Outcome, Outcome.id == EvidenceLink.outcome_id)
        .outerjoin(Indicator, Indicator.id == EvidenceLink.indicator_id)
        .where(
            EvidenceItem.project_id == data.project.id,
            EvidenceLink.status != LinkStatus.REJECTED,
        )
        .order_by(EvidenceLink.evidence_item_id, Outcome.section, Outcome.ref_number, Indicator.id)
    )
    links: dict[int, list[tuple[str, str | None, str, str]]] = defaultdict(list)
    for item_id, outcome_id, indicator_id, status, linked_by in rows:
        links[item_id].append(
            (
                outcome_refs.get(outcome_id, ""),
                indicator_refs.get(indicator_id) if indicator_id else None,
                LinkStatus(status).value,
                data.people.get(linked_by, "") if linked_by else "",
            )
        )
    return links


def _unique(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


def write_evidence(
    workbook: Workbook, styles: Styles, data: ProjectData, advance: Callable[[int], None]
) -> None:
    layout = data.layout["evidence"]
    label = layout.label
    columns = layout.columns
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    sheet.start_table(columns)
    links = _links(data)
    rows = db.session.execute(
        sa.select(
            EvidenceItem.id,
            EvidenceItem.ref_number,
            EvidenceItem.kind,
            EvidenceItem.title,
            EvidenceItem.text,
            EvidenceItem.value_number,
            EvidenceItem.occurred_on,
            EvidenceItem.created_at,
            EvidenceItem.source,
            EvidenceItem.status,
            EvidenceItem.most_significant,
            EvidenceItem.unexpected,
            EvidenceItem.response_id,
            Response.ref,
            Response.submitted_at,
            Response.variant,
            Response.supported,
            Response.quote_permission,
            Response.participant_name,
            Form.title,
        )
        .outerjoin(Response, Response.id == EvidenceItem.response_id)
        .outerjoin(Form, Form.id == Response.form_id)
        .where(
            EvidenceItem.project_id == data.project.id,
            sa.or_(EvidenceItem.response_id.is_(None), Response.is_spam.is_(False)),
        )
        .order_by(EvidenceItem.ref_number)
        .execution_options(yield_per=BATCH)
    )
    for (
        item_id,
        ref_number,
        kind,
        title,
        text,
        value,
        occurred_on,
        created_at,
        source,
        status,
        significant,
        unexpected,
        response_id,
        response_ref,
        submitted_at,
        variant,
        supported,
        permission,
        name,
        form_title,
    ) in rows:
        from_response = response_id is not None
        approved = status == EvidenceStatus.APPROVED
        shown = evidence_words(text or "", from_response, permission, name)
        if not approved:
            # Only staff-approved words go to a funder (security.md); the item still counts.
            words, attribution = label("draft"), ""
        elif shown.withheld:
            words, attribution = shown.text, ""
        else:
            words = shown.text
            attribution = shown.attribution or (label("anonymous") if from_response else "")
        item_links = links.get(item_id, [])
        row = {
            "ref": f"EV{ref_number}",
            "date": occurred_on or local_datetime(submitted_at or created_at).date(),
            "type": EvidenceKind(kind).value.capitalize(),
            "title": title,
            "text": words,
            "attribution": attribution if from_response else label("staff"),
            "value": value,
            "source": source,
            "form": form_title,
            "response_ref": response_ref,
            "variant": VARIANT_LABELS.get(variant, "") if from_response else "",
            "supported": yes_no(supported, "Not answered") if from_response else "",
            "outcome_refs": ", ".join(_unique(link[0] for link in item_links)),
            "indicator_refs": ", ".join(_unique(link[1] for link in item_links)),
            "link_status": "\n".join(f"{link[1] or link[0]}: {link[2]}" for link in item_links),
            "significant": bool(significant),
            "unexpected": bool(unexpected),
            "linked_by": ", ".join(_unique(link[3] for link in item_links)),
            "status": approved,
        }
        sheet.row(columns, [row.get(c.key) for c in columns])
    sheet.finish()
    advance(1)
