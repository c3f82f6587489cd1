"""The shipped sample scenarios load, are up to date with their generator, and solve as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rota.services.rotas import load_scenario, plan_rota
from rota.solver.service import SolveOptions

SAMPLES = Path(__file__).resolve().parent.parent / "sample_rotas"


def quick(path: str, seconds: float = 8.0):
    return plan_rota(load_scenario(SAMPLES / path), SolveOptions(time_limit=seconds, workers=4))


@pytest.mark.parametrize("path", sorted(p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*.json")))
def test_every_sample_loads(path: str) -> None:
    """Each shipped scenario passes validation (a broken sample is the first thing a user would see)."""
    scenario = load_scenario(SAMPLES / path)
    assert scenario.staff and scenario.residents


def test_samples_match_their_generator() -> None:
    """The JSON files are exactly what sample_rotas/generate.py writes."""
    completed = subprocess.run([sys.executable, str(SAMPLES / "generate.py"), "--check"],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_sunnyside_week_is_fully_covered_without_breaches() -> None:
    """The 60-bed home's week has enough staff: no gaps, no breaches, every shift reported."""
    plan = quick("sunnyside/week.json")
    assert plan.report is not None
    assert plan.report.gaps == [] and plan.report.breaches == []
    assert len(plan.report.shifts) == 7 * 3 * 3


def test_overstretched_week_reports_gaps_with_reasons() -> None:
    """The short-staffed home gets a rota with gaps, each saying why nobody could fill it."""
    plan = quick("overstretched/week.json")
    assert plan.report is not None and plan.report.breaches == []
    assert plan.report.gaps
    assert all("Why:" in g.message for g in plan.report.gaps)
    assert plan.report.kpis.red_shifts > 0


def test_conflict_sample_is_explained() -> None:
    """The contradictory sample yields no rota and a small plain-English conflict set."""
    plan = quick("overstretched/conflict.json")
    assert plan.result.status == "INFEASIBLE"
    assert 1 <= len(plan.result.conflicts) <= 4
    assert any(c.rule == "fixed_assignments" for c in plan.result.conflicts)
