"""Participant pages rendered once and reused: blank form pages and the thank-you pages.

A published version never changes, so the page a participant first sees differs from the last
one served only in its two tokens: the CSRF token and the new submission id. Building the
WTForms form and rendering every question's macros was most of the cost of opening a form
(`make load` measures it); a cached page with those two values swapped in costs a string
replace. Pages with answers or errors are always rendered afresh.

An easy-read page the person has not answered yet is the same for everyone but its CSRF token.
A thank-you page shows nothing of the person's own, only the form's title: one page per title.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import session

from coimpact.web.recently_used import RecentlyUsed

MAX_PAGES = 512  # a few KB each: a busy server's every open link, and then some

# (version's cache key, path) -> (page, the CSRF token in it, the submission id in it)
_pages: RecentlyUsed[tuple[str, str, str | None]] = RecentlyUsed(MAX_PAGES)


def blank_page(
    version_key: Hashable,
    path: str,
    csrf_token: str,
    render: Callable[[], str],
    submission_id: str | None = None,
) -> str:
    """The page for the version named `version_key` (`PublishedVersion.cache_key`) at `path`,
    carrying these tokens (the CSRF token, and the new submission id on a page that has one).
    `render()` renders it from scratch, with these tokens in it, when it is not cached yet."""
    if _message_waiting():
        return render()
    key = (version_key, path)
    cached = _pages.get(key)
    if cached is not None:
        html, old_csrf, old_id = cached
        html = html.replace(old_csrf, csrf_token)
        return html.replace(old_id, submission_id) if old_id and submission_id else html
    html = render()
    # Both tokens are long random strings: each appears in the page only where it was put.
    tokens = [token for token in (csrf_token, submission_id) if token]
    if all(html.count(token) == 1 for token in tokens):
        _pages.put(key, (html, csrf_token, submission_id))
    return html


_fixed: RecentlyUsed[str] = RecentlyUsed(MAX_PAGES)


def fixed_page(key: tuple, render: Callable[[], str]) -> str:
    """A page whose whole content follows from `key` (no tokens, no answers), rendered once."""
    if _message_waiting():
        return render()
    html = _fixed.get(key)
    if html is None:
        html = render()
        _fixed.put(key, html)
    return html


def _message_waiting() -> bool:
    """A visitor with a message waiting (a flash, in their session) gets the page rendered
    afresh, so that the message is shown and used up as on any other page."""
    return bool(session.get("_flashes"))
