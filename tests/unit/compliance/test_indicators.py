"""Indicator definitions on small hand-computed cases."""

from __future__ import annotations

from datetime import date

import pytest

from rota.compliance.due_dates import Area, compliance_items, summarise
from rota.compliance.evidence import evidence_report
from rota.compliance.indicators import Workforce, bradford_factors, by_home, indicator_set
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import (
    HoursWorked,
    ManagerRegistration,
    Posts,
    RotaPublication,
    SicknessAbsence,
    StaffingReview,
    Supervision,
    TrainingRecord,
)
from rota.domain.core import RagRating
from tests.unit.compliance.builders import HOME, data, employee

OCT_2026 = date(2026, 10, 31)
LONG_AGO = date(2020, 1, 1)


def people():
    return (
        employee("A", start=LONG_AGO),
        employee("B", start=LONG_AGO, leave_date=date(2026, 3, 31), leave_reason="retired"),
        employee("C", start=date(2026, 2, 1)),
        employee("D", start=date(2026, 4, 1), leave_date=date(2026, 5, 31), leave_reason="career change"),
        employee("E", start=date(2019, 5, 1), leave_date=date(2025, 6, 30)),
        employee("F", start=LONG_AGO, fte=0.5),
    )


def sickness():
    return (
        SicknessAbsence(staff_id="A", start=date(2026, 1, 5), end=date(2026, 1, 7)),
        SicknessAbsence(staff_id="F", start=date(2025, 10, 30), end=date(2025, 11, 2)),
        SicknessAbsence(staff_id="F", start=date(2026, 3, 2), end=date(2026, 3, 2)),
        SicknessAbsence(staff_id="F", start=date(2026, 6, 1), end=date(2026, 6, 1)),
    )


def indicators(**records):
    return indicator_set(data(*people(), absences=sickness(), **records), OCT_2026)


def test_turnover_with_mid_year_starters_and_leavers() -> None:
    """In post at close of 31 Oct 2025: A, B, F (3). At close of 31 Oct 2026: A, C, F (3). Leavers B and D."""
    result = indicators()
    turnover = result.get("turnover")
    assert turnover.value == pytest.approx(2 / 3 * 100)
    assert turnover.working == "2 leavers / average 3 in post (3 at start, 3 at end)"
    assert turnover.rag == RagRating.RED
    assert dict(turnover.breakdown) == {"retired": "1", "career change": "1"}
    assert result.get("stability").value == pytest.approx(200 / 3)
    assert result.get("early_leavers").value == 50
    assert result.get("starters").value == 2 and result.get("starters").rag is None
    assert (result.first, result.last) == (date(2025, 11, 1), OCT_2026)


def test_bank_staff_are_left_out_of_turnover_unless_the_policy_counts_them() -> None:
    bank_leaver = employee("G", start=LONG_AGO, leave_date=date(2026, 1, 31), employment="bank")
    base = data(*people(), bank_leaver)
    assert indicator_set(base, OCT_2026).get("turnover").value == pytest.approx(2 / 3 * 100)
    counted = indicator_set(base, OCT_2026, CompliancePolicy(count_bank_in_workforce=True))
    assert counted.get("turnover").value == pytest.approx(3 / 3.5 * 100)


def test_monthly_series_and_rolling_trend() -> None:
    """March 2026: B leaves; in post at close of 28 Feb: A, B, C, F (4), at close of 31 Mar: A, C, F (3)."""
    turnover = indicators().get("turnover")
    assert len(turnover.trend) == 12 and turnover.trend[-1].value == turnover.value
    march = next(p for p in turnover.monthly if p.month == date(2026, 3, 31))
    assert march.value == pytest.approx(100 / 3.5)
    november = next(p for p in turnover.monthly if p.month == date(2025, 11, 30))
    assert november.value == 0
    oldest = turnover.trend[0]
    assert oldest.month == date(2025, 11, 30)


def test_sickness_days_per_fte_clips_spells_at_the_window_edge() -> None:
    """Days: A 3, F 2 of the 4-day spell across 1 Nov 2025, plus 1 + 1 = 7; FTE 2.5 at both ends."""
    sick = indicators().get("sickness_days_per_fte")
    assert sick.value == pytest.approx(7 / 2.5)
    assert sick.rag == RagRating.GREEN


