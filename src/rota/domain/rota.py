"""Assignments and rotas: who works which shift on which unit on which day."""

from __future__ import annotations

from datetime import date

from rota.domain.core import DomainModel, Identifier


class Assignment(DomainModel):
    date: date
    shift: Identifier
    unit: Identifier
    staff_id: Identifier


class Rota(DomainModel):
    assignments: tuple[Assignment, ...] = ()

    def by_staff(self) -> dict[str, list[Assignment]]:
        result: dict[str, list[Assignment]] = {}
        for a in sorted(self.assignments, key=lambda a: (a.date, a.shift)):
            result.setdefault(a.staff_id, []).append(a)
        return result
