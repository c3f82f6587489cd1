"""Live edits to a draft rota with optimistic concurrency.

The caller sends the ETag it last saw (`If-Match`); if the draft has changed since, nothing is written
(412). Two edits racing past that check still cannot both win: the version row's `revision` is the
mapper's version counter, so the second UPDATE matches no row and is rolled back (409).

The edit itself (checking it, applying it, re-auditing only what it touches, KPI deltas) is the
`rota.services.editing` use case; this module loads the draft, stores the result and keeps the audit of
the latest revision in memory so the next edit starts from it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from rota.persistence import tables as t
from rota.persistence.base import utcnow
from rota.persistence.mappers import CodeLookup
from rota.persistence.unit_of_work import UnitOfWork
from rota.services import rota_versions
from rota.services.errors import Conflict, Invalid, Stale
from rota.services.rota_versions import RotaCaches


def edit_draft(uow: UnitOfWork, caches: RotaCaches, actor: str, version: t.RotaVersion, if_match: str | None,
               edit: Any) -> tuple[dict[str, Any], str]:
    """Apply one edit; returns the re-audit (shift RAG before/after, new breaches, KPI deltas) and the new ETag."""
    from rota.services.editing import EditError, apply_edit, audit_rota

    if version.status != "draft":
        raise Conflict(f"rota {version.id} is {version.status} and cannot change; start a new draft from it")
    current = rota_versions.etag(version)
    if if_match is None:
        raise Stale(f"send the rota's ETag in If-Match (currently {current}) so a stale edit cannot overwrite "
                    "someone else's")
    if if_match != current:
        raise Stale(f"the rota has changed since you loaded it (you have {if_match}, it is now {current}); "
                    "reload it and make the edit again. Nothing was changed.")
    index = rota_versions.index_of(caches, version)
    before = caches.audits.get_or_make(
        (version.id, version.revision), lambda: audit_rota(index, rota_versions.rota_of(uow, version)))
    try:
        result = apply_edit(index, before, edit)
    except EditError as exc:
        raise Invalid.one(f"body.{exc.field}", exc.message) from None
    _store(uow, version, result.removed, result.added)
    version.updated_at = utcnow()
    uow.session.flush()
    body = result.as_dict()
    rota_versions.record(uow, actor, version, "edit", "; ".join(result.lines) or f"edited rota {version.id}",
                         {"removed": body["removed"]}, {"added": body["added"]})
    uow.commit()
    caches.audits.get_or_make((version.id, version.revision), lambda: result.after)
    return body, rota_versions.etag(version)


def _store(uow: UnitOfWork, version: t.RotaVersion, removed: list[Any], added: list[Any]) -> None:
    codes = CodeLookup(uow.session, version.period.home_id)
    for a in removed:
        uow.session.execute(delete(t.Assignment).where(
            t.Assignment.rota_version_id == version.id, t.Assignment.work_date == a.date,
            t.Assignment.shift_type_id == codes.shifts[a.shift], t.Assignment.unit_id == codes.units[a.unit],
            t.Assignment.staff_member_id == codes.staff[a.staff_id]))
    for row in codes.rows(added):
        row.rota_version_id = version.id
        uow.session.add(row)
    uow.session.flush()
    uow.session.expire(version, ["assignments"])
