"""Solve jobs: status and progress, and stopping one (the best rota found so far is kept)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from rota.api.dependencies import Actor, JobDep, Uow
from rota.services.solve_jobs import job_view

router = APIRouter(prefix="/jobs", tags=["solve jobs"])


@router.get("/{job_id}", summary="A solve job: status, progress and, when done, a link to its rota")
def get_job(job: JobDep) -> Any:
    return job_view(job)


@router.delete("/{job_id}", status_code=202, summary="Stop a solve job, keeping the best rota found so far")
def stop_job(job: JobDep, uow: Uow, actor: Actor, request: Request) -> Any:
    job = request.app.state.runner.cancel(uow, actor, job)
    return JSONResponse(status_code=202, content=job_view(job))