def test_bradford_factor_is_spells_squared_times_days() -> None:
    """52 weeks to 31 Oct 2026 start on 2 Nov 2025, so F's spell from 30 Oct 2025 is outside: S=2, D=2 -> 8."""
    extra = (
        employee("H", start=LONG_AGO), employee("J", start=LONG_AGO),
    )
    spells = (*sickness(),
              *(SicknessAbsence(staff_id="H", start=date(2026, m, 1), end=date(2026, m, 5)) for m in (2, 5, 8)),
              *(SicknessAbsence(staff_id="J", start=date(2026, m, 10), end=date(2026, m, 10), days_lost=1)
                for m in (1, 3, 6, 9)))
    w = Workforce(data(*people(), *extra, absences=spells), CompliancePolicy())
    scores = {b.staff_id: b for b in bradford_factors(w, OCT_2026)}
    assert (scores["A"].spells, scores["A"].days, scores["A"].score) == (1, 3, 3)
    assert (scores["F"].spells, scores["F"].score) == (2, 8)
    assert scores["H"].score == 135 and scores["H"].rag == RagRating.AMBER
    assert scores["J"].score == 64 and scores["J"].rag == RagRating.AMBER
    four_long = spells + (SicknessAbsence(staff_id="J", start=date(2026, 10, 1), end=date(2026, 10, 3)),)
    w = Workforce(data(*people(), *extra, absences=four_long), CompliancePolicy())
    j = next(b for b in bradford_factors(w, OCT_2026) if b.staff_id == "J")
    assert j.score == 25 * 7 and j.rag == RagRating.AMBER
    result = indicator_set(data(*people(), *extra, absences=four_long), OCT_2026).get("bradford")
    assert result.value == 0 and "0 of 5 staff" in result.working


def test_agency_vacancy_rota_and_governance() -> None:
    result = indicators(
        hours=(HoursWorked(home_id=HOME, week_start=date(2026, 1, 5), staff_id="A", employment="permanent", hours=100),
               HoursWorked(home_id=HOME, week_start=date(2026, 1, 5), staff_id="X", employment="agency", hours=20),
               HoursWorked(home_id=HOME, week_start=date(2025, 1, 6), staff_id="X", employment="agency", hours=99)),
        posts=(Posts(home_id=HOME, as_of=date(2026, 1, 1), role="carer", filled=20, vacant=2),
               Posts(home_id=HOME, as_of=date(2026, 9, 1), role="carer", filled=18, vacant=2),
               Posts(home_id=HOME, as_of=date(2026, 1, 1), role="senior", filled=5, vacant=0)),
        rota_publications=(RotaPublication(home_id=HOME, starts=date(2026, 1, 5), published_on=date(2025, 12, 15)),
                           RotaPublication(home_id=HOME, starts=date(2026, 2, 2), published_on=date(2026, 1, 26))),
        staffing_reviews=(StaffingReview(home_id=HOME, reviewed_on=date(2026, 6, 15), reviewed_by="Manager"),),
        managers=(ManagerRegistration(home_id=HOME, name="Helen Carter", registered_from=date(2021, 4, 1)),),
    )
    assert result.get("agency_share").value == pytest.approx(20 / 120 * 100)
    assert result.get("agency_share").rag == RagRating.RED
    assert result.get("vacancy_rate").value == pytest.approx(8)
    assert result.get("vacancy_rate").rag == RagRating.AMBER
    rotas = result.get("rota_published_on_time")
    assert rotas.value == 50 and rotas.breakdown == (("rota from 02 Feb 2026", "published 7 days ahead"),)
    review = result.get("staffing_review")
    assert review.value == 46 and review.rag == RagRating.RED
    assert result.get("registered_manager").value == 100
    assert result.get("registered_manager").rag == RagRating.GREEN


def test_missing_governance_records_are_red_not_green() -> None:
    result = indicators()
    assert result.get("registered_manager").rag == RagRating.RED
    assert result.get("staffing_review").value is None and result.get("staffing_review").rag == RagRating.RED
    assert result.get("rota_published_on_time").rag is None


def test_training_and_supervision_compliance_match_the_due_list() -> None:
    training = (TrainingRecord(staff_id="A", course_id="ipc", completed=date(2025, 1, 1)),
                TrainingRecord(staff_id="F", course_id="fire_safety", completed=date(2025, 11, 1)))
    supervisions = (Supervision(staff_id="A", held_on=date(2026, 10, 1), held_by="Deputy"),
                    Supervision(staff_id="F", held_on=date(2026, 7, 1), held_by="Deputy"))
    hr = data(*people(), training=training, supervisions=supervisions)
    result = indicator_set(hr, OCT_2026)
    summary = summarise(compliance_items(hr, OCT_2026))
    assert result.get("training_compliance").value == pytest.approx(summary.compliance(Area.TRAINING))
    assert result.get("supervision_compliance").value == pytest.approx(100 / 3)
    assert "Infection prevention and control" in dict(result.get("training_compliance").breakdown)


def test_every_indicator_maps_to_a_quality_statement_and_kloe() -> None:
    for indicator in indicators().indicators:
        assert indicator.statements and indicator.kloes, indicator.id
        assert all(k.code and k.subtopic for k in indicator.kloes)
        assert indicator.as_dict()["quality_statements"]


def test_provider_report_compares_homes() -> None:
    two_homes = data(*people(), employee("Z", start=LONG_AGO, home_id="h2", leave_date=date(2026, 6, 30)))
    homes = by_home(two_homes, OCT_2026)
    assert [h.scope for h in homes] == [HOME, "h2"]
    assert homes[1].get("turnover").value == 200 and len(homes[1].get("turnover").trend) == 1
    html = evidence_report(two_homes, OCT_2026).html
    assert "By home" in html and "<td>h2</td>" in html
    assert "By home" not in evidence_report(two_homes, OCT_2026, home_id="h2").html
