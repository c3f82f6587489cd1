"""Sickness repair: someone rings in sick, and the published rota is re-planned with as few changes
as possible.

The absences become leave in the scenario, the published rota becomes the rota to keep (the
`minimal_change` rule prices every change), and the solver runs briefly, starting from the
published rota. Cover still comes first: a gap costs far more than a phone call, so people are
moved or called in before a shift is left short; what cannot be covered is reported as agency
needed, with the reason no one else could do it.

The diff is what a deputy manager works through on the phone: who comes off (the absent), who
moves where, who is called in on a day they were not working, who is stood down, which agency
staff are used, and which shifts are still short.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from pydantic import Field, ValidationError, model_validator

from rota.compliance.gating import GatedScenario
from rota.domain.core import DomainModel, EmploymentType, Identifier
from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.domain.staff import Absence
from rota.services.rotas import RotaReport, build_report
from rota.solver.findings import Finding
from rota.solver.index import ProblemIndex
from rota.solver.service import ProgressCallback, SolveOptions, SolveResult, solve

REPAIR_CHANGE_WEIGHT = 20_000
"""Points per change to the published rota during a repair, unless the home weights changes more.
Well above any saving in pay, hours or fairness from a reshuffle (so people are not moved for those),
well below an uncovered shift (100,000 a head-hour: so a gap is always worth a phone call)."""
DEFAULT_REPAIR_SECONDS = 10.0


class StaffAbsence(DomainModel):
    """Someone who cannot work from `start` to `end` inclusive (one day when `end` is left out)."""

    staff_id: Identifier
    start: date
    end: date | None = None
    reason: str = Field(default="sickness", min_length=1, max_length=40)

    @model_validator(mode="after")
    def _ordered(self) -> StaffAbsence:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"the absence ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def last_day(self) -> date:
        return self.end or self.start


class RepairError(ValueError):
    """Input that cannot be used for a repair. `field` is the path of the offending value."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Move:
    """Same person, same day, a different shift or unit."""

    before: Assignment
    after: Assignment


@dataclass
class RepairResult:
    """The repaired rota, the diff against the published one, and the full report of the repair."""

    status: str
    published: Rota
    absences: list[StaffAbsence]
    solve: SolveResult
    report: RotaReport | None
    removed: list[Assignment] = field(default_factory=list)
    """Published shifts of the absent people on their absent days."""
    moved: list[Move] = field(default_factory=list)
    called_in: list[Assignment] = field(default_factory=list)
    """New shifts for people who had no shift that day in the published rota (agency included)."""
    stood_down: list[Assignment] = field(default_factory=list)
    """Published shifts of people who are not absent, taken off (to keep their rest, say)."""
    agency: list[Assignment] = field(default_factory=list)
    """Agency staff among those called in."""
    still_short: list[Finding] = field(default_factory=list)
    """Gaps left in the repaired rota on the absent days: agency or overtime still needed."""
    dropped_fixed: list[Assignment] = field(default_factory=list)
    """Fixed assignments of the absent people on their absent days, no longer fixed."""
    lines: list[str] = field(default_factory=list)

    @property
    def has_rota(self) -> bool:
        return self.report is not None

    @property
    def rota(self) -> Rota:
        return self.report.rota if self.report is not None else self.published

    @property
    def changes(self) -> int:
        """Published assignments changed: each removal, addition and move counts once per shift."""
        return len(self.removed) + 2 * len(self.moved) + len(self.called_in) + len(self.stood_down)

    def as_dict(self) -> dict[str, object]:
        def rows(items: list[Assignment]) -> list[dict[str, object]]:
            return [a.model_dump(mode="json") for a in items]

        return {
            "status": self.status,
            "absences": [a.model_dump(mode="json") for a in self.absences],
            "removed": rows(self.removed),
            "moved": [{"from": m.before.model_dump(mode="json"), "to": m.after.model_dump(mode="json")}
                      for m in self.moved],
            "called_in": rows(self.called_in),
            "stood_down": rows(self.stood_down),
            "agency": rows(self.agency),
            "still_short": [f.as_dict() for f in self.still_short],
            "dropped_fixed": rows(self.dropped_fixed),
            "changes": self.changes,
            "kpis": self.report.kpis.as_dict() if self.report else None,
            "rota": rows(list(self.rota.assignments)),
            "summary": self.lines,
        }


