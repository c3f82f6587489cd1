"""The FastAPI application: migrations and interrupted-job recovery on start-up, one router per resource."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from sqlalchemy import Engine

from rota.api import errors
from rota.api.routers import (
    audit,
    compliance,
    exports,
    fixed_assignments,
    homes,
    hr_records,
    jobs,
    residents,
    roles,
    rotas,
    scenarios,
    settings,
    shift_types,
    skills,
    staff,
    units,
)
from rota.api.schemas.common import ERROR_RESPONSES
from rota.persistence.database import make_engine, migrate, session_factory
from rota.services.rota_versions import RotaCaches
from rota.services.solve_jobs import SolveJobRunner

log = logging.getLogger(__name__)

ROUTERS = (homes, units, shift_types, roles, skills, staff, residents, settings, fixed_assignments, rotas, jobs,
           scenarios, exports, audit, compliance, hr_records)


def create_app(engine: Engine | None = None, *, solve_workers: int = 1) -> FastAPI:
    """The app over `engine` (default: `ROTA_DATABASE_URL`, else `./rota.db`). Start-up brings the schema
    up to date and marks solves a previous process left running as failed."""
    engine = engine or make_engine()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        migrate(engine)
        app.state.engine = engine
        app.state.sessions = session_factory(engine)
        app.state.caches = RotaCaches.create()
        app.state.runner = SolveJobRunner(app.state.sessions, solve_workers)
        app.state.runner.recover()
        try:
            yield
        finally:
            app.state.runner.shutdown()

    app = FastAPI(
        title="rota",
        summary="Safe care-home rotas from residents' dependency: homes, staff, residents, solve jobs, "
                "rotas with per-shift safety reports, publishing, edits, sickness repair and what-ifs.",
        version="0.1.0",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    errors.install(app)
    for module in ROUTERS:
        app.include_router(module.router)
    return app
