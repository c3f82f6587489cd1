"""Care homes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy import or_, select

from rota.api.dependencies import Actor, HomeDep, Paging, Uow
from rota.api.schemas.catalogue import HomeIn, HomeOut, HomePatch
from rota.api.schemas.common import PageOut
from rota.domain.policy import AgencyPolicy, DependencyTool, ObjectiveWeights, RestRules, SafetyPolicy, StaffingFloors
from rota.persistence import tables as t
from rota.services.catalogue import validated
from rota.services.errors import Conflict

router = APIRouter(prefix="/homes", tags=["homes"])


@router.get("", response_model=PageOut[HomeOut], summary="List homes")
def list_homes(uow: Uow, page: Paging,
               q: Annotated[str | None, Query(description="Code or name contains (any case).")] = None) -> Any:
    where = [or_(t.Home.code.ilike(f"%{q}%"), t.Home.name.ilike(f"%{q}%"))] if q else []
    rows, total = uow.homes.page(where, page.offset, page.limit)
    return {"items": rows, "total": total, "offset": page.offset, "limit": page.limit}


@router.post("", status_code=201, response_model=HomeOut, summary="Add a home (with default staffing rules)")
def create_home(body: HomeIn, uow: Uow, actor: Actor) -> Any:
    if uow.session.scalar(select(t.Home.id).where(t.Home.code == body.code)):
        raise Conflict(f"a home with code '{body.code}' already exists")
    home = uow.homes.add(t.Home(code=body.code, name=body.name))
    uow.session.add(t.StaffingSetting(
        home_id=home.id, dependency_tool=DependencyTool().model_dump(mode="json"),
        floors=StaffingFloors(skill_floors=()).model_dump(mode="json"), agency=AgencyPolicy().model_dump(mode="json"),
        rest=RestRules().model_dump(mode="json"), safety=SafetyPolicy().model_dump(mode="json"),
        weights=ObjectiveWeights().model_dump(mode="json")))
    uow.audit.record(actor, "create", "home", home.id, home.id, f"added home {home.code}", None, body.model_dump())
    uow.commit()
    return home


@router.get("/{home_id}", response_model=HomeOut, summary="One home")
def get_home(home: HomeDep) -> Any:
    return home


@router.patch("/{home_id}", response_model=HomeOut, summary="Rename a home")
def update_home(body: HomePatch, home: HomeDep, uow: Uow, actor: Actor) -> Any:  # type: ignore[valid-type]
    before = {"code": home.code, "name": home.name}
    merged = validated(HomeIn, {**before, **body.model_dump(exclude_unset=True)})
    clash = uow.session.scalar(select(t.Home.id).where(t.Home.code == merged.code, t.Home.id != home.id))
    if clash:
        raise Conflict(f"a home with code '{merged.code}' already exists")
    home.code, home.name = merged.code, merged.name
    uow.audit.record(actor, "update", "home", home.id, home.id, f"changed home {home.code}", before,
                     merged.model_dump())
    uow.commit()
    return home


@router.delete("/{home_id}", status_code=204, summary="Delete a home that has no rotas")
def delete_home(home: HomeDep, uow: Uow, actor: Actor) -> Response:
    if uow.session.scalar(select(t.RotaPeriod.id).where(t.RotaPeriod.home_id == home.id).limit(1)):
        raise Conflict(f"home {home.code} has rotas; they are kept as a record and the home cannot be deleted")
    before = {"code": home.code, "name": home.name}
    uow.session.delete(home)
    uow.audit.record(actor, "delete", "home", home.id, home.id, f"deleted home {before['code']}", before, None)
    uow.commit()
    return Response(status_code=204)
