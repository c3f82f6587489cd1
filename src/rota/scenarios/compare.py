"""Run a what-if scenario and compare it with its base, side by side.

The comparison is of two rotas, each measured against its own scenario (a what-if with more
residents has more demand, so its uncovered hours are counted against that demand): uncovered
hours, agency hours and cost, pay cost, mean safety score and red/amber/green shift counts,
fairness spreads, breaches and gaps, and how many assignments differ from the base rota.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rota.domain.rota import Rota
from rota.domain.scenario import Scenario
from rota.scenarios.changes import ChangeSet, apply_changes
from rota.services.editing import RotaAudit, audit_rota
from rota.solver.findings import Severity
from rota.solver.index import ProblemIndex
from rota.solver.service import ProgressCallback, SolveOptions, SolveResult, solve


@dataclass(frozen=True)
class Measure:
    """One row of the comparison. `lower_is_better` says which way is an improvement (None: neither)."""

    key: str
    label: str
    lower_is_better: bool | None


MEASURES = (
    Measure("uncovered_head_hours", "Uncovered care-staff hours", True),
    Measure("gap_count", "Gaps in cover", True),
    Measure("breaches", "Rule breaches", True),
    Measure("agency_hours", "Agency hours", True),
    Measure("agency_cost", "Agency cost (GBP)", True),
    Measure("cost", "Pay cost (GBP)", True),
    Measure("hours", "Paid hours", None),
    Measure("shifts_worked", "Shifts worked", None),
    Measure("mean_safety_score", "Mean safety score", False),
    Measure("red_shifts", "Red shifts", True),
    Measure("amber_shifts", "Amber shifts", True),
    Measure("green_shifts", "Green shifts", False),
    Measure("weekend_spread", "Weekend spread (per FTE)", True),
    Measure("night_spread", "Night spread (per FTE)", True),
    Measure("changes_vs_base", "Assignments changed vs base", True),
)


@dataclass
class ComparisonRow:
    key: str
    label: str
    base: float
    scenario: float
    delta: float
    verdict: str
    """"better", "worse" or "same" for the scenario against the base; "different" when neither is better."""

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "label": self.label, "base": self.base, "scenario": self.scenario,
                "delta": self.delta, "verdict": self.verdict}


@dataclass
class Comparison:
    rows: list[ComparisonRow]

    def row(self, key: str) -> ComparisonRow:
        return next(r for r in self.rows if r.key == key)

    @property
    def base(self) -> dict[str, float]:
        return {r.key: r.base for r in self.rows}

    @property
    def scenario(self) -> dict[str, float]:
        return {r.key: r.scenario for r in self.rows}

    def as_dict(self) -> dict[str, object]:
        return {"base": self.base, "scenario": self.scenario,
                "delta": {r.key: r.delta for r in self.rows}, "rows": [r.as_dict() for r in self.rows]}


def rota_measures(audit: RotaAudit, base_rota: Rota | None = None) -> dict[str, float]:
    """The compared figures of one audited rota; changes are counted against `base_rota`."""
    figures = audit.kpis.as_dict()
    values = {m.key: float(figures[m.key]) for m in MEASURES if m.key in figures}
    values["breaches"] = float(sum(1 for f in audit.findings if f.severity == Severity.BREACH))
    changed = set(audit.rota.assignments) ^ set(base_rota.assignments) if base_rota is not None else set()
    values["changes_vs_base"] = float(len(changed))
    return values


def compare_rotas(base: RotaAudit, scenario: RotaAudit) -> Comparison:
    """Base and scenario figures side by side, each rota audited against its own scenario."""
    left = rota_measures(base, base.rota)
    right = rota_measures(scenario, base.rota)
    rows = []
    for m in MEASURES:
        delta = round(right[m.key] - left[m.key], 2)
        rows.append(ComparisonRow(m.key, m.label, left[m.key], right[m.key], delta, _verdict(m, delta)))
    return Comparison(rows)


def _verdict(measure: Measure, delta: float) -> str:
    if delta == 0:
        return "same"
    if measure.lower_is_better is None:
        return "different"
    return "better" if (delta < 0) == measure.lower_is_better else "worse"


@dataclass
class WhatIfResult:
    """A what-if run: the scenario made from the change set, both solves, and the comparison."""

    changes: ChangeSet
    scenario: Scenario
    base_result: SolveResult | None
    """None when the base rota was given rather than solved."""
    scenario_result: SolveResult
    base: RotaAudit | None
    what_if: RotaAudit | None
    comparison: Comparison | None
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.scenario_result.status

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.changes.name,
            "changes": self.changes.model_dump(mode="json", exclude_defaults=True),
            "base_status": self.base_result.status if self.base_result else "given",
            "scenario_status": self.scenario_result.status,
            "comparison": self.comparison.as_dict() if self.comparison else None,
            "notes": self.notes,
        }


def run_whatif(
    base: Scenario,
    changes: ChangeSet,
    options: SolveOptions | None = None,
    base_rota: Rota | None = None,
    keep_base_rota: bool = True,
    on_progress: ProgressCallback | None = None,
) -> WhatIfResult:
    """Apply the change set to the base scenario, solve it, and compare with the base rota.

    The base rota is `base_rota` when given (a stored rota, say), else the base scenario is solved.
    With `keep_base_rota` the what-if treats the base rota as published, so it changes only what
    the changes force (as a repair would); without it, the what-if is planned afresh.
    Raises `ChangeSetError` (naming the change set's field) before any solving.
    """
    options = options or SolveOptions(time_limit=10)
    scenario = apply_changes(base, changes)
    notes: list[str] = []
    base_result = None
    if base_rota is None:
        base_result = solve(base, options, on_progress)
        base_rota = base_result.rota if base_result.has_rota else None
        if base_rota is None:
            notes.append(f"The base scenario has no rota (status {base_result.status}).")
    if keep_base_rota and base_rota is not None:
        scenario = scenario.model_copy(update={"published_rota": _within(scenario, base_rota)})
    result = solve(scenario, options, on_progress)
    base_audit = audit_rota(ProblemIndex(base), base_rota) if base_rota is not None else None
    what_if = audit_rota(result.index, result.rota) if result.has_rota and result.index is not None else None
    if what_if is None:
        notes.append(f"The what-if scenario has no rota (status {result.status}).")
    comparison = compare_rotas(base_audit, what_if) if base_audit and what_if else None
    return WhatIfResult(changes, scenario, base_result, result, base_audit, what_if, comparison, notes)


def _within(scenario: Scenario, rota: Rota) -> tuple:
    """The base rota's assignments the what-if's scenario still knows (everyone and every unit exists in
    both, since changes only add people and residents)."""
    return tuple(a for a in rota.assignments if scenario.horizon.contains(a.date))
