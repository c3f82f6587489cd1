"""Compliance use cases over the stored HR records: due list, training matrix, indicators, evidence report,
and gating a solve job's scenario on the home's records.

Everything is computed from the records as stored (`persistence.compliance_mappers.load_compliance`) by
the DB-free core in `rota.compliance`; nothing is cached, so an edit shows in the next request.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select

from rota.compliance.arrays import compliance_summary
from rota.compliance.dates import add_months, month_end, month_ends, parse_month
from rota.compliance.due_dates import (
    Area,
    ComplianceItem,
    Status,
    compliance_items,
    filter_items,
    summarise,
)
from rota.compliance.evidence import evidence_report
from rota.compliance.export import training_matrix, write_matrix_csv, write_matrix_xlsx
from rota.compliance.gating import GatedScenario, GateKind, GateReason, gate_scenario
from rota.compliance.indicators import IndicatorSet, by_home, indicator_set
from rota.compliance.policy import CompliancePolicy
from rota.domain.scenario import Scenario
from rota.persistence import compliance_tables as c
from rota.persistence import tables as t
from rota.persistence.compliance_mappers import LoadedCompliance, load_compliance, policy_row
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.errors import Invalid

CHECK_ITEMS = ("supervision", "appraisal", "dbs", "right_to_work", "references", "nmc", "probation",
               "medication_competency")
STATUS_ORDER = {Status.MISSING: 0, Status.OVERDUE: 1, Status.DUE_SOON: 2, Status.VALID: 3}


def reporting_month(text: str | None, field: str = "query.month") -> date:
    """'2026-10' -> 31 Oct 2026; none: the last complete month."""
    if text is None:
        previous = add_months(date.today().replace(day=1), -1)
        return month_end(previous.year, previous.month)
    try:
        return parse_month(text)
    except ValueError as exc:
        raise Invalid.one(field, str(exc)) from None


def item_id(loaded: LoadedCompliance, text: str, field: str = "query.course") -> str:
    """A course by id or name as HR spells it, or a check (supervision, dbs, ...)."""
    course = loaded.data.catalogue.match(text)
    if course is not None:
        return course.id
    key = text.strip().lower().replace(" ", "_")
    if key in CHECK_ITEMS:
        return key
    raise Invalid.one(field, f"'{text}' is not a course in the home's catalogue nor one of: {', '.join(CHECK_ITEMS)}")


@dataclass(frozen=True)
class ComplianceQuery:
    on: date
    within: int | None = None
    role: str | None = None
    course: str | None = None
    area: Area | None = None
    statuses: Sequence[Status] | None = None
    staff_id: str | None = None


def home_compliance(uow: UnitOfWork, home: t.Home, query: ComplianceQuery) -> tuple[list[ComplianceItem], Any]:
    """Every matching item, most urgent first, and the summary counts of those items."""
    loaded = load_compliance(uow.session, home.id)
    item = item_id(loaded, query.course) if query.course else None
    items = compliance_items(loaded.data, query.on, loaded.policy)
    chosen = filter_items(items, query.on, within_days=query.within, role=query.role, item=item, area=query.area,
                          statuses=query.statuses)
    if query.staff_id is not None:
        chosen = [i for i in chosen if i.staff_id == query.staff_id]
    chosen.sort(key=lambda i: (STATUS_ORDER[i.status], i.due or query.on, i.name, i.label))
    return chosen, summarise(chosen)


def matrix_file(uow: UnitOfWork, home: t.Home, on: date, kind: str) -> bytes:
    """The training matrix as CSV or XLSX bytes (what `rota compliance --export` writes)."""
    loaded = load_compliance(uow.session, home.id)
    items = compliance_items(loaded.data, on, loaded.policy, areas=(Area.TRAINING,))
    matrix = training_matrix(items, on, order=[course.id for course in loaded.data.catalogue.courses])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"matrix.{kind}"
        if kind == "xlsx":
            write_matrix_xlsx(matrix, items, path)
        else:
            write_matrix_csv(matrix, path)
        return path.read_bytes()


def earliest_day(month: date, months: int) -> date:
    """The first day indicators for `months` months to `month` look at: older training can be pruned."""
    return month_ends(month, months)[0]


def home_indicators(uow: UnitOfWork, home: t.Home, month: date, months: int = 12) -> IndicatorSet:
    loaded = load_compliance(uow.session, home.id, training_from=earliest_day(month, months))
    return indicator_set(loaded.data, month, loaded.policy, months=months)


@dataclass(frozen=True)
class ProviderView:
    summary: Any
    indicators: IndicatorSet
    homes: list[IndicatorSet]


def provider_indicators(uow: UnitOfWork, month: date, months: int = 12, per_home: bool = False) -> ProviderView:
    """Every home's records together: the compliance summary on the month's last day and every indicator;
    with `per_home`, each home's headline indicators too (for a provider's comparison table)."""
    loaded = load_compliance(uow.session, training_from=earliest_day(month, months))
    summary = compliance_summary(loaded.data, month, loaded.policy)
    indicators = indicator_set(loaded.data, month, loaded.policy, months=months)
    homes = by_home(loaded.data, month, loaded.policy) if per_home else []
    return ProviderView(summary, indicators, homes)


def cqc_report(uow: UnitOfWork, home: t.Home, month: date) -> str:
    loaded = load_compliance(uow.session, home.id, training_from=earliest_day(month, 12))
    return evidence_report(loaded.data, month, loaded.policy, home_id=home.code,
                           title=f"Workforce evidence: {home.name}").html


# --- policy and catalogue ----------------------------------------------------------------------------------------


def set_policy(uow: UnitOfWork, actor: str, home: t.Home | None, policy: CompliancePolicy) -> CompliancePolicy:
    """Replace the home's (or, with no home, the provider's) intervals and thresholds; audit-logged."""
    home_id = home.id if home is not None else None
    row = policy_row(uow.session, home_id)
    before = row.settings if row is not None else None
    settings = policy.model_dump(mode="json")
    if row is None:
        row = c.HrPolicy(home_id=home_id, settings=settings)
        uow.session.add(row)
    else:
        row.settings = settings
    uow.session.flush()
    uow.audit.record(actor, "update", "hr_policy", row.id, home_id,
                     f"changed the compliance policy of {home.name if home is not None else 'the provider'}",
                     before, settings)
    uow.commit()
    return policy


# --- gating ------------------------------------------------------------------------------------------------------


def has_hr_records(uow: UnitOfWork, home_id: int) -> bool:
    return bool(uow.session.scalar(select(exists().where(c.HrEmployment.home_id == home_id))))


def gate_for_solve(uow: UnitOfWork, home_id: int, scenario: Scenario,
                   exempt: frozenset[str] = frozenset()) -> GatedScenario | None:
    """The scenario as the home's HR records allow it, or None when the home keeps no HR records here
    (then the rota is planned on the staff records alone, as before)."""
    if not has_hr_records(uow, home_id):
        return None
    loaded = load_compliance(uow.session, home_id)
    return gate_scenario(scenario, loaded.data, loaded.policy, exempt=exempt)


CARRIED_OVER = (GateKind.NOT_NURSE, GateKind.NEW_STARTER)
"""Changes an earlier gating made to a person that gating again cannot see, because the scenario already
carries them (the lapsed nurse's fallback role, the supernumerary new starter): their reasons are kept."""


def gate_for_whatif(uow: UnitOfWork, home_id: int, scenario: Scenario, base_version_id: int,
                    hypothetical: Sequence[str]) -> GatedScenario | None:
    """A what-if's scenario as today's HR records allow it: the base rota was gated on the records of its
    day, and a DBS check may have lapsed or a course been completed since. People the what-if adds are
    hypothetical hires, with no records to check. None when the home keeps no HR records here."""
    gated = gate_for_solve(uow, home_id, scenario, exempt=frozenset(hypothetical))
    if gated is None:
        return None
    base = gating_for_version(uow, base_version_id, scenario)
    found = {(r.staff_id, r.kind) for r in gated.reasons}
    kept = tuple(r for r in (base.reasons if base is not None else ())
                 if r.kind in CARRIED_OVER and (r.staff_id, r.kind) not in found and _still_applied(r, gated.scenario))
    return GatedScenario(gated.scenario, gated.reasons + kept)


def _still_applied(reason: GateReason, scenario: Scenario) -> bool:
    """Whether the scenario still carries what the reason says: the new starter still supernumerary, the
    lapsed nurse still in a role that is not a nurse's (a nurse kept off by days is gated afresh instead)."""
    member = scenario.member(reason.staff_id)  # a change set adds people, never removes them
    if reason.kind == GateKind.NEW_STARTER:
        return not member.care_certificate_complete
    return not scenario.role(member.role).registered_nurse


def gating_summary(gated: GatedScenario) -> str:
    blocking, flags = gated.blocking, gated.flags
    people = len({r.staff_id for r in blocking})
    return (f"HR records changed the rota for {people} person(s): {len(blocking)} restriction(s), "
            f"{len(flags)} flag(s) for the report") if gated.reasons else "HR records checked: nothing to change"


def store_gating(uow: UnitOfWork, gated: GatedScenario, job_id: int | None = None,
                 version_id: int | None = None) -> None:
    """Keep a gating with the solve job that will plan on it, or with the rota already planned on it (a
    sickness repair, which has no job)."""
    uow.session.add(c.RotaGating(solve_job_id=job_id, rota_version_id=version_id,
                                 reasons=[r.as_dict() for r in gated.reasons], summary=gating_summary(gated)))


def link_gating(uow: UnitOfWork, job_id: int, version_id: int) -> None:
    """The rota a gated job produced carries the job's gating (a no-op for jobs that were not gated)."""
    row = uow.session.scalars(select(c.RotaGating).where(c.RotaGating.solve_job_id == job_id)).one_or_none()
    if row is not None:
        row.rota_version_id = version_id


def reasons_of(stored: list[dict[str, Any]]) -> tuple[GateReason, ...]:
    return tuple(GateReason(staff_id=r["staff_id"], name=r["name"], kind=GateKind(r["kind"]), message=r["message"],
                            skill=r.get("skill"),
                            start=date.fromisoformat(r["start"]) if r.get("start") else None,
                            end=date.fromisoformat(r["end"]) if r.get("end") else None) for r in stored)


def gating_for_version(uow: UnitOfWork, version_id: int, scenario: Scenario) -> GatedScenario | None:
    """The gating a solved rota was planned under, for its report (None: it was not gated)."""
    row = uow.session.scalars(select(c.RotaGating).where(c.RotaGating.rota_version_id == version_id)).first()
    return GatedScenario(scenario, reasons_of(row.reasons)) if row is not None else None
