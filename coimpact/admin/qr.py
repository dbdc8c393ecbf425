"""QR codes for share links, made by segno (no hand-rolled encoding)."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, scale: int = 6, *, scalable: bool = False) -> str:
    """An inline SVG of `url` as a QR code with error correction level M (survives a crease or a
    smudge on a printed sheet) and a 4-module quiet zone, as scanners expect.

    `scalable` leaves out the fixed width and height (segno then writes a viewBox), so that CSS
    can size the code, for example in millimetres on a printed page."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=scale,
        border=4,
        xmldecl=False,
        svgns=True,
        title=f"QR code for {url}",
        svgclass="qr-code",
        lineclass=None,
        omitsize=scalable,
    )
    return buffer.getvalue().decode()
