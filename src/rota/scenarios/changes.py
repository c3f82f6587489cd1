"""What-if change sets: a typed list of changes applied to a base scenario to make a new one.

A change set says what would be different: people off, residents admitted or with a changed
dependency, a different agency cap, rule or weight settings, extra staff. `apply_changes` makes
a new scenario from the base (the base is never changed) and checks the result exactly as a
scenario file is checked, reporting any problem by the change set's own field path
(`extra_staff[0].home_unit`, `rest.min_rest_hours`, `absences[1].staff_id`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import Field, ValidationError, model_validator

from rota.domain.core import DependencyBand, DisplayName, DomainModel, Identifier
from rota.domain.policy import AgencyPolicy, ObjectiveWeights, RestRules, SafetyPolicy, StaffingFloors
from rota.domain.resident import Resident
from rota.domain.scenario import Scenario
from rota.domain.staff import StaffMember


class AbsenceChange(DomainModel):
    """Someone off from `start` to `end` inclusive (one day when `end` is left out)."""

    staff_id: Identifier
    start: date
    end: date | None = None
    reason: str = Field(default="sickness", min_length=1, max_length=40)

    @model_validator(mode="after")
    def _ordered(self) -> AbsenceChange:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"the absence ends ({self.end}) before it starts ({self.start})")
        return self


class DependencyChange(DomainModel):
    """A resident's changed needs, for the whole period. Fields left out keep their current value."""

    resident_id: Identifier
    band: DependencyBand | None = None
    barthel: int | None = Field(default=None, ge=0, le=100)
    one_to_one_hours: float | None = Field(default=None, ge=0, le=24)
    two_person_transfer: bool | None = None
    nursing_needs: bool | None = None
    end_of_life: bool | None = None
    discharged: date | None = Field(default=None, description="Last day in the home.")


class ChangeSet(DomainModel):
    """Everything a what-if scenario changes about the base scenario."""

    name: DisplayName | None = None
    absences: tuple[AbsenceChange, ...] = ()
    admissions: tuple[Resident, ...] = Field(default=(), description="New residents; set `admitted` to a date.")
    dependency_changes: tuple[DependencyChange, ...] = ()
    extra_staff: tuple[StaffMember, ...] = ()
    agency: dict[str, Any] = Field(default_factory=dict, description="AgencyPolicy settings to change.")
    rest: dict[str, Any] = Field(default_factory=dict, description="RestRules settings to change.")
    safety: dict[str, Any] = Field(default_factory=dict, description="SafetyPolicy settings to change.")
    floors: dict[str, Any] = Field(default_factory=dict, description="StaffingFloors settings to change.")
    weights: dict[str, Any] = Field(default_factory=dict, description="ObjectiveWeights to change.")

    @property
    def is_empty(self) -> bool:
        return not any((self.absences, self.admissions, self.dependency_changes, self.extra_staff, self.agency,
                        self.rest, self.safety, self.floors, self.weights))


SETTINGS = {"agency": AgencyPolicy, "rest": RestRules, "safety": SafetyPolicy, "floors": StaffingFloors,
            "weights": ObjectiveWeights}


