"""Staff records (competences, RAG history, leave) and residents (dependency assessments over time).

Every change is one transaction and one audit-log entry with the record before and after."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from rota.persistence import tables as t
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.catalogue import RecordKind, resolve, validated
from rota.services.errors import Conflict

# --- staff ------------------------------------------------------------------------------------------


def staff_body(row: t.StaffMember) -> dict[str, Any]:
    return {
        "code": row.code, "name": row.name, "role": row.role.code, "home_unit": row.home_unit.code,
        "units": [u.code for u in row.other_units], "employment": row.employment_type,
        "contracted_hours": row.contracted_hours, "max_hours_per_week": row.max_hours_per_week,
        "hourly_cost": row.hourly_cost, "night_worker": row.night_worker, "day_worker": row.day_worker,
        "opted_out_48h": row.opted_out_48h, "under_18": row.under_18,
        "care_certificate_complete": row.care_certificate_complete,
        "start_date": _iso(row.start_date), "leaving_date": _iso(row.leaving_date),
    }


def _apply_staff(uow: UnitOfWork, row: t.StaffMember, body: Any) -> None:
    home_id = row.home_id
    row.role = resolve(uow, t.Role, home_id, body.role, "body.role", "role")
    row.home_unit = resolve(uow, t.Unit, home_id, body.home_unit, "body.home_unit", "unit")
    row.other_units = [resolve(uow, t.Unit, home_id, code, f"body.units[{i}]", "unit")
                       for i, code in enumerate(body.units) if code != body.home_unit]
    row.employment_type = body.employment.value
    for name in ("code", "name", "contracted_hours", "max_hours_per_week", "hourly_cost", "night_worker",
                 "day_worker", "opted_out_48h", "under_18", "care_certificate_complete", "start_date",
                 "leaving_date"):
        setattr(row, name, getattr(body, name))


def staff_kind(schema: type[BaseModel]) -> RecordKind:
    return RecordKind("staff member", t.StaffMember, schema, staff_body, _apply_staff,
                      "they appear in saved rotas; set a leaving date instead")


def _record(uow: UnitOfWork, actor: str, member: t.StaffMember, action: str, summary: str,
            before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    uow.audit.record(actor, action, "staff_member", member.id, member.home_id, f"{member.code}: {summary}",
                     before, after)


def competence_body(row: t.Competence) -> dict[str, Any]:
    return {"skill": row.skill.code, "expires": _iso(row.expires_date)}


def add_competence(uow: UnitOfWork, actor: str, member: t.StaffMember, body: Any) -> t.Competence:
    skill = resolve(uow, t.Skill, member.home_id, body.skill, "body.skill", "skill")
    row = t.Competence(staff_member=member, skill=skill, expires_date=body.expires)
    uow.session.add(row)
    uow.session.flush()
    _record(uow, actor, member, "add_competence", f"added competence {skill.code}", None, competence_body(row))
    uow.commit()
    return row


def change_competence(uow: UnitOfWork, actor: str, row: t.Competence, patch: BaseModel,
                      schema: type[BaseModel]) -> t.Competence:
    before = competence_body(row)
    body = validated(schema, {**before, **patch.model_dump(exclude_unset=True, mode="json")})
    row.skill = resolve(uow, t.Skill, row.staff_member.home_id, body.skill, "body.skill", "skill")
    row.expires_date = body.expires
    uow.session.flush()
    _record(uow, actor, row.staff_member, "change_competence", f"changed competence {row.skill.code}", before,
            competence_body(row))
    uow.commit()
    return row


def remove_competence(uow: UnitOfWork, actor: str, row: t.Competence) -> None:
    before, member = competence_body(row), row.staff_member
    uow.session.delete(row)
    _record(uow, actor, member, "remove_competence", f"removed competence {before['skill']}", before, None)
    uow.commit()


def add_rag(uow: UnitOfWork, actor: str, member: t.StaffMember, body: Any) -> t.RagAssessment:
    row = t.RagAssessment(staff_member_id=member.id, rating=body.rating.value, assessed_date=body.assessed_on,
                          assessor=body.assessor, reason=body.reason)
    uow.session.add(row)
    uow.session.flush()
    _record(uow, actor, member, "add_rag", f"rated {body.rating.value} by {body.assessor} on {body.assessed_on}",
            None, body.model_dump(mode="json"))
    uow.commit()
    return row


def leave_body(row: t.Leave) -> dict[str, Any]:
    return {"start": row.start_date.isoformat(), "end": row.end_date.isoformat(), "kind": row.kind}


def add_leave(uow: UnitOfWork, actor: str, member: t.StaffMember, body: Any) -> t.Leave:
    row = t.Leave(staff_member_id=member.id, start_date=body.start, end_date=body.end, kind=body.kind)
    uow.session.add(row)
    uow.session.flush()
    _record(uow, actor, member, "add_leave", f"{body.kind} {body.start} to {body.end}", None, leave_body(row))
    uow.commit()
    return row


def change_leave(uow: UnitOfWork, actor: str, member: t.StaffMember, row: t.Leave, patch: BaseModel,
                 schema: type[BaseModel]) -> t.Leave:
    before = leave_body(row)
    body = validated(schema, {**before, **patch.model_dump(exclude_unset=True, mode="json")})
    row.start_date, row.end_date, row.kind = body.start, body.end, body.kind
    uow.session.flush()
    _record(uow, actor, member, "change_leave", f"changed {row.kind} {row.start_date} to {row.end_date}", before,
            leave_body(row))
    uow.commit()
    return row


def remove_leave(uow: UnitOfWork, actor: str, member: t.StaffMember, row: t.Leave) -> None:
    before = leave_body(row)
    uow.session.delete(row)
    _record(uow, actor, member, "remove_leave", f"removed {before['kind']} {before['start']} to {before['end']}",
            before, None)
    uow.commit()


# --- residents --------------------------------------------------------------------------------------


def resident_body(row: t.Resident) -> dict[str, Any]:
    return {"code": row.code, "unit": row.unit.code, "admitted": _iso(row.admitted_date),
            "discharged": _iso(row.discharged_date)}


def _apply_resident(uow: UnitOfWork, row: t.Resident, body: Any) -> None:
    row.unit = resolve(uow, t.Unit, row.home_id, body.unit, "body.unit", "unit")
    row.code, row.admitted_date, row.discharged_date = body.code, body.admitted, body.discharged


def resident_kind(schema: type[BaseModel]) -> RecordKind:
    return RecordKind("resident", t.Resident, schema, resident_body, _apply_resident)


def assessment_body(row: t.DependencyAssessment) -> dict[str, Any]:
    return {"assessed_on": row.assessed_date.isoformat(), "band": row.band, "barthel": row.barthel,
            "one_to_one_hours": row.one_to_one_hours, "two_person_transfer": row.two_person_transfer,
            "nursing_needs": row.nursing_needs, "end_of_life": row.end_of_life, "assessor": row.assessor,
            "notes": row.notes}


def _assessment_row(body: Any) -> t.DependencyAssessment:
    return t.DependencyAssessment(
        assessed_date=body.assessed_on, band=body.band.value if body.band else None, barthel=body.barthel,
        one_to_one_hours=body.one_to_one_hours, two_person_transfer=body.two_person_transfer,
        nursing_needs=body.nursing_needs, end_of_life=body.end_of_life, assessor=body.assessor, notes=body.notes)


def admit_resident(uow: UnitOfWork, actor: str, home_id: int, body: Any) -> t.Resident:
    if uow.session.scalar(select(t.Resident.id).where(t.Resident.home_id == home_id, t.Resident.code == body.code)):
        raise Conflict(f"a resident with code '{body.code}' already exists in this home")
    row = t.Resident(home_id=home_id)
    _apply_resident(uow, row, body)
    row.assessments = [_assessment_row(body.assessment)]
    uow.session.add(row)
    uow.session.flush()
    uow.audit.record(actor, "create", "resident", row.id, home_id, f"admitted resident {row.code}", None,
                     {**resident_body(row), "assessment": assessment_body(row.assessments[0])})
    uow.commit()
    return row


def add_assessment(uow: UnitOfWork, actor: str, resident: t.Resident, body: Any) -> t.DependencyAssessment:
    row = _assessment_row(body)
    resident.assessments.append(row)
    uow.session.flush()
    uow.audit.record(actor, "add_assessment", "resident", resident.id, resident.home_id,
                     f"{resident.code}: assessed on {body.assessed_on}", None, assessment_body(row))
    uow.commit()
    return row


def latest_assessment(resident: t.Resident) -> t.DependencyAssessment | None:
    return max(resident.assessments, key=lambda a: (a.assessed_date, a.id), default=None)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- staff requests ---------------------------------------------------------------------------------


def request_body(row: t.StaffRequest) -> dict[str, Any]:
    return {"kind": row.kind, "date": row.request_date.isoformat(),
            "shift": row.shift_type.code if row.shift_type else None, "weight": row.weight}


def _apply_request(uow: UnitOfWork, member: t.StaffMember, row: t.StaffRequest, body: Any) -> None:
    row.kind, row.request_date, row.weight = body.kind.value, body.date, body.weight
    row.shift_type = (resolve(uow, t.ShiftType, member.home_id, body.shift, "body.shift", "shift type")
                      if body.shift else None)


def _request_line(body: dict[str, Any]) -> str:
    shift = f" shift {body['shift']}" if body["shift"] else ""
    return f"{body['kind'].replace('_', ' ')} on {body['date']}{shift} (weight {body['weight']})"


def add_request(uow: UnitOfWork, actor: str, member: t.StaffMember, body: Any) -> t.StaffRequest:
    row = t.StaffRequest(staff_member_id=member.id)
    _apply_request(uow, member, row, body)
    uow.session.add(row)
    uow.session.flush()
    after = request_body(row)
    _record(uow, actor, member, "add_request", f"asked for {_request_line(after)}", None, after)
    uow.commit()
    return row


def change_request(uow: UnitOfWork, actor: str, member: t.StaffMember, row: t.StaffRequest, patch: BaseModel,
                   schema: type[BaseModel]) -> t.StaffRequest:
    before = request_body(row)
    body = validated(schema, {**before, **patch.model_dump(exclude_unset=True, mode="json")})
    _apply_request(uow, member, row, body)
    uow.session.flush()
    after = request_body(row)
    _record(uow, actor, member, "change_request", f"request now {_request_line(after)}", before, after)
    uow.commit()
    return row


def remove_request(uow: UnitOfWork, actor: str, member: t.StaffMember, row: t.StaffRequest) -> None:
    before = request_body(row)
    uow.session.delete(row)
    _record(uow, actor, member, "remove_request", f"withdrew request {_request_line(before)}", before, None)
    uow.commit()


# --- fixed assignments ------------------------------------------------------------------------------


def fixed_body(row: t.FixedAssignment) -> dict[str, Any]:
    return {"date": row.work_date.isoformat(), "shift": row.shift_type.code, "unit": row.unit.code,
            "staff_id": row.staff_member.code}


def _apply_fixed(uow: UnitOfWork, row: t.FixedAssignment, body: Any) -> None:
    home_id = row.home_id
    shift = resolve(uow, t.ShiftType, home_id, body.shift, "body.shift", "shift type")
    unit = resolve(uow, t.Unit, home_id, body.unit, "body.unit", "unit")
    member = resolve(uow, t.StaffMember, home_id, body.staff_id, "body.staff_id", "staff member")
    clash = uow.session.scalar(select(t.FixedAssignment.id).where(
        t.FixedAssignment.home_id == home_id, t.FixedAssignment.work_date == body.date,
        t.FixedAssignment.shift_type_id == shift.id, t.FixedAssignment.staff_member_id == member.id,
        t.FixedAssignment.id != (row.id or 0)))
    if clash:
        raise Conflict(f"{member.code} is already fixed on shift {shift.code} on {body.date} "
                       f"(fixed assignment {clash})")
    row.work_date, row.shift_type, row.unit, row.staff_member = body.date, shift, unit, member


def _fixed_line(body: dict[str, Any]) -> str:
    return f"{body['staff_id']} on {body['shift']} {body['date']} ({body['unit']})"


def add_fixed(uow: UnitOfWork, actor: str, home_id: int, body: Any) -> t.FixedAssignment:
    row = t.FixedAssignment(home_id=home_id)
    _apply_fixed(uow, row, body)
    uow.session.add(row)
    uow.session.flush()
    after = fixed_body(row)
    uow.audit.record(actor, "create", "fixed_assignment", row.id, home_id, f"fixed {_fixed_line(after)}", None,
                     after)
    uow.commit()
    return row


def change_fixed(uow: UnitOfWork, actor: str, row: t.FixedAssignment, patch: BaseModel,
                 schema: type[BaseModel]) -> t.FixedAssignment:
    before = fixed_body(row)
    body = validated(schema, {**before, **patch.model_dump(exclude_unset=True, mode="json")})
    _apply_fixed(uow, row, body)
    uow.session.flush()
    after = fixed_body(row)
    uow.audit.record(actor, "update", "fixed_assignment", row.id, row.home_id, f"now fixed {_fixed_line(after)}",
                     before, after)
    uow.commit()
    return row


def remove_fixed(uow: UnitOfWork, actor: str, row: t.FixedAssignment) -> None:
    before = fixed_body(row)
    uow.session.delete(row)
    uow.audit.record(actor, "delete", "fixed_assignment", row.id, row.home_id, f"unfixed {_fixed_line(before)}",
                     before, None)
    uow.commit()
