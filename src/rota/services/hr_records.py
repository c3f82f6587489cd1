"""Add, change and delete single HR records (a training certificate, a supervision, a DBS check, ...).

Each change is validated as the domain record (the same rules as the CSV import), checked against the
home's HR staff list and catalogue, stored in one transaction and written to the audit log with the
record before and after, like staff changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import exists, select

from rota.compliance.records import Employment, TrainingRecord
from rota.persistence import compliance_tables as c
from rota.persistence import tables as t
from rota.persistence.compliance_mappers import HrKind, catalogue_for
from rota.persistence.mappers import field_path
from rota.persistence.repositories import Repository
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.errors import Invalid, NotFound


def entity_type(kind: HrKind) -> str:
    return f"hr_{kind.field}"


def get(uow: UnitOfWork, kind: HrKind, home: t.Home, record_id: int) -> Any:
    row = uow.session.get(kind.table, record_id)
    if row is None or row.home_id != home.id:
        raise NotFound(kind.label, record_id)
    return row


def list_rows(uow: UnitOfWork, kind: HrKind, home: t.Home, staff_id: str | None, offset: int,
              limit: int) -> tuple[list[Any], int]:
    table = kind.table
    where = [table.home_id == home.id]
    if staff_id is not None and kind.per_staff:
        where.append(table.staff_code == staff_id)
    return Repository(uow.session, table).page(where, offset, limit)


def _domain(kind: HrKind, home: t.Home, body: dict[str, Any]) -> BaseModel:
    if "home_id" in kind.model.model_fields:
        body = {**body, "home_id": home.code}
    try:
        return kind.model.model_validate(body)
    except ValidationError as exc:
        raise Invalid([{"field": field_path(("body", *e["loc"])),
                        "message": e["msg"].removeprefix("Value error, ")} for e in exc.errors()]) from None


def _check(uow: UnitOfWork, kind: HrKind, home: t.Home, record: BaseModel, row_id: int | None) -> BaseModel:
    """Rules that need the rest of the home's records: the person is on HR's staff list, the course is in
    the catalogue, and a person's employments do not overlap."""
    if isinstance(record, Employment):
        others = uow.session.scalars(select(c.HrEmployment).where(
            c.HrEmployment.home_id == home.id, c.HrEmployment.staff_code == record.staff_id,
            *((c.HrEmployment.id != row_id,) if row_id is not None else ())))
        for other in others:
            if record.start <= (other.leave_date or date.max) and other.start_date <= (record.leave_date or date.max):
                raise Invalid.one("body.start", f"{record.staff_id} already has an employment from {other.start_date} "
                                                f"that overlaps these dates (record {other.id}): end it first")
        return record
    if kind.per_staff and not uow.session.scalar(select(exists().where(
            c.HrEmployment.home_id == home.id, c.HrEmployment.staff_code == record.staff_id))):
        raise Invalid.one("body.staff_id", f"'{record.staff_id}' is not on the home's HR staff list: add their "
                                           "employment record first")
    if isinstance(record, TrainingRecord):
        course = catalogue_for(uow.session, home.id).match(record.course_id)
        if course is None:
            raise Invalid.one("body.course_id", f"'{record.course_id}' is not a course in the home's catalogue")
        record = record.model_copy(update={"course_id": course.id})
    return record


def create(uow: UnitOfWork, actor: str, kind: HrKind, home: t.Home, body: dict[str, Any]) -> Any:
    record = _check(uow, kind, home, _domain(kind, home, body), None)
    row = kind.table(**kind.values(record, home.id))
    uow.session.add(row)
    uow.session.flush()
    after = kind.body(row, home.code)
    uow.audit.record(actor, "create", entity_type(kind), row.id, home.id, f"added {kind.label}: {_describe(after)}",
                     None, after)
    uow.commit()
    return row


def replace(uow: UnitOfWork, actor: str, kind: HrKind, home: t.Home, row: Any, body: dict[str, Any]) -> Any:
    before = kind.body(row, home.code)
    record = _check(uow, kind, home, _domain(kind, home, body), row.id)
    for name, value in kind.values(record, home.id).items():
        setattr(row, name, value)
    uow.session.flush()
    after = kind.body(row, home.code)
    uow.audit.record(actor, "update", entity_type(kind), row.id, home.id, f"changed {kind.label}: {_describe(after)}",
                     before, after)
    uow.commit()
    return row


def delete(uow: UnitOfWork, actor: str, kind: HrKind, home: t.Home, row: Any) -> None:
    before = kind.body(row, home.code)
    uow.session.delete(row)
    uow.session.flush()
    uow.audit.record(actor, "delete", entity_type(kind), row.id, home.id, f"deleted {kind.label}: {_describe(before)}",
                     before, None)
    uow.commit()


def _describe(body: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in body.items() if v not in (None, "") and k != "home_id")[:300]