class ChangeSetError(ValueError):
    """A change set that cannot be used: one (field path, plain message) per problem."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))
        self.problems = problems

    @property
    def messages(self) -> list[str]:
        return [f"{path}: {message}" for path, message in self.problems]


def parse_change_set(text: str) -> ChangeSet:
    """Read a change set from JSON text; problems name the line and column, or the field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ChangeSetError([(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})")]) from None
    try:
        return ChangeSet.model_validate(data)
    except ValidationError as exc:
        raise ChangeSetError([(_path(e["loc"]), _message(e)) for e in exc.errors()]) from None


def apply_changes(base: Scenario, changes: ChangeSet) -> Scenario:
    """A new scenario: the base with the changes applied. The base is not changed.

    Raises `ChangeSetError` naming the change set's fields when a change refers to someone or
    something that does not exist, falls outside the horizon, or makes an invalid setting.
    """
    problems = list(_reference_problems(base, changes))
    if problems:
        raise ChangeSetError(problems)
    data = base.model_dump(mode="json")
    _apply_dependency(data, changes)
    data["residents"].extend(r.model_dump(mode="json", exclude_none=True) for r in changes.admissions)
    data["staff"].extend(m.model_dump(mode="json", exclude_none=True) for m in changes.extra_staff)
    _apply_absences(data, changes)
    for section in SETTINGS:
        data[section] = {**data[section], **getattr(changes, section)}
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ChangeSetError([_located(base, changes, e) for e in exc.errors()]) from None


def _reference_problems(base: Scenario, changes: ChangeSet):
    staff = {m.id for m in base.staff} | {m.id for m in changes.extra_staff}
    residents = {r.id for r in base.residents}
    horizon = base.horizon
    for i, absence in enumerate(changes.absences):
        if absence.staff_id not in staff:
            yield f"absences[{i}].staff_id", f"unknown staff member '{absence.staff_id}'"
        for name, day in (("start", absence.start), ("end", absence.end)):
            if day is not None and not horizon.contains(day):
                yield f"absences[{i}].{name}", _outside(base, day)
    for i, change in enumerate(changes.dependency_changes):
        if change.resident_id not in residents:
            listed = ", ".join(sorted(residents)[:12]) or "none"
            yield f"dependency_changes[{i}].resident_id", f"unknown resident '{change.resident_id}' (known: {listed})"
    for section, model in SETTINGS.items():
        known = set(model.model_fields)
        for key in getattr(changes, section):
            if key not in known:
                yield f"{section}.{key}", f"unknown setting (known: {', '.join(sorted(known))})"


def _outside(base: Scenario, day: date) -> str:
    return (f"{day:%a %d %b %Y} is outside the rota period {base.horizon.start:%d %b %Y} to "
            f"{base.horizon.end:%d %b %Y}")


def _apply_absences(data: dict[str, Any], changes: ChangeSet) -> None:
    people = {m["id"]: m for m in data["staff"]}
    for absence in changes.absences:
        leave = {"start": absence.start.isoformat(), "end": (absence.end or absence.start).isoformat(),
                 "kind": absence.reason.replace(" ", "_")}
        person = people[absence.staff_id]
        person["leave"] = [*person.get("leave", []), leave]


def _apply_dependency(data: dict[str, Any], changes: ChangeSet) -> None:
    residents = {r["id"]: r for r in data["residents"]}
    for change in changes.dependency_changes:
        record = residents[change.resident_id]
        updates = change.model_dump(mode="json", exclude_none=True, exclude={"resident_id"})
        if "barthel" in updates and "band" not in updates:
            record.pop("band", None)
        if "band" in updates and "barthel" not in updates:
            record.pop("barthel", None)
        record.update(updates)


def _located(base: Scenario, changes: ChangeSet, error: dict[str, Any]) -> tuple[str, str]:
    """Map an error in the merged scenario back to the change set's field."""
    loc = list(error["loc"])
    if len(loc) >= 2 and loc[0] == "staff" and isinstance(loc[1], int) and loc[1] >= len(base.staff):
        loc = ["extra_staff", loc[1] - len(base.staff), *loc[2:]]
    elif len(loc) >= 2 and loc[0] == "residents" and isinstance(loc[1], int) and loc[1] >= len(base.residents):
        loc = ["admissions", loc[1] - len(base.residents), *loc[2:]]
    elif len(loc) >= 2 and loc[0] == "residents" and isinstance(loc[1], int):
        changed = [i for i, c in enumerate(changes.dependency_changes) if c.resident_id == base.residents[loc[1]].id]
        if changed:
            loc = ["dependency_changes", changed[-1], *loc[2:]]
    return _path(tuple(loc)), _message(error)


def _path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "change set"


def _message(error: dict[str, Any]) -> str:
    return error["msg"].removeprefix("Value error, ")
