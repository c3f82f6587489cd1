"""Repositories: the queries services need, so services never build SQL themselves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from rota.persistence import tables as t
from rota.persistence.base import utcnow

T = TypeVar("T")


class Repository(Generic[T]):  # noqa: UP046 (Python 3.11 has no type parameter syntax)
    """Get, add, delete and page through one kind of row."""

    def __init__(self, session: Session, model: type[T]) -> None:
        self.session = session
        self.model = model

    def get(self, row_id: int) -> T | None:
        return self.session.get(self.model, row_id)

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def delete(self, row: T) -> None:
        self.session.delete(row)
        self.session.flush()

    def page(self, where: Sequence[ColumnElement[bool]], offset: int, limit: int,
             order_by: Sequence[Any] = ()) -> tuple[list[T], int]:
        """One page of rows matching `where`, and how many match in all."""
        total = self.session.scalar(select(func.count()).select_from(self.model).where(*where)) or 0
        query = select(self.model).where(*where).order_by(*(order_by or (self.model.id,)))  # type: ignore[attr-defined]
        return list(self.session.scalars(query.offset(offset).limit(limit))), total

    def by_code(self, home_id: int, code: str) -> T | None:
        model: Any = self.model
        return self.session.scalars(select(model).where(model.home_id == home_id, model.code == code)).one_or_none()


class RotaRepository(Repository[t.RotaVersion]):
    def __init__(self, session: Session) -> None:
        super().__init__(session, t.RotaVersion)

    def period(self, home_id: int, start: date, days: int) -> t.RotaPeriod | None:
        return self.session.scalars(select(t.RotaPeriod).where(
            t.RotaPeriod.home_id == home_id, t.RotaPeriod.start_date == start, t.RotaPeriod.days == days)
        ).one_or_none()

    def get_or_add_period(self, home_id: int, start: date, days: int) -> t.RotaPeriod:
        period = self.period(home_id, start, days)
        if period is None:
            period = t.RotaPeriod(home_id=home_id, start_date=start, days=days)
            self.session.add(period)
            self.session.flush()
        return period

    def next_number(self, period_id: int) -> int:
        latest = self.session.scalar(select(func.max(t.RotaVersion.number)).where(t.RotaVersion.period_id == period_id))
        return (latest or 0) + 1

    def revision(self, version_id: int) -> tuple[int, str] | None:
        """Just the revision and status: enough to answer a cached read without loading the rota."""
        row = self.session.execute(select(t.RotaVersion.revision, t.RotaVersion.status)
                                   .where(t.RotaVersion.id == version_id)).one_or_none()
        return (row[0], row[1]) if row else None

    def latest_published_for_staff(self, staff_member_id: int) -> list[t.RotaVersion]:
        """For every period the person appears in, its latest published version."""
        periods = select(t.RotaVersion.period_id).join(t.Assignment).where(
            t.Assignment.staff_member_id == staff_member_id, t.RotaVersion.status == "published").distinct()
        latest = (select(t.RotaVersion.period_id, func.max(t.RotaVersion.number).label("number"))
                  .where(t.RotaVersion.status == "published", t.RotaVersion.period_id.in_(periods))
                  .group_by(t.RotaVersion.period_id).subquery())
        return list(self.session.scalars(select(t.RotaVersion).join(
            latest, (latest.c.period_id == t.RotaVersion.period_id) & (latest.c.number == t.RotaVersion.number))))


class JobRepository(Repository[t.SolveJob]):
    def __init__(self, session: Session) -> None:
        super().__init__(session, t.SolveJob)

    def active_for_period(self, period_id: int) -> t.SolveJob | None:
        return self.session.scalars(select(t.SolveJob).where(
            t.SolveJob.period_id == period_id, t.SolveJob.status.in_(t.ACTIVE_JOB_STATUSES),
            t.SolveJob.what_if_scenario_id.is_(None))).first()

    def fail_interrupted(self, reason: str) -> int:
        """Jobs a previous process left queued or running can never finish: mark them failed."""
        result = self.session.execute(
            update(t.SolveJob).where(t.SolveJob.status.in_(t.ACTIVE_JOB_STATUSES))
            .values(status="failed", message=reason, finished_at=utcnow()))
        self.session.execute(update(t.WhatIfScenario).where(t.WhatIfScenario.status == "solving")
                             .values(status="failed"))
        return result.rowcount or 0


class AuditRepository(Repository[t.AuditLog]):
    def __init__(self, session: Session) -> None:
        super().__init__(session, t.AuditLog)

    def record(self, actor: str, action: str, entity_type: str, entity_id: int | None, home_id: int | None,
               summary: str, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
        self.session.add(t.AuditLog(actor=actor, action=action, entity_type=entity_type, entity_id=entity_id,
                                    home_id=home_id, summary=summary, before=before, after=after))
