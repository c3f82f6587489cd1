"""The one place rules are registered. A test checks every module in rules/ appears here."""

from __future__ import annotations

from rota.solver.rule import Rule
from rota.solver.rules.agency_limits import AgencyLimits
from rota.solver.rules.consecutive_work import ConsecutiveWork
from rota.solver.rules.contract_hours import ContractHours
from rota.solver.rules.cost import Cost
from rota.solver.rules.coverage import Coverage
from rota.solver.rules.days_off_runs import DaysOffRuns
from rota.solver.rules.eligibility import Eligibility
from rota.solver.rules.fairness import Fairness
from rota.solver.rules.fixed_assignments import FixedAssignments
from rota.solver.rules.home_unit import HomeUnit
from rota.solver.rules.leave import Leave
from rota.solver.rules.min_rest import MinRest
from rota.solver.rules.minimal_change import MinimalChange
from rota.solver.rules.new_starters import NewStarters
from rota.solver.rules.one_shift_per_day import OneShiftPerDay
from rota.solver.rules.shift_succession import ShiftSuccession
from rota.solver.rules.shift_type_limits import ShiftTypeLimits
from rota.solver.rules.staff_requests import StaffRequests
from rota.solver.rules.staff_safety import StaffSafety
from rota.solver.rules.total_minutes import TotalMinutes
from rota.solver.rules.weekends_worked import WeekendsWorked
from rota.solver.rules.weekly_rest import WeeklyRest
from rota.solver.rules.working_hours import WorkingHours

RULES: tuple[Rule, ...] = (
    Eligibility(),
    Leave(),
    OneShiftPerDay(),
    MinRest(),
    WeeklyRest(),
    WorkingHours(),
    ConsecutiveWork(),
    DaysOffRuns(),
    WeekendsWorked(),
    ShiftTypeLimits(),
    TotalMinutes(),
    ShiftSuccession(),
    AgencyLimits(),
    NewStarters(),
    StaffSafety(),
    FixedAssignments(),
    Coverage(),
    Cost(),
    ContractHours(),
    StaffRequests(),
    Fairness(),
    HomeUnit(),
    MinimalChange(),
)


def _check_unique() -> None:
    ids = [r.id for r in RULES]
    duplicated = {i for i in ids if ids.count(i) > 1}
    if duplicated:
        raise RuntimeError(f"rules registered twice: {sorted(duplicated)}")


_check_unique()


def rule_by_id(rule_id: str) -> Rule:
    for rule in RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
