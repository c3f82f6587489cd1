"""Residents and their dependency assessments over time."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from rota.api.dependencies import Actor, HomeDep, Paging, ResidentDep, Uow
from rota.api.schemas.common import PageOut
from rota.api.schemas.people import (
    AssessmentIn,
    AssessmentOut,
    ResidentCreate,
    ResidentIn,
    ResidentOut,
    ResidentPatch,
)
from rota.persistence import tables as t
from rota.services import catalogue, people

router = APIRouter(prefix="/homes/{home_id}/residents", tags=["residents"])
KIND = people.resident_kind(ResidentIn)


def assessment_out(row: t.DependencyAssessment) -> AssessmentOut:
    return AssessmentOut(id=row.id, recorded_at=row.recorded_at, **people.assessment_body(row))


def to_out(row: t.Resident) -> ResidentOut:
    latest = people.latest_assessment(row)
    return ResidentOut(id=row.id, home_id=row.home_id, assessment=assessment_out(latest) if latest else None,
                       **people.resident_body(row))


@router.get("", response_model=PageOut[ResidentOut], summary="List residents, filtered")
def list_residents(
    home: HomeDep, uow: Uow, page: Paging,
    q: Annotated[str | None, Query(description="Code contains (any case).")] = None,
    unit: Annotated[str | None, Query(description="Unit code.")] = None,
) -> Any:
    where: list[Any] = [t.Resident.home_id == home.id]
    if q:
        where.append(t.Resident.code.ilike(f"%{q}%"))
    if unit:
        where.append(t.Resident.unit.has(t.Unit.code == unit))
    rows, total = uow.residents.page(where, page.offset, page.limit)
    return {"items": [to_out(r) for r in rows], "total": total, "offset": page.offset, "limit": page.limit}


@router.post("", status_code=201, response_model=ResidentOut, summary="Admit a resident with their assessment")
def admit(body: ResidentCreate, home: HomeDep, uow: Uow, actor: Actor) -> Any:
    return to_out(people.admit_resident(uow, actor, home.id, body))


@router.get("/{resident_id}", response_model=ResidentOut, summary="One resident")
def get_resident(resident: ResidentDep) -> Any:
    return to_out(resident)


@router.patch("/{resident_id}", response_model=ResidentOut, summary="Change a resident (unit, dates)")
def update_resident(body: ResidentPatch, resident: ResidentDep, uow: Uow, actor: Actor) -> Any:  # type: ignore[valid-type]
    return to_out(catalogue.update(uow, actor, KIND, resident, body))


@router.delete("/{resident_id}", status_code=204, summary="Delete a resident record (entered in error)")
def delete_resident(resident: ResidentDep, uow: Uow, actor: Actor) -> Response:
    catalogue.delete(uow, actor, KIND, resident)
    return Response(status_code=204)


@router.get("/{resident_id}/assessments", response_model=list[AssessmentOut], summary="Assessment history")
def list_assessments(resident: ResidentDep) -> Any:
    return [assessment_out(a) for a in sorted(resident.assessments, key=lambda a: (a.assessed_date, a.id))]


@router.post("/{resident_id}/assessments", status_code=201, response_model=AssessmentOut,
             summary="Record a new dependency assessment")
def add_assessment(body: AssessmentIn, resident: ResidentDep, uow: Uow, actor: Actor) -> Any:
    return assessment_out(people.add_assessment(uow, actor, resident, body))
