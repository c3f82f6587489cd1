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


def _with_path_signature(dependency: Callable[..., Any], param: str, *leading: inspect.Parameter) -> None:
    """Give `dependency` the signature FastAPI reads, so OpenAPI documents the path id by its own name."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    dependency.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        *leading,
        inspect.Parameter("uow", keyword, annotation=Uow),
        inspect.Parameter(param, keyword, annotation=int),
    ])


def _row_or_404(uow: UnitOfWork, repo: str, label: str, row_id: int, home: t.Home | None = None) -> Any:
    """The row with `row_id` from the unit of work's repository `repo` (in `home`, if given), else 404."""
    row = getattr(uow, repo).get(row_id)
    if row is None or (home is not None and row.home_id != home.id):
        raise NotFound(label, row_id)
    return row


def by_id(repo: str, label: str, param: str) -> Callable[..., Any]:
    """A dependency that loads a record by the path id `param` (e.g. `rota_id`), or 404 naming `label`."""

    def dependency(uow: UnitOfWork, **path: int) -> Any:
        return _row_or_404(uow, repo, label, path[param])

    _with_path_signature(dependency, param)
    return dependency


HomeDep = Annotated[t.Home, Depends(by_id("homes", "home", "home_id"))]


def child_of_home(repo: str, label: str, param: str) -> Callable[..., Any]:
    """A dependency that loads a home's record by the path id `param` (e.g. `unit_id`), or 404 if it is
    not in that home."""

    def dependency(home: t.Home, uow: UnitOfWork, **path: int) -> Any:
        return _row_or_404(uow, repo, label, path[param], home)

    _with_path_signature(dependency, param, inspect.Parameter("home", inspect.Parameter.KEYWORD_ONLY,
                                                              annotation=HomeDep))
    return dependency


StaffDep = Annotated[t.StaffMember, Depends(child_of_home("staff", "staff member", "staff_id"))]
ResidentDep = Annotated[t.Resident, Depends(child_of_home("residents", "resident", "resident_id"))]
RotaDep = Annotated[t.RotaVersion, Depends(by_id("rotas", "rota", "rota_id"))]
JobDep = Annotated[t.SolveJob, Depends(by_id("jobs", "job", "job_id"))]
ScenarioDep = Annotated[t.WhatIfScenario, Depends(by_id("scenarios", "scenario", "scenario_id"))]
