"""API fixtures: a TestClient over the test database, and a small imported home."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from rota.api.app import create_app
from rota.persistence.database import session_factory
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.imports import import_scenario
from tests.factories import person, scenario

USER = {"X-User": "deputy.manager"}


def small_home_scenario():
    """Five carers and a senior on one residential unit for a week: solves to no gaps in well under a second."""
    staff = [person(f"c{i}", night_worker=True) for i in range(1, 9)]
    staff.append(person("s1", role="senior", rag={"rating": "amber", "reason": "medication error in October"}))
    return scenario(staff)


@pytest.fixture
def client(db) -> Iterator[TestClient]:
    with TestClient(create_app(db), headers=USER) as test_client:
        yield test_client


@pytest.fixture
def home_id(db, client) -> int:
    with UnitOfWork(session_factory(db)) as uow:
        return import_scenario(uow, small_home_scenario()).home_id