def repair_rota(
    scenario: Scenario,
    published: Rota,
    absences: list[StaffAbsence],
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    gating: GatedScenario | None = None,
) -> RepairResult:
    """Re-plan a published rota around absences, changing as few published assignments as possible.
    With `gating` (the scenario is already gated on the home's HR records) the report says what the records
    changed, shift by shift.

    Raises `RepairError` naming the field (`absences[0].staff_id`, `published[3].unit`, ...) when an
    absence or the published rota refers to something outside the scenario. The scenario and the
    published rota are not changed.
    """
    _check_absences(scenario, absences)
    repair_scenario, dropped = _repair_scenario(scenario, published, absences)
    options = options or SolveOptions(time_limit=DEFAULT_REPAIR_SECONDS)
    result = solve(repair_scenario, options, on_progress)
    outcome = RepairResult(result.status, published, list(absences), result, None, dropped_fixed=dropped)
    if not result.has_rota or result.index is None:
        outcome.lines = _failure_lines(result)
        return outcome
    outcome.report = build_report(result.index, result.rota, result.findings, gating)
    _diff(result.index, outcome)
    outcome.lines = _summary(result.index, outcome)
    return outcome


def _check_absences(scenario: Scenario, absences: list[StaffAbsence]) -> None:
    staff = {m.id for m in scenario.staff}
    horizon = scenario.horizon
    if not absences:
        raise RepairError("absences", "give at least one absence (who is off, and from when)")
    for i, absence in enumerate(absences):
        if absence.staff_id not in staff:
            raise RepairError(f"absences[{i}].staff_id", f"unknown staff member '{absence.staff_id}'")
        for name, day in (("start", absence.start), ("end", absence.last_day)):
            if not horizon.contains(day):
                raise RepairError(f"absences[{i}].{name}", f"{day:%a %d %b %Y} is outside the rota period "
                                  f"{horizon.start:%d %b %Y} to {horizon.end:%d %b %Y}")


def _repair_scenario(
    scenario: Scenario, published: Rota, absences: list[StaffAbsence]
) -> tuple[Scenario, list[Assignment]]:
    """The scenario with the absences as leave, the published rota to keep, and fixed shifts on the
    absent days released (a fixed shift for someone who is off sick cannot be kept)."""
    off: dict[str, list[StaffAbsence]] = defaultdict(list)
    for absence in absences:
        off[absence.staff_id].append(absence)

    def absent(a: Assignment) -> bool:
        return any(x.start <= a.date <= x.last_day for x in off.get(a.staff_id, []))

    data = scenario.model_dump(mode="json")
    for member in data["staff"]:
        for absence in off.get(member["id"], []):
            leave = Absence(start=absence.start, end=absence.last_day, kind=absence.reason.replace(" ", "_"))
            member["leave"] = [*member["leave"], leave.model_dump(mode="json")]
    dropped = [a for a in scenario.fixed_assignments if absent(a)]
    data["fixed_assignments"] = [a.model_dump(mode="json") for a in scenario.fixed_assignments if not absent(a)]
    data["published_rota"] = [a.model_dump(mode="json") for a in published.assignments]
    weights = data["weights"]
    weights["change_from_published"] = max(weights["change_from_published"], REPAIR_CHANGE_WEIGHT)
    try:
        return Scenario.model_validate(data), dropped
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [str(p) for p in error["loc"]]
        path = "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in loc).lstrip(".")
        raise RepairError(path.replace("published_rota", "published"),
                          error["msg"].removeprefix("Value error, ")) from None


