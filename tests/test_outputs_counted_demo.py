"""The demo's Theory of Change has outputs the involvement log fills in, seen on its overview
through the HTTP client after `seed-demo`."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Project, Role
from tests.admin_helpers import column_html


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        yield app


def test_the_demo_overview_shows_outputs_counted_by_the_log(app, runner, client, make_user, login):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    project = db.session.scalar(sa.select(Project).where(Project.slug == "demo"))
    login(make_user(Role.ADMIN))
    page = client.get(f"/admin/overview/{project.id}").text
    outputs = column_html(page, "output")
    # The current period's sessions (2026-27: 5 sessions, 124 hours), as the dashboard and the
    # workbook count them.
    assert "Current reporting period 2026-27" in page
    assert "Sessions held: <strong>5</strong>" in outputs
    assert "Hours of lived-experience time: <strong>124 hours</strong>" in outputs
    assert "From the involvement log, 2026-27" in outputs
    # The whole log beside the inputs: 117.5 + 124 hours over both years.
    inputs = column_html(page, "input")
    assert "Since the log began: 241.5 hours of lived-experience time" in inputs
