"""The audit log: who changed what, when, with the record before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from rota.api.dependencies import HomeDep, Paging, Uow
from rota.api.schemas.common import Out, PageOut
from rota.persistence import tables as t

router = APIRouter(prefix="/homes/{home_id}/audit-log", tags=["audit log"])


class AuditOut(Out):
    id: int
    occurred_at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@router.get("", response_model=PageOut[AuditOut], summary="Changes to the home's records, newest first")
def list_audit(
    home: HomeDep, uow: Uow, page: Paging,
    entity_type: Annotated[str | None, Query(description="staff_member, resident, rota_version, ...")] = None,
    entity_id: int | None = None,
    actor: str | None = None,
) -> Any:
    where: list[Any] = [t.AuditLog.home_id == home.id]
    if entity_type:
        where.append(t.AuditLog.entity_type == entity_type)
    if entity_id is not None:
        where.append(t.AuditLog.entity_id == entity_id)
    if actor:
        where.append(t.AuditLog.actor == actor)
    rows, total = uow.audit.page(where, page.offset, page.limit, order_by=(t.AuditLog.id.desc(),))
    return {"items": rows, "total": total, "offset": page.offset, "limit": page.limit}
