"""HTML to PDF with WeasyPrint: tagged (PDF/UA), with a title and a language, so a screen
reader can read it; fetching nothing but the app's own static files, so no text a participant
typed can make the renderer reach the network or the disk elsewhere."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, has_request_context, render_template

# Documents are rendered with this as their address, so "/static/…" links resolve under it.
BASE_URL = "https://coimpact.invalid/"


class RefusedFetch(ValueError):
    """A document asked for something other than the app's own static files."""


def _static_file(url: str) -> tuple[bytes, str]:
    """The bytes and type of the app's static file at `url`; RefusedFetch for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith("/static/"):
        raise RefusedFetch(f"not fetched: {url[:80]}")
    folder = Path(current_app.static_folder).resolve()
    path = (folder / unquote(parts.path.removeprefix("/static/"))).resolve()
    if not path.is_file() or folder not in path.parents:
        raise RefusedFetch(f"no such static file: {parts.path[:80]}")
    mime = {".svg": "image/svg+xml", ".css": "text/css", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )
    return path.read_bytes(), mime


def static_only():
    """WeasyPrint's fetcher: the app's static files (symbols, stylesheets), nothing else.
    WeasyPrint 70 takes a `URLFetcher` whose `fetch` answers with a `URLFetcherResponse` (a
    plain function returning a dict, as older versions took, fails on the first image)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            body, mime = _static_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnly()


def render_pdf(template: str, **context) -> bytes:
    """The template rendered and made into a tagged PDF. The template sets <html lang> and
    <title>; WeasyPrint puts them in the document's metadata."""
    # Imported here: WeasyPrint loads Pango through cffi, which only printing needs.
    from weasyprint import HTML

    if has_request_context():
        html = render_template(template, **context)
    else:
        # From the command line or a background job: a request context at BASE_URL, so that
        # url_for('static', …) builds the "/static/…" links the fetcher serves.
        with current_app.test_request_context("/", base_url=BASE_URL):
            html = render_template(template, **context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_only())
    return document.write_pdf(pdf_variant="pdf/ua-1")
