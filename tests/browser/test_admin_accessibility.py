"""The whole admin in a real Chromium, signed in as an admin and as a member of staff of one
project: every kind of page has no axe-core WCAG 2.2 AA violation at 1280 px and at 320 px,
does not scroll sideways at 320 px nor at 640 px (a 1280 px window at 200 % zoom, drawn at
device scale factor 2), lets a table wider than that scroll only inside a named region one can
reach with Tab, and has targets of at least 24x24 CSS px. And the keyboard alone is enough to
sign in, open the menu, reach a create form and save it, with a visible focus at every stop.

The crawl starts at /admin/ and follows every link to another admin page (GET only: never a
delete, an action, a download or signing out), visiting each kind of page once per person: ids
left out, and on flask-admin's lists and forms the rows they are narrowed to too. Then it opens
every page of the access walk's table (tests/test_access_walk.py) of a kind not seen yet, and
the states no link shows: a searched and a filtered list, a create form sent empty and then
saved, 403 and 404, sign-in with an error. The walk's table covers every admin route (a test
there says so), so a new admin page cannot escape: the crawl fails unless it audited a page of
every endpoint the person may open. It collects every problem and fails once with all of them.

Set COIMPACT_SCREENSHOTS=/some/dir to keep full-page screenshots of each kind at 1280 and 320 px.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter, RequestRedirect

from coimpact.demo.seed import seed_demo
from coimpact.extensions import db
from coimpact.models import Role, TocElement
from tests.access_fixture import build_side
from tests.browser import pages
from tests.browser.pages import (
    axe_violations,
    focus_not_shown,
    reflow_problems,
    slug,
    small_targets,
    unnamed_scrollers,
)
from tests.conftest import PASSWORD
from tests.test_access_walk import ADMIN_ONLY, WALK

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("COIMPACT_SCREENSHOTS")
WIDE = {"width": 1280, "height": 800}
ZOOMED = 640  # a 1280 px window at 200 % zoom
NARROW = 320

# Links the crawl never follows: they change something, sign out or download a file.
NEVER = re.compile(r"/(delete|action|ajax|export)/|/logout|/download$|/file$")
# Query keys that change a page's order, page or way back, not what kind of page it is.
SAME_KIND = {"url", "sort", "desc", "page", "page_size"}
# flask-admin's list, create, edit and details pages: one template per view whatever rows they
# are narrowed to (?project_id=, ?form_id=, a search, a filter); those states are visited once,
# in `other_states`.
MODEL_PAGES = (".index_view", ".create_view", ".edit_view", ".details_view")


def kind_of(endpoint: str, query: str) -> str:
    """A page's kind: its endpoint and, outside flask-admin's model pages, its query's names."""
    if endpoint.endswith(MODEL_PAGES):
        return endpoint
    keys = {key for key, _ in parse_qsl(query)} - SAME_KIND
    return " ".join([endpoint, *sorted(keys)])


def walk_pages(role: str, ids: dict) -> list[tuple[str, str]]:
    """(endpoint, path) of every page of the access walk that `role` may read, filled with the
    ids of the walk's project (downloads and static files left out)."""
    found = []
    for endpoint, visits in WALK.items():
        for visit in visits:
            if visit.method != "GET" or visit.audited or visit.public or visit.admin != 200:
                continue
            if role == "staff" and visit.outsider == ADMIN_ONLY:
                continue
            found.append((endpoint, visit.url.format(**ids)))
    return found


