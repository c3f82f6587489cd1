"""Sickness repair over HTTP: someone rings in sick, and a rota (usually the published one) is re-planned
around the absences as a new draft that changes as few of its assignments as possible.

The re-planning is `rota.services.repair.repair_rota`; this module supplies the home's current facts (a
bank worker added since the rota was published can be called in), records the absences as leave on the
staff records (so the next plan knows too), stores the repaired rota as a draft based on the original,
and writes both to the audit log, all in one transaction. Nothing is written when the repair fails.
A home that keeps HR records has the repair gated on them like a solve: nobody the records keep off (no DBS
check, right to work ended, ...) is called in, and the answer lists what the records changed."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from rota.domain.core import DomainModel
from rota.persistence import tables as t
from rota.persistence.mappers import load_home, scenario_for
from rota.persistence.unit_of_work import UnitOfWork
from rota.services import compliance, rota_versions
from rota.services.errors import Conflict, Invalid
from rota.services.repair import DEFAULT_REPAIR_SECONDS, RepairError, StaffAbsence, repair_rota
from rota.solver.service import SolveOptions


class RepairRequest(DomainModel):
    absences: list[StaffAbsence] = Field(min_length=1, description="Who is off, from when (and until when).")
    time_limit: float = Field(default=DEFAULT_REPAIR_SECONDS, ge=0.5, le=120, description="Seconds to search.")
    record_leave: bool = Field(default=True, description="Also book the absences as leave on the staff records.")


def repair(uow: UnitOfWork, actor: str, version: t.RotaVersion, request: RepairRequest) -> dict[str, Any]:
    """The repaired draft's summary and the diff; `rota_id` is None when no repaired rota was found."""
    if version.status == "what_if":
        raise Conflict(f"rota {version.id} is a what-if result; repair the published rota or a draft instead")
    period = version.period
    home = load_home(uow.session, period.home_id)
    assert home is not None
    scenario = scenario_for(uow.session, home, period.start_date, period.days)
    gated = compliance.gate_for_solve(uow, home.id, scenario)
    if gated is not None:
        scenario = gated.scenario
    original = rota_versions.rota_of(uow, version)
    try:
        outcome = repair_rota(scenario, original, request.absences,
                              SolveOptions(time_limit=request.time_limit, workers=2), gating=gated)
    except RepairError as exc:
        raise Invalid.one(_body_field(exc.field), exc.message) from None
    if gated is not None:
        outcome.lines.append(compliance.gating_summary(gated))
    diff = outcome.as_dict()
    diff.pop("rota")
    if gated is not None:
        diff["gating"] = [r.as_dict() for r in gated.reasons]
    if not outcome.has_rota or outcome.report is None:
        return {"rota_id": None, "rota": None, "based_on_id": version.id, **diff}
    repaired_scenario = outcome.report.index.scenario
    draft = rota_versions.add_version(
        uow, period, repaired_scenario.model_dump(mode="json"), outcome.rota.assignments, "repair", actor,
        based_on_id=version.id, solver_status=outcome.status, objective=outcome.solve.objective,
        bound=outcome.solve.bound, note="; ".join(outcome.lines)[:4000])
    if gated is not None:
        uow.session.flush()
        compliance.store_gating(uow, gated, version_id=draft.id)
    if request.record_leave:
        _book_leave(uow, actor, period.home_id, request.absences)
    rota_versions.record(uow, actor, draft, "repair",
                         f"repaired rota {version.id} as draft {draft.id}: {outcome.changes} change(s)",
                         {"rota_id": version.id}, {key: diff[key] for key in
                                                   ("absences", "removed", "moved", "called_in", "stood_down")})
    uow.commit()
    return {"rota_id": draft.id, "rota": rota_versions.version_summary(draft), "based_on_id": version.id, **diff}


def _book_leave(uow: UnitOfWork, actor: str, home_id: int, absences: list[StaffAbsence]) -> None:
    for absence in absences:
        member = uow.staff.by_code(home_id, absence.staff_id)
        assert member is not None  # repair_rota has checked every staff_id
        leave = t.Leave(staff_member_id=member.id, start_date=absence.start, end_date=absence.last_day,
                        kind=absence.reason.replace(" ", "_"))
        uow.session.add(leave)
        uow.audit.record(actor, "add_leave", "staff_member", member.id, home_id,
                         f"{member.code}: {leave.kind} {leave.start_date} to {leave.end_date} (sickness repair)",
                         None, {"start": leave.start_date.isoformat(), "end": leave.end_date.isoformat(),
                                "kind": leave.kind})


def _body_field(field: str) -> str:
    """`absences[0].staff_id` -> `body.absences[0].staff_id`; problems in the stored rota keep their own path."""
    return f"body.{field}" if field.startswith("absences") else field
