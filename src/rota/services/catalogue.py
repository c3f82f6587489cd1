"""Create, change and delete a home's records, one transaction each, every change in the audit log.

A `RecordKind` says how one kind of record maps to and from its request body; the use cases here are the
same for all of them: codes stay unique within a home, a change is re-validated whole, a record still in
use by others is not deleted (409), and nothing is written unless everything succeeds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rota.persistence.mappers import validation_problems
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.errors import Conflict, Invalid


@dataclass(frozen=True)
class RecordKind:
    label: str
    model: type
    schema: type[BaseModel]
    to_body: Callable[[Any], dict[str, Any]]
    """The stored record as a request body (JSON-shaped): the base for a PATCH and the audit 'before'."""
    apply: Callable[[UnitOfWork, Any, Any], None]
    """Write a validated body onto the row, resolving codes to ids (raising `Invalid` for unknown codes)."""
    in_use: str = "it is still used by other records"


def validated(schema: type[BaseModel], data: dict[str, Any]) -> Any:
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise Invalid(validation_problems(exc, ("body",))) from None


def _check_code_free(uow: UnitOfWork, kind: RecordKind, home_id: int, code: str, row_id: int | None) -> None:
    model: Any = kind.model
    clash = uow.session.scalar(select(model.id).where(model.home_id == home_id, model.code == code))
    if clash is not None and clash != row_id:
        raise Conflict(f"a {kind.label} with code '{code}' already exists in this home ({kind.label} {clash})")


def create(uow: UnitOfWork, actor: str, home_id: int, kind: RecordKind, body: BaseModel) -> Any:
    _check_code_free(uow, kind, home_id, body.code, None)  # type: ignore[attr-defined]
    row = kind.model(home_id=home_id)
    kind.apply(uow, row, body)
    uow.session.add(row)
    uow.session.flush()
    uow.audit.record(actor, "create", kind.label.replace(" ", "_"), row.id, home_id,
                     f"added {kind.label} {row.code}", None, kind.to_body(row))
    uow.commit()
    return row


def update(uow: UnitOfWork, actor: str, kind: RecordKind, row: Any, patch: BaseModel) -> Any:
    before = kind.to_body(row)
    changes = patch.model_dump(exclude_unset=True, mode="json")
    body = validated(kind.schema, {**before, **changes})
    _check_code_free(uow, kind, row.home_id, body.code, row.id)
    kind.apply(uow, row, body)
    uow.session.flush()
    after = kind.to_body(row)
    changed = ", ".join(sorted(k for k in after if before.get(k) != after.get(k))) or "nothing"
    uow.audit.record(actor, "update", kind.label.replace(" ", "_"), row.id, row.home_id,
                     f"changed {kind.label} {row.code}: {changed}", before, after)
    uow.commit()
    return row


def delete(uow: UnitOfWork, actor: str, kind: RecordKind, row: Any) -> None:
    before, row_id, home_id = kind.to_body(row), row.id, row.home_id
    uow.session.delete(row)
    try:
        uow.session.flush()
    except IntegrityError:
        raise Conflict(f"{kind.label} {before['code']} cannot be deleted: {kind.in_use}") from None
    uow.audit.record(actor, "delete", kind.label.replace(" ", "_"), row_id, home_id,
                     f"deleted {kind.label} {before['code']}", before, None)
    uow.commit()


def resolve(uow: UnitOfWork, model: Any, home_id: int, code: str, field: str, label: str) -> Any:
    """The home's record with this code, or a 422 naming the field and the codes that do exist."""
    row = uow.session.scalars(select(model).where(model.home_id == home_id, model.code == code)).one_or_none()
    if row is None:
        known = list(uow.session.scalars(select(model.code).where(model.home_id == home_id).order_by(model.code)))
        listed = ", ".join(known[:12]) or "none defined yet"
        raise Invalid.one(field, f"unknown {label} '{code}' (known: {listed})")
    return row
