"""What-if scenarios over HTTP: a stored rota plus a change set (absences, admissions, changed dependency,
agency cap, rule or weight changes, extra staff), solved as a job, then compared with the rota it started
from, side by side.

The change set is applied to the base rota's own scenario snapshot (the facts that rota was planned
against), so the comparison isolates the changes. It is checked when the scenario is created: a change
naming someone who does not exist is a 422 naming the change set's field, before any solving. A home that
keeps HR records has the what-if gated on today's records (docs/compliance.md)."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import select

from rota.domain.core import DisplayName, DomainModel
from rota.domain.scenario import Scenario
from rota.persistence import tables as t
from rota.persistence.unit_of_work import UnitOfWork
from rota.scenarios.changes import ChangeSet, ChangeSetError, apply_changes
from rota.scenarios.compare import compare_rotas
from rota.services import compliance, rota_versions, solve_jobs
from rota.services.errors import Conflict, Invalid
from rota.services.rota_versions import RotaCaches
from rota.services.solve_jobs import SolveSettings


class ScenarioCreate(DomainModel):
    name: DisplayName
    base_rota_id: int = Field(description="The rota (version id) the what-if starts from.")
    changes: ChangeSet = Field(default_factory=ChangeSet)


class ScenarioSolve(SolveSettings):
    keep_base_rota: bool = Field(
        default=True, description="Change only what the changes force (as a repair would); false plans afresh.")


def scenario_view(row: t.WhatIfScenario) -> dict[str, Any]:
    return {
        "id": row.id, "home_id": row.home_id, "name": row.name, "base_rota_id": row.base_rota_version_id,
        "changes": row.changes, "status": row.status, "result_rota_id": row.result_rota_version_id,
        "created_at": row.created_at.isoformat(), "created_by": row.created_by,
        "links": {"self": f"/scenarios/{row.id}", "base_rota": f"/rotas/{row.base_rota_version_id}",
                  "result_rota": f"/rotas/{row.result_rota_version_id}" if row.result_rota_version_id else None,
                  "compare": f"/scenarios/{row.id}/compare"},
    }


def create(uow: UnitOfWork, actor: str, home: t.Home, body: ScenarioCreate) -> t.WhatIfScenario:
    base = uow.rotas.get(body.base_rota_id)
    if base is None or base.period.home_id != home.id:
        raise Invalid.one("body.base_rota_id", f"no rota {body.base_rota_id} in {home.name}")
    if base.status == "what_if":
        raise Invalid.one("body.base_rota_id", f"rota {base.id} is itself a what-if result; start from a draft "
                          "or published rota")
    changed_scenario(Scenario.model_validate(base.scenario), body.changes)
    row = t.WhatIfScenario(home_id=home.id, base_rota_version_id=base.id, name=body.name,
                           changes=body.changes.model_dump(mode="json", exclude_defaults=True), created_by=actor)
    uow.session.add(row)
    uow.session.flush()
    uow.audit.record(actor, "create", "what_if_scenario", row.id, home.id,
                     f"what-if '{row.name}' from rota {base.id}", None, row.changes)
    uow.commit()
    return row


def changed_scenario(base: Scenario, changes: ChangeSet) -> Scenario:
    try:
        return apply_changes(base, changes)
    except ChangeSetError as exc:
        raise Invalid([{"field": f"body.changes.{path}", "message": message}
                       for path, message in exc.problems]) from None


def submit_solve(uow: UnitOfWork, actor: str, row: t.WhatIfScenario, settings: ScenarioSolve) -> t.SolveJob:
    active = uow.session.scalar(select(t.SolveJob.id).where(
        t.SolveJob.what_if_scenario_id == row.id, t.SolveJob.status.in_(t.ACTIVE_JOB_STATUSES)))
    if active is not None:
        raise Conflict(f"what-if {row.id} is already being solved (job {active}); wait for it or stop it first")
    base = uow.rotas.get(row.base_rota_version_id)
    assert base is not None  # the foreign key cascades: a scenario never outlives its base rota
    changes = ChangeSet.model_validate(row.changes)
    scenario = changed_scenario(Scenario.model_validate(base.scenario), changes)
    gated = compliance.gate_for_whatif(uow, row.home_id, scenario, base.id, [m.id for m in changes.extra_staff])
    if gated is not None:
        scenario = gated.scenario
    if settings.keep_base_rota:
        base_rota = rota_versions.rota_of(uow, base)
        scenario = scenario.model_copy(update={"published_rota": base_rota.assignments})
    period = base.period
    row.status = "solving"
    home = uow.homes.get(row.home_id)
    assert home is not None
    return solve_jobs.submit(uow, actor, home, period.start_date, period.days,
                             SolveSettings(**settings.model_dump(exclude={"keep_base_rota"})),
                             scenario=scenario, what_if_id=row.id, gated=gated)


def compare(uow: UnitOfWork, caches: RotaCaches, row: t.WhatIfScenario) -> dict[str, Any]:
    """Base and what-if figures side by side, each rota audited against its own scenario."""
    from rota.services.editing import audit_rota

    if row.result_rota_version_id is None:
        raise Conflict(f"what-if {row.id} has no result yet ({row.status}); solve it first "
                       f"(POST /scenarios/{row.id}/solve) and wait for the job")
    audits = []
    for version_id in (row.base_rota_version_id, row.result_rota_version_id):
        version = uow.rotas.get(version_id)
        assert version is not None
        index = rota_versions.index_of(caches, version)
        audits.append(caches.audits.get_or_make(
            (version.id, version.revision), lambda v=version, i=index: audit_rota(i, rota_versions.rota_of(uow, v))))
    comparison = compare_rotas(audits[0], audits[1])
    return {"scenario": scenario_view(row), **comparison.as_dict()}