@dataclass
class Crawl:
    """One person's browser tab going through the admin, and what it found on the way."""

    page: Any
    base: str
    adapter: MapAdapter
    role: str
    problems: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # kind -> the URL it was audited at
    endpoints: set[str] = field(default_factory=set)
    queue: list[str] = field(default_factory=list)

    def endpoint(self, url: str) -> str | None:
        try:
            return self.adapter.match(urlsplit(url).path, method="GET")[0]
        except RequestRedirect as redirect:  # /admin to /admin/
            return self.endpoint(redirect.new_url)
        except HTTPException:
            return None

    def crawl(self, *starts: str) -> None:
        """Visit `starts`, then every admin page linked from what was visited, breadth first."""
        self.queue += starts
        while self.queue:
            path = self.queue.pop(0)
            endpoint = self.endpoint(path)
            if endpoint is None:
                self.problems.append(f"{self.role}: a link leads nowhere: {path}")
                continue
            kind = kind_of(endpoint, urlsplit(path).query)
            if kind not in self.kinds and self.open(path, kind):
                self.endpoints.add(endpoint)
                self.follow_links()

    def open(self, path: str, kind: str, status: int = 200) -> bool:
        """Open `path`, expecting `status`, and audit it as `kind`."""
        self.kinds[kind] = path
        response = self.page.goto(self.base + path)
        if response is None or response.status != status:
            got = response.status if response else "nothing"
            self.problems.append(f"{self.role} {kind} ({path}): {got}, not {status}")
            return False
        self.audit(kind)
        return True

    def follow_links(self) -> None:
        hrefs = self.page.eval_on_selector_all("a[href]", "(as) => as.map((a) => a.href)")
        for href in hrefs:
            path = href.split("#")[0].removeprefix(self.base)
            if path.startswith("/admin") and not NEVER.search(urlsplit(path).path):
                self.queue.append(path)

    def audit(self, kind: str) -> None:
        """Check the page as it is now at 1280, 640 and 320 px."""
        page = self.page
        found = axe_violations(page) + small_targets(page, WIDE["width"])
        self._shot(kind, WIDE["width"])
        found += focus_not_shown(page)
        for width in (ZOOMED, NARROW):
            found += reflow_problems(page, width) + unnamed_scrollers(page, width)
        found += [f"at {NARROW}px {violation}" for violation in axe_violations(page)]
        found += small_targets(page, NARROW)
        self._shot(kind, NARROW)
        page.set_viewport_size(WIDE)
        where = f"{self.role} {kind} ({page.url.removeprefix(self.base)})"
        self.problems += [f"{where}: {problem}" for problem in found]

    def _shot(self, kind: str, width: int) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            name = f"admin-{self.role}-{slug(kind)}-{width}.png"
            self.page.screenshot(path=str(Path(SHOTS) / name), full_page=True, scale="css")

    def submit(self, kind: str, button: str) -> None:
        """Send the form on the page with `button`, skipping the browser's own checks (as a
        browser without them would), and audit the page that comes back."""
        page = self.page
        page.eval_on_selector_all("form", "(forms) => forms.forEach((f) => f.noValidate = true)")
        press = page.locator(f"input[type=submit][value='{button}'], button:text-is('{button}')")
        with page.expect_navigation():
            press.click()
        self.state(kind)

    def state(self, kind: str) -> None:
        """Audit the page as it is now (after a script or a form changed it) as `kind`."""
        self.kinds[kind] = self.page.url.removeprefix(self.base)
        self.audit(kind)


def other_states(crawl: Crawl, ids: dict, denied: str) -> None:
    """The states no link leads to: a searched and a filtered list, the responses' own filters,
    a create form sent empty then saved, fields and menus flask-admin's scripts add or open, a
    refused page and a missing one."""
    crawl.open("/admin/elements/?search=volunteer", "a list, searched")
    crawl.open("/admin/outcomes/?flt0_0=leaflet", "a list, filtered")
    responses = f"/admin/responses/?q=meeting&free_text=1&form_id={ids['form']}"
    crawl.open(responses, "responses, filtered")
    crawl.open(f"/admin/elements/new/?project_id={ids['project']}", "a create form")
    crawl.submit("a create form sent empty", "Save")
    crawl.page.fill("#text", "Volunteers' time")
    crawl.submit("a list after saving", "Save")
    crawl.open(f"/admin/questions/new/?form_id={ids['draft_form']}", "a question's type to choose")
    crawl.open(
        f"/admin/questions/new/?form_id={ids['draft_form']}&type=single_choice", "a question form"
    )
    crawl.submit("a question form sent empty", "Save")
    crawl.open(f"/admin/outcomes/edit/?id={ids['outcome']}", "an outcome")
    crawl.page.click("#indicators-button")  # flask-admin's script adds an indicator's fields
    crawl.state("an outcome with a new indicator's fields")
    crawl.open("/admin/elements/", "a list")
    crawl.page.click("text=With selected")  # a menu of flask-admin's, opened
    crawl.state("a list with its actions menu open")
    crawl.open(denied, "a page one may not see", status=403)
    crawl.open("/admin/overview/2000000000", "a page that is not there", status=404)


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(
        COIMPACT_JOB_QUEUE="inline",
        COIMPACT_JOBS_DIR=str(tmp_path / "jobs"),
        COIMPACT_WEB_EXPORT_DIR=str(tmp_path / "workbooks"),
        COIMPACT_UPLOAD_DIR=str(tmp_path / "uploads"),
        COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"),
    )
    with app.app_context():
        yield app


