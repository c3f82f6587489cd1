"""The router shape shared by a home's simple records (units, shift types, roles, skills): list with
search and paging, create, read, change, delete. Each resource module supplies its own schemas and mapping.

No `from __future__ import annotations` here: FastAPI reads the body type from the annotation at runtime."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel
from sqlalchemy import or_

from rota.api.dependencies import Actor, HomeDep, Paging, Uow, child_of_home
from rota.api.schemas.common import PageOut
from rota.services import catalogue
from rota.services.catalogue import RecordKind


def catalogue_router(*, kind: RecordKind, path: str, repo: str, param: str, out: type[BaseModel],
                     patch: type[BaseModel], to_out: Callable[[Any], Any], tag: str) -> APIRouter:
    router = APIRouter(prefix=f"/homes/{{home_id}}/{path}", tags=[tag])
    schema = kind.schema
    model: Any = kind.model
    Item = Annotated[Any, Depends(child_of_home(repo, kind.label, param))]  # noqa: N806

    @router.get("", response_model=PageOut[out], summary=f"List {path.replace('-', ' ')}")
    def list_records(home: HomeDep, uow: Uow, page: Paging,
                     q: Annotated[str | None, Query(description="Code or name contains (any case).")] = None):
        where = [model.home_id == home.id]
        if q:
            where.append(or_(model.code.ilike(f"%{q}%"), model.name.ilike(f"%{q}%")))
        rows, total = getattr(uow, repo).page(where, page.offset, page.limit)
        return {"items": [to_out(r) for r in rows], "total": total, "offset": page.offset, "limit": page.limit}

    @router.post("", status_code=201, response_model=out, summary=f"Add a {kind.label}")
    def create_record(body: schema, home: HomeDep, uow: Uow, actor: Actor):  # type: ignore[valid-type]
        return to_out(catalogue.create(uow, actor, home.id, kind, body))

    @router.get(f"/{{{param}}}", response_model=out, summary=f"One {kind.label}")
    def get_record(row: Item):
        return to_out(row)

    @router.patch(f"/{{{param}}}", response_model=out, summary=f"Change a {kind.label}")
    def update_record(body: patch, row: Item, uow: Uow, actor: Actor):  # type: ignore[valid-type]
        return to_out(catalogue.update(uow, actor, kind, row, body))

    @router.delete(f"/{{{param}}}", status_code=204, summary=f"Delete a {kind.label}")
    def delete_record(row: Item, uow: Uow, actor: Actor):
        catalogue.delete(uow, actor, kind, row)
        return Response(status_code=204)

    return router
