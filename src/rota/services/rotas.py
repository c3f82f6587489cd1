"""Generate a rota for a scenario, or audit a hand-made one, with its full report."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from rota.compliance.gating import GatedScenario
from rota.domain.rota import Rota
from rota.domain.scenario import Scenario
from rota.reporting.csv_io import rota_rows
from rota.reporting.gaps import explain_gaps
from rota.reporting.kpis import Kpis, compute_kpis
from rota.reporting.shift_report import ShiftReport, shift_reports
from rota.solver.findings import Finding, Severity, of_severity
from rota.solver.index import ProblemIndex
from rota.solver.service import ProgressCallback, SolveOptions, SolveResult, audit, solve


class ScenarioError(ValueError):
    """A scenario file that cannot be used, with one plain message per problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


def load_scenario(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(str(path), ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), [f"cannot be read ({exc})"]) from None
    return parse_scenario(text, str(path))


def parse_scenario(text: str, source: str = "scenario") -> Scenario:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(source, [f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]) from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(source, [_plain(e) for e in exc.errors()]) from None


def _plain(error: dict) -> str:
    path = ""
    for part in error["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    message = error["msg"].removeprefix("Value error, ")
    return f"{path or 'scenario'}: {message}"


@dataclass
class RotaReport:
    index: ProblemIndex
    rota: Rota
    findings: list[Finding]
    shifts: list[ShiftReport]
    kpis: Kpis

    @property
    def breaches(self) -> list[Finding]:
        return of_severity(self.findings, Severity.BREACH)

    @property
    def gaps(self) -> list[Finding]:
        return of_severity(self.findings, Severity.GAP)

    @property
    def warnings(self) -> list[Finding]:
        return of_severity(self.findings, Severity.WARNING)


@dataclass
class RotaPlan:
    result: SolveResult
    report: RotaReport | None
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        r = self.result
        data: dict[str, object] = {
            "status": r.status,
            "has_rota": r.has_rota,
            "objective": r.objective,
            "bound": r.bound,
            "relative_gap": r.relative_gap,
            "wall_time_s": round(r.wall_time, 3),
            "build_time_s": round(r.build_time, 3),
            "model": {"variables": r.variables, "constraints": r.constraints},
            "improvements": [{"elapsed_s": round(p.elapsed, 3), "objective": p.objective, "bound": p.bound}
                             for p in r.improvements],
            "objective_breakdown": {k: {"amount": v[0], "points": v[1]} for k, v in r.breakdown.items()},
            "conflicts": [c.as_dict() for c in r.conflicts],
        }
        if self.report is not None:
            data.update(report_dict(self.report))
        return data


def report_dict(report: RotaReport) -> dict[str, object]:
    return {
        "kpis": report.kpis.as_dict(),
        "breaches": [f.as_dict() for f in report.breaches],
        "gaps": [f.as_dict() for f in report.gaps],
        "warnings": [f.as_dict() for f in report.warnings],
        "shifts": [s.as_dict() for s in report.shifts],
        "rota": rota_rows(report.index, report.rota),
    }


def build_report(index: ProblemIndex, rota: Rota, findings: list[Finding],
                 gating: GatedScenario | None = None) -> RotaReport:
    findings = explain_gaps(index, rota, findings)
    shifts = shift_reports(index, rota, gating=gating)
    return RotaReport(index, rota, findings, shifts, compute_kpis(index, rota, shifts))


def plan_rota(scenario: Scenario, options: SolveOptions, on_progress: ProgressCallback | None = None,
              gating: GatedScenario | None = None) -> RotaPlan:
    """Solve the scenario and report on the rota: per shift, KPIs, gaps with their reasons.

    With `gating`, the gated scenario is solved and each shift says what the HR records changed.
    """
    if gating is not None:
        scenario = gating.scenario
    result = solve(scenario, options, on_progress)
    if not result.has_rota or result.index is None:
        return RotaPlan(result, None)
    return RotaPlan(result, build_report(result.index, result.rota, result.findings, gating))


def check_rota(scenario: Scenario, rota: Rota, gating: GatedScenario | None = None) -> RotaReport:
    """Audit any rota (a hand-made one, say) with the same rules the solver uses."""
    index = ProblemIndex(gating.scenario if gating is not None else scenario)
    return build_report(index, rota, audit(index, rota), gating)
