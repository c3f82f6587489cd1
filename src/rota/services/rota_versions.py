"""Rota versions: store a solved rota, report on one (cached per revision), publish, start a new draft.

A version's report is computed from its own scenario snapshot and assignments, so it is the same however
often it is asked for: the serialised report is cached per (version, revision) and a read that hits the
cache costs one small query."""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from rota.domain.rota import Assignment, Rota
from rota.domain.scenario import Scenario
from rota.persistence import tables as t
from rota.persistence.base import utcnow
from rota.persistence.mappers import CodeLookup, assignments_of
from rota.persistence.unit_of_work import UnitOfWork
from rota.services import compliance
from rota.services.errors import Conflict
from rota.services.rotas import build_report, report_dict
from rota.solver.index import ProblemIndex
from rota.solver.service import audit


class LruCache:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def get_or_make(self, key: Any, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


@dataclass
class RotaCaches:
    """Per-process caches: a version's parsed scenario and index never change; its report changes only
    with its revision."""

    indexes: LruCache
    reports: LruCache
    audits: LruCache
    """The edit use case's audit state per (version, revision), so an edit re-audits only what it touches."""
    building: threading.Lock = field(default_factory=threading.Lock)
    """Held while a report is built: when twenty clients ask for a just-edited rota at once, one builds it
    and the rest wait and read it from the cache, instead of twenty building it side by side."""

    @classmethod
    def create(cls, size: int = 32) -> RotaCaches:
        return cls(LruCache(size), LruCache(size), LruCache(size))


def index_of(caches: RotaCaches, version: t.RotaVersion) -> ProblemIndex:
    return caches.indexes.get_or_make(version.id, lambda: ProblemIndex(Scenario.model_validate(version.scenario)))


def rota_of(uow: UnitOfWork, version: t.RotaVersion) -> Rota:
    return Rota(assignments=tuple(assignments_of(uow.session, version)))


def version_summary(version: t.RotaVersion) -> dict[str, Any]:
    period = version.period
    return {
        "id": version.id, "home_id": period.home_id, "period_id": period.id,
        "period": {"start": period.start_date.isoformat(), "days": period.days},
        "number": version.number, "status": version.status, "source": version.source,
        "revision": version.revision, "based_on_id": version.based_on_id,
        "solver": {"status": version.solver_status, "objective": version.objective, "bound": version.bound},
        "note": version.note,
        "created_at": version.created_at.isoformat(), "created_by": version.created_by,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "published_by": version.published_by,
    }


@dataclass(frozen=True)
class EncodedReport:
    """A version's report encoded once per revision, so a read costs a revision lookup and a dictionary hit:
    lean (summary, key figures, findings, per-shift report) and full (plus one row per assignment), each as
    plain JSON and gzipped."""

    revision: int
    lean: bytes
    lean_gzip: bytes
    full: bytes
    full_gzip: bytes

    def body(self, *, assignments: bool, gzipped: bool) -> bytes:
        if assignments:
            return self.full_gzip if gzipped else self.full
        return self.lean_gzip if gzipped else self.lean


def encode_report(uow: UnitOfWork, caches: RotaCaches, version: t.RotaVersion) -> EncodedReport:
    index = index_of(caches, version)
    rota = rota_of(uow, version)
    gating = compliance.gating_for_version(uow, version.id, index.scenario)
    report = report_dict(build_report(index, rota, audit(index, rota), gating))
    rows = report.pop("rota")
    gated = {"gating": [r.as_dict() for r in gating.reasons]} if gating is not None else {}
    lean_data = {**version_summary(version), **report, **gated}
    lean = orjson.dumps(lean_data, default=str)
    full = orjson.dumps({**lean_data, "rota": rows}, default=str)
    return EncodedReport(version.revision, lean, gzip.compress(lean, 6), full, gzip.compress(full, 6))


def revision_of(engine: Engine, rota_id: int) -> int | None:
    """The version's current revision (None if there is no such rota): one indexed row, no ORM objects."""
    with engine.connect() as connection:
        return connection.execute(
            select(t.RotaVersion.revision).where(t.RotaVersion.id == rota_id)).scalar_one_or_none()


def cached_report(sessions: sessionmaker[Session], caches: RotaCaches, rota_id: int,
                  revision: int) -> EncodedReport | None:
    """The encoded report of `rota_id` at `revision` or later: from the cache when it holds that revision,
    else built from the database (which may by then hold a newer revision; the result says which).
    None if the rota has gone."""
    found = caches.reports.get((rota_id, revision))
    if found is not None:
        return found
    with caches.building, UnitOfWork(sessions) as uow:
        version = uow.rotas.get(rota_id)
        if version is None:
            return None
        return caches.reports.get_or_make((version.id, version.revision),
                                          lambda: encode_report(uow, caches, version))


def etag(version: t.RotaVersion) -> str:
    return etag_of(version.id, version.revision)


def etag_of(rota_id: int, revision: int) -> str:
    return f'"{rota_id}.{revision}"'


def add_version(uow: UnitOfWork, period: t.RotaPeriod, scenario: dict[str, Any], assignments: tuple[Assignment, ...],
                source: str, actor: str, status: str = "draft", **fields: Any) -> t.RotaVersion:
    """A new version (a draft unless said otherwise). The caller records it in the audit log and commits.
    A what-if's result may plan the what-if's hypothetical hires: people in its scenario with no staff
    record, kept by code."""
    version = t.RotaVersion(period_id=period.id, number=uow.rotas.next_number(period.id), status=status,
                            source=source, scenario=scenario, created_by=actor, **fields)
    codes = CodeLookup(uow.session, period.home_id)
    hypothetical = frozenset(m["id"] for m in scenario.get("staff", ()) if m["id"] not in codes.staff) \
        if status == "what_if" else frozenset()
    version.assignments = codes.rows(assignments, hypothetical)
    uow.rotas.add(version)
    return version


def publish(uow: UnitOfWork, version: t.RotaVersion, actor: str) -> t.RotaVersion:
    """Publish a draft: from now on it never changes, and staff-facing exports use it."""
    if version.status != "draft":
        raise Conflict(f"rota {version.id} is {version.status}; only a draft can be published")
    version.status = "published"
    version.published_at = utcnow()
    version.published_by = actor
    uow.session.flush()
    record(uow, actor, version, "publish", f"published rota {version.id} (version {version.number})")
    uow.commit()
    return version


def new_draft(uow: UnitOfWork, version: t.RotaVersion, actor: str) -> t.RotaVersion:
    """A new draft copying any version (usually the published one), to change without touching it."""
    if version.status == "what_if":
        raise Conflict(f"rota {version.id} is a what-if result; it cannot become a draft")
    draft = add_version(uow, version.period, version.scenario, tuple(assignments_of(uow.session, version)), "copy",
                        actor, based_on_id=version.id, solver_status=version.solver_status,
                        objective=version.objective, bound=version.bound)
    record(uow, actor, draft, "create", f"new draft {draft.id} from rota {version.id}")
    uow.commit()
    return draft


def record(uow: UnitOfWork, actor: str, version: t.RotaVersion, action: str, summary: str,
            before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    uow.audit.record(actor, action, "rota_version", version.id, version.period.home_id, summary, before, after)

