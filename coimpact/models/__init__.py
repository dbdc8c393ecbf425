"""All models, importable from one place: `from coimpact.models import Project`."""

from .audit import AuditEvent
from .collection import Form, FormVersion, Question, QuestionOption, ShareLink, question_indicators
from .drafts import Draft
from .enums import (
    ElementKind,
    EvidenceKind,
    EvidenceStatus,
    FormStatus,
    LinkStatus,
    MeasureKind,
    QuestionType,
    QuotePermission,
    ReviewStatus,
    Role,
    Section,
    Variant,
)
from .evidence import EvidenceItem, EvidenceLink
from .feedback import FeedbackPage, feedback_page_items
from .responses import Answer, Response
from .theory import Indicator, IndicatorReview, Outcome, Project, TocElement, outcome_contributions
from .users import Membership, StaffSession, User

__all__ = [
    "Answer",
    "AuditEvent",
    "Draft",
    "ElementKind",
    "EvidenceItem",
    "EvidenceKind",
    "EvidenceLink",
    "EvidenceStatus",
    "FeedbackPage",
    "Form",
    "FormStatus",
    "FormVersion",
    "Indicator",
    "IndicatorReview",
    "LinkStatus",
    "MeasureKind",
    "Membership",
    "Outcome",
    "Project",
    "Question",
    "QuestionOption",
    "QuestionType",
    "QuotePermission",
    "Response",
    "ReviewStatus",
    "Role",
    "Section",
    "ShareLink",
    "StaffSession",
    "TocElement",
    "User",
    "Variant",
    "feedback_page_items",
    "outcome_contributions",
    "question_indicators",
]
