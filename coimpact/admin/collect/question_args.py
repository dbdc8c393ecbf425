"""The choices and wording of the question page's fields: which indicators a question may
measure (only those of its own project), and what each field says to staff."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user
from wtforms.validators import Length, NumberRange, Optional, Regexp

from coimpact.admin.display import ref_words
from coimpact.admin.scoped import enum_select
from coimpact.auth.access import editable_projects
from coimpact.extensions import db
from coimpact.models import Form, Indicator, Outcome, QuestionType
from coimpact.services.form_publishing import KEY_PATTERN


def indicators_of(project_ids: list[int]) -> list[Indicator]:
    if not project_ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Indicator)
            .join(Outcome, Outcome.id == Indicator.outcome_id)
            .where(Outcome.project_id.in_(project_ids))
            .order_by(Outcome.project_id, Outcome.section, Outcome.ref_number, Indicator.ref_number)
        )
    )


def _editable_indicators() -> list[Indicator]:
    return indicators_of([p.id for p in editable_projects(current_user)])


def indicator_label(indicator: Indicator) -> str:
    return ref_words(indicator)


def form_label(form: Form) -> str:
    return f"{form.project.name}: {form.title}"


QUESTION_FIELD_ARGS = {
    "key": {
        "label": "Key",
        "description": "A short name that never changes once published: answers, results and "
        "exports use it. Letters, digits and underscores, e.g. felt_listened. Left empty, one "
        "is made from the question's wording; you can change it until the form is published.",
        "validators": [
            Optional(),
            Length(max=60),
            Regexp(KEY_PATTERN, message="Use letters, digits and underscores only, no spaces."),
        ],
    },
    "type": {
        **enum_select(QuestionType, "Type of question"),
        "description": "Fixed once published. Changed here, the page shows that type's fields "
        "when you press Save, keeping what you typed and saving nothing until you save again.",
    },
    "text": {"label": "Question", "description": "Standard wording."},
    "text_easy": {
        "label": "Question in easy read",
        "description": "Short sentences, everyday words, numbers as digits. Written by people, "
        "never machine-translated. Left empty, the easy-read page shows the standard wording.",
    },
    "help_text": {"label": "Help text", "description": "Optional, shown under the question."},
    "help_text_easy": {"label": "Help text in easy read"},
    "symbol": {
        "label": "Picture",
        "description": "Shown beside the question in easy read.",
        "gallery": True,
    },
    "symbol_alt": {
        "label": "Picture description",
        "description": "What the picture shows, for people who cannot see it. Leave empty to "
        "use the picture's own description.",
    },
    "required": {"label": "An answer is required"},
    "min_value": {"label": "Lowest number", "description": "Optional: the lowest people can give."},
    "max_value": {
        "label": "Highest number",
        "description": "Optional: the highest people can give.",
    },
    "indicators": {
        "label": "Indicators it measures",
        "query_factory": _editable_indicators,
        "get_label": indicator_label,
        "description": "Answers to this question arrive as suggested evidence for these.",
    },
}
for _name in ("min_value", "max_value"):
    QUESTION_FIELD_ARGS[_name]["validators"] = [
        Optional(),
        NumberRange(min=-1_000_000, max=1_000_000),
    ]
