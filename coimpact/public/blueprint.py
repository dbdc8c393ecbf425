"""The participant pages' blueprint: its limits on what one address may send, its body-size cap
and the helpers its templates use. The pages themselves register on it from their modules."""

from flask import Blueprint, current_app, request
from flask_limiter.util import get_remote_address

from coimpact.extensions import limiter
from coimpact.forms.published import CHECK

bp = Blueprint("public", __name__)

# Form pages are small: a participant's whole response fits many times over in this.
PUBLIC_MAX_BYTES = 256 * 1024


def _submission_limit(**options):
    """Per address, on POSTs only, one count shared by every participant page. Generous,
    because a whole care home may share one address."""
    return limiter.shared_limit(
        lambda: current_app.config["COIMPACT_SUBMIT_LIMIT"],
        methods=["POST"],
        key_func=get_remote_address,
        scope="participant-submissions",
        **options,
    )


submission_limit = _submission_limit()
# Easy read's pages in between only update the person's one draft: starting it (easy_start) and
# sending it count, as the standard form's one POST does, so an easy-read participant uses no
# more of a shared address's allowance than anyone else.
sending_step_limit = _submission_limit(exempt_when=lambda: request.view_args.get("step") != CHECK)


@limiter.request_filter
def _participant_pages_are_not_limited() -> bool:
    """Only the POSTs above carry a limit here: skip the limiter's per-request lookups for every
    other participant page (a busy form's most common requests). A limit added to a GET in this
    blueprint must change this too."""
    return request.method != "POST" and request.blueprint == "public"


@bp.before_request
def _limit_body_size():
    request.max_content_length = PUBLIC_MAX_BYTES


@bp.context_processor
def _template_helpers():
    from coimpact.domain.recognition import (
        CODE_HINT,
        CODE_HINT_EASY,
        CODE_KEPT_EASY,
        PERSONAL_LINK_NOTICE,
        PERSONAL_LINK_NOTICE_EASY,
    )
    from coimpact.forms.field_helpers import FIELD_HELPERS

    return {
        **FIELD_HELPERS,
        "code_hint": CODE_HINT,
        "code_hint_easy": CODE_HINT_EASY,
        "code_kept_easy": CODE_KEPT_EASY,
        "personal_notice": PERSONAL_LINK_NOTICE,
        "personal_notice_easy": PERSONAL_LINK_NOTICE_EASY,
    }
