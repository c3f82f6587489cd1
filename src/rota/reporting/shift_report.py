"""Per-shift report: staffing against demand by role and skill, agency, safety score and RAG with reasons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from rota.compliance.gating import GatedScenario, GateKind
from rota.domain.core import RagRating
from rota.domain.rota import Rota
from rota.domain.safety import person_deductions, rag_for
from rota.solver.index import ProblemIndex
from rota.solver.rules.coverage import counts_towards, describe_requirement
from rota.staffing.requirements import CoverRequirement, RequirementKind


@dataclass(frozen=True, slots=True)
class CoverLine:
    requirement: str
    required: int
    have: int
    working: str
    expired: int = 0
    """Staff on shift holding this skill but only with an expired competence."""

    @property
    def short(self) -> int:
        return max(0, self.required - self.have)


@dataclass
class ShiftReport:
    day: int
    date: str
    shift: str
    unit: str
    unit_name: str
    shift_name: str
    staff: list[dict[str, str | None]] = field(default_factory=list)
    cover: list[CoverLine] = field(default_factory=list)
    agency: int = 0
    score: int = 100
    rag: RagRating = RagRating.GREEN
    reasons: list[str] = field(default_factory=list)
    compliance: list[str] = field(default_factory=list)
    """What HR records changed on this shift: expired competences on shift, flags, people kept off."""

    @property
    def gaps(self) -> list[CoverLine]:
        return [c for c in self.cover if c.short]

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date, "shift": self.shift, "unit": self.unit,
            "staff": self.staff,
            "cover": [{"requirement": c.requirement, "required": c.required, "have": c.have, "short": c.short,
                       "expired": c.expired, "working": c.working} for c in self.cover],
            "agency": self.agency, "safety_score": self.score, "rag": self.rag.value, "reasons": self.reasons,
            "compliance": self.compliance,
        }


def shift_reports(
    index: ProblemIndex, rota: Rota, only: Collection[tuple[int, str, str]] | None = None,
    gating: GatedScenario | None = None,
) -> list[ShiftReport]:
    """Reports for every unit-shift with staff or demand; with `only`, just those (day, shift, unit)s,
    which is how an edit re-reports the few shifts it touches; with `gating`, each also says what the
    HR records changed."""
    on_shift: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    on_day_shift: dict[tuple[int, str], list[str]] = defaultdict(list)
    for a in rota.assignments:
        day = index.day_of(a.date)
        on_shift[(day, a.shift, a.unit)].append(a.staff_id)
        on_day_shift[(day, a.shift)].append(a.staff_id)
    home_reqs: dict[tuple[int, str], list[CoverRequirement]] = defaultdict(list)
    for req in index.demand.home_requirements:
        home_reqs[(req.day, req.shift)].append(req)
    # Whole-home lines (a first aider, a fire marshal in the building) are the same on every unit's report.
    home_lines: dict[tuple[int, str], list[CoverLine]] = {}
    reports = []
    for day, shift, unit in index.unit_shifts():
        if only is not None and (day, shift, unit) not in only:
            continue
        demand = index.demand.for_unit_shift(day, shift, unit)
        members = [index.staff[s] for s in on_shift.get((day, shift, unit), [])]
        if not members and (demand is None or demand.total_heads_needed == 0):
            continue
        report = ShiftReport(day, index.dates[day].isoformat(), shift, unit, index.units[unit].name,
                             index.shift_types[shift].name)
        report.staff = [{"staff_id": m.id, "name": m.name, "role": m.role, "employment": m.employment.value,
                         "rating": m.rating.value if m.rating else None} for m in members]
        reqs = list(demand.requirements) if demand else []
        for req in reqs:
            report.cover.append(_cover_line(index, req, members))
        if (day, shift) not in home_lines:
            everyone = [index.staff[s] for s in on_day_shift[(day, shift)]]
            home_lines[(day, shift)] = [_home_line(index, req, everyone) for req in home_reqs.get((day, shift), [])]
        report.cover.extend(home_lines[(day, shift)])
        report.agency = sum(1 for m in members if index.is_agency(m))
        _score(index, report, members, demand.care_staff_needed if demand else 0)
        everyone_on_shift = [index.staff[s] for s in on_day_shift[(day, shift)]]
        report.compliance = _compliance_notes(index, report, members, everyone_on_shift, gating)
        reports.append(report)
    return reports


def _home_line(index: ProblemIndex, req: CoverRequirement, everyone: list) -> CoverLine:
    line = _cover_line(index, req, everyone)
    return CoverLine(f"{line.requirement} (whole home)", line.required, line.have, line.working, line.expired)


def _cover_line(index: ProblemIndex, req: CoverRequirement, members: list) -> CoverLine:
    have = sum(1 for m in members if counts_towards(index, m, req))
    expired = 0
    if req.kind == RequirementKind.SKILL and req.target:
        expired = sum(1 for m in members if m.holds_expired(req.target, req.date))
    return CoverLine(describe_requirement(index, req), req.minimum, have, req.working, expired)


def _score(index: ProblemIndex, report: ShiftReport, members: list, care_needed: int) -> None:
    policy = index.scenario.safety
    points = 0
    reasons: list[str] = []
    for m in members:
        for d in person_deductions(m, policy):
            points += d.points
            reasons.append(f"-{d.points}: {d.reason}")
    has_gap = False
    for line in report.cover:
        if line.short:
            has_gap = True
            if line.requirement == "care staff":
                deduction = policy.points_per_head_short * line.short
                reasons.append(f"-{deduction}: short by {line.short} care staff ({line.have} of {line.required})")
            else:
                deduction = policy.points_per_missing_skill * line.short
                note = f"; {line.expired} on shift with it expired" if line.expired else ""
                reasons.append(f"-{deduction}: {line.requirement}: {line.have} of {line.required}{note}")
            points += deduction
        elif line.required and line.have == line.required and line.requirement != "care staff" \
                and policy.points_no_skill_margin:
            points += policy.points_no_skill_margin
            reasons.append(f"-{policy.points_no_skill_margin}: no spare {line.requirement}")
        if line.expired and not line.short:
            reasons.append(f"note: {line.requirement}: {line.expired} on shift with it expired (not counted)")
    report.score = max(0, 100 - points)
    report.rag = rag_for(report.score, policy, has_gap)
    report.reasons = reasons or ["no deductions"]


def _compliance_notes(index: ProblemIndex, report: ShiftReport, members: list, everyone: list,
                      gating: GatedScenario | None) -> list[str]:
    """'Medication: 1 of 2 expired (Ann Smith: ...)', overdue supervision on shift, and who gating kept off."""
    day = index.dates[report.day]
    skill_names = {s.id: s.name for s in index.scenario.skills}
    notes: list[str] = []
    seen: set[str] = set()
    for requirement in sorted({r.target for r in index.demand.requirements
                               if r.kind == RequirementKind.SKILL and r.date == day and r.shift == report.shift
                               and r.unit in (None, report.unit) and r.target}):
        scope = everyone if _home_wide(index, requirement, report) else members
        valid = [m for m in scope if m.has_skill(requirement, day)]
        expired = [m for m in scope if m.holds_expired(requirement, day)]
        if not expired or requirement in seen:
            continue
        seen.add(requirement)
        why = []
        for m in expired:
            reason = gating.skill_reason(m.id, requirement) if gating else None
            why.append(f"{m.name}: {reason.message.split(': ', 1)[-1]}" if reason else m.name)
        notes.append(f"{skill_names.get(requirement, requirement)}: {len(expired)} of {len(valid) + len(expired)} "
                     f"expired ({'; '.join(why)})")
    if gating is None:
        return notes
    for m in members:
        for reason in gating.for_staff(m.id):
            if reason.kind in (GateKind.SUPERVISION_OVERDUE, GateKind.DBS_RECHECK_DUE):
                notes.append(f"{m.name}: {reason.message} (not blocking)")
    if report.gaps:
        for reason in gating.off_on(day):
            member = index.staff.get(reason.staff_id)
            if member is not None and member.home_unit == report.unit:
                notes.append(f"{reason.name} kept off the rota: {reason.message}")
    return notes


def _home_wide(index: ProblemIndex, skill: str, report: ShiftReport) -> bool:
    return any(r.kind == RequirementKind.SKILL and r.target == skill and r.unit is None
               and r.day == report.day and r.shift == report.shift for r in index.demand.home_requirements)
