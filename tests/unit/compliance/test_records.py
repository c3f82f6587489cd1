"""Domain records, the shipped catalogue and the policy: defaults follow the sources and bad values are refused."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from rota.compliance.catalogue import CourseCatalogue, CourseCategory, default_catalogue
from rota.compliance.dates import add_months, month_ends, parse_month, rolling_year_start
from rota.compliance.policy import CompliancePolicy, RagThreshold
from rota.compliance.records import ComplianceData, Employment, NmcRegistration, SicknessAbsence, TrainingRecord
from rota.domain.core import RagRating


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 3, 15), -15) == date(2024, 12, 15)


def test_month_helpers() -> None:
    assert parse_month("2026-02") == date(2026, 2, 28)
    assert rolling_year_start(date(2026, 10, 31)) == date(2025, 11, 1)
    assert month_ends(date(2026, 2, 28), 3) == [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28)]
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month("October")


def test_default_catalogue_follows_the_skills_for_care_guide() -> None:
    catalogue = default_catalogue()
    annual = {c.id for c in catalogue.courses if c.refresh_months == 12}
    assert {"moving_assisting", "first_aid", "medication", "fire_safety"} <= annual
    assert all(c.refresh_months is None or c.refresh_months <= 36 for c in catalogue.courses)
    care_certificate = catalogue.get("care_certificate")
    assert care_certificate is not None and care_certificate.refresh_months is None
    assert care_certificate.due_within_weeks_of_start == 12
    assert catalogue.get("oliver_mcgowan").category == CourseCategory.STATUTORY
    assert catalogue.get("medication").grants_skill == "medication"
    assert {c.id for c in catalogue.required_for("cook")} >= {"fire_safety", "food_hygiene"}
    assert "medication" not in {c.id for c in catalogue.required_for("carer")}


def test_catalogue_matches_names_as_spreadsheets_spell_them() -> None:
    catalogue = default_catalogue()
    assert catalogue.match("Moving and assisting people").id == "moving_assisting"
    assert catalogue.match(" FIRE-SAFETY ").id == "fire_safety"
    assert catalogue.match("Basket weaving") is None


def test_duplicate_course_ids_are_refused() -> None:
    course = default_catalogue().courses[0]
    with pytest.raises(ValidationError, match="appears twice"):
        CourseCatalogue(courses=(course, course))


@pytest.mark.parametrize(
    ("threshold", "value", "expected"),
    [
        (RagThreshold(green=10, amber=25, higher_is_better=False), 10, RagRating.GREEN),
        (RagThreshold(green=10, amber=25, higher_is_better=False), 10.01, RagRating.AMBER),
        (RagThreshold(green=10, amber=25, higher_is_better=False), 25.5, RagRating.RED),
        (RagThreshold(green=95, amber=85, higher_is_better=True), 95, RagRating.GREEN),
        (RagThreshold(green=95, amber=85, higher_is_better=True), 85, RagRating.AMBER),
        (RagThreshold(green=95, amber=85, higher_is_better=True), 84.9, RagRating.RED),
    ],
)
def test_rag_threshold_boundaries(threshold: RagThreshold, value: float, expected: RagRating) -> None:
    assert threshold.rate(value) == expected


def test_policy_defaults_and_overrides() -> None:
    policy = CompliancePolicy()
    assert policy.supervision_interval_weeks == 8 and policy.probation_supervision_interval_weeks == 4
    assert policy.appraisal_interval_months == 12 and policy.dbs_recheck_months == 36
    assert policy.threshold("turnover").amber == 25
    tuned = CompliancePolicy.model_validate({"thresholds": {"turnover": {"green": 15, "amber": 30,
                                                                         "higher_is_better": False}}})
    assert tuned.threshold("turnover").green == 15
    assert tuned.threshold("agency_share") == policy.threshold("agency_share")
    assert all(t.source for t in policy.thresholds.values())


def test_policy_refuses_unknown_indicator_and_inverted_thresholds() -> None:
    with pytest.raises(ValidationError, match="unknown indicator"):
        CompliancePolicy.model_validate({"thresholds": {"turnovr": {"green": 1, "amber": 2,
                                                                    "higher_is_better": False}}})
    with pytest.raises(ValidationError, match="at most the amber"):
        RagThreshold(green=30, amber=10, higher_is_better=False)


def test_employment_dates_and_in_post() -> None:
    job = Employment(staff_id="a", name="Ann", home_id="h", role="carer", start=date(2026, 1, 5),
                     leave_date=date(2026, 3, 31))
    assert job.employed_on(date(2026, 3, 31)) and not job.in_post_at_close(date(2026, 3, 31))
    assert not job.employed_on(date(2026, 1, 4))
    with pytest.raises(ValidationError, match="before the start date"):
        Employment(staff_id="a", name="Ann", home_id="h", role="carer", start=date(2026, 1, 5),
                   leave_date=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="agency workers"):
        Employment(staff_id="a", name="Ann", home_id="h", role="carer", start=date(2026, 1, 5),
                   employment="agency")


def test_nmc_pin_format_and_validity() -> None:
    nmc = NmcRegistration(staff_id="n", pin="12A3456E", expires=date(2026, 12, 31),
                          revalidation_due=date(2026, 6, 30))
    assert nmc.valid_on(date(2026, 6, 30)) and not nmc.valid_on(date(2026, 7, 1))
    with pytest.raises(ValidationError):
        NmcRegistration(staff_id="n", pin="12345", expires=date(2026, 12, 31), revalidation_due=date(2026, 6, 30))


def test_sickness_days_within_window_are_pro_rata() -> None:
    spell = SicknessAbsence(staff_id="a", start=date(2026, 1, 30), end=date(2026, 2, 2), days_lost=2)
    assert spell.calendar_days == 4
    assert spell.days_within(date(2026, 2, 1), date(2026, 2, 28)) == pytest.approx(1.0)
    assert spell.days_within(date(2026, 3, 1), date(2026, 3, 31)) == 0
    assert SicknessAbsence(staff_id="a", start=date(2026, 1, 1), end=date(2026, 1, 3)).days == 3


def test_for_home_keeps_only_that_homes_people() -> None:
    data = ComplianceData(
        staff=(Employment(staff_id="a", name="A", home_id="h1", role="carer", start=date(2025, 1, 1)),
               Employment(staff_id="b", name="B", home_id="h2", role="carer", start=date(2025, 1, 1))),
        training=(TrainingRecord(staff_id="a", course_id="ipc", completed=date(2025, 1, 2)),
                  TrainingRecord(staff_id="b", course_id="ipc", completed=date(2025, 1, 2))),
    )
    one = data.for_home("h1")
    assert [e.staff_id for e in one.staff] == ["a"] and [t.staff_id for t in one.training] == ["a"]
    assert data.homes == ["h1", "h2"]
