"""Simulated participants: one thread each, a kept-alive `http.client` connection each.

Why not Locust: it brings gevent and its own Flask pins, and its workers eat a core that this
2-core machine needs for the server. Threads blocked on sockets cost almost nothing here, and
`http.client` on a kept-alive connection does per request little more than a browser would.

Each participant loops until the deadline, a new person each time (new connection, no cookies):
- standard form: GET /f/<token>, read the hidden fields, POST answers, expect 303 to the thank-you
  page, GET it. Some people decline to take part (200, nothing may be stored); some double-click,
  either two POSTs in flight at once on two connections or the same POST again after the 303:
  every one must be answered with the 303 and one response stored.
- easy read (a share of people): start, then each page in turn (consent, one question a page,
  "did someone help you", check) with the answers kept on the server, then send from the check
  page and expect the 303 to the easy-read thank-you page.
Static files (CSS, pictures) are not fetched: a browser caches them after the first page, and in
production a proxy may serve them.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from .pages import Filled, fill, read_form

TIMEOUT_SECONDS = 30
MAX_EASY_PAGES = 40


@dataclass(frozen=True)
class Mix:
    """How participants behave: shares of easy read, declines and double-clicks."""

    easy: float = 0.05
    decline: float = 0.02
    double_click: float = 0.03


@dataclass
class Sent:
    """One submission: how it must be stored."""

    key: str
    variant: str
    expected: dict[str, dict[str, object]]
    about: dict[str, object]


@dataclass
class Results:
    acknowledged: dict[str, Sent] = field(default_factory=dict)
    errored: set[str] = field(default_factory=set)  # keys whose POST failed: stored or not
    declined: set[str] = field(default_factory=set)  # keys sent saying no: never stored
    submit_seconds: list[float] = field(default_factory=list)  # each acknowledged POST
    page_seconds: list[float] = field(default_factory=list)  # every other request
    errors: Counter = field(default_factory=Counter)
    double_clicks: int = 0
    requests: int = 0
    easy_sent: int = 0
    elapsed: float = 0.0
    client_cpu: float = 0.0

    def merge(self, other: Results) -> None:
        self.acknowledged.update(other.acknowledged)
        self.errored |= other.errored
        self.declined |= other.declined
        self.submit_seconds += other.submit_seconds
        self.page_seconds += other.page_seconds
        self.errors.update(other.errors)
        self.double_clicks += other.double_clicks
        self.requests += other.requests
        self.easy_sent += other.easy_sent

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class Deadline(Exception):
    """Time is up: the person walks away between two requests."""


class Unexpected(Exception):
    """A response a participant should never get; the message says which."""


class Browser:
    """One person's connection and cookies."""

    def __init__(self, host: str, port: int, deadline: float, results: Results):
        self.host, self.port, self.deadline, self.results = host, port, deadline, results
        self.conn = self._connect()
        self.cookies: dict[str, str] = {}

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_SECONDS)

    def new_person(self) -> None:
        """A new browser: no cookies, and its own connection. Kept-alive connections stay with
        the gunicorn worker that accepted them, so reusing one for ever would pin each simulated
        participant to one worker and leave the others idle, which real visitors do not do."""
        self.cookies = {}
        self.conn.close()
        self.conn = self._connect()

    def close(self) -> None:
        self.conn.close()

    def _headers(self, body: bytes | None) -> dict[str, str]:
        headers = {"User-Agent": "coimpact-load", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def send(self, conn, method: str, path: str, body: bytes | None) -> None:
        conn.request(method, path, body=body, headers=self._headers(body))

    def receive(self, conn) -> tuple[int, str, str]:
        """Status, Location and body of the response to what was sent on `conn`."""
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower().replace(" ", "") or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        self.results.requests += 1
        return response.status, urlsplit(response.headers.get("Location", "")).path, text

    def request(self, method: str, path: str, body: bytes | None = None):
        """One request on the kept-alive connection; a GET is retried once on a fresh one when
        the server had closed it (as browsers do), a POST never is."""
        if time.monotonic() >= self.deadline:
            raise Deadline()
        for attempt in (1, 2):
            try:
                self.send(self.conn, method, path, body)
                return self.receive(self.conn)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = self._connect()
                if method != "GET" or attempt == 2:
                    raise
        raise AssertionError("unreachable")


class Participant(threading.Thread):
    def __init__(
        self,
        number: int,
        host: str,
        port: int,
        tokens: list[str],
        mix: Mix,
        start_at: float,
        deadline: float,
    ):
        super().__init__(name=f"participant-{number}", daemon=True)
        self.rng = random.Random(number)  # noqa: S311 (made-up answers)
        self.host, self.port, self.tokens, self.mix = host, port, tokens, mix
        self.start_at, self.deadline = start_at, deadline
        self.results = Results()

    def run(self) -> None:
        time.sleep(max(0.0, self.start_at - time.monotonic()))
        browser = Browser(self.host, self.port, self.deadline, self.results)
        try:
            while time.monotonic() < self.deadline:
                browser.new_person()
                token = self.rng.choice(self.tokens)
                try:
                    if self.rng.random() < self.mix.easy:
                        self.easy_read(browser, token)
                    else:
                        self.standard(browser, token)
                except Deadline:
                    break
                except (Unexpected, OSError, http.client.HTTPException) as exc:
                    # Counted; the person gives up, and the next one starts afresh.
                    self.results.errors[_describe(exc)] += 1
        finally:
            browser.close()

    def _timed(self, browser: Browser, method: str, path: str, body: bytes | None = None):
        started = time.perf_counter()
        status, location, text = browser.request(method, path, body)
        self.results.page_seconds.append(time.perf_counter() - started)
        return status, location, text

    def _page(self, browser: Browser, path: str) -> str:
        status, _, text = self._timed(browser, "GET", path)
        if status != 200:
            raise Unexpected(f"GET {_kind(path)} answered {status}")
        return text

    def _submit(
        self, browser: Browser, path: str, key: str, body: bytes, expect: str, timed: bool = True
    ) -> None:
        """POST the final answers and expect the 303 to `expect`; a failure leaves the key
        marked as errored, since it may or may not have been stored."""
        started = time.perf_counter()
        try:
            status, location, _ = browser.request("POST", path, body)
        except (OSError, http.client.HTTPException):
            self.results.errored.add(key)
            raise
        if status != 303 or location != expect:
            self.results.errored.add(key)
            raise Unexpected(f"POST {_kind(path)} answered {status}")
        if timed:
            self.results.submit_seconds.append(time.perf_counter() - started)
        else:
            self.results.page_seconds.append(time.perf_counter() - started)

    def standard(self, browser: Browser, token: str) -> None:
        path = f"/f/{token}"
        form = read_form(self._page(browser, path))
        if form is None or not form.hidden.get("submission_id"):
            raise Unexpected("GET form: no form or no submission id")
        decline = self.rng.random() < self.mix.decline
        filled = fill(form, self.rng, decline=decline)
        key = form.hidden["submission_id"]
        body = urlencode(filled.data).encode()
        if decline:
            # The "thank you anyway" page, a 200; nothing may be stored under this key.
            self.results.declined.add(key)
            status, _, _ = self._timed(browser, "POST", path, body)
            if status != 200:
                raise Unexpected(f"POST declined answered {status}")
            return
        thanks = f"/f/{token}/thanks"
        double = None
        if self.rng.random() < self.mix.double_click:
            double = self.rng.choice(["at once", "again"])
            self.results.double_clicks += 1
        if double == "at once":
            self._double_click_at_once(browser, path, key, body, thanks)
        else:
            self._submit(browser, path, key, body, thanks)
        self._acknowledge(key, "standard", filled)
        if double == "again":
            # Pressed again once the first press had been answered (before the page changed).
            self._submit(browser, path, key, body, thanks, timed=False)
        self._page(browser, thanks)

    def _double_click_at_once(self, browser, path, key, body, thanks) -> None:
        """Two POSTs of one page in flight at the same moment, on two connections."""
        if time.monotonic() >= self.deadline:
            raise Deadline()
        second = browser._connect()
        started = time.perf_counter()
        try:
            browser.send(browser.conn, "POST", path, body)
            browser.send(second, "POST", path, body)
            answers = [browser.receive(browser.conn), browser.receive(second)]
        except (OSError, http.client.HTTPException):
            self.results.errored.add(key)
            raise
        finally:
            second.close()
        if any(status != 303 or location != thanks for status, location, _ in answers):
            self.results.errored.add(key)
            statuses = ", ".join(str(status) for status, _, _ in answers)
            raise Unexpected(f"POST double-click answered {statuses}")
        self.results.submit_seconds.append(time.perf_counter() - started)

    def easy_read(self, browser: Browser, token: str) -> None:
        start = f"/f/{token}/easy"
        form = read_form(self._page(browser, start))
        if form is None:
            raise Unexpected("GET easy start: no form")
        status, location, _ = self._timed(browser, "POST", start, urlencode(form.hidden).encode())
        if status != 303:
            raise Unexpected(f"POST easy start answered {status}")
        expected: dict[str, dict[str, object]] = {}
        about: dict[str, object] = {}
        for _ in range(MAX_EASY_PAGES):
            form = read_form(self._page(browser, location))
            if form is None:
                raise Unexpected(f"GET {_kind(location)}: no form")
            if location.endswith("/check"):
                key = form.hidden.get("submission_id", "")
                if not key:
                    raise Unexpected("GET easy check: no submission id")
                body = urlencode(form.hidden).encode()
                self._submit(browser, location, key, body, f"/f/{token}/easy/thanks")
                self._acknowledge(key, "easy", Filled([], expected, about))
                self.results.easy_sent += 1
                self._page(browser, f"/f/{token}/easy/thanks")
                return
            filled = fill(form, self.rng)
            expected.update(filled.expected)
            about.update(filled.about)
            posted = location
            status, location, _ = self._timed(
                browser, "POST", posted, urlencode(filled.data).encode()
            )
            if status != 303:
                raise Unexpected(f"POST {_kind(posted)} answered {status}")
        raise Unexpected("easy read: never reached the check page")

    def _acknowledge(self, key: str, variant: str, filled: Filled) -> None:
        self.results.acknowledged[key] = Sent(key, variant, filled.expected, filled.about)


def _kind(path: str) -> str:
    """A path without its share token, so errors group by page."""
    parts = path.split("/")
    if len(parts) > 2 and parts[1] == "f":
        parts[2] = "<token>"
    return "/".join(parts)


def _describe(exc: Exception) -> str:
    if isinstance(exc, Unexpected):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"[:120]


def run(
    host: str,
    port: int,
    tokens: list[str],
    users: int,
    seconds: float,
    mix: Mix = Mix(),
    seed: int = 0,
) -> Results:
    """Run `users` participants against the server for `seconds`, then gather what they saw.
    Each participant's choices follow from `seed` and its number, so a run can be repeated."""
    start_at = time.monotonic() + 0.2
    deadline = start_at + seconds
    cpu_before = time.process_time()
    participants = [
        Participant(seed * 100_000 + n, host, port, tokens, mix, start_at, deadline)
        for n in range(users)
    ]
    for participant in participants:
        participant.start()
    for participant in participants:
        participant.join(seconds + TIMEOUT_SECONDS * 2)
    total = Results()
    total.elapsed = time.monotonic() - start_at
    total.client_cpu = time.process_time() - cpu_before
    for participant in participants:
        if participant.is_alive():
            total.errors["participant still waiting after the run"] += 1
        total.merge(participant.results)
    return total
