"""Small charts drawn on the server as inline SVG: no JavaScript, no images, no library.

Each chart is an `<svg role="img">` whose aria-label and `<title>` give its numbers in words,
so a screen reader hears what a sighted person sees (the drawn text inside is then ignored by
assistive technology, as the role says). Every piece of text goes in through `Markup.format`,
which escapes it: labels are staff-written option labels and must never become markup. Numbers
are formatted here, never interpolated raw, so a NaN or a long float cannot reach the page.
Colours are presentation attributes (no inline style) and meet 3:1 contrast on white.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

WIDTH = 320
TRACK = "#e9ecef"
BAR = "#1d5fa8"
BEFORE = "#6c757d"
TARGET = "#b02a37"
TEXT = "#212529"
LABEL_CHARS = 18  # longer option labels are cut on the chart; the description has them whole


def number(value: float, places: int = 1) -> str:
    """A number as people read it: 60, 66.7, 3.5 (no trailing .0, no float noise)."""
    if value is None or not math.isfinite(value):
        return "0"
    rounded = round(float(value), places)
    text = f"{rounded:.{places}f}".rstrip("0").rstrip(".") if places else f"{rounded:.0f}"
    return "0" if text in ("-0", "") else text


def _share(value: float, top: float) -> float:
    """Where `value` falls between 0 and `top`, as a fraction kept within the bar."""
    if not top or value is None or not math.isfinite(value):
        return 0.0
    return min(max(value / top, 0.0), 1.0)


def _px(value: float) -> str:
    return f"{value:.1f}"


def _svg(height: int, description: str, body: Markup) -> Markup:
    return Markup(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-label="{d}" focusable="false">'
        "<title>{d}</title>{body}</svg>"
    ).format(w=WIDTH, h=height, d=description, body=body)


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12, bold=False):
    return Markup(
        '<text x="{x}" y="{y}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{weight}>'
        "{text}</text>"
    ).format(
        x=_px(x),
        y=_px(y),
        size=size,
        fill=TEXT,
        anchor=anchor,
        weight=Markup(' font-weight="600"') if bold else "",
        text=text,
    )


def _rect(x: float, y: float, width: float, height: float, fill: str) -> Markup:
    return Markup('<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="2" fill="{fill}"/>').format(
        x=_px(x), y=_px(y), w=_px(max(width, 0.0)), h=_px(height), fill=fill
    )


def _target(x: float, top: float, bottom: float, label: str, left: float, right: float):
    """A marker line across a bar, with its label under it kept inside the chart."""
    label_x = min(max(x, left + 34), right - 34)
    return Markup(
        '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{c}" stroke-width="2"/>{label}'
    ).format(
        x=_px(x),
        y1=_px(top),
        y2=_px(bottom),
        c=TARGET,
        label=_text(label_x, bottom + 11, label, "middle", size=11),
    )


def percent_bar(percent: float, target: float | None = None, what: str = "agree", detail=""):
    """A 0–100% bar, with the target marked where there is one: '60% agree (6 of 10)'."""
    bar_width = WIDTH - 56
    body = _rect(0, 6, bar_width, 18, TRACK) + _rect(
        0, 6, bar_width * _share(percent, 100), 18, BAR
    )
    body += _text(bar_width + 6, 20, f"{number(percent)}%", bold=True)
    words = f"{number(percent)}% {what}"
    words += f" ({detail})" if detail else ""
    height = 30
    if target is not None:
        x = bar_width * _share(target, 100)
        body += _target(x, 2, 28, f"Target {number(target)}%", 0, bar_width)
        words += f"; target {number(target)}%"
        height = 44
    return _svg(height, f"Bar chart: {words}.", body)


def scale_bar(mean: float, top: int, target: float | None = None, detail: str = ""):
    """An average rating on a scale up to `top`, with the target marked where there is one."""
    bar_width = WIDTH - 70
    body = _rect(0, 6, bar_width, 18, TRACK) + _rect(0, 6, bar_width * _share(mean, top), 18, BAR)
    body += _text(bar_width + 6, 20, f"{number(mean)} of {top}", bold=True)
    words = f"average {number(mean)} on a scale of 1 to {top}"
    words += f" ({detail})" if detail else ""
    height = 30
    if target is not None:
        x = bar_width * _share(target, top)
        body += _target(x, 2, 28, f"Target {number(target)}", 0, bar_width)
        words += f"; target {number(target)}"
        height = 44
    return _svg(height, f"Bar chart: {words}.", body)


def before_after(before: float, after: float, top: int, detail: str = ""):
    """Two bars on the same scale up to `top`: the average before, and now."""
    left, bar_width = 52, WIDTH - 52 - 40
    body = Markup()
    for row, (label, value, colour) in enumerate((("Before", before, BEFORE), ("Now", after, BAR))):
        y = 4 + row * 24
        body += _text(0, y + 14, label)
        body += _rect(left, y, bar_width, 18, TRACK)
        body += _rect(left, y, bar_width * _share(value, top), 18, colour)
        body += _text(left + bar_width + 6, y + 14, number(value), bold=True)
    change = after - before
    words = (
        f"before {number(before)}, now {number(after)}, on a scale of 1 to {top}; "
        f"change {'+' if change > 0 else ''}{number(change)}"
    )
    words += f" ({detail})" if detail else ""
    return _svg(52, f"Bar chart: {words}.", body)


def distribution(rows: Sequence[tuple[str, int]], what: str = "Answers"):
    """One bar per answer option, longest for the most chosen, each with its count and share."""
    total = sum(count for _, count in rows)
    most = max((count for _, count in rows), default=0)
    left, bar_width, row_height = 118, WIDTH - 118 - 78, 18
    body = Markup()
    parts = []
    for row, (label, count) in enumerate(rows):
        y = 2 + row * row_height
        share = 100 * count / total if total else 0
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
        body += _text(left - 6, y + 12, short, "end", size=11)
        body += _rect(left, y + 2, bar_width * _share(count, most), row_height - 6, BAR)
        body += _text(left + bar_width + 6, y + 12, f"{count:,} ({number(share, 0)}%)", size=11)
        parts.append(f"{label} {count:,} ({number(share, 0)}%)")
    words = f"{what}: " + ("; ".join(parts) if parts else "none yet")
    return _svg(4 + row_height * max(len(rows), 1), f"Bar chart. {words}.", body)


def period_bars(rows: Sequence[tuple[str, float | None, str]], what: str):
    """One bar per reporting period, earliest first: (period name, value, value in words).
    A period with no figure gets no bar and says so. Bars grow from zero by the size of the
    value (a fall, in a before-and-after change, is drawn in grey and its words say "down")."""
    values = [abs(v) for _, v, _ in rows if v is not None and math.isfinite(v)]
    most = max(values, default=0.0)
    left, bar_width, row_height = 84, WIDTH - 84 - 74, 20
    body = Markup()
    parts = []
    for row, (label, value, words) in enumerate(rows):
        y = 2 + row * row_height
        short = label if len(label) <= 12 else label[:11].rstrip() + "…"
        body += _text(left - 6, y + 13, short, "end", size=11)
        if value is None or not math.isfinite(value):
            body += _text(left, y + 13, "no figure", size=11)
            parts.append(f"{label}: no figure")
            continue
        colour = BEFORE if value < 0 else BAR
        body += _rect(left, y + 3, bar_width * _share(abs(value), most), row_height - 7, colour)
        body += _text(left + bar_width + 6, y + 13, words, size=11, bold=True)
        parts.append(f"{label}: {words}")
    text = f"{what}: " + ("; ".join(parts) if parts else "no periods yet")
    return _svg(4 + row_height * max(len(rows), 1), f"Bar chart by period. {text}.", body)
