"""The shipped HR history for the 60-bed sample home: up to date with its generator, readable, and rich enough
that every indicator and chart has something to show."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from rota.compliance.evidence import evidence_report
from rota.compliance.gating import GateKind, gate_scenario
from rota.compliance.hr_csv import load_hr_folder
from rota.services.rotas import load_scenario

SAMPLES = Path(__file__).resolve().parent.parent / "sample_rotas"
HR = SAMPLES / "compliance"


def test_hr_files_match_their_generator() -> None:
    completed = subprocess.run([sys.executable, str(HR / "generate.py"), "--check"], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_history_covers_the_sample_homes_staff_and_two_years() -> None:
    hr = load_hr_folder(HR)
    rota_ids = {s["id"] for s in json.loads((SAMPLES / "sunnyside" / "four-weeks.json").read_text())["staff"]
                if s["employment"] != "agency"}
    hr_ids = {e.staff_id for e in hr.data.staff}
    assert rota_ids <= hr_ids
    assert any(e.leave_date for e in hr.data.staff)
    assert min(h.week_start for h in hr.data.hours) <= date(2024, 12, 2)
    assert max(a.start for a in hr.data.absences) >= date(2026, 10, 1)


def test_every_indicator_has_a_value_and_a_full_trend() -> None:
    hr = load_hr_folder(HR)
    report = evidence_report(hr.data, date(2026, 10, 31), hr.policy, home_id="sunnyside")
    for indicator in report.indicators.indicators:
        assert indicator.value is not None, indicator.id
        assert sum(p.value is not None for p in indicator.trend) == 12, indicator.id
    assert report.indicators.get("turnover").value > 0 and report.indicators.get("early_leavers").value > 0
    assert any(report.overdue.values())


def test_gating_the_sample_rota_finds_the_planted_lapses() -> None:
    hr = load_hr_folder(HR)
    gated = gate_scenario(load_scenario(SAMPLES / "sunnyside" / "week.json"), hr.data, hr.policy)
    medication = [r for r in gated.reasons if r.kind == GateKind.SKILL_EXPIRED and r.skill == "medication"]
    assert any(r.staff_id == "S010" for r in medication)
    assert any(r.kind == GateKind.SUPERVISION_OVERDUE for r in gated.reasons)
    assert any(r.kind == GateKind.CHECKED_BY_AGENCY for r in gated.reasons)
