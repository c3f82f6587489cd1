"""Live edits to a draft rota: move, swap, add or remove an assignment and see the effect at once.

An edit is checked (every id and date must exist; the shift being moved must be on the rota) and
applied; the rota is then re-audited with the solver's own rule modules. Only what the edit can
change is audited again: the rules about one person's shifts (rest, hours, leave, ...) for the
people whose shifts changed, and the rules about one shift (cover, skill mix, agency, RAG floors)
for the day-shifts that changed. Everything else is carried over from the audit before the edit,
so an edit on a 4-week, 70-person rota is re-audited in a few milliseconds (bench/edit_reaudit.py).
A rule in neither group is audited whole (`WHOLE_RULES`), so a new rule is never skipped, only slower.

The result says what the manager needs to decide whether to keep the edit: the RAG of each shift
touched before and after, breaches and gaps that are new or resolved, and the key figures before
and after.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from rota.domain.core import DomainModel, Identifier
from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.reporting.gaps import explain_gaps
from rota.reporting.kpis import Kpis, compute_kpis
from rota.reporting.shift_report import ShiftReport, shift_reports
from rota.solver.audit import AuditContext
from rota.solver.findings import Finding, Severity
from rota.solver.index import ProblemIndex
from rota.solver.registry import RULES
from rota.solver.rule import Rule
from rota.staffing.requirements import Demand

STAFF_RULES = frozenset({
    "eligibility", "leave", "one_shift_per_day", "min_rest", "weekly_rest", "working_hours", "consecutive_work",
    "fixed_assignments", "contract_hours", "staff_requests", "cost", "fairness", "home_unit",
    "shift_succession", "shift_type_limits", "total_minutes", "weekends_worked", "days_off_runs",
})
"""Rules whose audit of a person looks only at that person's own shifts: each finding names the person."""
SHIFT_RULES = frozenset({"agency_limits", "new_starters", "staff_safety", "coverage"})
"""Rules whose audit of a shift looks only at who works that day's shift (on its unit, or in the building)."""
WHOLE_RULES = frozenset({"minimal_change"})
"""Rules audited over the whole rota after every edit. `minimal_change` is per person, but says nothing
at all when the few people's view holds none of the published rota, so it is audited whole whenever a
rota was published (and, silent anyway, with the people otherwise)."""

DayShift = tuple[int, str]
UnitShift = tuple[int, str, str]


# --- the edits -----------------------------------------------------------------------------------


class Move(DomainModel):
    """Move one assignment to another day, shift or unit, or give it to another person."""

    kind: Literal["move"] = "move"
    assignment: Assignment
    to_date: date | None = None
    to_shift: Identifier | None = None
    to_unit: Identifier | None = None
    to_staff_id: Identifier | None = None


class Swap(DomainModel):
    """Two assignments exchange their people: each person takes the other's shift."""

    kind: Literal["swap"] = "swap"
    first: Assignment
    second: Assignment


class Remove(DomainModel):
    """Take one assignment off the rota."""

    kind: Literal["remove"] = "remove"
    assignment: Assignment


class Add(DomainModel):
    """Put someone on a shift (call someone in)."""

    kind: Literal["add"] = "add"
    assignment: Assignment


Edit = Annotated[Move | Swap | Remove | Add, Field(discriminator="kind")]
"""One edit; as JSON, `{"kind": "move", "assignment": {...}, "to_unit": "nursing"}` and so on."""


