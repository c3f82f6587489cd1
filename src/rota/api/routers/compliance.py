"""Workforce compliance: the due list per person and course, the training matrix as CSV or XLSX, HR file
upload, indicators per home and provider-wide, and the printable CQC evidence report."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from rota.api.dependencies import Actor, HomeDep, Paging, Uow
from rota.compliance.due_dates import Area, Status
from rota.compliance.hr_csv import COURSES, POLICY_FILE, SPECS, ImportFailed
from rota.compliance.policy import CompliancePolicy
from rota.persistence.compliance_mappers import catalogue_for, policy_for
from rota.reporting.exports import XLSX_MEDIA_TYPE
from rota.services import compliance
from rota.services.errors import Invalid
from rota.services.hr_imports import import_hr_folder

router = APIRouter(tags=["compliance"])
KNOWN_FILES = {spec.name for spec in (*SPECS, COURSES)} | {POLICY_FILE}

OnQuery = Annotated[date | None, Query(description="Day to check (default today).")]
MonthQuery = Annotated[str | None, Query(description="Reporting month YYYY-MM (default: last complete month).",
                                         examples=["2026-10"])]
MonthsQuery = Annotated[int, Query(ge=1, le=24, description="Months in the trend and monthly series.")]


@router.get("/homes/{home_id}/compliance", summary="Training, supervision, appraisal and checks per person")
def home_compliance(
    home: HomeDep, uow: Uow, page: Paging, on: OnQuery = None,
    within: Annotated[int | None, Query(ge=0, le=3650, description="Only items overdue, missing or due within "
                                                                   "this many days.")] = None,
    role: Annotated[str | None, Query(description="Only this role (e.g. senior).")] = None,
    course: Annotated[str | None, Query(description="Only this course (id or name), or supervision, appraisal, "
                                                    "dbs, right_to_work, references, nmc, probation, "
                                                    "medication_competency.")] = None,
    status: Annotated[list[Status] | None, Query(description="Only these statuses (repeat to give several).")]
    = None,
    area: Annotated[Area | None, Query(description="Only training, supervision, appraisal or recruitment.")] = None,
    staff_id: Annotated[str | None, Query(description="Only this person (HR staff ID).")] = None,
) -> Any:
    day = on or date.today()
    items, summary = compliance.home_compliance(uow, home, compliance.ComplianceQuery(
        on=day, within=within, role=role, course=course, area=area, statuses=status, staff_id=staff_id))
    return {"home_id": home.id, "on": day.isoformat(), "summary": summary.as_dict(),
            "total": len(items), "offset": page.offset, "limit": page.limit,
            "items": [i.as_dict() for i in items[page.offset:page.offset + page.limit]]}


MATRIX_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string",
                                                                                   "format": "binary"}},
}}}


@router.get("/homes/{home_id}/compliance/matrix.{fmt}", responses=MATRIX_ANSWER,
            summary="The training matrix as CSV or an Excel workbook")
def training_matrix(home: HomeDep, uow: Uow, fmt: str, on: OnQuery = None) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise Invalid.one("path.fmt", f"'{fmt}' is not a format: use matrix.csv or matrix.xlsx")
    day = on or date.today()
    content = compliance.matrix_file(uow, home, day, fmt)
    media = XLSX_MEDIA_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"
    return Response(content=content, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{home.code}-training-matrix-{day.isoformat()}.{fmt}"'})


@router.post("/homes/{home_id}/hr/import", summary="Upload HR's CSV files (all are checked; nothing is stored "
                                                    "if any has a problem)")
async def upload_hr_files(
    home: HomeDep, uow: Uow, actor: Actor,
    files: Annotated[list[UploadFile], File(description="staff.csv, training.csv, absences.csv and any of the "
                                                        "other HR files, by their usual names.")],
) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        problems = []
        for index, upload in enumerate(files):
            name = Path(upload.filename or "").name
            if name not in KNOWN_FILES:
                problems.append({"field": f"files[{index}]", "file": name, "row": 0, "column": "",
                                 "message": f"'{name}' is not an HR file name (expected one of: "
                                            f"{', '.join(sorted(KNOWN_FILES))})"})
                continue
            (Path(folder) / name).write_bytes(await upload.read())
        if problems:
            return JSONResponse(status_code=422, content={"detail": "Nothing was imported.", "errors": problems})
        try:
            outcome = import_hr_folder(uow, home, Path(folder), actor)
        except ImportFailed as exc:
            return JSONResponse(status_code=422, content={
                "detail": f"Nothing was imported: {len(exc.problems)} problem(s) in the files.",
                "errors": [{"field": _field(p.file, p.row, p.column), "file": p.file, "row": p.row,
                            "column": p.column, "message": p.reason} for p in exc.problems]})
    return outcome.as_dict()


def _field(file: str, row: int, column: str) -> str:
    where = f"{file}, row {row}" if row else file
    return f"{where}, column '{column}'" if column else where


@router.get("/homes/{home_id}/indicators", summary="Workforce indicators for the 12 months to a month, with RAG")
def home_indicators(home: HomeDep, uow: Uow, month: MonthQuery = None, months: MonthsQuery = 12) -> Any:
    last = compliance.reporting_month(month)
    result = compliance.home_indicators(uow, home, last, months)
    return {"home_id": home.id, "first": result.first.isoformat(), "last": result.last.isoformat(),
            "indicators": [i.as_dict() for i in result.indicators]}


@router.get("/providers/indicators", summary="Provider-wide compliance summary and indicators (every home)")
def provider_indicators(uow: Uow, month: MonthQuery = None, months: MonthsQuery = 12,
                        per_home: Annotated[bool, Query(description="Also each home's headline indicators.")]
                        = False) -> Any:
    last = compliance.reporting_month(month)
    view = compliance.provider_indicators(uow, last, months, per_home)
    return {"first": view.indicators.first.isoformat(), "last": view.indicators.last.isoformat(),
            "compliance": {"on": last.isoformat(), **view.summary.as_dict()},
            "indicators": [i.as_dict() for i in view.indicators.indicators],
            "homes": [{"home": h.scope, "indicators": [{"id": i.id, "value": i.value,
                                                         "rag": i.rag.value if i.rag else None}
                                                        for i in h.indicators]} for h in view.homes]}


HTML_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {"schema": {"type": "string"}}}}}
"""Declared per answer rather than with `response_class`, which would document the JSON error bodies as HTML."""


@router.get("/homes/{home_id}/reports/cqc", responses=HTML_ANSWER,
            summary="Printable workforce evidence report for an inspection (HTML)")
def cqc_report(home: HomeDep, uow: Uow, month: MonthQuery = None) -> HTMLResponse:
    last = compliance.reporting_month(month)
    html = compliance.cqc_report(uow, home, last)
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", f"{home.code}-cqc-evidence-{last:%Y-%m}.html")
    return HTMLResponse(html, headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/homes/{home_id}/compliance/policy", response_model=CompliancePolicy,
            summary="Intervals and RAG thresholds in force for the home (its own, else the provider's)")
def get_home_policy(home: HomeDep, uow: Uow) -> Any:
    return policy_for(uow.session, home.id)


@router.put("/homes/{home_id}/compliance/policy", response_model=CompliancePolicy,
            summary="Set the home's own intervals and RAG thresholds")
def put_home_policy(body: CompliancePolicy, home: HomeDep, uow: Uow, actor: Actor) -> Any:
    return compliance.set_policy(uow, actor, home, body)


@router.get("/providers/compliance/policy", response_model=CompliancePolicy,
            summary="The provider's intervals and RAG thresholds (every home without its own)")
def get_provider_policy(uow: Uow) -> Any:
    return policy_for(uow.session, None)


@router.put("/providers/compliance/policy", response_model=CompliancePolicy,
            summary="Set the provider's intervals and RAG thresholds")
def put_provider_policy(body: CompliancePolicy, uow: Uow, actor: Actor) -> Any:
    return compliance.set_policy(uow, actor, None, body)


@router.get("/homes/{home_id}/compliance/courses", summary="The course catalogue in force for the home")
def home_courses(home: HomeDep, uow: Uow) -> Any:
    return [course.model_dump(mode="json") for course in catalogue_for(uow.session, home.id).courses]
