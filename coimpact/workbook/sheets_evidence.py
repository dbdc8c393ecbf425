"""The Evidence sheet: one row per evidence item, its words only as consent and approval allow.

Items arrive streamed in ref order with their links (small: a few per item) read first, both
from `data.py`, which leaves out rejected links and evidence cut from a spam response.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from openpyxl import Workbook

from coimpact.models import EvidenceKind, EvidenceStatus
from coimpact.reports.quote_permission import Consent, shown_evidence
from coimpact.workbook.cells import local_datetime, yes_no
from coimpact.workbook.data import Links, ProjectData
from coimpact.workbook.sheet import SheetWriter, Styles
from coimpact.workbook.texts import VARIANT_LABELS


def _unique(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


def write_evidence(
    workbook: Workbook,
    styles: Styles,
    data: ProjectData,
    links: Links,
    rows: Iterable[sa.Row],
    advance: Callable[[int], None],
) -> None:
    """One row per item of `rows` (`data.evidence_rows`), with its `links`
    (`data.evidence_links`)."""
    layout = data.layout["evidence"]
    label = layout.label
    columns = layout.columns
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    sheet.start_table(columns)
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
        shown = shown_evidence(text or "", Consent(permission, name) if from_response else None)
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
