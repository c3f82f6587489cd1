"""The audit context: a finished rota (solved or hand-made) laid out for the rule audits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rota.domain.rota import Assignment, Rota
from rota.domain.staff import StaffMember
from rota.solver.findings import Finding
from rota.solver.index import ProblemIndex, ShiftInstance


@dataclass(frozen=True, slots=True)
class Worked:
    """One shift a person works, with its real times."""

    assignment: Assignment
    member: StaffMember
    day: int
    instance: ShiftInstance

    @property
    def unit(self) -> str:
        return self.assignment.unit

    @property
    def shift(self) -> str:
        return self.assignment.shift


class AuditContext:
    def __init__(self, index: ProblemIndex, rota: Rota) -> None:
        self.index = index
        self.rota = rota
        self.worked: list[Worked] = [
            Worked(a, index.staff[a.staff_id], index.day_of(a.date), index.instance(index.day_of(a.date), a.shift))
            for a in rota.assignments
        ]
        self.by_staff: dict[str, list[Worked]] = defaultdict(list)
        self.by_unit_shift: dict[tuple[int, str, str], list[Worked]] = defaultdict(list)
        self.by_day_shift: dict[tuple[int, str], list[Worked]] = defaultdict(list)
        for w in sorted(self.worked, key=lambda w: (w.instance.start, w.member.id)):
            self.by_staff[w.member.id].append(w)
            self.by_unit_shift[(w.day, w.shift, w.unit)].append(w)
            self.by_day_shift[(w.day, w.shift)].append(w)

    def finding(self, rule: str, code: str, severity, message: str, w: Worked | None = None, **fields) -> Finding:
        if w is not None:
            fields.setdefault("staff_id", w.member.id)
            fields.setdefault("date", w.assignment.date)
            fields.setdefault("shift", w.shift)
            fields.setdefault("unit", w.unit)
        return Finding(rule=rule, code=code, severity=severity, message=message, **fields)

    def describe(self, w: Worked) -> str:
        return f"{w.member.name} ({self.index.label(w.day, w.shift, w.unit)})"