def _diff(index: ProblemIndex, outcome: RepairResult) -> None:
    published = set(outcome.published.assignments)
    repaired = set(outcome.rota.assignments)
    off = {(a.staff_id, d) for a in outcome.absences for d in index.dates if a.start <= d <= a.last_day}
    taken_off = defaultdict(list)
    put_on = defaultdict(list)
    for a in sorted(published - repaired, key=_order(index)):
        taken_off[(a.staff_id, a.date)].append(a)
    for a in sorted(repaired - published, key=_order(index)):
        put_on[(a.staff_id, a.date)].append(a)
    for key, items in taken_off.items():
        if key in off:
            outcome.removed.extend(items)
            continue
        for before in items:
            if put_on.get(key):
                outcome.moved.append(Move(before, put_on[key].pop(0)))
            else:
                outcome.stood_down.append(before)
    for items in put_on.values():
        outcome.called_in.extend(items)
    outcome.called_in.sort(key=_order(index))
    outcome.removed.sort(key=_order(index))
    outcome.agency = [a for a in outcome.called_in if index.staff[a.staff_id].employment == EmploymentType.AGENCY]
    absent_days = {d for _, d in off}
    assert outcome.report is not None
    outcome.still_short = [f for f in outcome.report.gaps if f.date in absent_days]


def _order(index: ProblemIndex):
    return lambda a: (a.date, index.shift_types[a.shift].start, a.unit, a.staff_id)


def _describe(index: ProblemIndex, a: Assignment) -> str:
    return index.label(index.day_of(a.date), a.shift, a.unit)


def _summary(index: ProblemIndex, outcome: RepairResult) -> list[str]:
    lines = []
    for absence in outcome.absences:
        name = index.staff[absence.staff_id].name
        span = f"{absence.start:%a %d %b}" + (f" to {absence.last_day:%a %d %b}" if absence.end else "")
        count = sum(1 for a in outcome.removed if a.staff_id == absence.staff_id)
        lines.append(f"{name} is off ({absence.reason.replace('_', ' ')}) {span}: "
                     f"{count} published shift{'s' if count != 1 else ''} to cover.")
    for a in outcome.removed:
        lines.append(f"Off: {index.staff[a.staff_id].name}, {_describe(index, a)}.")
    for m in outcome.moved:
        lines.append(f"Move: {index.staff[m.before.staff_id].name} from {_describe(index, m.before)} to "
                     f"{_describe(index, m.after)}.")
    for a in outcome.called_in:
        member = index.staff[a.staff_id]
        kind = "agency" if member.employment == EmploymentType.AGENCY else member.employment.value
        lines.append(f"Call in: {member.name} ({kind}) for {_describe(index, a)}.")
    for a in outcome.stood_down:
        lines.append(f"Stand down: {index.staff[a.staff_id].name}, {_describe(index, a)}.")
    for a in outcome.dropped_fixed:
        lines.append(f"No longer fixed: {index.staff[a.staff_id].name}, {_describe(index, a)}.")
    for f in outcome.still_short:
        lines.append(f"Agency or overtime needed: {f.message}")
    if outcome.agency:
        lines.append(f"Agency shifts used: {len(outcome.agency)}.")
    if not outcome.still_short:
        lines.append("Every shift on the absent days is covered.")
    kept = len(set(outcome.published.assignments) & set(outcome.rota.assignments))
    lines.append(f"{kept} of {len(outcome.published.assignments)} published shifts unchanged; "
                 f"{outcome.changes} change{'s' if outcome.changes != 1 else ''}.")
    return lines


def _failure_lines(result: SolveResult) -> list[str]:
    if result.status == "INFEASIBLE":
        return ["No rota is possible: these rules contradict each other.",
                *(f"- {c.message}" for c in result.conflicts)]
    return [f"No repaired rota found within the time limit (status {result.status}); try a longer time limit."]
