"""Every interval and threshold the compliance checks and indicators use, with its default and source.

None of these is law except where a field says so: CQC sets no supervision frequency and no
turnover target. A provider or home sets its own values; the defaults follow the Skills for Care
"Good and outstanding care guide" and statutory and mandatory training guide (Sept 2024), and the
Skills for Care workforce data set (`docs/compliance.md` lists them with sources).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from rota.domain.core import DomainModel, RagRating


class RagThreshold(DomainModel):
    """Green at or better than `green`, amber at or better than `amber`, red otherwise.

    "Better" means higher when `higher_is_better`, lower otherwise (turnover: lower is better).
    """

    green: float
    amber: float
    higher_is_better: bool
    source: str = Field(default="", max_length=400)

    @model_validator(mode="after")
    def _ordered(self) -> RagThreshold:
        if self.higher_is_better and self.green < self.amber:
            raise ValueError(f"green threshold {self.green:g} must be at least the amber threshold {self.amber:g} "
                             "when higher is better")
        if not self.higher_is_better and self.green > self.amber:
            raise ValueError(f"green threshold {self.green:g} must be at most the amber threshold {self.amber:g} "
                             "when lower is better")
        return self

    def rate(self, value: float) -> RagRating:
        if self.higher_is_better:
            return RagRating.GREEN if value >= self.green else RagRating.AMBER if value >= self.amber \
                else RagRating.RED
        return RagRating.GREEN if value <= self.green else RagRating.AMBER if value <= self.amber else RagRating.RED


def _default_thresholds() -> dict[str, RagThreshold]:
    return {
        "turnover": RagThreshold(
            green=10, amber=25, higher_is_better=False,
            source="Skills for Care: independent-sector turnover about 24.7% (2024/25); one outstanding registered "
                   "manager's target 'don't let annual turnover rise above 10%' (Good and outstanding care guide)"),
        "stability": RagThreshold(
            green=85, amber=75, higher_is_better=True,
            source="Provider practice; a stable team is the counterpart of the 10% turnover target"),
        "early_leavers": RagThreshold(
            green=10, amber=25, higher_is_better=False,
            source="Provider practice: share of leavers who left within 3 months of starting"),
        "vacancy_rate": RagThreshold(
            green=5, amber=10, higher_is_better=False,
            source="Skills for Care: sector vacancy rate about 7% (2024/25)"),
        "sickness_days_per_fte": RagThreshold(
            green=5, amber=9, higher_is_better=False,
            source="Sector about 5 days per FTE a year before the pandemic, 8-9 since"),
        "bradford": RagThreshold(
            green=5, amber=10, higher_is_better=False,
            source="Provider practice: share of staff at or above the Bradford review trigger"),
        "agency_share": RagThreshold(
            green=5, amber=10, higher_is_better=False,
            source="Agency staff in older-adult homes rose from 3.7% to 7.3% of staff (2021-22); "
                   "guide: avoid over-reliance on temporary workers"),
        "training_compliance": RagThreshold(
            green=95, amber=85, higher_is_better=True,
            source="Provider practice; guide red flag: records unable to evidence training and refreshers"),
        "supervision_compliance": RagThreshold(
            green=90, amber=75, higher_is_better=True,
            source="Provider practice; guide red flag: only some staff receive supervision"),
        "appraisal_compliance": RagThreshold(
            green=90, amber=75, higher_is_better=True, source="Provider practice: annual appraisal for all staff"),
        "recruitment_checks": RagThreshold(
            green=100, amber=95, higher_is_better=True,
            source="Regulation 19 and Schedule 3: every check is required before a person starts"),
        "registered_manager": RagThreshold(
            green=100, amber=100, higher_is_better=True,
            source="CQC registration: a care home must have a registered manager in post (Health and Social "
                   "Care Act 2008); Well-led evidence"),
        "staffing_review": RagThreshold(
            green=0, amber=30, higher_is_better=False,
            source="Provider practice: review staffing levels at least every three months (days overdue)"),
        "rota_published_on_time": RagThreshold(
            green=95, amber=80, higher_is_better=True,
            source="Guide (S3): 'staff rotas are communicated to the team weeks in advance'"),
    }


class CompliancePolicy(DomainModel):
    """Intervals (in days, weeks or months as HR states them) and RAG thresholds; all configurable."""

    due_soon_days: int = Field(default=30, ge=0, le=365,
                               description="A record expiring within this many days is 'due soon'.")
    supervision_due_soon_days: int = Field(default=7, ge=0, le=90,
                                           description="A supervision due within this many days is 'due soon'.")
    new_starter_training_weeks: int = Field(
        default=12, ge=0, le=52,
        description="Weeks after the start date by which a new starter must hold each required course, unless "
                    "the course sets its own (provider practice: induction alongside the 12-week Care Certificate).")
    supervision_interval_weeks: int = Field(
        default=8, ge=1, le=52,
        description="CQC sets no frequency; the old National Minimum Standards asked for 6 a year; homes run "
                    "every 6-12 weeks.")
    probation_supervision_interval_weeks: int = Field(default=4, ge=1, le=52,
                                                      description="More often during probation.")
    appraisal_interval_months: int = Field(default=12, ge=1, le=36, description="Annual appraisal.")
    default_probation_months: int = Field(default=6, ge=3, le=12,
                                          description="Used when a staff record has no probation end date; "
                                                      "probation is at least 3 months.")
    dbs_recheck_months: int = Field(
        default=36, ge=1, le=120,
        description="DBS certificates have no legal expiry; guide red flag: 'failure to review criminal record "
                    "checks every three years'.")
    dbs_update_service_check_months: int = Field(
        default=12, ge=1, le=36,
        description="With the DBS Update Service, how often the home checks the certificate's status online.")
    medication_competency_months: int = Field(
        default=12, ge=1, le=36,
        description="Medication competency reassessment; annual is common, one provider reassesses 3-monthly.")
    nurse_roles: tuple[str, ...] = Field(default=("rn",), description="Roles that need a valid NMC registration.")
    lapsed_nurse_works_as: str | None = Field(
        default=None,
        description="Role (e.g. senior) a nurse whose NMC registration has lapsed for the whole rota may work in "
                    "instead; unset: the nurse is not rostered while lapsed.")
    references_required: int = Field(default=2, ge=0, le=5, description="Guide: a minimum of two references.")
    early_leaver_months: int = Field(default=3, ge=1, le=24,
                                     description="A leaver within this many months of starting is an early leaver.")
    staffing_review_months: int = Field(default=3, ge=1, le=24,
                                        description="Staffing levels reviewed at least every three months.")
    rota_publish_min_days: int = Field(default=14, ge=0, le=90,
                                       description="A rota published fewer days than this before it starts is late.")
    bradford_window_weeks: int = Field(default=52, ge=1, le=104, description="Bradford factor window.")
    bradford_watch_trigger: int = Field(
        default=51, ge=1, description="Bradford score at which absence is discussed informally (amber).")
    bradford_review_trigger: int = Field(
        default=201, ge=1, description="Bradford score at which a formal absence review is common HR practice.")
    count_bank_in_workforce: bool = Field(
        default=False,
        description="Turnover, stability and starters count permanent staff only (as Skills for Care does), "
                    "unless this is set.")
    thresholds: dict[str, RagThreshold] = Field(default_factory=_default_thresholds)

    @model_validator(mode="after")
    def _complete_thresholds(self) -> CompliancePolicy:
        defaults = _default_thresholds()
        unknown = sorted(set(self.thresholds) - set(defaults))
        if unknown:
            raise ValueError(f"unknown indicator(s) in thresholds: {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(defaults))})")
        if set(self.thresholds) != set(defaults):
            object.__setattr__(self, "thresholds", {**defaults, **self.thresholds})
        return self

    def threshold(self, indicator: str) -> RagThreshold:
        return self.thresholds[indicator]
