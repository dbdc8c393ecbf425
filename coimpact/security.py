"""Response headers that every page carries."""

from flask import Flask, request

# No inline script anywhere on the public pages; the admin's own scripts come from our origin.
PUBLIC_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        h = response.headers
        h.setdefault("X-Content-Type-Options", "nosniff")
        # Share tokens live in URLs: never hand them to another site in a Referer.
        h.setdefault("Referrer-Policy", "same-origin")
        h.setdefault("X-Frame-Options", "DENY")
        if not request.path.startswith("/admin"):
            h.setdefault("Content-Security-Policy", PUBLIC_CSP)
        if request.path.startswith(("/admin", "/login")):
            h["Cache-Control"] = "no-store"
        return response
