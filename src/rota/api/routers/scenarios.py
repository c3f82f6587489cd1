"""What-if scenarios: a rota plus changes, solved as a job, compared with the rota it started from."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.responses import JSONResponse

from rota.api.dependencies import Actor, HomeDep, Paging, ScenarioDep, Uow
from rota.persistence import tables as t
from rota.services import solve_jobs, whatif
from rota.services.errors import Conflict
from rota.services.whatif import ScenarioCreate, ScenarioSolve

router = APIRouter(tags=["what-if scenarios"])


@router.post("/homes/{home_id}/scenarios", status_code=201, summary="Create a what-if from a rota and changes")
def create_scenario(body: ScenarioCreate, home: HomeDep, uow: Uow, actor: Actor) -> Any:
    row = whatif.create(uow, actor, home, body)
    return JSONResponse(status_code=201, content=whatif.scenario_view(row),
                        headers={"Location": f"/scenarios/{row.id}"})


@router.get("/homes/{home_id}/scenarios", summary="A home's what-if scenarios, newest first")
def list_scenarios(
    home: HomeDep, uow: Uow, page: Paging,
    base_rota_id: Annotated[int | None, Query(description="Only what-ifs of this rota.")] = None,
) -> Any:
    where: list[Any] = [t.WhatIfScenario.home_id == home.id]
    if base_rota_id is not None:
        where.append(t.WhatIfScenario.base_rota_version_id == base_rota_id)
    rows, total = uow.scenarios.page(where, page.offset, page.limit, order_by=(t.WhatIfScenario.id.desc(),))
    return {"items": [whatif.scenario_view(r) for r in rows], "total": total, "offset": page.offset,
            "limit": page.limit}


@router.get("/scenarios/{scenario_id}", summary="One what-if scenario: its changes, state and result rota")
def get_scenario(scenario: ScenarioDep) -> Any:
    return whatif.scenario_view(scenario)


@router.delete("/scenarios/{scenario_id}", status_code=204, summary="Delete a what-if and its result rota")
def delete_scenario(scenario: ScenarioDep, uow: Uow, actor: Actor) -> Response:
    if scenario.status == "solving":
        raise Conflict(f"what-if {scenario.id} is being solved; stop its job first")
    result = uow.rotas.get(scenario.result_rota_version_id) if scenario.result_rota_version_id else None
    uow.audit.record(actor, "delete", "what_if_scenario", scenario.id, scenario.home_id,
                     f"deleted what-if '{scenario.name}'", whatif.scenario_view(scenario), None)
    uow.session.delete(scenario)
    if result is not None and result.status == "what_if":
        uow.session.delete(result)
    uow.commit()
    return Response(status_code=204)


@router.post("/scenarios/{scenario_id}/solve", status_code=202, summary="Solve a what-if: starts a solve job")
def solve_scenario(scenario: ScenarioDep, uow: Uow, actor: Actor, request: Request,
                   body: Annotated[ScenarioSolve | None, Body()] = None) -> Any:
    job = whatif.submit_solve(uow, actor, scenario, body or ScenarioSolve())
    request.app.state.runner.start(job.id)
    return JSONResponse(status_code=202, content=solve_jobs.job_view(job), headers={"Location": f"/jobs/{job.id}"})


@router.get("/scenarios/{scenario_id}/compare", summary="Base and what-if key figures side by side")
def compare_scenario(scenario: ScenarioDep, uow: Uow, request: Request) -> Any:
    return whatif.compare(uow, request.app.state.caches, scenario)
