"""HR records, one resource per kind under `/homes/{home_id}/hr/{kind}`: employment history, training,
medication competency assessments, supervisions, appraisals, DBS, right to work, references, NMC,
sickness absences, posts, registered managers, staffing reviews and rota publications.

Bodies are the records as HR writes them (staff_id is HR's Staff ID). Every change is audit-logged."""

# No `from __future__ import annotations`: the route functions are built per kind, and FastAPI must see
# their body models as real classes, not as names to look up in this module.

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, create_model

from rota.api.dependencies import Actor, HomeDep, Paging, Uow
from rota.persistence import tables as t
from rota.persistence.compliance_mappers import KINDS, HrKind
from rota.services import hr_records

router = APIRouter(prefix="/homes/{home_id}/hr", tags=["hr records"])
EDITABLE = tuple(k for k in KINDS if k.field != "hours")
"""Hours worked come from rotas (and HR's hours file), not typed in one by one."""


def body_schema(kind: HrKind) -> type[BaseModel]:
    """The record's fields as a request body (the home comes from the path)."""
    fields: dict[str, Any] = {name: (info.annotation, info) for name, info in kind.model.model_fields.items()
                              if name != "home_id"}
    return create_model(f"{kind.model.__name__}In", __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
                        **fields)


def out(kind: HrKind, home: t.Home, row: Any) -> dict[str, Any]:
    return {"id": row.id, **kind.body(row, home.code)}


def add_routes(kind: HrKind) -> None:
    schema = body_schema(kind)
    path = f"/{kind.slug}"
    item = f"{path}/{{record_id}}"

    def list_records(home: HomeDep, uow: Uow, page: Paging,
                     staff_id: Annotated[str | None, Query(description="Only this person (HR staff ID).")] = None
                     ) -> Any:
        rows, total = hr_records.list_rows(uow, kind, home, staff_id, page.offset, page.limit)
        return {"items": [out(kind, home, r) for r in rows], "total": total, "offset": page.offset,
                "limit": page.limit}

    def create_record(body: schema, home: HomeDep, uow: Uow, actor: Actor) -> Any:  # type: ignore[valid-type]
        return out(kind, home, hr_records.create(uow, actor, kind, home, body.model_dump()))

    def get_record(record_id: int, home: HomeDep, uow: Uow) -> Any:
        return out(kind, home, hr_records.get(uow, kind, home, record_id))

    def replace_record(record_id: int, body: schema, home: HomeDep, uow: Uow,  # type: ignore[valid-type]
                       actor: Actor) -> Any:
        row = hr_records.get(uow, kind, home, record_id)
        return out(kind, home, hr_records.replace(uow, actor, kind, home, row, body.model_dump()))

    def delete_record(record_id: int, home: HomeDep, uow: Uow, actor: Actor) -> Response:
        hr_records.delete(uow, actor, kind, home, hr_records.get(uow, kind, home, record_id))
        return Response(status_code=204)

    name = kind.slug.replace("-", "_")
    router.add_api_route(path, list_records, methods=["GET"], summary=f"List {kind.label} records",
                         operation_id=f"list_hr_{name}")
    router.add_api_route(path, create_record, methods=["POST"], status_code=201, summary=f"Add a {kind.label}",
                         operation_id=f"create_hr_{name}")
    router.add_api_route(item, get_record, methods=["GET"], summary=f"One {kind.label}",
                         operation_id=f"get_hr_{name}")
    router.add_api_route(item, replace_record, methods=["PUT"], summary=f"Correct a {kind.label}",
                         operation_id=f"replace_hr_{name}")
    router.add_api_route(item, delete_record, methods=["DELETE"], status_code=204,
                         summary=f"Delete a {kind.label}", operation_id=f"delete_hr_{name}")


for _kind in EDITABLE:
    add_routes(_kind)
