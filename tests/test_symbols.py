"""The symbol set: one SVG file per registry entry, each safe, small, pictures-only and in style."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses only our own files in the repository
from pathlib import Path

import pytest

from coimpact.domain import symbols
from coimpact.domain.symbols import SYMBOLS, alt_text, is_symbol, symbol_names, symbol_path

SYMBOL_DIR = Path(symbols.__file__).parents[1] / "static" / "symbols"
SVG_FILES = sorted(SYMBOL_DIR.glob("*.svg"))
SVG_NS = "{http://www.w3.org/2000/svg}"
PALETTE = {"#0b0c0c", "#ffdd00", "#00703c", "#d4351c", "#1d70b8", "#f3f2f1", "#fff", "#ffffff"}

REQUIRED = {
    "very-sad", "sad", "ok", "happy", "very-happy",
    "yes", "no", "not-sure",
    "meeting", "feeling", "help", "home", "work", "speaking-up", "listen", "group", "calendar",
    "write", "number", "before-after", "information", "thank-you", "consent", "quote", "star",
    "money", "choice", "learn", "travel", "phone", "question", "friends",
}  # fmt: skip


def _parse(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314 - our own files, not user input


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def test_required_symbols_are_registered():
    assert REQUIRED <= set(SYMBOLS)


def test_every_entry_has_a_file_and_every_file_an_entry():
    files = {p.stem for p in SVG_FILES}
    assert files == set(SYMBOLS)


def test_licence_names_every_file_and_the_attribution():
    licence = (SYMBOL_DIR / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in licence
    assert "Symbols: coimpact project, CC BY 4.0" in licence
    for path in SVG_FILES:
        assert f"`{path.name}`" in licence


def test_registry_helpers():
    assert symbol_names() == sorted(SYMBOLS)
    assert is_symbol("happy")
    assert not is_symbol("no-such-symbol")
    assert not is_symbol(None)
    assert not is_symbol("../happy")
    assert alt_text("happy") == "A happy face"
    assert symbol_path("happy") == "symbols/happy.svg"
    with pytest.raises(KeyError):
        symbol_path("no-such-symbol")
    with pytest.raises(KeyError):
        alt_text("no-such-symbol")


@pytest.mark.parametrize("name", sorted(SYMBOLS))
def test_alt_text_is_short_plain_words(name):
    text = alt_text(name)
    assert text.strip()
    assert len(text) <= 60
    assert re.fullmatch(r"[a-z0-9-]+", name)
    assert (SYMBOL_DIR.parent / symbol_path(name)).is_file()


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: p.stem)
def test_svg_is_safe_small_and_in_style(path: Path):
    raw = path.read_bytes()
    assert len(raw) < 2048, f"{path.name} is {len(raw)} bytes"

    root = _parse(path)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 64 64"
    assert root.get("width") == "64"
    assert root.get("height") == "64"
    assert root.get("stroke") == "#0b0c0c"
    assert root.get("stroke-width") == "3"
    assert root.get("stroke-linecap") == "round"
    assert root.get("stroke-linejoin") == "round"

    for el in root.iter():
        tag = _local(el.tag)
        assert tag not in {"script", "text", "tspan", "textPath", "foreignObject", "image"}, tag
        assert tag not in {"style", "font", "font-face"}, tag
        for attr, value in el.attrib.items():
            name = _local(attr)
            assert not name.lower().startswith("on"), f"event attribute {attr}"
            if name == "href":
                assert not value.startswith(("http:", "https:", "//", "data:")), value
            assert "url(" not in value or "url(#" in value, value
            if name in {"fill", "stroke"} and value != "none":
                assert value.lower() in PALETTE, f"{path.name}: {name}={value} not in palette"

    text = raw.decode("utf-8")
    assert "<!ENTITY" not in text
    assert "javascript:" not in text.lower()
    # The only URL allowed is the SVG namespace.
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"]
