"""The blank standard form page, rendered once per published version and reused.

A published version never changes, so the page a participant first sees differs from the last
one served only in its two tokens: the CSRF token and the new submission id. Building the
WTForms form and rendering every question's macros was most of the cost of opening a form
(`make load` measures it); a cached page with those two values swapped in costs a string
replace. Pages with answers or errors are always rendered afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

MAX_PAGES = 512  # a few KB each: a busy server's every open link, and then some

_pages: OrderedDict[tuple[int, str], tuple[str, str, str]] = OrderedDict()
_lock = threading.Lock()


def blank_page(
    version_id: int,
    path: str,
    csrf_token: str,
    submission_id: str,
    render: Callable[[str], str],
) -> str:
    """The page for `version_id` at `path` carrying these two tokens. `render(submission_id)`
    renders it from scratch (with `csrf_token` in it) when it is not cached yet."""
    key = (version_id, path)
    with _lock:
        cached = _pages.get(key)
        if cached is not None:
            _pages.move_to_end(key)
    if cached is not None:
        html, old_csrf, old_id = cached
        return html.replace(old_csrf, csrf_token).replace(old_id, submission_id)
    html = render(submission_id)
    # Both tokens are long random strings: each appears in the page only where it was put.
    if html.count(csrf_token) == 1 and html.count(submission_id) == 1:
        with _lock:
            _pages[key] = (html, csrf_token, submission_id)
            while len(_pages) > MAX_PAGES:
                _pages.popitem(last=False)
    return html
