"""SIGKILL in the middle of load: no acknowledged submission is lost or doubled.

The app runs under gunicorn (master and two workers) on this test's database. Client threads
fill in the standard form as a browser does: open the page, send the answers with its hidden
tokens, and count a 303 as acknowledged. While they are busy the whole process group is killed.
Then every acknowledged submission must be stored exactly once with all its answers, the server
must start again on the same database and take answers, and sending any submission again must
store nothing twice.
"""

from __future__ import annotations

import http.client
import http.cookies
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Answer, Response
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, submission_id
from tests.server_process import (
    ServerProcess,
    group_members,
    request,
    server_env,
    wait_for,
)

CLIENTS = 6
# Acknowledged submissions to see before the kill: enough that it lands in steady load.
ACKED_BEFORE_KILL = 40
ANSWERS_PER_RESPONSE = 9  # GOOD_ANSWERS answers all nine questions of `make_form`'s form


@dataclass
class Participant:
    """One browser: a cookie jar and the form it fills in."""

    port: int
    token: str
    cookies: dict[str, str] = field(default_factory=dict)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, reply) -> None:
        for line in reply.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(line)
            self.cookies.update({name: morsel.value for name, morsel in jar.items()})

    def open_form(self) -> tuple[str, str]:
        """GET the form; its CSRF token and submission id."""
        reply = request(self.port, "GET", f"/f/{self.token}", headers=self._headers())
        assert reply.status == 200, (reply.status, reply.text[:300])
        self._keep_cookies(reply)
        return csrf_token(reply.text), submission_id(reply.text)

    def send(self, csrf: str, key: str) -> int:
        """POST the answers under submission id `key`; the HTTP status."""
        body = urlencode({**GOOD_ANSWERS, "csrf_token": csrf, "submission_id": key}, doseq=True)
        reply = request(
            self.port,
            "POST",
            f"/f/{self.token}",
            body=body.encode(),
            headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"}),
        )
        self._keep_cookies(reply)
        return reply.status


@dataclass
class Load:
    """What the client threads did, shared between them (under `lock`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    killed: threading.Event = field(default_factory=threading.Event)
    acked: list[str] = field(default_factory=list)
    in_flight: set[str] = field(default_factory=set)  # POSTed, no answer yet
    cut_off: list[str] = field(default_factory=list)  # POSTed, no answer: the server died
    failures: list[str] = field(default_factory=list)  # anything else: always a bug

    def acked_count(self) -> int:
        with self.lock:
            return len(self.acked)

    def posting(self) -> bool:
        with self.lock:
            return bool(self.in_flight)


def _participant_loop(load: Load, port: int, token: str) -> None:
    while not load.stop.is_set():
        participant = Participant(port, token)
        try:
            csrf, key = participant.open_form()
        except (OSError, http.client.HTTPException, AssertionError) as exc:
            if not load.killed.is_set():
                with load.lock:
                    load.failures.append(f"GET: {exc!r}")
            return
        with load.lock:
            load.in_flight.add(key)
        try:
            status = participant.send(csrf, key)
        except (OSError, http.client.HTTPException) as exc:
            with load.lock:
                load.in_flight.discard(key)
                if load.killed.is_set():
                    load.cut_off.append(key)
                else:
                    load.failures.append(f"POST: {exc!r}")
            return
        with load.lock:
            load.in_flight.discard(key)
            if status == 303:
                load.acked.append(key)
            else:
                load.failures.append(f"POST answered {status}")


def _stored() -> dict[str, int]:
    """Every stored response's idempotency key and its number of answers (fresh from the
    database, not this session's memory)."""
    db.session.rollback()
    rows = db.session.execute(
        sa.select(Response.idempotency_key, sa.func.count(Answer.id))
        .outerjoin(Answer, Answer.response_id == Response.id)
        .group_by(Response.id, Response.idempotency_key)
    ).all()
    keys = [key for key, _ in rows]
    assert len(keys) == len(set(keys)), "one idempotency key stored twice"
    return dict(rows)


@pytest.fixture
def servers(tmp_path):
    """Start gunicorn servers; whatever is still running at the end is stopped."""
    started: list[ServerProcess] = []

    def start(database_url: str) -> ServerProcess:
        server = ServerProcess(
            server_env(database_url, COIMPACT_EXPORT_DIR=str(tmp_path / "exports")),
            log_path=tmp_path / f"gunicorn-{len(started)}.log",
        )
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def test_sigkill_mid_load_loses_no_acknowledged_submission(make_form, database_url, servers):
    token = make_form().token
    server = servers(database_url)
    load = Load()
    threads = [
        threading.Thread(target=_participant_loop, args=(load, server.port, token), daemon=True)
        for _ in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()

    wait_for(
        lambda: load.failures or load.acked_count() >= ACKED_BEFORE_KILL,
        30,
        f"{ACKED_BEFORE_KILL} acknowledged submissions",
    )
    assert not load.failures, load.failures
    # Kill while at least one POST is on its way, so that some submissions are cut off midway.
    wait_for(load.posting, 10, "a POST in flight", every=0.001)
    load.killed.set()
    server.kill()
    load.stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)

    assert not load.failures, load.failures
    assert not server.is_running()
    acked, cut_off = list(load.acked), list(load.cut_off)
    assert len(acked) >= ACKED_BEFORE_KILL
    stored = _stored()
    # Every acknowledged submission is there once, whole; anything else stored is a submission
    # cut off midway, and it too is whole (all its answers or nothing at all).
    assert set(acked) <= set(stored)
    assert set(stored) <= set(acked) | set(cut_off)
    assert all(n == ANSWERS_PER_RESPONSE for n in stored.values()), stored

    # The server starts again on the same database and takes answers.
    restarted = servers(database_url)
    participant = Participant(restarted.port, token)
    csrf, fresh_key = participant.open_form()
    assert participant.send(csrf, fresh_key) == 303
    after_restart = _stored()
    assert set(after_restart) == set(stored) | {fresh_key}

    # Sending an acknowledged submission again stores nothing new: it is thanked, not doubled.
    csrf, _ = participant.open_form()
    assert {participant.send(csrf, key) for key in acked} == {303}
    assert _stored() == after_restart

    # A participant whose send was cut off presses the button again: stored exactly once.
    assert {participant.send(csrf, key) for key in cut_off} <= {303}
    final = _stored()
    assert set(final) == set(acked) | set(cut_off) | {fresh_key}
    assert all(n == ANSWERS_PER_RESPONSE for n in final.values())
    print(
        f"\nkilled after {len(acked)} acknowledged submissions with {len(cut_off)} cut off "
        f"({len(set(cut_off) & set(stored))} of those already stored); "
        f"{len(final)} stored once each after the restart"
    )


def test_kill_leaves_no_worker_behind(database_url, servers):
    """The helper the test above relies on: kill() takes the master and every worker, and the
    port stops answering."""
    server = servers(database_url)
    wait_for(
        lambda: len(group_members(server.pgid)) == server.workers + 1,
        20,
        f"gunicorn's master and {server.workers} workers",
    )
    server.kill()
    assert group_members(server.pgid) == []
    with pytest.raises(OSError):
        request(server.port, "GET", "/healthz", timeout=2)
