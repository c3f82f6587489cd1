"""The home's own staffing method and rules.

Every number here is a configurable default. Where it is law (Working Time
Regulations 1998) the field says so; everything else is provider practice and
illustrative, and a home must set its own (see docs/scenario-format.md).
"""

from __future__ import annotations

from pydantic import Field, field_validator

from rota.domain.core import DependencyBand, DomainModel, Identifier


def _default_hours_by_band() -> dict[DependencyBand, float]:
    return {
        DependencyBand.INDEPENDENT: 0.75,
        DependencyBand.LOW: 1.5,
        DependencyBand.MEDIUM: 2.75,
        DependencyBand.HIGH: 4.0,
        DependencyBand.VERY_HIGH: 5.5,
    }


class SkillFloor(DomainModel):
    """At least `minimum` people holding a valid `skill` on every shift.

    scope "unit": on each unit-shift; scope "home": across the whole building for
    each shift code (fire marshal, first aider).
    """

    skill: Identifier
    minimum: int = Field(default=1, ge=1, le=10)
    scope: str = Field(default="unit", pattern="^(unit|home)$")
    night: bool = Field(default=True, description="Also applies to night shifts.")


class DependencyTool(DomainModel):
    """care_hours = sum(hours_per_day[band] x shift share) + 1:1 hours x shift share, plus an
    indirect allowance; carers = ceil(care_hours / productive hours per carer on that shift)."""

    hours_per_day: dict[DependencyBand, float] = Field(
        default_factory=_default_hours_by_band,
        description="Direct care hours a day per dependency band; bands left out keep their default.",
    )
    nursing_needs_extra_hours: float = Field(default=0.5, ge=0, le=24)
    end_of_life_extra_hours: float = Field(default=2.0, ge=0, le=24)
    indirect_allowance: float = Field(
        default=0.15, ge=0, le=1, description="Share added for handover, records, activities."
    )
    productivity: float = Field(
        default=0.85, gt=0, le=1, description="Share of paid shift time spent on direct care."
    )
    night_care_share: float = Field(
        default=0.2, gt=0, lt=1,
        description="Share of daily care delivered at night when shifts set no care_share; "
        "day shifts split the rest in proportion to their length.",
    )


    @field_validator("hours_per_day")
    @classmethod
    def _complete_bands(cls, given: dict[DependencyBand, float]) -> dict[DependencyBand, float]:
        for band, hours in given.items():
            if not 0 <= hours <= 24:
                raise ValueError(f"{band.value}: {hours} hours a day is not between 0 and 24")
        return {**_default_hours_by_band(), **given}


class StaffingFloors(DomainModel):
    min_care_staff_day: int = Field(default=2, ge=0, le=20)
    min_care_staff_night: int = Field(default=1, ge=0, le=20)
    two_person_transfer_minimum: int = Field(default=2, ge=0, le=4)
    nurse_on_nursing_units: bool = True
    skill_floors: tuple[SkillFloor, ...] = (
        SkillFloor(skill="medication", minimum=1, scope="unit"),
        SkillFloor(skill="first_aid", minimum=1, scope="home"),
        SkillFloor(skill="fire_marshal", minimum=1, scope="home"),
    )


class AgencyPolicy(DomainModel):
    max_per_unit_shift: int = Field(default=1, ge=0, le=20)
    max_share_of_heads: float = Field(default=0.5, ge=0, le=1)
    require_familiar_permanent_colleague: bool = True


class RestRules(DomainModel):
    min_rest_hours: float = Field(default=11, ge=0, le=48, description="WTR 1998 reg 10: 11 h.")
    weekly_rest_hours: float = Field(default=24, ge=0, le=96, description="WTR reg 11: 24 h in 7 days.")
    weekly_rest_window_days: int = Field(default=7, ge=1, le=14, description="7, or 14 with 48 h.")
    max_weekly_hours: float = Field(default=48, ge=1, le=80, description="WTR reg 4 (unless opted out).")
    opted_out_max_weekly_hours: float = Field(default=60, ge=1, le=80)
    default_overtime_hours: float = Field(
        default=8, ge=0, le=40, description="Hours above contract allowed when no personal maximum is set."
    )
    max_consecutive_days: int = Field(default=6, ge=1, le=13)
    max_consecutive_nights: int = Field(default=4, ge=1, le=13)
    min_consecutive_days_off: int = Field(
        default=1, ge=1, le=7,
        description="Fewest days off in a row (1 = any single day off); runs at the horizon's edges may be shorter.",
    )
    max_weekends_worked: int | None = Field(
        default=None, ge=0,
        description="Most weekends anyone works over the horizon (Saturday or Sunday); none means no cap.",
    )
    under_18_max_daily_hours: float = Field(default=8, ge=1, le=24)
    under_18_max_weekly_hours: float = Field(default=40, ge=1, le=80)
    under_18_min_rest_hours: float = Field(default=12, ge=0, le=48)
    under_18_weekly_rest_hours: float = Field(default=48, ge=0, le=96)


class SafetyPolicy(DomainModel):
    """Staff-safety (RAG) rules and the per-shift score formula's deductions (points out of 100)."""

    red_needs_green_colleague: bool = True
    max_red_per_shift: int = Field(default=1, ge=0, le=20)
    max_amber_per_shift: int = Field(default=2, ge=0, le=20)
    new_starter_needs_colleague: bool = True
    points_per_red: int = Field(default=25, ge=0, le=100)
    points_per_amber: int = Field(default=10, ge=0, le=100)
    points_per_unrated: int = Field(default=5, ge=0, le=100)
    points_per_agency: int = Field(default=10, ge=0, le=100)
    points_per_new_starter: int = Field(default=10, ge=0, le=100)
    points_per_head_short: int = Field(default=30, ge=0, le=100)
    points_per_missing_skill: int = Field(default=30, ge=0, le=100)
    points_no_skill_margin: int = Field(default=5, ge=0, le=100)
    green_at_least: int = Field(default=80, ge=0, le=100)
    amber_at_least: int = Field(default=60, ge=0, le=100)


class ObjectiveWeights(DomainModel):
    """Weights of the soft goals, in points per unit. Uncovered demand dominates by design."""

    uncovered_head_hour: int = Field(default=100_000, ge=0)
    agency_hour: int = Field(default=400, ge=0)
    cost_per_pound: int = Field(default=10, ge=0)
    overstaffing_head_hour: int = Field(default=150, ge=0)
    contract_deviation_hour: int = Field(default=120, ge=0)
    request_unmet_per_weight: int = Field(default=300, ge=0)
    night_fairness: int = Field(default=200, ge=0)
    weekend_fairness: int = Field(default=300, ge=0)
    off_home_unit_shift: int = Field(default=200, ge=0)
    safety_point: int = Field(default=40, ge=0)
    change_from_published: int = Field(default=2_000, ge=0)
    cover_target_point: int = Field(
        default=1, ge=0, description="Multiplies the points a cover target sets per head short or over."
    )