class EditError(ValueError):
    """An edit that cannot be applied. `field` is the path of the offending value, e.g. `first.staff_id`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- the audit state -----------------------------------------------------------------------------


@dataclass
class RotaAudit:
    """A rota and everything its audit says, kept so the next edit re-audits only what it touches.

    `findings` carry no gap explanations (they depend on everyone's shifts and would go stale);
    `build_report` in `rota.services.rotas` gives the fully explained report.
    """

    index: ProblemIndex
    rota: Rota
    findings: list[Finding]
    shifts: list[ShiftReport]
    kpis: Kpis

    def shift(self, key: UnitShift) -> ShiftReport | None:
        return next((s for s in self.shifts if (s.day, s.shift, s.unit) == key), None)


def audit_rota(index: ProblemIndex, rota: Rota, rules: Sequence[Rule] = RULES) -> RotaAudit:
    """Audit a whole rota: findings of every rule, every shift's report, the key figures."""
    ctx = AuditContext(index, rota)
    findings = [f for rule in rules for f in rule.audit(ctx)]
    reports = shift_reports(index, rota)
    return RotaAudit(index, rota, findings, reports, compute_kpis(index, rota, reports))


# --- the result ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftChange:
    """One unit-shift the edit touched, before and after. A side is None when the shift had no report
    (nobody on it and no demand)."""

    date: date
    shift: str
    unit: str
    label: str
    before: ShiftReport | None
    after: ShiftReport | None

    def as_dict(self) -> dict[str, object]:
        def side(report: ShiftReport | None) -> dict[str, object] | None:
            return None if report is None else report.as_dict()

        return {"date": self.date.isoformat(), "shift": self.shift, "unit": self.unit, "label": self.label,
                "before": side(self.before), "after": side(self.after)}


@dataclass
class EditResult:
    """What an edit did and what it changed in the audit."""

    edit: Move | Swap | Remove | Add
    removed: list[Assignment]
    added: list[Assignment]
    shifts: list[ShiftChange]
    new_findings: list[Finding]
    resolved_findings: list[Finding]
    before: RotaAudit
    after: RotaAudit
    lines: list[str] = field(default_factory=list)
    """Plain-English summary, one line per fact."""

    @property
    def rota(self) -> Rota:
        return self.after.rota

    @property
    def new_breaches(self) -> list[Finding]:
        return [f for f in self.new_findings if f.severity == Severity.BREACH]

    @property
    def resolved_breaches(self) -> list[Finding]:
        return [f for f in self.resolved_findings if f.severity == Severity.BREACH]

    @property
    def new_gaps(self) -> list[Finding]:
        return [f for f in self.new_findings if f.severity == Severity.GAP]

    @property
    def filled_gaps(self) -> list[Finding]:
        return [f for f in self.resolved_findings if f.severity == Severity.GAP]

    @property
    def kpi_deltas(self) -> dict[str, float]:
        """After minus before, for every key figure."""
        before, after = self.before.kpis.as_dict(), self.after.kpis.as_dict()
        return {name: round(float(after[name]) - float(before[name]), 4) for name in before}

    def as_dict(self) -> dict[str, object]:
        return {
            "edit": self.edit.model_dump(mode="json"),
            "removed": [a.model_dump(mode="json") for a in self.removed],
            "added": [a.model_dump(mode="json") for a in self.added],
            "shifts": [s.as_dict() for s in self.shifts],
            "new_breaches": [f.as_dict() for f in self.new_breaches],
            "resolved_breaches": [f.as_dict() for f in self.resolved_breaches],
            "new_gaps": [f.as_dict() for f in self.new_gaps],
            "filled_gaps": [f.as_dict() for f in self.filled_gaps],
            "new_warnings": [f.as_dict() for f in self.new_findings if f.severity == Severity.WARNING],
            "kpis_before": self.before.kpis.as_dict(),
            "kpis_after": self.after.kpis.as_dict(),
            "kpi_deltas": self.kpi_deltas,
            "summary": self.lines,
        }


# --- applying an edit ----------------------------------------------------------------------------


def apply_edit(
    target: Scenario | ProblemIndex,
    current: Rota | RotaAudit,
    edit: Move | Swap | Remove | Add,
    rules: Sequence[Rule] = RULES,
    explain: bool = True,
) -> EditResult:
    """Check and apply one edit to a rota, and re-audit only what the edit can change.

    `current` is the rota before the edit, or its `RotaAudit` (from `audit_rota` or the `after` of a
    previous edit), which saves auditing the whole rota first. Raises `EditError` naming the field
    when the edit refers to something that does not exist or cannot be done. The rota passed in is
    never changed: the edited rota is `result.rota`. With `explain`, each new gap's message says why
    no one else could fill it (a few milliseconds per gap).
    """
    index = target if isinstance(target, ProblemIndex) else ProblemIndex(target)
    before = current if isinstance(current, RotaAudit) else audit_rota(index, current, rules)
    removed, added = _changes(index, before.rota, edit)
    gone = set(removed)
    rota = Rota(assignments=(*(a for a in before.rota.assignments if a not in gone), *added))

    touched = [*removed, *added]
    staff = {a.staff_id for a in touched}
    day_shifts = {(index.day_of(a.date), a.shift) for a in touched}
    old_scoped = _scoped_audit(index, before.rota, staff, day_shifts, rules)
    new_scoped = _scoped_audit(index, rota, staff, day_shifts, rules)
    findings = [f for f in before.findings if not _in_scope(f, staff, day_shifts, index)] + new_scoped

    keys = {(d, s, u) for d, s in day_shifts for u in index.units if index.shift_types[s].runs_on(u)}
    fresh = {(r.day, r.shift, r.unit): r for r in shift_reports(index, rota, only=keys)}
    reports = _merge_reports(index, before.shifts, keys, fresh)
    after = RotaAudit(index, rota, findings, reports, compute_kpis(index, rota, reports))

    new_findings, resolved = _difference(old_scoped, new_scoped)
    if explain:
        new_findings = explain_gaps(index, rota, new_findings)
    changes = [ShiftChange(index.dates[d], s, u, index.label(d, s, u), before.shift((d, s, u)), fresh.get((d, s, u)))
               for d, s, u in sorted(keys, key=lambda k: (k[0], index.instance(k[0], k[1]).start, k[2]))]
    result = EditResult(edit, removed, added, changes, new_findings, resolved, before, after)
    result.lines = _summary(index, result)
    return result


def _changes(index: ProblemIndex, rota: Rota, edit: Move | Swap | Remove | Add) -> tuple[list[Assignment], ...]:
    """(assignments taken off, assignments put on), after checking the edit against the rota."""
    existing = set(rota.assignments)
    if isinstance(edit, Add):
        _check_assignment(index, edit.assignment, "assignment")
        _check_free(index, existing, edit.assignment, "assignment")
        return [], [edit.assignment]
    if isinstance(edit, Remove):
        _check_on_rota(index, existing, edit.assignment, "assignment")
        return [edit.assignment], []
    if isinstance(edit, Move):
        _check_on_rota(index, existing, edit.assignment, "assignment")
        return _move(index, existing, edit)
    _check_on_rota(index, existing, edit.first, "first")
    _check_on_rota(index, existing, edit.second, "second")
    return _swap(index, existing, edit)


def _move(index: ProblemIndex, existing: set[Assignment], edit: Move) -> tuple[list[Assignment], ...]:
    source = edit.assignment
    moved = Assignment(
        date=edit.to_date or source.date, shift=edit.to_shift or source.shift,
        unit=edit.to_unit or source.unit, staff_id=edit.to_staff_id or source.staff_id,
    )
    targets = {"to_date": "date", "to_shift": "shift", "to_unit": "unit", "to_staff_id": "staff_id"}
    changed = [name for name, attr in targets.items() if getattr(moved, attr) != getattr(source, attr)]
    if not changed:
        raise EditError("to_date", "the move changes nothing: give a different date, shift, unit or person")
    _check_assignment(index, moved, "", names={attr: name for name, attr in targets.items()})
    _check_free(index, existing, moved, changed[0])
    return [source], [moved]


def _swap(index: ProblemIndex, existing: set[Assignment], edit: Swap) -> tuple[list[Assignment], ...]:
    first, second = edit.first, edit.second
    if first.staff_id == second.staff_id:
        raise EditError("second.staff_id", f"both shifts are {index.staff[first.staff_id].name}'s; "
                        "a swap needs two different people")
    if (first.date, first.shift, first.unit) == (second.date, second.shift, second.unit):
        raise EditError("second", "both people are on the same shift; swapping them changes nothing")
    one = first.model_copy(update={"staff_id": second.staff_id})
    two = second.model_copy(update={"staff_id": first.staff_id})
    remaining = existing - {first, second}
    _check_free(index, remaining, one, "first")
    _check_free(index, remaining, two, "second")
    return [first, second], [one, two]


def _check_assignment(index: ProblemIndex, a: Assignment, path: str, names: dict[str, str] | None = None) -> None:
    """Every id known, the date in the rota period, the unit running the shift."""

    def where(attr: str) -> str:
        name = (names or {}).get(attr, attr)
        return f"{path}.{name}" if path else name

    if a.staff_id not in index.staff:
        raise EditError(where("staff_id"), f"unknown staff member '{a.staff_id}'")
    horizon = index.scenario.horizon
    if not horizon.contains(a.date):
        raise EditError(where("date"), f"{a.date:%a %d %b %Y} is outside the rota period "
                        f"{horizon.start:%d %b %Y} to {horizon.end:%d %b %Y}")
    if a.shift not in index.shift_types:
        raise EditError(where("shift"), f"unknown shift '{a.shift}' (known: {', '.join(index.shift_types)})")
    if a.unit not in index.units:
        raise EditError(where("unit"), f"unknown unit '{a.unit}' (known: {', '.join(index.units)})")
    if not index.shift_types[a.shift].runs_on(a.unit):
        raise EditError(where("shift"), f"{index.units[a.unit].name} does not run the "
                        f"{index.shift_types[a.shift].name.lower()} shift")


def _check_on_rota(index: ProblemIndex, existing: set[Assignment], a: Assignment, path: str) -> None:
    _check_assignment(index, a, path)
    if a not in existing:
        day = index.day_of(a.date)
        raise EditError(path, f"{index.staff[a.staff_id].name} is not on the rota for "
                        f"{index.label(day, a.shift, a.unit)}")


def _check_free(index: ProblemIndex, existing: set[Assignment], a: Assignment, path: str) -> None:
    if a in existing:
        day = index.day_of(a.date)
        raise EditError(path, f"{index.staff[a.staff_id].name} is already on the rota for "
                        f"{index.label(day, a.shift, a.unit)}")


# --- scoped audit --------------------------------------------------------------------------------


def _in_scope(f: Finding, staff: set[str], day_shifts: set[DayShift], index: ProblemIndex) -> bool:
    """Whether an edit touching these people and day-shifts can change this finding."""
    if f.rule in STAFF_RULES:
        return f.staff_id in staff
    if f.rule in SHIFT_RULES:
        return f.date is not None and f.shift is not None and (index.day_of(f.date), f.shift) in day_shifts
    return True


def _scoped_audit(index: ProblemIndex, rota: Rota, staff: set[str], day_shifts: set[DayShift],
                  rules: Sequence[Rule]) -> list[Finding]:
    """The findings an edit touching these people and day-shifts can change, audited afresh.

    Person-rules run in a world of just those people (with all their shifts, their published and
    fixed shifts); shift-rules in a world whose demand is just those day-shifts (with everyone who
    works them). So neither looks at, nor words findings for, anything the edit cannot change.
    """
    people = AuditContext(_people_view(index, staff),
                          Rota(assignments=tuple(a for a in rota.assignments if a.staff_id in staff)))
    shifts = AuditContext(_shifts_view(index, day_shifts), Rota(assignments=tuple(
        a for a in rota.assignments if (index.day_of(a.date), a.shift) in day_shifts)))
    whole: AuditContext | None = None
    findings: list[Finding] = []
    published = bool(index.scenario.published_rota)
    for rule in rules:
        if rule.id in STAFF_RULES or (rule.id == "minimal_change" and not published):
            ctx = people
        elif rule.id in SHIFT_RULES:
            ctx = shifts
        else:
            whole = whole or AuditContext(index, rota)
            ctx = whole
        findings.extend(f for f in rule.audit(ctx) if _in_scope(f, staff, day_shifts, index))
    return findings


def _people_view(index: ProblemIndex, staff: set[str]) -> ProblemIndex:
    scenario = index.scenario
    narrowed = scenario.model_copy(update={
        "staff": tuple(m for m in scenario.staff if m.id in staff),
        "published_rota": tuple(a for a in scenario.published_rota if a.staff_id in staff),
        "fixed_assignments": tuple(a for a in scenario.fixed_assignments if a.staff_id in staff),
    })
    return ProblemIndex(narrowed, demand=index.demand)


def _shifts_view(index: ProblemIndex, day_shifts: set[DayShift]) -> ProblemIndex:
    demand = index.demand
    narrowed = Demand(tuple(d for d in demand.unit_shifts if (d.day, d.shift) in day_shifts),
                      tuple(r for r in demand.home_requirements if (r.day, r.shift) in day_shifts))
    return ProblemIndex(index.scenario, demand=narrowed)


def _finding_key(f: Finding) -> tuple:
    """Identity of a finding across an edit: what and where, not its wording or amount."""
    return (f.rule, f.code, f.severity, f.staff_id, f.date, f.shift, f.unit, f.subject)


def _difference(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(new findings, resolved findings), matching findings by what and where."""
    before, after = list(before), list(after)
    old_keys, new_keys = Counter(map(_finding_key, before)), Counter(map(_finding_key, after))
    new = _unmatched(after, old_keys)
    resolved = _unmatched(before, new_keys)
    return new, resolved


def _unmatched(findings: list[Finding], others: Counter) -> list[Finding]:
    remaining = Counter(others)
    result = []
    for f in findings:
        key = _finding_key(f)
        if remaining[key]:
            remaining[key] -= 1
        else:
            result.append(f)
    return result


def _merge_reports(index: ProblemIndex, old: list[ShiftReport], keys: set[UnitShift],
                   fresh: dict[UnitShift, ShiftReport]) -> list[ShiftReport]:
    """The shift reports of the whole rota: the old ones, with the touched unit-shifts replaced."""
    merged = [r for r in old if (r.day, r.shift, r.unit) not in keys]
    if not fresh:
        return merged
    order = {key: i for i, key in enumerate(index.unit_shifts())}
    merged.extend(fresh.values())
    merged.sort(key=lambda r: order[(r.day, r.shift, r.unit)])
    return merged


# --- plain English -------------------------------------------------------------------------------


def describe_assignment(index: ProblemIndex, a: Assignment) -> str:
    return f"{index.staff[a.staff_id].name} on {index.label(index.day_of(a.date), a.shift, a.unit)}"


def _summary(index: ProblemIndex, result: EditResult) -> list[str]:
    lines = [_describe_edit(index, result)]
    for change in result.shifts:
        b, a = change.before, change.after
        if b is None and a is None:
            continue
        if b is None or a is None or (b.rag, b.score) != (a.rag, a.score):
            lines.append(f"{change.label}: {_rag_text(b)} -> {_rag_text(a)}")
    lines += [f"New breach: {f.message}" for f in result.new_breaches]
    lines += [f"Resolved breach: {f.message}" for f in result.resolved_breaches]
    lines += [f"New gap: {f.message}" for f in result.new_gaps]
    lines += [f"Gap filled: {f.message}" for f in result.filled_gaps]
    labels = {f.name: f.name.replace("_", " ") for f in fields(Kpis)}
    before = result.before.kpis.as_dict()
    for name, delta in result.kpi_deltas.items():
        if delta:
            lines.append(f"{labels[name].capitalize()}: {before[name]:g} -> {result.after.kpis.as_dict()[name]:g}")
    return lines


def _rag_text(report: ShiftReport | None) -> str:
    return "no one needed" if report is None else f"{report.rag.value.upper()} ({report.score})"


def _describe_edit(index: ProblemIndex, result: EditResult) -> str:
    edit = result.edit
    if isinstance(edit, Add):
        return f"Added {describe_assignment(index, edit.assignment)}."
    if isinstance(edit, Remove):
        return f"Removed {describe_assignment(index, edit.assignment)}."
    if isinstance(edit, Move):
        [moved] = result.added
        return f"Moved {describe_assignment(index, edit.assignment)} to {describe_assignment(index, moved)}."
    return (f"Swapped {describe_assignment(index, edit.first)} with "
            f"{describe_assignment(index, edit.second)}.")
