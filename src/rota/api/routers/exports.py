"""Rota exports: CSV and XLSX of any version (for managers), and staff-facing exports that always use the
latest published version: a period's published rota, and each person's iCalendar feed of their shifts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from icalendar import Calendar

from rota.api.dependencies import HomeDep, RotaDep, StaffDep, Uow
from rota.persistence.mappers import latest_published
from rota.reporting.exports import ICALENDAR_MEDIA_TYPE, XLSX_MEDIA_TYPE, rota_csv, rota_xlsx, staff_calendar
from rota.services import rota_versions
from rota.services.errors import NotFound

router = APIRouter(tags=["exports"])


def _file(content: bytes | str, media_type: str, name: str) -> Response:
    return Response(content=content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _export(uow, request: Request, version, fmt: str) -> Response:
    index = rota_versions.index_of(request.app.state.caches, version)
    rota = rota_versions.rota_of(uow, version)
    name = f"{index.scenario.home.id}-{version.period.start_date}-v{version.number}"
    if fmt == "csv":
        return _file(rota_csv(index, rota), "text/csv; charset=utf-8", f"{name}.csv")
    return _file(rota_xlsx(index, rota), XLSX_MEDIA_TYPE, f"{name}.xlsx")



def _file_answer(*media_types: str) -> dict[int | str, dict[str, object]]:
    return {200: {"content": {m: {"schema": {"type": "string", "format": "binary"}} for m in media_types}}}


CSV = _file_answer("text/csv")
XLSX = _file_answer(XLSX_MEDIA_TYPE)
CSV_OR_XLSX = _file_answer("text/csv", XLSX_MEDIA_TYPE)

@router.get("/rotas/{rota_id}/export.csv", summary="This rota version as CSV", responses=CSV)
def export_csv(version: RotaDep, uow: Uow, request: Request) -> Response:
    return _export(uow, request, version, "csv")


@router.get("/rotas/{rota_id}/export.xlsx", summary="This rota version as an Excel workbook", responses=XLSX)
def export_xlsx(version: RotaDep, uow: Uow, request: Request) -> Response:
    return _export(uow, request, version, "xlsx")


@router.get("/homes/{home_id}/published-rota.{fmt}", summary="The latest published rota of a period (CSV/XLSX)",
            responses=CSV_OR_XLSX)
def published_rota(fmt: Annotated[str, "csv or xlsx"], home: HomeDep, uow: Uow, request: Request,
                   start: Annotated[date, Query(description="First day of the period.")],
                   days: Annotated[int, Query(ge=1, le=56)] = 7) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise NotFound("export format", fmt)
    version = latest_published(uow.session, home.id, start, days)
    if version is None:
        raise NotFound("published rota", f"from {start} for {days} days")
    return _export(uow, request, version, fmt)


@router.get("/homes/{home_id}/staff/{staff_id}/calendar.ics",
            summary="A staff member's shifts from every latest published rota, as an iCalendar feed",
            responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}})
def staff_feed(member: StaffDep, uow: Uow, request: Request) -> Response:
    feed: Calendar | None = None
    for version in sorted(uow.rotas.latest_published_for_staff(member.id), key=lambda v: v.period.start_date):
        index = rota_versions.index_of(request.app.state.caches, version)
        if member.code not in index.staff:
            continue
        part = Calendar.from_ical(staff_calendar(index, rota_versions.rota_of(uow, version), member.code))
        if feed is None:
            feed = part
        else:
            for component in part.subcomponents:
                if component.name == "VEVENT":
                    feed.add_component(component)
    if feed is None:
        raise NotFound("published shifts for staff member", member.id)
    return _file(feed.to_ical(), ICALENDAR_MEDIA_TYPE, f"{member.code}.ics")
