"""The model-building context: variables keyed by (staff, day, shift, unit) and lookups over them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rota.solver.index import ProblemIndex

SlotKey = tuple[str, int, str, str]
"""(staff_id, day index, shift code, unit id)."""


@dataclass(frozen=True, slots=True)
class Guard:
    """An assumption literal standing for one instance of a hard rule, used to explain conflicts."""

    literal: cp_model.IntVar
    rule: str
    description: str
    staff_id: str | None
    day: int | None


class BuildContext:
    def __init__(self, index: ProblemIndex, model: cp_model.CpModel, explain: bool = False) -> None:
        self.index = index
        self.model = model
        self.explain = explain
        self.x: dict[SlotKey, cp_model.IntVar] = {}
        self.by_staff_day: dict[tuple[str, int], list[tuple[SlotKey, cp_model.IntVar]]] = defaultdict(list)
        self.by_unit_shift: dict[tuple[int, str, str], list[tuple[str, cp_model.IntVar]]] = defaultdict(list)
        self.by_day_shift: dict[tuple[int, str], list[tuple[str, str, cp_model.IntVar]]] = defaultdict(list)
        self.guards: dict[str, Guard] = {}
        self._day_worked: dict[tuple[str, int], cp_model.IntVar | int] = {}

    # --- variables -------------------------------------------------------------------------

    def add_slot(self, key: SlotKey) -> cp_model.IntVar:
        staff_id, day, shift, unit = key
        var = self.model.new_bool_var(self.name("x", staff_id, day, shift, unit))
        self.x[key] = var
        self.by_staff_day[(staff_id, day)].append((key, var))
        self.by_unit_shift[(day, shift, unit)].append((staff_id, var))
        self.by_day_shift[(day, shift)].append((staff_id, unit, var))
        return var

    def slots(self, staff_id: str, day: int) -> list[tuple[SlotKey, cp_model.IntVar]]:
        return self.by_staff_day.get((staff_id, day), [])

    def shift_vars(self, staff_id: str, day: int, shift: str) -> list[cp_model.IntVar]:
        return [v for (_, _, t, _), v in self.slots(staff_id, day) if t == shift]

    def day_worked(self, staff_id: str, day: int) -> cp_model.IntVar | int:
        """A Boolean that is true when the person works any shift starting on this day.

        It is the sum of the day's slots (the one-shift-a-day rule holds that to at most one): an
        equality keeps the linear relaxation exact, where a maximum lets it work a person a third
        of each of three shifts and count a third of a day. When explaining a conflict it is the
        maximum, because the one-shift rule may then be switched off."""
        key = (staff_id, day)
        if key not in self._day_worked:
            vars_ = [v for _, v in self.slots(staff_id, day)]
            if not vars_:
                self._day_worked[key] = 0
            elif len(vars_) == 1:
                self._day_worked[key] = vars_[0]
            else:
                worked = self.model.new_bool_var(self.name("worked", staff_id, day))
                if self.explain:  # the one-shift rule sits behind a guard here, so a sum could exceed 1
                    self.model.add_max_equality(worked, vars_)
                else:
                    self.model.add(worked == sum(vars_))
                self._day_worked[key] = worked
        return self._day_worked[key]

    def worked_minutes(self, staff_id: str) -> tuple[cp_model.LinearExprT, int]:
        """Paid minutes the person works over the horizon, and the most they could work."""
        terms = [(var, self.index.instance(day, shift).paid_minutes)
                 for day in self.index.days for (_, _, shift, _), var in self.slots(staff_id, day)]
        expr = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [m for _, m in terms])
        return expr, sum(m for _, m in terms)

    # --- naming and guards -----------------------------------------------------------------

    def name(self, rule: str, staff_id: str | None = None, day: int | None = None, *parts: str) -> str:
        pieces = [rule]
        if staff_id is not None:
            pieces.append(f"staff_{staff_id}")
        if day is not None:
            pieces.append(f"date_{self.index.dates[day]:%Y%m%d}")
        pieces.extend(parts)
        return "__".join(pieces)

    def guard(
        self, rule: str, description: str, *, staff_id: str | None = None, day: int | None = None
    ) -> list[cp_model.IntVar]:
        """Enforcement literals for one rule instance: none normally, one assumption when explaining."""
        if not self.explain:
            return []
        key = self.name(rule, staff_id, day)
        if key not in self.guards:
            literal = self.model.new_bool_var(f"guard__{key}")
            self.guards[key] = Guard(literal, rule, description, staff_id, day)
        return [self.guards[key].literal]
