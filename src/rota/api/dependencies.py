"""Request dependencies: one unit of work per request, the acting user, paging, and path ids -> 404."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request

from rota.persistence import tables as t
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.errors import NotFound


def get_uow(request: Request) -> Iterator[UnitOfWork]:
    with UnitOfWork(request.app.state.sessions) as uow:
        yield uow


Uow = Annotated[UnitOfWork, Depends(get_uow)]


def get_actor(x_user: Annotated[str | None, Header(description="Who is making the change (for the audit log).")]
              = None) -> str:
    return (x_user or "").strip()[:200] or "anonymous"


Actor = Annotated[str, Depends(get_actor)]


class Page:
    def __init__(self, offset: Annotated[int, Query(ge=0)] = 0,
                 limit: Annotated[int, Query(ge=1, le=500)] = 50) -> None:
        self.offset = offset
        self.limit = limit


Paging = Annotated[Page, Depends()]


def valid_home(home_id: int, uow: Uow) -> t.Home:
    home = uow.homes.get(home_id)
    if home is None:
        raise NotFound("home", home_id)
    return home


HomeDep = Annotated[t.Home, Depends(valid_home)]


def child_of_home(repo: str, label: str, param: str) -> Callable[..., Any]:
    """A dependency that loads a home's record by the path id `param` (e.g. `unit_id`), or 404 if it is
    not in that home. The signature is built so OpenAPI documents the path parameter by its own name."""

    def dependency(home: t.Home, uow: UnitOfWork, **path: int) -> Any:
        row_id = path[param]
        row = getattr(uow, repo).get(row_id)
        if row is None or row.home_id != home.id:
            raise NotFound(label, row_id)
        return row

    keyword = inspect.Parameter.KEYWORD_ONLY
    dependency.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("home", keyword, annotation=HomeDep),
        inspect.Parameter("uow", keyword, annotation=Uow),
        inspect.Parameter(param, keyword, annotation=int),
    ])
    return dependency


def valid_staff(home: HomeDep, staff_id: int, uow: Uow) -> t.StaffMember:
    row = uow.staff.get(staff_id)
    if row is None or row.home_id != home.id:
        raise NotFound("staff member", staff_id)
    return row


StaffDep = Annotated[t.StaffMember, Depends(valid_staff)]


def valid_resident(home: HomeDep, resident_id: int, uow: Uow) -> t.Resident:
    row = uow.residents.get(resident_id)
    if row is None or row.home_id != home.id:
        raise NotFound("resident", resident_id)
    return row


ResidentDep = Annotated[t.Resident, Depends(valid_resident)]


def valid_rota(rota_id: int, uow: Uow) -> t.RotaVersion:
    row = uow.rotas.get(rota_id)
    if row is None:
        raise NotFound("rota", rota_id)
    return row


RotaDep = Annotated[t.RotaVersion, Depends(valid_rota)]


def valid_job(job_id: int, uow: Uow) -> t.SolveJob:
    row = uow.jobs.get(job_id)
    if row is None:
        raise NotFound("job", job_id)
    return row


JobDep = Annotated[t.SolveJob, Depends(valid_job)]


def valid_scenario(scenario_id: int, uow: Uow) -> t.WhatIfScenario:
    row = uow.scenarios.get(scenario_id)
    if row is None:
        raise NotFound("scenario", scenario_id)
    return row


ScenarioDep = Annotated[t.WhatIfScenario, Depends(valid_scenario)]
