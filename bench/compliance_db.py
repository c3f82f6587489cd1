"""The provider-wide compliance summary and indicator set, loading the records from the database.

The synthetic provider of `bench/compliance.py` (50 homes, 3,000 staff, 100,000 training records,
supervisions, appraisals, checks, sickness, posts, reviews, publications and a year of weekly hours) is
bulk-inserted into a fresh SQLite file and, when a PostgreSQL URL is given, into a fresh PostgreSQL
schema (dropped afterwards). Then, best of `--repeat` after one warm-up:

- load: every HR record of every home read into the domain records (`load_compliance`), hours as weekly
  totals and training records superseded before the trend's first month left out, as the service does;
- load + compliance summary + indicator set: what `GET /providers/indicators` computes
  (`services.compliance.provider_indicators`), the figure with the < 1 s target;
- the same request through the HTTP API (TestClient, JSON included), for comparison.

    .venv/bin/python bench/compliance_db.py [--postgres URL] [--repeat 3] [--homes 50] [--staff 3000]

`--postgres` defaults to ROTA_TEST_DATABASE_URL; without either, SQLite only.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, text

from rota.api.app import create_app
from rota.compliance.records import ComplianceData
from rota.persistence import tables as t
from rota.persistence.compliance_mappers import KINDS, load_compliance
from rota.persistence.database import make_engine, migrate, session_factory
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.compliance import earliest_day, provider_indicators

sys.path.insert(0, str(Path(__file__).parent))
from compliance import AS_OF, best_of, build  # noqa: E402  (the shared synthetic provider)


@contextmanager
def fresh_database(backend: str, postgres_url: str | None) -> Iterator[Engine]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{folder}/bench.db")
            try:
                yield engine
            finally:
                engine.dispose()
        return
    assert postgres_url
    schema = f"rota_bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(postgres_url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def store(engine: Engine, data: ComplianceData) -> tuple[float, int]:
    """Bulk-insert every record (one executemany per table, one transaction); seconds and rows."""
    started = time.perf_counter()
    rows = 0
    with engine.begin() as conn:
        codes = data.homes
        result = conn.execute(insert(t.Home).returning(t.Home.id, t.Home.code),
                              [{"code": code, "name": f"Home {code}"} for code in codes])
        home_ids = {code: row_id for row_id, code in result}
        home_of = {e.staff_id: home_ids[e.home_id] for e in data.staff}
        for kind in KINDS:
            records = getattr(data, kind.field)
            if not records:
                continue
            if "home_id" in kind.model.model_fields:
                values = [kind.values(r, home_ids[r.home_id]) for r in records]
            else:
                values = [kind.values(r, home_of[r.staff_id]) for r in records]
            conn.execute(insert(kind.table), values)
            rows += len(values)
    return time.perf_counter() - started, rows


def measure(engine: Engine, repeat: int) -> dict[str, float]:
    sessions = session_factory(engine)

    def load() -> object:
        with sessions() as session:
            return load_compliance(session, training_from=earliest_day(AS_OF, 12))

    def service() -> object:
        with UnitOfWork(sessions) as uow:
            return provider_indicators(uow, AS_OF)

    load_time, loaded = best_of(repeat, load)
    service_time, view = best_of(repeat, service)
    with TestClient(create_app(engine)) as client:
        def http() -> object:
            response = client.get("/providers/indicators", params={"month": AS_OF.strftime("%Y-%m")})
            assert response.status_code == 200, response.text
            return response

        http_time, _ = best_of(repeat, http)
    return {"load": load_time, "service": service_time, "http": http_time,
            "statuses": sum(view.summary.total.values()), "indicators": len(view.indicators.indicators),
            "staff": len(loaded.data.staff), "training": len(loaded.data.training)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=50)
    parser.add_argument("--staff", type=int, default=3000)
    parser.add_argument("--training", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("ROTA_TEST_DATABASE_URL"))
    args = parser.parse_args()
    data = build(args.homes, args.staff, args.training)
    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    print(f"Provider: {args.homes} homes, {len(data.staff):,} staff, {len(data.training):,} training records, "
          f"{len(data.supervisions):,} supervisions, {len(data.hours):,} weekly hours rows. "
          f"Python {platform.python_version()}, {os.cpu_count()} cores, best of {args.repeat} after a warm-up, "
          f"load average {os.getloadavg()[0]:.2f} at start.\n")
    print("| database | bulk insert (not in the target) | load records | load + summary + indicators (target < 1 s) "
          "| GET /providers/indicators |")
    print("|---|---|---|---|---|")
    for backend in backends:
        with fresh_database(backend, args.postgres) as engine:
            migrate(engine)
            seconds, rows = store(engine, data)
            result = measure(engine, args.repeat)
            assert result["staff"] == len(data.staff)
        print(f"| {backend} | {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s) | "
              f"{result['load'] * 1000:,.0f} ms ({result['training']:,} current training records) | "
              f"{result['service'] * 1000:,.0f} ms "
              f"({result['statuses']:,} statuses, {result['indicators']} indicators) | "
              f"{result['http'] * 1000:,.0f} ms |")
    print(f"\nLoad average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
