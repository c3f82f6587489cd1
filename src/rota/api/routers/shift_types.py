"""Shift patterns (Early 07:00-15:00, Night 21:45-07:15) and the units that run them."""

from __future__ import annotations

from typing import Any

from rota.api.routers.catalogue import catalogue_router
from rota.api.schemas.catalogue import ShiftTypeIn, ShiftTypeOut, ShiftTypePatch
from rota.persistence import tables as t
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.catalogue import RecordKind, resolve


def _body(row: t.ShiftType) -> dict[str, Any]:
    return {"code": row.code, "name": row.name, "start": row.start_time.isoformat("minutes"),
            "end": row.end_time.isoformat("minutes"), "paid_minutes": row.paid_minutes, "night": row.night,
            "units": [u.code for u in row.units] or None, "care_share": row.care_share}


def _apply(uow: UnitOfWork, row: t.ShiftType, body: ShiftTypeIn) -> None:
    home_id = row.home_id
    row.units = [resolve(uow, t.Unit, home_id, code, f"body.units[{i}]", "unit")
                 for i, code in enumerate(body.units or ())]
    row.code, row.name, row.start_time, row.end_time = body.code, body.name, body.start, body.end
    row.paid_minutes, row.night, row.care_share = body.paid_minutes, body.night, body.care_share


def to_out(row: t.ShiftType) -> ShiftTypeOut:
    return ShiftTypeOut(id=row.id, home_id=row.home_id, **_body(row))


KIND = RecordKind("shift type", t.ShiftType, ShiftTypeIn, _body, _apply, "rotas still use it")
router = catalogue_router(kind=KIND, path="shift-types", repo="shift_types", param="shift_type_id",
                          out=ShiftTypeOut, patch=ShiftTypePatch, to_out=to_out, tag="shift types")
