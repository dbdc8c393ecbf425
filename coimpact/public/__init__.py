"""Pages anyone may open: landing page, health check, and the participant forms.

The forms check their own CSRF token (the blueprint is exempt from the global check) so that an
expired token re-shows the page with every answer instead of a bare 400.
"""

from flask import Blueprint

bp = Blueprint("public", __name__)


@bp.context_processor
def _template_helpers():
    from ..questions import choices_for, wording
    from ..symbols import alt_text

    def symbol_alt(name: str) -> str:
        try:
            return alt_text(name)
        except KeyError:
            return ""

    return {"wording": wording, "choices_for": choices_for, "symbol_alt": symbol_alt}


from . import easy, pages, standard  # noqa: E402,F401  (routes register on import)
