"""Migrations go up and down cleanly on both databases and match the table mappings exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from rota.persistence.base import Base
from rota.persistence.database import downgrade, migrate
from tests.conftest import BACKENDS, drop_engine, new_engine


@pytest.fixture(params=BACKENDS)
def empty_engine(request, tmp_path):
    engine, schema = new_engine(request.param, tmp_path)
    yield engine
    drop_engine(engine, schema)


def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_creates_every_mapped_table_and_downgrade_removes_them(empty_engine) -> None:
    migrate(empty_engine)
    assert tables(empty_engine) == set(Base.metadata.tables)
    downgrade(empty_engine, "base")
    assert tables(empty_engine) == set()
    migrate(empty_engine)
    assert tables(empty_engine) == set(Base.metadata.tables)


def test_upgrade_twice_is_a_no_op(empty_engine) -> None:
    migrate(empty_engine)
    migrate(empty_engine)
    assert tables(empty_engine) == set(Base.metadata.tables)


def test_migrations_match_the_mappings(empty_engine) -> None:
    migrate(empty_engine)
    with empty_engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert differences == []


def rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return list(conn.execute(text(sql)))


def test_the_hypothetical_staff_migration_keeps_every_rota_assignment(empty_engine) -> None:
    """0003 rebuilds `assignment` on SQLite (batch mode): down and up again, no stored shift is lost."""
    from rota.persistence.database import session_factory
    from rota.persistence.unit_of_work import UnitOfWork
    from rota.services.imports import import_scenario
    from tests.factories import person, scenario

    migrate(empty_engine)
    published = [{"date": "2026-11-23", "shift": "E", "unit": "res", "staff_id": s} for s in ("a", "b")]
    with UnitOfWork(session_factory(empty_engine)) as uow:
        import_scenario(uow, scenario([person("a"), person("b")], published_rota=published))

    def stored() -> list[tuple]:
        return rows(empty_engine, "SELECT work_date, staff_member_id FROM assignment ORDER BY id")

    before = stored()
    assert len(before) == 2
    downgrade(empty_engine, "0002_hr_records")
    assert stored() == before
    migrate(empty_engine)
    assert stored() == before


def test_the_rota_gating_key_migration_keeps_every_stored_gating(empty_engine) -> None:
    """0004 rebuilds `rota_gating`: down to 0003 and up again, a solve job's gating survives."""
    from rota.compliance.gating import GatedScenario
    from rota.persistence import tables as t
    from rota.persistence.database import session_factory
    from rota.persistence.unit_of_work import UnitOfWork
    from rota.services.compliance import store_gating
    from rota.services.imports import import_scenario
    from tests.factories import person, scenario

    migrate(empty_engine)
    sc = scenario([person("a")])
    with UnitOfWork(session_factory(empty_engine)) as uow:
        home_id = import_scenario(uow, sc).home_id
        period = uow.rotas.get_or_add_period(home_id, sc.horizon.start, sc.horizon.days)
        job = t.SolveJob(home_id=home_id, period_id=period.id, status="succeeded", options={}, scenario={},
                         requested_by="test")
        uow.session.add(job)
        uow.session.flush()
        store_gating(uow, GatedScenario(sc, ()), job_id=job.id)
        uow.commit()

    def stored() -> list[tuple]:
        return rows(empty_engine, "SELECT solve_job_id, summary FROM rota_gating")

    before = stored()
    assert before == [(job.id, "HR records checked: nothing to change")]
    downgrade(empty_engine, "0003_hypothetical_staff")
    assert stored() == before
    migrate(empty_engine)
    assert stored() == before