@pytest.fixture
def world(app, client, make_user) -> dict[str, Any]:
    """The demo project (the app's own seed) and a second project with one of everything,
    made by the access walk's builder: staff belong to the second one only."""
    demo = seed_demo().project.id
    staff = make_user(Role.STAFF, email="staff@example.org")
    make_user(Role.ADMIN, email="admin@example.org")
    ids = build_side(app, client, "Second", staff).ids
    db.session.rollback()  # the test's session holds nothing while the app works
    # The admin sees both projects; the demo's pages first (its 40 responses fill the lists,
    # the dashboard's charts and the suggestions), the second project's after.
    return {
        "ids": ids,
        "admin": ("admin@example.org", [f"/admin/overview/{demo}", f"/admin/dashboard/{demo}"]),
        "staff": ("staff@example.org", []),
    }


def cache_static_files(context) -> None:
    """Serve the admin's CSS, scripts and fonts from memory after their first load in this
    browser context. The admin lets browsers keep them but gives no lifetime, so a browser may
    still ask again (If-None-Match) for all 25 on each of a hundred pages; the bytes and headers
    are the server's own."""
    kept: dict[str, tuple[int, dict, bytes]] = {}

    def serve(route) -> None:
        url = route.request.url
        if url not in kept:
            response = route.fetch()
            kept[url] = (response.status, response.headers, response.body())
        status, headers, body = kept[url]
        route.fulfill(status=status, headers=headers, body=body)

    context.route(re.compile(r"/admin/(static|assets)/"), serve)


def sign_in(page, base: str, email: str) -> None:
    pages.sign_in(page, base, email)
    assert urlsplit(page.url).path == "/admin/", page.url


@pytest.mark.parametrize("role", ["admin", "staff"])
def test_every_admin_page_is_accessible(role, world, app, axe_page, live_server):
    email, starts = world[role]
    ids = world["ids"]
    page = axe_page
    page.set_viewport_size(WIDE)
    cache_static_files(page.context)
    crawl = Crawl(page, live_server, app.url_map.bind("localhost"), role)

    crawl.open("/login", "sign-in")
    crawl.submit("sign-in with an error", "Sign in")
    sign_in(page, live_server, email)
    crawl.crawl(*starts, "/admin/")
    linked = set(crawl.endpoints)
    for _endpoint, path in walk_pages(role, ids):
        crawl.crawl(path)
    # A read-only view's create page is refused to everyone; accounts to all but admins.
    other_states(crawl, ids, "/admin/responses/new/" if role == "admin" else "/admin/users/")

    required = {endpoint for endpoint, _ in walk_pages(role, ids)}
    missing = sorted(required - crawl.endpoints)
    assert not missing, f"{role}: no page of these was audited: {missing}"
    # Links reach all but the pages reached from a form (a job's status), by typing (the
    # questions of every form, as one list), or from a published form's page only (its paper
    # copies: the crawl opens one page of each kind, and that form may be a draft).
    reached_otherwise = {
        "exports.status",
        "questions.index_view",
        "forms.print_view",
        "forms.print_preview_view",
    }
    assert required - linked <= reached_otherwise
    assert len(crawl.kinds) >= (75 if role == "admin" else 65), sorted(crawl.kinds)
    assert not crawl.problems, "\n" + "\n".join(crawl.problems)


