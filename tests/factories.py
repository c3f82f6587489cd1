"""Small, readable scenarios for tests: a dict you can tweak, then `scenario(...)` to validate it.

Defaults: one residential unit with three residents, Early/Late/Night shifts,
senior and carer roles, the three skills the default floors need, and no staff.
Horizon: 7 days from Monday 2026-11-23.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.solver.index import ProblemIndex
from rota.solver.service import SolveOptions, SolveResult, audit, solve

START = date(2026, 11, 23)
ALL_SKILLS = ("medication", "first_aid", "fire_marshal")

BASE: dict[str, Any] = {
    "home": {"id": "test", "name": "Test Home"},
    "horizon": {"start": START.isoformat(), "days": 7},
    "units": [{"id": "res", "name": "Residential", "kind": "residential", "beds": 10}],
    "shift_types": [
        {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450},
        {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "paid_minutes": 450},
        {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "paid_minutes": 540, "night": True},
    ],
    "roles": [
        {"id": "rn", "name": "Registered nurse", "registered_nurse": True, "care_staff": False},
        {"id": "senior", "name": "Senior carer", "senior": True},
        {"id": "carer", "name": "Carer"},
    ],
    "skills": [
        {"id": "medication", "name": "Medication"},
        {"id": "first_aid", "name": "First aid"},
        {"id": "fire_marshal", "name": "Fire marshal"},
    ],
    "staff": [],
    "residents": [
        {"id": "r1", "unit": "res", "band": "medium"},
        {"id": "r2", "unit": "res", "band": "high"},
        {"id": "r3", "unit": "res", "band": "low"},
    ],
}


def person(staff_id: str, **fields: Any) -> dict[str, Any]:
    """A green-rated, full-time, permanent day carer on the residential unit holding every skill."""
    record: dict[str, Any] = {
        "id": staff_id,
        "name": fields.pop("name", f"Person {staff_id}"),
        "role": "carer",
        "home_unit": "res",
        "contracted_hours": 37.5,
        "hourly_cost": 13.0,
        "skills": [{"skill": s} for s in ALL_SKILLS],
        "rag": {"rating": "green"},
    }
    record.update(fields)
    return record


def scenario_dict(staff: list[dict[str, Any]] | None = None, **overrides: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["staff"] = staff or []
    data.update(overrides)
    return data


def scenario(staff: list[dict[str, Any]] | None = None, **overrides: Any) -> Scenario:
    return Scenario.model_validate(scenario_dict(staff, **overrides))


def day(n: int) -> date:
    """The n-th day of the default horizon (0 = Monday 23 Nov 2026)."""
    return START + timedelta(days=n)


def rota(*rows: tuple[int, str, str, str]) -> Rota:
    """A hand-made rota from (day number, shift, unit, staff id) rows."""
    return Rota(assignments=tuple(Assignment(date=day(d), shift=s, unit=u, staff_id=p) for d, s, u, p in rows))


def audit_rota(sc: Scenario, r: Rota, rule_id: str | None = None):
    findings = audit(ProblemIndex(sc), r)
    return [f for f in findings if rule_id is None or f.rule == rule_id]


def solve_quick(sc: Scenario, time_limit: float = 10.0) -> SolveResult:
    return solve(sc, SolveOptions(time_limit=time_limit, workers=2))
