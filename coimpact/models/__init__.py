"""All models, importable from one place: `from coimpact.models import Project`."""

from coimpact.models.audit import AuditEvent
from coimpact.models.coassessment import (
    AssessmentClosure,
    AssessmentDecision,
    Coassessment,
    Coassessor,
    GroupAssessment,
)
from coimpact.models.collection import (
    Form,
    FormRound,
    FormVersion,
    Question,
    QuestionOption,
    ShareLink,
    question_indicators,
)
from coimpact.models.drafts import Draft
from coimpact.models.enums import (
    CoassessorRole,
    ElementKind,
    EvidenceKind,
    EvidenceStatus,
    FormStatus,
    InvolvementKind,
    Judgement,
    LinkStatus,
    MeasureKind,
    QuestionType,
    QuotePermission,
    ReviewStatus,
    Role,
    Section,
    Variant,
)
from coimpact.models.evidence import EvidenceItem, EvidenceLink
from coimpact.models.feedback import FeedbackPage, feedback_page_items
from coimpact.models.involvement import ROLE_COLUMNS, InvolvementSession
from coimpact.models.periods import ReportingPeriod
from coimpact.models.responses import Answer, Response
from coimpact.models.theory import (
    Indicator,
    IndicatorReview,
    Outcome,
    OutcomeRefCounter,
    Project,
    TocElement,
    outcome_contributions,
)
from coimpact.models.users import Membership, StaffSession, User

__all__ = [
    "AssessmentClosure",
    "AssessmentDecision",
    "Coassessment",
    "Coassessor",
    "CoassessorRole",
    "GroupAssessment",
    "Judgement",
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
    "FormRound",
    "FormStatus",
    "FormVersion",
    "Indicator",
    "IndicatorReview",
    "InvolvementKind",
    "InvolvementSession",
    "LinkStatus",
    "MeasureKind",
    "Membership",
    "Outcome",
    "OutcomeRefCounter",
    "Project",
    "Question",
    "QuestionOption",
    "QuestionType",
    "QuotePermission",
    "ROLE_COLUMNS",
    "ReportingPeriod",
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
