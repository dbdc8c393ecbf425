"""Real-browser fixtures: Debian's headless Chromium driven by Playwright, the app served on a
free local port, and axe-core (installed from the npm registry by `make browser-deps`).

Where Chromium, Playwright or axe-core is missing the browser tests skip with a message saying
how to install it; with COIMPACT_REQUIRE_BROWSER=1 (CI) they fail instead, so a CI machine
without a browser can never pass by skipping them.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser.pages import DESKTOP

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = (Path(__file__).with_name("axe-core.version")).read_text().strip()
AXE_DIR = ROOT / ".cache" / "axe" / "node_modules" / "axe-core"


def _unavailable(message: str):
    """Skip, or fail where the environment says a browser is required (CI)."""
    if os.environ.get("COIMPACT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (COIMPACT_REQUIRE_BROWSER=1, so this fails instead of skipping)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session; each test opens its own contexts."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: make install (it is in requirements.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    package = AXE_DIR / "package.json"
    if not package.is_file():
        _unavailable(f"axe-core not found in {AXE_DIR.parent}: make browser-deps")
    installed = json.loads(package.read_text())["version"]
    if installed != AXE_VERSION:
        _unavailable(f"axe-core {installed} installed but {AXE_VERSION} pinned: make browser-deps")
    return (AXE_DIR / "axe.min.js").read_text()


class _QuietHandler(WSGIRequestHandler):
    """No access log: it would carry share tokens, and it is noise in test output."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test's app (SQLite file or COIMPACT_TEST_DATABASE_URL) served on 127.0.0.1."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.socket.getsockname()[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def new_page(chromium) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh context (its own cookies); options go to `new_context`."""
    contexts = []

    def open_page(**options):
        options.setdefault("viewport", DESKTOP)
        context = chromium.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe_page(new_page, axe_source) -> Any:
    """A page with axe-core loaded into every document it opens.

    The app's Content-Security-Policy forbids inline script, so `add_script_tag(content=...)`
    would be refused. An init script is handed to the page by the browser itself (before the
    page's own scripts, outside CSP), so the app's real headers stay in force: no `bypass_csp`.
    """
    page = new_page(device_scale_factor=2)
    page.context.add_init_script(script=axe_source)
    return page
