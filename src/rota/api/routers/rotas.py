"""Rotas: request a solve (202 + job), list a home's rota versions, read one with its per-shift report and
key figures (ETag = version and revision), publish a draft, start a new draft from any version."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from rota.api.dependencies import Actor, HomeDep, Paging, RotaDep, Uow
from rota.api.schemas.common import ApiModel
from rota.persistence import tables as t
from rota.services import rota_repair, rota_versions, solve_jobs
from rota.services.errors import NotFound
from rota.services.rota_repair import RepairRequest
from rota.services.solve_jobs import SolveSettings

router = APIRouter(tags=["rotas"])


class SolveRequest(ApiModel):
    start: date = Field(description="First day of the rota.")
    days: int = Field(default=7, ge=1, le=56, description="Usually 7 to 28.")
    options: SolveSettings = SolveSettings()


@router.post("/homes/{home_id}/rotas", status_code=202, summary="Plan a rota: starts a solve job")
def request_rota(body: SolveRequest, home: HomeDep, uow: Uow, actor: Actor, request: Request) -> Any:
    job = solve_jobs.submit(uow, actor, home, body.start, body.days, body.options)
    request.app.state.runner.start(job.id)
    return JSONResponse(status_code=202, content=solve_jobs.job_view(job), headers={"Location": f"/jobs/{job.id}"})


@router.get("/homes/{home_id}/rotas", summary="A home's rota versions, newest first")
def list_rotas(
    home: HomeDep, uow: Uow, page: Paging,
    start: Annotated[date | None, Query(description="Only rotas starting on this date.")] = None,
    status: Annotated[str | None, Query(pattern="^(draft|published|what_if)$")] = None,
) -> Any:
    where: list[Any] = [t.RotaVersion.period.has(t.RotaPeriod.home_id == home.id)]
    if start:
        where.append(t.RotaVersion.period.has(t.RotaPeriod.start_date == start))
    if status:
        where.append(t.RotaVersion.status == status)
    rows, total = uow.rotas.page(where, page.offset, page.limit, order_by=(t.RotaVersion.id.desc(),))
    return {"items": [rota_versions.version_summary(r) for r in rows], "total": total, "offset": page.offset,
            "limit": page.limit}


@router.get("/rotas/{rota_id}", summary="A rota with its per-shift report, gaps, breaches and key figures",
            responses={200: {"content": {"application/json": {}}}, 304: {"description": "Not modified (ETag)"}})
def get_rota(
    rota_id: int, request: Request,
    include: Annotated[list[Literal["assignments"]] | None, Query(
        description="`assignments` adds one row per assignment (`rota`: who works which shift where, with "
                    "times); the per-shift report already lists who is on each shift.")] = None,
    if_none_match: Annotated[str | None, Header()] = None,
    accept_encoding: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Served from bytes encoded once per revision (plain and gzipped): a read is one small query."""
    revision = rota_versions.revision_of(request.app.state.engine, rota_id)
    if revision is None:
        raise NotFound("rota", rota_id)
    if etag_matches(if_none_match, rota_versions.etag_of(rota_id, revision)):
        return Response(status_code=304, headers={"ETag": rota_versions.etag_of(rota_id, revision), **VARY})
    encoded = rota_versions.cached_report(request.app.state.sessions, request.app.state.caches, rota_id, revision)
    if encoded is None:
        raise NotFound("rota", rota_id)
    gzipped = accepts_gzip(accept_encoding)
    headers = {"ETag": rota_versions.etag_of(rota_id, encoded.revision), **VARY}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return Response(content=encoded.body(assignments=bool(include), gzipped=gzipped), media_type="application/json",
                    headers=headers)


VARY = {"Vary": "Accept-Encoding"}


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """RFC 9110 If-None-Match: `*`, or a comma-separated list of (possibly weak) entity tags."""
    if not if_none_match:
        return False
    candidates = [c.strip().removeprefix("W/") for c in if_none_match.split(",")]
    return "*" in candidates or tag in candidates


def accepts_gzip(accept_encoding: str | None) -> bool:
    """The same test as the app's GZipMiddleware, so a response is never compressed twice."""
    return "gzip" in (accept_encoding or "").lower()


@router.post("/rotas/{rota_id}/publish", summary="Publish a draft: it becomes an immutable version")
def publish_rota(version: RotaDep, uow: Uow, actor: Actor) -> Any:
    version = rota_versions.publish(uow, version, actor)
    return JSONResponse(rota_versions.version_summary(version), headers={"ETag": rota_versions.etag(version)})


@router.post("/rotas/{rota_id}/drafts", status_code=201, summary="Start a new draft from this version")
def new_draft(version: RotaDep, uow: Uow, actor: Actor) -> Any:
    draft = rota_versions.new_draft(uow, version, actor)
    return JSONResponse(status_code=201, content=rota_versions.version_summary(draft),
                        headers={"ETag": rota_versions.etag(draft), "Location": f"/rotas/{draft.id}"})


@router.post("/rotas/{rota_id}/edits", summary="Move, swap, add or remove an assignment in a draft (If-Match)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "type": "object", "description": 'One edit: {"kind": "move"|"swap"|"remove"|"add", ...}'}}}}})
def edit_rota(version: RotaDep, uow: Uow, actor: Actor, request: Request, body: dict[str, Any],
              if_match: Annotated[str | None, Header(description="The rota's ETag as last read.")] = None) -> Any:
    from pydantic import TypeAdapter, ValidationError

    from rota.persistence.mappers import validation_problems
    from rota.services.editing import Edit
    from rota.services.errors import Invalid
    from rota.services.rota_edits import edit_draft

    try:
        edit = TypeAdapter(Edit).validate_python(body)
    except ValidationError as exc:
        raise Invalid(validation_problems(exc, ("body",))) from None
    result, tag = edit_draft(uow, request.app.state.caches, actor, version, if_match, edit)
    return JSONResponse(result, headers={"ETag": tag})


@router.post("/rotas/{rota_id}/repair", summary="Sickness repair: a new draft around absences, with the diff",
             responses={201: {"description": "The repaired draft and the diff"},
                        200: {"description": "No repaired rota was found; `summary` says why. Nothing was saved."}})
def repair_rota(body: RepairRequest, version: RotaDep, uow: Uow, actor: Actor) -> Any:
    """Re-plans the rota (usually the published one) around the absences, changing as few of its assignments
    as possible: who is off, who moves where, who is called in or stood down, agency used and shifts still
    short. The rota itself is not changed; the repair is a new draft based on it, to check and publish."""
    result = rota_repair.repair(uow, actor, version, body)
    if result["rota_id"] is None:
        return JSONResponse(result)
    return JSONResponse(status_code=201, content=result, headers={"Location": f"/rotas/{result['rota_id']}"})
