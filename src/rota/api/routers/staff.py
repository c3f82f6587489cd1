"""Staff: the person, their competences (with expiry), RAG safety-rating history, leave and requests."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy import or_

from rota.api.dependencies import Actor, HomeDep, Paging, StaffDep, Uow
from rota.api.schemas.common import PageOut
from rota.api.schemas.people import (
    CompetenceIn,
    CompetenceOut,
    CompetencePatch,
    LeaveIn,
    LeaveOut,
    LeavePatch,
    RagIn,
    RagOut,
    StaffIn,
    StaffOut,
    StaffPatch,
    StaffRequestIn,
    StaffRequestOut,
    StaffRequestPatch,
)
from rota.domain.core import EmploymentType
from rota.persistence import tables as t
from rota.services import catalogue, people
from rota.services.errors import NotFound

router = APIRouter(prefix="/homes/{home_id}/staff", tags=["staff"])
KIND = people.staff_kind(StaffIn)


def to_out(row: t.StaffMember) -> StaffOut:
    return StaffOut(id=row.id, home_id=row.home_id, updated_at=row.updated_at, **people.staff_body(row))


@router.get("", response_model=PageOut[StaffOut], summary="List staff, filtered")
def list_staff(
    home: HomeDep, uow: Uow, page: Paging,
    q: Annotated[str | None, Query(description="Code or name contains (any case).")] = None,
    role: Annotated[str | None, Query(description="Role code.")] = None,
    unit: Annotated[str | None, Query(description="Home unit code.")] = None,
    employment: EmploymentType | None = None,
    working_on: Annotated[date | None, Query(description="Only people not yet gone on this date.")] = None,
) -> Any:
    where: list[Any] = [t.StaffMember.home_id == home.id]
    if q:
        where.append(or_(t.StaffMember.code.ilike(f"%{q}%"), t.StaffMember.name.ilike(f"%{q}%")))
    if role:
        where.append(t.StaffMember.role.has(t.Role.code == role))
    if unit:
        where.append(t.StaffMember.home_unit.has(t.Unit.code == unit))
    if employment:
        where.append(t.StaffMember.employment_type == employment.value)
    if working_on:
        where.append(or_(t.StaffMember.leaving_date.is_(None), t.StaffMember.leaving_date >= working_on))
    rows, total = uow.staff.page(where, page.offset, page.limit)
    return {"items": [to_out(r) for r in rows], "total": total, "offset": page.offset, "limit": page.limit}


@router.post("", status_code=201, response_model=StaffOut, summary="Add a staff member")
def create_staff(body: StaffIn, home: HomeDep, uow: Uow, actor: Actor) -> Any:
    return to_out(catalogue.create(uow, actor, home.id, KIND, body))


@router.get("/{staff_id}", response_model=StaffOut, summary="One staff member")
def get_staff(member: StaffDep) -> Any:
    return to_out(member)


@router.patch("/{staff_id}", response_model=StaffOut, summary="Change a staff member's record")
def update_staff(body: StaffPatch, member: StaffDep, uow: Uow, actor: Actor) -> Any:  # type: ignore[valid-type]
    return to_out(catalogue.update(uow, actor, KIND, member, body))


@router.delete("/{staff_id}", status_code=204, summary="Delete a staff member who is in no saved rota")
def delete_staff(member: StaffDep, uow: Uow, actor: Actor) -> Response:
    catalogue.delete(uow, actor, KIND, member)
    return Response(status_code=204)


def _competence(member: t.StaffMember, competence_id: int) -> t.Competence:
    row = next((c for c in member.competences if c.id == competence_id), None)
    if row is None:
        raise NotFound("competence", competence_id)
    return row


def competence_out(row: t.Competence) -> CompetenceOut:
    return CompetenceOut(id=row.id, skill=row.skill.code, expires=row.expires_date)


@router.get("/{staff_id}/competences", response_model=list[CompetenceOut], summary="A person's competences")
def list_competences(member: StaffDep) -> Any:
    return [competence_out(c) for c in member.competences]


@router.post("/{staff_id}/competences", status_code=201, response_model=CompetenceOut, summary="Add a competence")
def add_competence(body: CompetenceIn, member: StaffDep, uow: Uow, actor: Actor) -> Any:
    return competence_out(people.add_competence(uow, actor, member, body))


@router.patch("/{staff_id}/competences/{competence_id}", response_model=CompetenceOut,
              summary="Change a competence (renewed, new expiry)")
def change_competence(body: CompetencePatch, competence_id: int, member: StaffDep, uow: Uow,  # type: ignore[valid-type]
                      actor: Actor) -> Any:
    return competence_out(people.change_competence(uow, actor, _competence(member, competence_id), body,
                                                   CompetenceIn))


@router.delete("/{staff_id}/competences/{competence_id}", status_code=204, summary="Remove a competence")
def remove_competence(competence_id: int, member: StaffDep, uow: Uow, actor: Actor) -> Response:
    people.remove_competence(uow, actor, _competence(member, competence_id))
    return Response(status_code=204)


def rag_out(row: t.RagAssessment) -> RagOut:
    return RagOut(id=row.id, rating=row.rating, assessed_on=row.assessed_date, assessor=row.assessor,
                  reason=row.reason, recorded_at=row.recorded_at)


@router.get("/{staff_id}/rag-assessments", response_model=list[RagOut],
            summary="RAG safety-rating history, oldest first")
def list_rag(member: StaffDep) -> Any:
    return [rag_out(r) for r in sorted(member.rag_assessments, key=lambda r: (r.assessed_date or date.min, r.id))]


@router.post("/{staff_id}/rag-assessments", status_code=201, response_model=RagOut,
             summary="Record a new RAG assessment (the history is kept)")
def add_rag(body: RagIn, member: StaffDep, uow: Uow, actor: Actor) -> Any:
    return rag_out(people.add_rag(uow, actor, member, body))


def _leave(member: t.StaffMember, leave_id: int) -> t.Leave:
    row = next((a for a in member.leave if a.id == leave_id), None)
    if row is None:
        raise NotFound("leave", leave_id)
    return row


def leave_out(row: t.Leave) -> LeaveOut:
    return LeaveOut(id=row.id, start=row.start_date, end=row.end_date, kind=row.kind)


@router.get("/{staff_id}/leave", response_model=list[LeaveOut], summary="Leave and unavailability")
def list_leave(member: StaffDep) -> Any:
    return [leave_out(a) for a in sorted(member.leave, key=lambda a: (a.start_date, a.id))]


@router.post("/{staff_id}/leave", status_code=201, response_model=LeaveOut, summary="Book leave or unavailability")
def add_leave(body: LeaveIn, member: StaffDep, uow: Uow, actor: Actor) -> Any:
    return leave_out(people.add_leave(uow, actor, member, body))


@router.patch("/{staff_id}/leave/{leave_id}", response_model=LeaveOut, summary="Change leave")
def change_leave(body: LeavePatch, leave_id: int, member: StaffDep, uow: Uow, actor: Actor) -> Any:  # type: ignore[valid-type]
    return leave_out(people.change_leave(uow, actor, member, _leave(member, leave_id), body, LeaveIn))


@router.delete("/{staff_id}/leave/{leave_id}", status_code=204, summary="Cancel leave")
def remove_leave(leave_id: int, member: StaffDep, uow: Uow, actor: Actor) -> Response:
    people.remove_leave(uow, actor, member, _leave(member, leave_id))
    return Response(status_code=204)


def _request(member: t.StaffMember, request_id: int) -> t.StaffRequest:
    row = next((r for r in member.requests if r.id == request_id), None)
    if row is None:
        raise NotFound("request", request_id)
    return row


def request_out(row: t.StaffRequest) -> StaffRequestOut:
    return StaffRequestOut(id=row.id, **people.request_body(row))


@router.get("/{staff_id}/requests", response_model=list[StaffRequestOut],
            summary="A person's requests (days off, shifts wanted or not wanted), by date")
def list_requests(member: StaffDep) -> Any:
    return [request_out(r) for r in sorted(member.requests, key=lambda r: (r.request_date, r.id))]


@router.post("/{staff_id}/requests", status_code=201, response_model=StaffRequestOut,
             summary="Record a request the solver tries to honour")
def add_request(body: StaffRequestIn, member: StaffDep, uow: Uow, actor: Actor) -> Any:
    return request_out(people.add_request(uow, actor, member, body))


@router.patch("/{staff_id}/requests/{request_id}", response_model=StaffRequestOut, summary="Change a request")
def change_request(body: StaffRequestPatch, request_id: int, member: StaffDep, uow: Uow,  # type: ignore[valid-type]
                   actor: Actor) -> Any:
    return request_out(people.change_request(uow, actor, member, _request(member, request_id), body,
                                             StaffRequestIn))


@router.delete("/{staff_id}/requests/{request_id}", status_code=204, summary="Withdraw a request")
def remove_request(request_id: int, member: StaffDep, uow: Uow, actor: Actor) -> Response:
    people.remove_request(uow, actor, member, _request(member, request_id))
    return Response(status_code=204)
