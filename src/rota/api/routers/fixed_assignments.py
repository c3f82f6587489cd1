"""Fixed assignments: shifts a manager has decided in advance (an induction shift, a key worker on an
admission day). Every rota planned for a period containing the date keeps them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from rota.api.dependencies import Actor, HomeDep, Paging, Uow, child_of_home
from rota.api.schemas.catalogue import FixedAssignmentIn, FixedAssignmentOut, FixedAssignmentPatch
from rota.api.schemas.common import PageOut
from rota.persistence import tables as t
from rota.services import people

router = APIRouter(prefix="/homes/{home_id}/fixed-assignments", tags=["fixed assignments"])


def to_out(row: t.FixedAssignment) -> FixedAssignmentOut:
    return FixedAssignmentOut(id=row.id, home_id=row.home_id, **people.fixed_body(row))


FixedDep = Annotated[t.FixedAssignment, Depends(child_of_home("fixed_assignments", "fixed assignment", "fixed_id"))]


@router.get("", response_model=PageOut[FixedAssignmentOut], summary="Fixed assignments by date, filtered")
def list_fixed(
    home: HomeDep, uow: Uow, page: Paging,
    start: Annotated[date | None, Query(alias="from", description="On or after this date.")] = None,
    end: Annotated[date | None, Query(alias="to", description="On or before this date.")] = None,
    staff_id: Annotated[str | None, Query(description="Staff code.")] = None,
) -> Any:
    where: list[Any] = [t.FixedAssignment.home_id == home.id]
    if start:
        where.append(t.FixedAssignment.work_date >= start)
    if end:
        where.append(t.FixedAssignment.work_date <= end)
    if staff_id:
        where.append(t.FixedAssignment.staff_member.has(t.StaffMember.code == staff_id))
    rows, total = uow.fixed_assignments.page(
        where, page.offset, page.limit, order_by=(t.FixedAssignment.work_date, t.FixedAssignment.id))
    return {"items": [to_out(r) for r in rows], "total": total, "offset": page.offset, "limit": page.limit}


@router.post("", status_code=201, response_model=FixedAssignmentOut, summary="Fix a shift in advance")
def add_fixed(body: FixedAssignmentIn, home: HomeDep, uow: Uow, actor: Actor) -> Any:
    return to_out(people.add_fixed(uow, actor, home.id, body))


@router.get("/{fixed_id}", response_model=FixedAssignmentOut, summary="One fixed assignment")
def get_fixed(fixed: FixedDep) -> Any:
    return to_out(fixed)


@router.patch("/{fixed_id}", response_model=FixedAssignmentOut, summary="Change a fixed assignment")
def change_fixed(body: FixedAssignmentPatch, fixed: FixedDep, uow: Uow,  # type: ignore[valid-type]
                 actor: Actor) -> Any:
    return to_out(people.change_fixed(uow, actor, fixed, body, FixedAssignmentIn))


@router.delete("/{fixed_id}", status_code=204, summary="Remove a fixed assignment")
def remove_fixed(fixed: FixedDep, uow: Uow, actor: Actor) -> Response:
    people.remove_fixed(uow, actor, fixed)
    return Response(status_code=204)
