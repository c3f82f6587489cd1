"""One unit of work per request or job step: everything it changes is committed together or not at all.

Services call `commit()` once at the end; leaving the `with` block without committing rolls back, so a
request that fails half-way leaves nothing half-written."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from rota.persistence import tables as t
from rota.persistence.repositories import AuditRepository, JobRepository, Repository, RotaRepository


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session: Session = session_factory()
        self.homes = Repository(self.session, t.Home)
        self.units = Repository(self.session, t.Unit)
        self.shift_types = Repository(self.session, t.ShiftType)
        self.roles = Repository(self.session, t.Role)
        self.skills = Repository(self.session, t.Skill)
        self.staff = Repository(self.session, t.StaffMember)
        self.residents = Repository(self.session, t.Resident)
        self.fixed_assignments = Repository(self.session, t.FixedAssignment)
        self.rotas = RotaRepository(self.session)
        self.jobs = JobRepository(self.session)
        self.scenarios = Repository(self.session, t.WhatIfScenario)
        self.audit = AuditRepository(self.session)
        self.committed = False

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def commit(self) -> None:
        self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()

    def close(self) -> None:
        self.session.rollback()
        self.session.close()
