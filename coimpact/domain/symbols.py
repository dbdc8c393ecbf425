"""The symbols (small pictures) that coimpact shows beside easy-read questions and answers.

Each symbol is a hand-written SVG file in ``coimpact/static/symbols/<name>.svg``: 64 by 64,
pictures only (no words, so no language), strong dark outlines and a few flat colours.

The pictures were drawn for the coimpact project and are licensed CC BY 4.0; see
``coimpact/static/symbols/LICENSE.md`` for the licence and the attribution line to use.

This module is plain Python (no Flask) so that forms, templates, the admin and tests can all
share one list of names and one default alt text per picture.
"""

from __future__ import annotations

from types import MappingProxyType

#: Symbol name -> default alt text, in plain words. Names match the SVG file names.
SYMBOLS: MappingProxyType[str, str] = MappingProxyType(
    {
        # Faces for picture scales (3-point uses sad, ok, happy).
        "very-sad": "A very sad face",
        "sad": "A sad face",
        "ok": "A face that feels okay",
        "happy": "A happy face",
        "very-happy": "A very happy face",
        # Answers.
        "yes": "A tick for yes",
        "no": "A cross for no",
        "not-sure": "A question mark for not sure",
        # Topics.
        "meeting": "People sitting round a table at a meeting",
        "feeling": "A heart for feelings",
        "help": "A person helping another person",
        "home": "A house",
        "work": "A work bag",
        "speaking-up": "A person speaking up",
        "listen": "An ear for listening",
        "group": "A group of people",
        "calendar": "A calendar",
        "write": "A pencil for writing",
        "number": "Tally marks for counting",
        "before-after": "An arrow from before to after",
        "information": "The letter i for information",
        "thank-you": "A thumbs up for thank you",
        "consent": "A paper with a tick to say yes",
        "quote": "A speech bubble with words someone said",
        "star": "A star",
        "money": "Money: a note and coins",
        "choice": "A list of things to choose from",
        "learn": "A book for learning",
        "travel": "A bus for travel",
        "phone": "A mobile phone",
        "question": "A question mark",
        "friends": "Two friends",
    }
)


def symbol_names() -> list[str]:
    """Return every symbol name, sorted alphabetically."""
    return sorted(SYMBOLS)


def is_symbol(name: object) -> bool:
    """Return True if ``name`` is the name of a symbol that ships with the app."""
    return isinstance(name, str) and name in SYMBOLS


def alt_text(name: str) -> str:
    """Return the default alt text for the symbol ``name``.

    Raises ``KeyError`` if there is no such symbol.
    """
    return SYMBOLS[name]


def symbol_path(name: str) -> str:
    """Return the path of the symbol's SVG file relative to the static folder.

    For example ``symbol_path("happy") == "symbols/happy.svg"``, ready for
    ``url_for("static", filename=...)``. Raises ``KeyError`` if there is no such symbol.
    """
    if name not in SYMBOLS:
        raise KeyError(name)
    return f"symbols/{name}.svg"
