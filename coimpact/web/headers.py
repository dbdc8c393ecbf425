"""Response headers every page carries, and the cookies' Secure flag.

Public pages allow no script but our own files. The staff pages (flask-admin, sign-in) run
flask-admin's scripts: they come from our origin too, and the few inline `<script>` blocks in its
templates carry a nonce made afresh for each request (`csp_nonce`, handed to flask-admin as its
`csp_nonce_generator`). Inline event handlers (`onclick=…`) are refused everywhere, so the admin
templates we override use `data-` attributes and `admin/static/csp-handlers.js` instead.
"""

from __future__ import annotations

import secrets

from flask import Flask, abort, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from coimpact.web.input_text import NUL

# No inline script anywhere on the public pages.
PUBLIC_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Staff pages: scripts and styles from our origin or carrying this response's nonce; no inline
# handler, no `javascript:` URL (tests/browser/test_admin_csp.py drives the widgets under it).
STAFF_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'nonce-{nonce}'; "
    "script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
STAFF_PREFIXES = ("/admin", "/login", "/logout")
# Pages no browser or proxy keeps a copy of: staff pages, and participants' forms and "you said,
# we did" pages. Many of those show a person's answers back (a re-shown form, easy-read pages,
# check your answers), the rest carry tokens made for one visitor, and a browser that kept a
# form page would fill in what was typed for the next person on a shared computer to press Back.
# A co-assessor's pages (/c/) show their answers too.
NO_STORE_PREFIXES = ("/admin", "/login", "/f/", "/s/", "/c/")
HSTS = "max-age=31536000"


def csp_nonce() -> str:
    """This request's nonce: the same value in the header and in every tag that carries it."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when the settings say so (production) and also whenever the
    request itself came over HTTPS (as the trusted proxy reports it, through ProxyFix)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("COIMPACT_PROXY_FIX") or 0)
    if proxies:
        # Only the headers a reverse proxy is expected to set: the client's address (rate limits
        # and sign-in throttling count by it) and the scheme (HTTPS). X-Forwarded-Host is not
        # trusted: a proxy that does not set it would pass a visitor's own value through.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.session_interface = SessionInterface()
    production = bool(app.config.get("COIMPACT_PRODUCTION"))

    @app.before_request
    def _refuse_nul_in_staff_queries():
        # A search or filter holding NUL would reach PostgreSQL, which refuses even to compare
        # it (a 500). Nobody types one; the participant pages drop it from what they keep.
        if request.path.startswith("/admin") and any(
            NUL in key or NUL in value for key, value in request.args.items(multi=True)
        ):
            abort(400)

    @app.after_request
    def _headers(response):
        h = response.headers
        h.setdefault("X-Content-Type-Options", "nosniff")
        # Share tokens live in URLs: never hand them to another site in a Referer.
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("X-Frame-Options", "DENY")
        if request.path.startswith(STAFF_PREFIXES):
            h.setdefault("Content-Security-Policy", STAFF_CSP.format(nonce=csp_nonce()))
        else:
            h.setdefault("Content-Security-Policy", PUBLIC_CSP)
        # The admin's stylesheets and scripts hold nothing of anyone's: browsers may keep them
        # (and ask again with If-None-Match), rather than fetch 25 files for every page.
        static = (request.endpoint or "").rpartition(".")[2] == "static"
        if request.path.startswith(NO_STORE_PREFIXES) and not static:
            h["Cache-Control"] = "no-store"
        if production:
            h.setdefault("Strict-Transport-Security", HSTS)
        return response
