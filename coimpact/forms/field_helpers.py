"""What the participant field macros (templates/public/_fields.html and _consent.html) call
besides the form: a wording in its variant, a question's choices, a symbol's alt text.

The participant pages offer them to every template; the staff pages that draw the same fields
(the form preview, paper entry) pass the same ones, so that a field reads alike on both sides.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from coimpact.domain.question_types import choices_for, wording
from coimpact.domain.symbols import SYMBOLS


def symbol_alt(name: str) -> str:
    """A symbol's usual alt text; "" for a name that is not one of the app's symbols."""
    return SYMBOLS.get(name, "")


FIELD_HELPERS: MappingProxyType[str, Any] = MappingProxyType(
    {"wording": wording, "choices_for": choices_for, "symbol_alt": symbol_alt}
)
