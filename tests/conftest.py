"""Database fixtures: every DB test runs on SQLite, and on PostgreSQL too when ROTA_TEST_DATABASE_URL is set.

PostgreSQL tests get a schema of their own for the session (dropped at the end), so they never touch
other data in the database; each test then starts from empty tables."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from rota.persistence.base import Base
from rota.persistence.database import make_engine, migrate, session_factory
from rota.persistence.unit_of_work import UnitOfWork

POSTGRES_URL = os.environ.get("ROTA_TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not POSTGRES_URL, reason="set ROTA_TEST_DATABASE_URL to run against PostgreSQL"))]


def new_engine(backend: str, tmp_dir: Path) -> tuple[Engine, str | None]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL schema (returned for dropping)."""
    if backend == "sqlite":
        return make_engine(f"sqlite:///{tmp_dir / f'{uuid.uuid4().hex}.db'}"), None
    assert POSTGRES_URL
    schema = f"rota_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    engine = make_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    return engine, schema


def drop_engine(engine: Engine, schema: str | None) -> None:
    engine.dispose()
    if schema is not None:
        assert POSTGRES_URL
        admin = make_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    eng, schema = new_engine(request.param, tmp_path_factory.mktemp("db"))
    migrate(eng)
    yield eng
    drop_engine(eng, schema)


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """The session's migrated database, emptied after each test."""
    yield engine
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def sessions(db: Engine):
    return session_factory(db)


@pytest.fixture
def uow(sessions) -> Iterator[UnitOfWork]:
    with UnitOfWork(sessions) as unit:
        yield unit
