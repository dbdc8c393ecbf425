"""Helpers for the admin tests: build a Theory of Change, and submit admin forms as a browser
would (the CSRF token read from the page first)."""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import ElementKind, Indicator, Outcome, Project, Section, TocElement
from coimpact.services.theory import add_indicator, add_outcome
from tests.conftest import csrf_token


def build_theory(project: Project, label: str = "") -> dict[str, object]:
    """One element, one outcome (A1) with one indicator (A1.1); returns them by name."""
    element = TocElement(project=project, kind=ElementKind.INPUT, text=f"Time {label}")
    db.session.add(element)
    outcome = add_outcome(project, Section.ACHIEVEMENT, f"Leaflet rewritten {label}")
    indicator = add_indicator(outcome, f"Leaflets changed {label}", baseline="0", target="3")
    db.session.commit()
    return {"element": element, "outcome": outcome, "indicator": indicator}


def token_from(client, url: str = "/admin/") -> str:
    """A CSRF token as a page of the admin would carry it (any page with a form)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return csrf_token(page.text)


def post_form(client, url: str, data: dict, token_url: str | None = None):
    """POST `data` to `url` with a valid CSRF token taken from `token_url` (default: `url`)."""
    token = token_from(client, token_url or url)
    return client.post(url, data={**data, "csrf_token": token})


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def outcome_refs(project: Project) -> list[str]:
    db.session.expire_all()
    outcomes = db.session.scalars(
        sa.select(Outcome)
        .where(Outcome.project_id == project.id)
        .order_by(Outcome.section, Outcome.ref_number)
    )
    return [o.ref for o in outcomes]


def indicator_refs(outcome_id: int) -> list[str]:
    db.session.expire_all()
    indicators = db.session.scalars(
        sa.select(Indicator).where(Indicator.outcome_id == outcome_id).order_by(Indicator.id)
    )
    return [i.ref for i in indicators]


def column_html(page: str, heading_id: str) -> str:
    """The HTML of one column of a project's overview grid, from its heading to the next."""
    start = page.index(f'id="col-{heading_id}"')
    end = page.find('<section class="toc-col', start)
    return page[start : end if end != -1 else len(page)]