FOCUS = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 &&
                 !s.outlineColor.endsWith(', 0)') && s.outlineColor !== 'transparent') ||
                s.boxShadow !== 'none';
  return {tag: e.tagName.toLowerCase(), id: e.id, name: e.name || '', type: e.type || '',
          text: (e.innerText || e.value || '').trim().slice(0, 40),
          expanded: e.getAttribute('aria-expanded'), shown};
}"""


def test_the_keyboard_alone_reaches_and_saves_a_create_form(
    new_page, live_server, make_project, make_user
):
    """At 320 px, where the menu hides behind its button: sign in, open the menu, go to the
    elements, open the create form, fill it in and save it, by keyboard only."""
    mine = make_project(name="Carers together")
    make_project(name="Not mine")
    staff = make_user(Role.STAFF, projects=[mine])
    page = new_page(viewport={"width": NARROW, "height": 800})
    stops: list[dict] = []

    def tab_to(wanted, most: int = 40) -> dict:
        """Press Tab until `wanted(focused)`; every stop on the way must show its focus."""
        for _ in range(most):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS)
            stops.append(focused)
            if wanted(focused):
                return focused
        raise AssertionError(f"not reached with Tab on {page.url}: {stops[-most:]}")

    def press_enter_and_wait() -> None:
        with page.expect_navigation():
            page.keyboard.press("Enter")

    page.goto(f"{live_server}/login")
    tab_to(lambda f: f["id"] == "email")
    page.keyboard.type(staff.email)
    tab_to(lambda f: f["id"] == "password")
    page.keyboard.type(PASSWORD)
    tab_to(lambda f: f["tag"] == "button" and f["text"] == "Sign in")
    press_enter_and_wait()
    assert urlsplit(page.url).path == "/admin/"

    menu = tab_to(lambda f: f["text"] == "Menu")
    assert menu["expanded"] == "false"
    page.keyboard.press("Enter")
    page.wait_for_selector("#admin-navbar-collapse.show")
    tab_to(lambda f: f["text"] == "Theory of Change" and f["tag"] == "button")
    page.keyboard.press("Enter")
    tab_to(lambda f: f["text"] == "Elements")
    press_enter_and_wait()
    assert urlsplit(page.url).path == "/admin/elements/"

    tab_to(lambda f: f["text"] == "Create")
    press_enter_and_wait()
    assert urlsplit(page.url).path == "/admin/elements/new/"
    # Native selects: typing picks an option by its first letters, arrow keys move on. (A page
    # that knows the project, as one's only project, may not ask for it.)
    fill_in = {
        "project": lambda: page.keyboard.type("Carers"),
        "kind": lambda: page.keyboard.press("ArrowDown"),
        "text": lambda: page.keyboard.type("Volunteers' time"),
    }
    while (focused := tab_to(lambda f: f["name"] in fill_in or f["text"] == "Save"))["name"]:
        fill_in.pop(focused["name"])()
    assert set(fill_in) <= {"project"}, f"not reached with Tab: {sorted(fill_in)}"
    chosen = page.eval_on_selector("#kind", "(s) => s.value")
    press_enter_and_wait()

    assert "successfully" in page.inner_text(".alert")
    unseen = [s for s in stops if not s["shown"]]
    assert not unseen, f"focus not visible at these stops: {unseen}"
    assert len(stops) > 10
    db.session.rollback()
    saved = db.session.scalars(sa.select(TocElement)).all()
    assert [(e.project_id, e.kind.value, e.text) for e in saved] == [
        (mine.id, chosen, "Volunteers' time")
    ]


DESCRIPTION = """(el) => (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
  .map((id) => document.getElementById(id).innerText.trim()).join(' | ')"""


def test_errors_and_hints_are_read_with_their_fields(
    new_page, live_server, make_project, make_user
):
    """A screen reader on a field reads its error and its hint (flask-admin prints them under
    the field without tying them to it)."""
    project = make_project(name="Carers together")
    staff = make_user(Role.STAFF, projects=[project])
    page = new_page()
    sign_in(page, live_server, staff.email)
    page.goto(f"{live_server}/admin/elements/new/?project_id={project.id}")
    page.eval_on_selector("form.admin-form", "(f) => f.noValidate = true")
    with page.expect_navigation():
        page.click("input[type=submit][value='Save']")

    text = page.locator("#text")
    assert text.get_attribute("aria-invalid") == "true"
    assert text.evaluate(DESCRIPTION) == "Write the text of this part."
    order = page.locator("#position")
    assert order.get_attribute("aria-invalid") is None
    assert order.evaluate(DESCRIPTION).startswith("Lower numbers come first.")
