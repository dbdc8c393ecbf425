"""Pages anyone may open: landing page, health check, and the participant forms.

The forms check their own CSRF token (the blueprint is exempt from the global check) so that an
expired token re-shows the page with every answer instead of a bare 400.
"""

from flask import Blueprint, current_app, request
from flask_limiter.util import get_remote_address

from ..extensions import limiter

bp = Blueprint("public", __name__)

# Form pages are small: a participant's whole response fits many times over in this.
PUBLIC_MAX_BYTES = 256 * 1024

# Per address, on POSTs only. Generous, because a whole care home may share one address.
submission_limit = limiter.limit(
    lambda: current_app.config["COIMPACT_SUBMIT_LIMIT"],
    methods=["POST"],
    key_func=get_remote_address,
    scope="participant-submissions",
)


@bp.before_request
def _limit_body_size():
    request.max_content_length = PUBLIC_MAX_BYTES


@bp.errorhandler(429)
def _too_many(exc):
    from .limits import too_many_page

    return too_many_page(exc)


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
from .feedback import feedback_page  # noqa: E402,F401  ("you said, we did" at /s/<token>)
