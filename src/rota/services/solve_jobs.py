"""Solve jobs: a rota solve requested over HTTP runs in a worker pool in this process, its state in the
database so any request (or a restart) can see it.

- `submit` (in the request's transaction) snapshots the home's scenario and queues a job: 409 if the
  home and period already have one queued or running (the database enforces this too).
- When the home keeps HR records here, the snapshot is gated on them first (`rota.compliance.gating`):
  expired training stops counting for skill mix, no DBS / right to work / NMC keeps a person off, and the
  reasons are kept with the job and its rota so the rota's report can say why.
- The worker runs the engine's solver, writing progress (best objective, bound, elapsed) as it improves,
  and stores the best rota as a new draft version.
- `cancel` stops the search; the best rota found so far is kept.
- On start-up, jobs a previous process left queued or running are marked failed with the reason.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rota.compliance.gating import GatedScenario
from rota.domain.core import DomainModel
from rota.domain.scenario import Scenario
from rota.persistence import tables as t
from rota.persistence.base import utcnow
from rota.persistence.mappers import load_home, scenario_for
from rota.persistence.unit_of_work import UnitOfWork
from rota.services import compliance, rota_versions
from rota.services.errors import Conflict
from rota.solver.service import Progress, SolveOptions, SolveResult, solve

log = logging.getLogger(__name__)

INTERRUPTED = "the service stopped while this solve was queued or running; request the rota again"
PROGRESS_INTERVAL = 0.5
"""Seconds between progress writes: often enough to watch, rare enough not to load the database."""


class SolveSettings(DomainModel):
    time_limit: float = Field(default=30, ge=0.5, le=600, description="Seconds to search.")
    workers: int = Field(default=4, ge=1, le=16, description="Search threads (4 works best even on 2 cores).")
    relative_gap: float = Field(default=0.0, ge=0, le=1, description="Stop within this relative gap.")

    def options(self) -> SolveOptions:
        return SolveOptions(time_limit=self.time_limit, workers=self.workers, relative_gap=self.relative_gap)


def submit(uow: UnitOfWork, actor: str, home: t.Home, start: date, days: int, settings: SolveSettings,
           scenario: Scenario | None = None, what_if_id: int | None = None,
           gated: GatedScenario | None = None) -> t.SolveJob:
    """Queue a solve of the home's rota for the period (or of a what-if's scenario, already `gated` on the
    home's HR records by the caller when it keeps them). The caller hands the returned job to the runner
    after this commits."""
    if scenario is None:
        loaded = load_home(uow.session, home.id)
        assert loaded is not None
        scenario = scenario_for(uow.session, loaded, start, days)
        gated = compliance.gate_for_solve(uow, home.id, scenario)
        if gated is not None:
            scenario = gated.scenario
    period = uow.rotas.get_or_add_period(home.id, start, days)
    if what_if_id is None:
        running = uow.jobs.active_for_period(period.id)
        if running is not None:
            raise Conflict(f"a rota for {home.name} from {start} ({days} days) is already being solved "
                           f"(job {running.id}); wait for it or stop it first")
    job = t.SolveJob(home_id=home.id, period_id=period.id, what_if_scenario_id=what_if_id, status="queued",
                     options=settings.model_dump(mode="json"), scenario=scenario.model_dump(mode="json"),
                     requested_by=actor)
    uow.session.add(job)
    try:
        uow.session.flush()
    except IntegrityError:
        raise Conflict(f"a rota for {home.name} from {start} ({days} days) is already being solved") from None
    gating_note = ""
    if gated is not None:
        compliance.store_gating(uow, gated, job_id=job.id)
        gating_note = f"; {compliance.gating_summary(gated)}"
    uow.audit.record(actor, "solve", "solve_job", job.id, home.id,
                     f"requested a rota from {start} for {days} days ({settings.time_limit:g} s){gating_note}")
    uow.commit()
    return job


def job_view(job: t.SolveJob) -> dict[str, Any]:
    period = job.period
    return {
        "id": job.id, "home_id": job.home_id, "status": job.status,
        "period": {"id": period.id, "start": period.start_date.isoformat(), "days": period.days},
        "scenario_id": job.what_if_scenario_id,
        "options": job.options, "requested_by": job.requested_by, "cancel_requested": job.cancel_requested,
        "progress": {"stage": job.stage, "best_objective": job.best_objective, "bound": job.best_bound,
                     "elapsed_seconds": job.elapsed_seconds},
        "solver_status": job.solver_status, "message": job.message, "rota_id": job.rota_version_id,
        "links": {"self": f"/jobs/{job.id}", "rota": f"/rotas/{job.rota_version_id}" if job.rota_version_id else None},
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@dataclass
class _Running:
    stop: threading.Event
    last_write: float = 0.0


class SolveJobRunner:
    """A pool of solve workers in this process. Job state lives in the database; the runner holds only
    the stop signals of the jobs it is running."""

    def __init__(self, sessions: sessionmaker[Session], workers: int = 1) -> None:
        self.sessions = sessions
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="solve-job")
        self.running: dict[int, _Running] = {}
        self.lock = threading.Lock()

    def recover(self) -> int:
        """Mark jobs a previous process left behind as failed (they can never finish)."""
        with UnitOfWork(self.sessions) as uow:
            count = uow.jobs.fail_interrupted(INTERRUPTED)
            uow.commit()
        if count:
            log.warning("marked %d interrupted solve job(s) failed", count)
        return count

    def start(self, job_id: int) -> None:
        with self.lock:
            self.running[job_id] = _Running(threading.Event())
        self.pool.submit(self._run, job_id)

    def cancel(self, uow: UnitOfWork, actor: str, job: t.SolveJob) -> t.SolveJob:
        """Ask a job to stop. A queued job is cancelled at once; a running one stops within a moment and
        keeps the best rota found."""
        if job.status not in t.ACTIVE_JOB_STATUSES:
            raise Conflict(f"job {job.id} has already finished ({job.status})")
        job.cancel_requested = True
        if job.status == "queued":
            job.status, job.finished_at, job.message = "cancelled", utcnow(), f"cancelled by {actor} before it started"
        uow.audit.record(actor, "cancel", "solve_job", job.id, job.home_id, f"asked solve job {job.id} to stop")
        uow.commit()
        with self.lock:
            entry = self.running.get(job.id)
        if entry is not None:
            entry.stop.set()
        return job

    def shutdown(self) -> None:
        """Stop every running search (their best rotas are saved) and wait for the workers."""
        with self.lock:
            for entry in self.running.values():
                entry.stop.set()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: int) -> None:
        with self.lock:
            entry = self.running[job_id]
        try:
            self._solve(job_id, entry)
        except Exception as exc:  # a job must end failed with a reason, never stay "running"
            log.exception("solve job %d failed", job_id)
            self._finish(job_id, status="failed", message=f"the solve stopped with an internal error: {exc}")
        finally:
            with self.lock:
                self.running.pop(job_id, None)

    def _solve(self, job_id: int, entry: _Running) -> None:
        with UnitOfWork(self.sessions) as uow:
            job = uow.jobs.get(job_id)
            if job is None or job.status != "queued":
                return
            job.status, job.started_at = "running", utcnow()
            uow.commit()
            scenario = Scenario.model_validate(job.scenario)
            settings = SolveSettings.model_validate(job.options)
        result = solve(scenario, settings.options(), self._progress_writer(job_id, entry), stop=entry.stop)
        self._store(job_id, scenario, result, cancelled=entry.stop.is_set())

    def _progress_writer(self, job_id: int, entry: _Running):
        def write(point: Progress) -> None:
            now = time.monotonic()
            if now - entry.last_write < PROGRESS_INTERVAL:
                return
            entry.last_write = now
            with UnitOfWork(self.sessions) as uow:
                job = uow.jobs.get(job_id)
                if job is not None:
                    job.stage, job.best_objective, job.elapsed_seconds = point.stage, point.objective, point.elapsed
                    job.best_bound = point.bound if point.bound > float("-inf") else None
                    uow.commit()

        return write

    def _store(self, job_id: int, scenario: Scenario, result: SolveResult, cancelled: bool) -> None:
        with UnitOfWork(self.sessions) as uow:
            job = uow.jobs.get(job_id)
            assert job is not None
            job.solver_status, job.elapsed_seconds = result.status, round(result.wall_time, 3)
            job.best_objective, job.best_bound = result.objective, result.bound
            job.finished_at = utcnow()
            job.status = "cancelled" if cancelled else "succeeded"
            if result.has_rota:
                version = rota_versions.add_version(
                    uow, job.period, job.scenario, result.rota.assignments,
                    "what_if" if job.what_if_scenario_id else "solve", job.requested_by,
                    solver_status=result.status, objective=result.objective, bound=result.bound,
                    status="what_if" if job.what_if_scenario_id else "draft")
                job.rota_version_id = version.id
                compliance.link_gating(uow, job.id, version.id)
                job.message = _message(result, cancelled)
                rota_versions.record(uow, job.requested_by, version, "create",
                                     f"solved rota {version.id} ({result.status}, {len(result.rota.assignments)} "
                                     f"shifts) by job {job.id}")
            else:
                job.status = "cancelled" if cancelled else "failed"
                job.message = _message(result, cancelled)
            _settle_what_if(uow, job)
            uow.commit()

    def _finish(self, job_id: int, status: str, message: str) -> None:
        with UnitOfWork(self.sessions) as uow:
            job = uow.jobs.get(job_id)
            if job is not None and job.status in t.ACTIVE_JOB_STATUSES:
                job.status, job.message, job.finished_at = status, message, utcnow()
                _settle_what_if(uow, job)
                uow.commit()


def _settle_what_if(uow: UnitOfWork, job: t.SolveJob) -> None:
    """A what-if scenario's state follows its latest solve: solved (with the rota to compare) or failed."""
    if job.what_if_scenario_id is None:
        return
    scenario = uow.session.get(t.WhatIfScenario, job.what_if_scenario_id)
    if scenario is None:
        return
    if job.rota_version_id is not None:
        scenario.status, scenario.result_rota_version_id = "solved", job.rota_version_id
    else:
        scenario.status = "failed"


def _message(result: SolveResult, cancelled: bool) -> str:
    if result.status == "INFEASIBLE":
        reasons = "; ".join(c.message for c in result.conflicts[:10]) or "no smaller explanation found in time"
        return f"no rota is possible: hard rules contradict each other ({reasons})"
    if not result.has_rota:
        return ("stopped before any rota was found" if cancelled
                else "no rota found within the time limit; try a longer time limit")
    gaps = len(result.gaps)
    kept = "stopped on request; the best rota found so far was kept" if cancelled else "done"
    return f"{kept}: {result.status.lower()} rota, {gaps} gap(s) in cover"

