"""Where each workforce indicator sits in CQC's frameworks.

Single Assessment Framework (since November 2023) quality statements, and the legacy key lines of
enquiry many homes' evidence files still use. A KLOE code repeats across sub-topics (S3 covers both
safe recruitment and safe staffing), so KLOEs are keyed on (code, subtopic).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QualityStatement:
    key_question: str
    title: str

    def __str__(self) -> str:
        return f"{self.key_question}: {self.title}"


@dataclass(frozen=True, slots=True)
class Kloe:
    code: str
    subtopic: str

    def __str__(self) -> str:
        return f"{self.code} ({self.subtopic})"


SAFE_STAFFING = QualityStatement("Safe", "Safe and effective staffing")
LEARNING_CULTURE = QualityStatement("Safe", "Learning culture")
SAFEGUARDING = QualityStatement("Safe", "Safeguarding")
GOVERNANCE = QualityStatement("Well-led", "Governance, management and sustainability")
LEADERS = QualityStatement("Well-led", "Capable, compassionate and inclusive leaders")
LEARNING_IMPROVEMENT = QualityStatement("Well-led", "Learning, improvement and innovation")
WORKFORCE_WELLBEING = QualityStatement("Caring", "Workforce wellbeing and enablement")

S3_RECRUITMENT = Kloe("S3", "safe recruitment")
S3_STAFFING = Kloe("S3", "safe staffing")
E2_SKILLS = Kloe("E2", "staff skills and knowledge")
E2_SUPPORT = Kloe("E2", "staff support, supervision and appraisal")
E2_RETENTION = Kloe("E2", "staff retention")
W2_GOVERNANCE = Kloe("W2", "governance and management")

MAPPING: dict[str, tuple[tuple[QualityStatement, ...], tuple[Kloe, ...]]] = {
    "turnover": ((SAFE_STAFFING, GOVERNANCE), (E2_RETENTION, S3_STAFFING)),
    "stability": ((SAFE_STAFFING, GOVERNANCE), (E2_RETENTION, S3_STAFFING)),
    "early_leavers": ((SAFE_STAFFING,), (S3_RECRUITMENT, E2_RETENTION)),
    "starters": ((SAFE_STAFFING,), (S3_RECRUITMENT,)),
    "vacancy_rate": ((SAFE_STAFFING, GOVERNANCE), (S3_STAFFING, W2_GOVERNANCE)),
    "sickness_days_per_fte": ((SAFE_STAFFING, WORKFORCE_WELLBEING), (S3_STAFFING, E2_SUPPORT)),
    "bradford": ((SAFE_STAFFING, WORKFORCE_WELLBEING), (S3_STAFFING, E2_SUPPORT)),
    "agency_share": ((SAFE_STAFFING,), (S3_STAFFING,)),
    "training_compliance": ((SAFE_STAFFING, LEARNING_CULTURE, LEARNING_IMPROVEMENT), (E2_SKILLS,)),
    "supervision_compliance": ((SAFE_STAFFING, LEARNING_IMPROVEMENT), (E2_SUPPORT,)),
    "appraisal_compliance": ((SAFE_STAFFING, LEARNING_IMPROVEMENT), (E2_SUPPORT,)),
    "recruitment_checks": ((SAFE_STAFFING, SAFEGUARDING), (S3_RECRUITMENT,)),
    "registered_manager": ((GOVERNANCE, LEADERS), (W2_GOVERNANCE,)),
    "staffing_review": ((SAFE_STAFFING, GOVERNANCE), (S3_STAFFING, W2_GOVERNANCE)),
    "rota_published_on_time": ((SAFE_STAFFING, GOVERNANCE), (S3_STAFFING, W2_GOVERNANCE)),
}
