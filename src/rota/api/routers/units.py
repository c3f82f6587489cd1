"""Units (floors or wings) of a home."""

from __future__ import annotations

from typing import Any

from rota.api.routers.catalogue import catalogue_router
from rota.api.schemas.catalogue import UnitIn, UnitOut, UnitPatch
from rota.persistence import tables as t
from rota.services.catalogue import RecordKind


def _body(row: t.Unit) -> dict[str, Any]:
    return {"code": row.code, "name": row.name, "kind": row.kind, "beds": row.beds}


def _apply(_uow: Any, row: t.Unit, body: UnitIn) -> None:
    row.code, row.name, row.kind, row.beds = body.code, body.name, body.kind.value, body.beds


KIND = RecordKind("unit", t.Unit, UnitIn, _body, _apply, "staff, residents, shifts or rotas still refer to it")
router = catalogue_router(kind=KIND, path="units", repo="units", param="unit_id", out=UnitOut, patch=UnitPatch,
                          to_out=UnitOut.model_validate, tag="units")
