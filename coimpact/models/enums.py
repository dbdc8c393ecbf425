"""The fixed vocabularies of the domain (see shared design `domain.md`)."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # everything, every project, user management
    STAFF = "staff"  # read and change the projects they belong to
    VIEWER = "viewer"  # read and export the projects they belong to


class Section(StrEnum):
    """The four parts of SCIE's co-production impact resource."""

    ACHIEVEMENT = "achievement"
    BENEFIT = "benefit"
    IMPACT = "impact"
    PROCESS = "process"  # "evaluation & feedback"

    @property
    def label(self) -> str:
        return SECTION_LABELS[self]

    @property
    def ref_prefix(self) -> str:
        return SECTION_REF_PREFIX[self]


SECTION_LABELS = {
    Section.ACHIEVEMENT: "Achievements",
    Section.BENEFIT: "Benefits",
    Section.IMPACT: "Impact",
    Section.PROCESS: "Evaluation & feedback",
}
# Outcome refs read A1, B2, I1, E1 in the workbook and the admin.
SECTION_REF_PREFIX = {
    Section.ACHIEVEMENT: "A",
    Section.BENEFIT: "B",
    Section.IMPACT: "I",
    Section.PROCESS: "E",
}


class ElementKind(StrEnum):
    INPUT = "input"
    ACTIVITY = "activity"
    OUTPUT = "output"
    ASSUMPTION = "assumption"
    ENABLER = "enabler"

    @property
    def label(self) -> str:
        return {
            "input": "Inputs",
            "activity": "Activities",
            "output": "Outputs",
            "assumption": "Assumptions",
            "enabler": "Enablers",
        }[self.value]


class MeasureKind(StrEnum):
    COUNT = "count"
    PERCENT_AGREE = "percent_agree"
    MEAN_RATING = "mean_rating"
    BEFORE_AFTER = "before_after"
    QUOTES = "quotes"

    @property
    def label(self) -> str:
        return {
            "count": "Count",
            "percent_agree": "Share of people who agree",
            "mean_rating": "Average rating",
            "before_after": "Before and after change",
            "quotes": "Quotes and stories",
        }[self.value]


class ReviewStatus(StrEnum):
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_YET = "not_yet"


class FormStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class QuestionType(StrEnum):
    SHORT_TEXT = "short_text"
    STORY = "story"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    PICTURE_SCALE = "picture_scale"  # 3-point faces
    SCALE_5 = "scale_5"
    YES_NO = "yes_no"  # yes / not sure / no
    NUMBER = "number"
    BEFORE_AFTER = "before_after"  # two ratings on the same scale

    @property
    def label(self) -> str:
        return QUESTION_TYPE_LABELS[self]


QUESTION_TYPE_LABELS = {
    QuestionType.SHORT_TEXT: "Short text",
    QuestionType.STORY: "Story (long text)",
    QuestionType.SINGLE_CHOICE: "Single choice",
    QuestionType.MULTI_CHOICE: "Several choices",
    QuestionType.PICTURE_SCALE: "3-point picture scale",
    QuestionType.SCALE_5: "5-point scale",
    QuestionType.YES_NO: "Yes / not sure / no",
    QuestionType.NUMBER: "Number",
    QuestionType.BEFORE_AFTER: "Before-and-after rating",
}


class Variant(StrEnum):
    STANDARD = "standard"
    EASY = "easy"


class QuotePermission(StrEnum):
    NO = "no"
    ANONYMOUS = "anonymous"  # yes, without my name
    NAMED = "named"  # yes, with my name


class EvidenceKind(StrEnum):
    QUOTE = "quote"
    STORY = "story"
    RATING = "rating"
    COUNT = "count"
    OBSERVATION = "observation"
    DOCUMENT = "document"
    PHOTO = "photo"


class EvidenceStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class LinkStatus(StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class InvolvementKind(StrEnum):
    """What kind of co-production session an involvement-log row records."""

    MEETING = "meeting"
    WORKSHOP = "workshop"
    CO_DESIGN = "co_design"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "meeting": "Meeting",
            "workshop": "Workshop",
            "co_design": "Co-design day",
            "other": "Other",
        }[self.value]


class Judgement(StrEnum):
    """A co-assessor's answer to "Did we do this?" for one outcome."""

    YES = "yes"
    A_BIT = "a_bit"
    NO = "no"
    NOT_SURE = "not_sure"

    @property
    def label(self) -> str:
        return JUDGEMENT_LABELS[self]


JUDGEMENT_LABELS = {
    Judgement.YES: "Yes",
    Judgement.A_BIT: "A bit",
    Judgement.NO: "No",
    Judgement.NOT_SURE: "Not sure",
}


class CoassessorRole(StrEnum):
    """Who a co-assessor is, counted (never named) where the workbook says who took part."""

    LIVED_EXPERIENCE = "lived_experience"  # a person who draws on care and support
    CARER = "carer"
    STAFF = "staff"
    PARTNER = "partner"

    @property
    def label(self) -> str:
        return COASSESSOR_ROLE_LABELS[self]


COASSESSOR_ROLE_LABELS = {
    CoassessorRole.LIVED_EXPERIENCE: "Person with lived experience",
    CoassessorRole.CARER: "Carer",
    CoassessorRole.STAFF: "Member of staff",
    CoassessorRole.PARTNER: "Partner",
}
