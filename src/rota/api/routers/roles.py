"""Job roles and how each counts towards staffing levels."""

from __future__ import annotations

from typing import Any

from rota.api.routers.catalogue import catalogue_router
from rota.api.schemas.catalogue import RoleIn, RoleOut, RolePatch
from rota.persistence import tables as t
from rota.services.catalogue import RecordKind


def _body(row: t.Role) -> dict[str, Any]:
    return {"code": row.code, "name": row.name, "registered_nurse": row.registered_nurse,
            "care_staff": row.care_staff, "senior": row.senior}


def _apply(_uow: Any, row: t.Role, body: RoleIn) -> None:
    for name, value in body.model_dump().items():
        setattr(row, name, value)


KIND = RecordKind("role", t.Role, RoleIn, _body, _apply, "staff members still hold it")
router = catalogue_router(kind=KIND, path="roles", repo="roles", param="role_id", out=RoleOut, patch=RolePatch,
                          to_out=RoleOut.model_validate, tag="roles")
