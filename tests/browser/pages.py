"""What the browser tests do on a page: run axe, measure reflow and targets, fill in answers
(by mouse or by keyboard alone), and read what was stored."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Response
from tests.conftest import PASSWORD
from tests.public_helpers import GOOD_ANSWERS

DESKTOP = {"width": 1024, "height": 800}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MIN_TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 (AA)
DECLINE_FORM = "decline"  # the standard form's own form for saying no

# Every answer the pages ask for, by field name; pages fill in the ones they show.
ANSWERS: dict[str, Any] = {**GOOD_ANSWERS, "participant_name": ""}

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""

# Elements that stick out past the right edge of the viewport (what makes a page scroll
# sideways), ignoring what is deliberately off-screen or clipped for screen readers, and what
# scrolls inside a box of its own (a wide table's region: that box itself is measured).
OVERFLOW = """(width) => {
  const out = [];
  const scrolls = new Map();
  const inScroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (!scrolls.has(a)) scrolls.set(a, getComputedStyle(a).overflowX !== 'visible');
      if (scrolls.get(a)) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .sr-only, .skip-link, .hp') || inScroller(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 0.5) {
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
               `${el.className ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : ''}` +
               ` right edge at ${Math.round(r.right)}px`);
    }
  }
  // Text can stick out of a box that itself fits (a long word in a flex item).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement) continue;
    if (node.parentElement.closest('.visually-hidden, .sr-only, .skip-link, .hp')) continue;
    if (inScroller(node.parentElement)) continue;
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5) {
      out.push(`text "${node.textContent.trim().slice(0, 40)}" right edge at ` +
               `${Math.round(r.right)}px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, overflowing: out.slice(0, 8)};
}"""

# Radios, checkboxes, buttons and links a person has to hit, with their size. An input's label
# is part of its target (clicking it picks the input). Links inside a sentence are exempt from
# WCAG 2.5.8, so a link in a paragraph that holds other words too is left out.
TARGETS = """() => {
  const found = [];
  const candidates = document.querySelectorAll(
    'input[type=radio], input[type=checkbox], button, input[type=submit], a[href]');
  for (const el of candidates) {
    if (el.closest('.visually-hidden, .skip-link, .hp')) continue;
    const para = el.closest('p');
    if (el.tagName === 'A' && para && para.textContent.trim() !== el.textContent.trim()) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    let [l, t, rt, b] = [r.left, r.top, r.right, r.bottom];
    for (const label of (el.labels || [])) {
      const lr = label.getBoundingClientRect();
      [l, t, rt, b] = [Math.min(l, lr.left), Math.min(t, lr.top),
                       Math.max(rt, lr.right), Math.max(b, lr.bottom)];
    }
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.tagName === 'A' || el.tagName === 'BUTTON' ? ` "${el.textContent.trim()}"` : '');
    found.push({name, width: rt - l, height: b - t});
  }
  return found;
}"""

# Easy read: text at least 18 px (Mencap's 14 pt), and line height at least 1.5 outside headings.
EASY_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('.visually-hidden, .skip-link, .hp')) continue;
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const spacing = style.lineHeight === 'normal' ? 1.2 : parseFloat(style.lineHeight) / size;
    const text = `"${node.textContent.trim().slice(0, 30)}"`;
    if (size < 17.95) out.push(`text ${text} is ${size}px`);
    if (!el.closest('h1, h2, h3') && spacing < 1.495) {
      out.push(`text ${text} has line height ${spacing.toFixed(2)}`);
    }
  }
  return [...new Set(out)];
}"""

FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '',
          value: e.value || '', checked: !!e.checked, text: e.textContent.trim(),
          formId: (e.form && e.form.id) || '',
          outline: s.outlineStyle === 'none' ? 'none' : `${s.outlineStyle} ${s.outlineWidth}`,
          boxShadow: s.boxShadow};
}"""


# Boxes that scroll sideways (their content is wider than they are): each must be reachable
# with Tab (so arrow keys scroll it) and named, as a region, for screen readers.
SCROLLERS = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const x = getComputedStyle(el).overflowX;
    if ((x !== 'auto' && x !== 'scroll') || el.scrollWidth <= el.clientWidth + 1) continue;
    const name = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (el.tabIndex < 0 || el.getAttribute('role') !== 'region' || !name) {
      out.push(`${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\\s+/g, '.')}` +
               ' scrolls sideways but is not a named, focusable region');
    }
  }
  return out;
}"""


# Everything one can Tab to, focused in turn: each must show it has the focus (an outline that
# is not transparent, or a box shadow). Run after a key press, so that the browser draws focus
# as it does for a keyboard user (:focus-visible). Styles follow tags, classes and places, so
# one of each (a list's hundred row links are one) is enough.
FOCUS_SHOWN = """() => {
  const out = [];
  const seen = new Set();
  const reachable = 'a[href], button, input:not([type=hidden]), select, textarea, ' +
                    '[tabindex]:not([tabindex="-1"])';
  for (const el of document.querySelectorAll(reachable)) {
    const r = el.getBoundingClientRect();
    if (el.disabled || (r.width === 0 && r.height === 0)) continue;
    const kind = [el, el.parentElement, el.parentElement && el.parentElement.parentElement]
      .map((e) => e ? `${e.tagName}.${e.className}.${e.type || ''}` : '').join(' ');
    if (seen.has(kind)) continue;
    seen.add(kind);
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 &&
                    !/rgba\\(.*, 0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
    if (!outline && s.boxShadow === 'none') {
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ` +
               `"${(el.innerText || el.value || el.name || '').trim().slice(0, 30)}"`);
    }
  }
  if (document.activeElement) document.activeElement.blur();
  return [...new Set(out)];
}"""


def axe_violations(page) -> list[str]:
    """One readable line per axe violation: rule, help text and the nodes it found."""
    found = page.evaluate(AXE_RUN, AXE_TAGS)
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']}; "
        + "; ".join(f"[{n['target']}] {n['summary']}" for n in v["nodes"])
        for v in found
    ]


def reflow_problems(page, width: int) -> list[str]:
    """At `width` CSS px the page must not scroll sideways nor push anything off the edge."""
    page.set_viewport_size({"width": width, "height": 800})
    seen = page.evaluate(OVERFLOW, width)
    problems = []
    if seen["scrollWidth"] > width:
        problems.append(
            f"at {width}px the page scrolls sideways (scrollWidth {seen['scrollWidth']})"
        )
    problems += [f"at {width}px {item}" for item in seen["overflowing"]]
    return problems


def focus_not_shown(page) -> list[str]:
    page.keyboard.press("Shift")  # the browser now draws focus as for a keyboard user
    return [f"focus not visible on {name}" for name in page.evaluate(FOCUS_SHOWN)]


def unnamed_scrollers(page, width: int) -> list[str]:
    return [f"at {width}px {problem}" for problem in page.evaluate(SCROLLERS)]


def easy_text_problems(page) -> list[str]:
    return page.evaluate(EASY_TEXT)


def small_targets(page, width: int) -> list[str]:
    return [
        f"at {width}px target {t['name']} is {t['width']:.0f}x{t['height']:.0f}px"
        for t in page.evaluate(TARGETS)
        if t["width"] < MIN_TARGET or t["height"] < MIN_TARGET
    ]


def focused(page) -> dict[str, Any]:
    return page.evaluate(FOCUSED)


def fill_answers(page, answers: dict[str, Any] = ANSWERS) -> None:
    """Answer every field on this page that `answers` names, with the mouse."""
    for name, wanted in answers.items():
        fields = page.locator(f'[name="{name}"]:not([type=hidden])')
        if fields.count() == 0 or not wanted:
            continue
        kind = fields.first.get_attribute("type") or "textarea"
        if kind in ("radio", "checkbox"):
            for value in [wanted] if isinstance(wanted, str) else wanted:
                # The label is what a person taps; it is part of the target.
                page.locator(f'label[for="{_input_id(page, name, value)}"]').click()
        else:
            fields.first.fill(wanted)


def _input_id(page, name: str, value: str) -> str:
    return page.locator(f'input[name="{name}"][value="{value}"]:not([type=hidden])').get_attribute(
        "id"
    )


def click_and_wait(page, button: str):
    """Press a button with the mouse and wait for the page it leads to; returns its response."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button).click()
    return navigation.value


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def keyboard_answer_page(page, answers: dict[str, Any] = ANSWERS, max_tabs: int = 120) -> str:
    """Tab through the page answering with Space, arrow keys and typing only, until a submit
    button of the answers' form has focus; press Enter on it. Returns the button's text. (The
    standard form's "I do not want to take part" belongs to a form of its own: someone taking
    part tabs past it.)"""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        el = focused(page)
        if el["tag"] == "button" and el["formId"] != DECLINE_FORM:
            press_and_wait(page, "Enter")
            return el["text"]
        wanted = answers.get(el["name"])
        if not wanted:
            continue
        if el["type"] == "radio":
            # Space picks the focused option; each arrow key moves to and picks the next one.
            page.keyboard.press("Space")
            for _ in range(10):
                if focused(page)["value"] == wanted:
                    break
                page.keyboard.press("ArrowDown")
            assert focused(page)["value"] == wanted and focused(page)["checked"], el
        elif el["type"] == "checkbox":
            if (el["value"] in wanted) != el["checked"]:
                page.keyboard.press("Space")
        elif el["tag"] in ("input", "textarea"):
            page.keyboard.type(wanted)
    raise AssertionError(f"no submit button reached with Tab on {page.url}")


def sign_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in page, as a member of staff would."""
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def stored_responses() -> list[Response]:
    """The responses in the database now (the test's session may hold an older snapshot)."""
    db.session.rollback()
    return list(db.session.scalars(sa.select(Response)))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
