"""API load benchmark: GET of a 28-day rota with its report, and edit re-audit, on a real uvicorn server.

For each database (SQLite file; PostgreSQL when ROTA_BENCH_POSTGRES_URL or ROTA_TEST_DATABASE_URL is set,
in a schema of its own that is dropped afterwards): import the 60-bed sample (sunnyside/four-weeks.json),
start `rota serve` on loopback, plan the 28-day rota through the API (solve job, bounded time), then
from a second process run 20 concurrent clients, each making a bounded number of GETs of the rota with
its report, and finally time sequential edits (remove an assignment, add it back) with If-Match.
Prints a markdown table.

    make bench-api        # = .venv/bin/python bench/api_load.py
    .venv/bin/python bench/api_load.py [--clients 20] [--requests-per-client 50] [--edits 60] [--solve-seconds 30]

The default GET body is the summary, key figures, findings and per-shift report (who is on each shift);
`?include=assignments` adds one row per assignment. Both are measured, gzip accepted as a browser does.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import httpx

SAMPLE = Path(__file__).resolve().parent.parent / "sample_rotas" / "sunnyside" / "four-weeks.json"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def client_load(base: str, rota_id: int, clients: int, per_client: int, include: str | None) -> dict[str, float]:
    """Run in the second process: `clients` threads, each with its own connection, `per_client` GETs
    (gzip accepted and decoded, as a browser does)."""
    params = {"include": include} if include else {}
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            for _ in range(per_client):
                started = time.perf_counter()
                try:
                    failed = http.get(f"/rotas/{rota_id}", params=params).status_code != 200
                except httpx.HTTPError:
                    failed = True
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    errors[0] += failed

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"requests": len(latencies), "errors": errors[0], "p50_ms": statistics.median(latencies) * 1000,
            "p95_ms": p95(latencies) * 1000, "throughput": len(latencies) / wall}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_backend(name: str, url: str, args: argparse.Namespace) -> list[dict[str, object]]:
    env = {**os.environ, "ROTA_DATABASE_URL": url}
    rota = [sys.executable, "-m", "rota.cli"]
    subprocess.run([*rota, "import", str(SAMPLE)], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([*rota, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        http = httpx.Client(base_url=base, timeout=120, headers={"X-User": "bench"})
        _wait_until_up(http, server)
        home_id = http.get("/homes").json()["items"][0]["id"]
        scenario = json.loads(SAMPLE.read_text())
        job = http.post(f"/homes/{home_id}/rotas", json={
            "start": scenario["horizon"]["start"], "days": scenario["horizon"]["days"],
            "options": {"time_limit": args.solve_seconds}}).json()
        while (state := http.get(f"/jobs/{job['id']}").json())["status"] in ("queued", "running"):
            time.sleep(1)
        rota_id = state["rota_id"]
        if rota_id is None:
            raise SystemExit(f"{name}: solve job ended without a rota: {state['message']}")
        first = http.get(f"/rotas/{rota_id}", params={"include": "assignments"})
        results = []
        for include in (None, "assignments"):
            plain = http.get(f"/rotas/{rota_id}", params={"include": include} if include else {},
                             headers={"Accept-Encoding": "identity"})
            zipped = http.stream("GET", f"/rotas/{rota_id}", params={"include": include} if include else {})
            with zipped as response:
                wire = sum(len(chunk) for chunk in response.iter_raw())
            load = subprocess.run([sys.executable, __file__, "--client", base, "--rota", str(rota_id),
                                   "--clients", str(args.clients), "--requests-per-client",
                                   str(args.requests_per_client), *(["--include", include] if include else [])],
                                  check=True, capture_output=True, text=True)
            results.append({"backend": name, "body": "default" if include is None else f"include={include}",
                            "assignments": len(first.json()["rota"]), "plain_kb": len(plain.content) / 1024,
                            "wire_kb": wire / 1024, **json.loads(load.stdout)})
        edits = _edits(http, rota_id, first, args.edits)
        return [{**r, **edits} for r in results]
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(http: httpx.Client, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            http.get("/openapi.json")
            return
        except httpx.TransportError:
            if server.poll() is not None:
                raise SystemExit("server exited on start-up") from None
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _edits(http: httpx.Client, rota_id: int, first: httpx.Response, count: int) -> dict[str, float]:
    """Alternately remove an assignment and add it back, each with the ETag of the previous answer."""
    tag = first.headers["etag"]
    rows = first.json()["rota"]
    latencies = []
    for i in range(count):
        row = rows[(i // 2) % len(rows)]
        assignment = {k: row[k] for k in ("date", "shift", "unit", "staff_id")}
        kind = "remove" if i % 2 == 0 else "add"
        started = time.perf_counter()
        response = http.post(f"/rotas/{rota_id}/edits", json={"kind": kind, "assignment": assignment},
                             headers={"If-Match": tag})
        latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"edit failed: {response.status_code} {response.text[:300]}")
        tag = response.headers["etag"]
    return {"edit_p50_ms": statistics.median(latencies) * 1000, "edit_p95_ms": p95(latencies) * 1000}


def postgres_schema_url(admin_url: str) -> tuple[str, str]:
    import psycopg

    schema = f"rota_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    joiner = "&" if "?" in admin_url else "?"
    return f"{admin_url}{joiner}options=-csearch_path%3D{schema}", schema


def drop_schema(admin_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(admin_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--rota", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--include", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests-per-client", type=int, default=50)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--solve-seconds", type=float, default=30)
    args = parser.parse_args()
    if args.client:
        print(json.dumps(client_load(args.client, args.rota, args.clients, args.requests_per_client, args.include)))
        return
    before_load = _load_average()
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        results.extend(run_backend("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", args))
    postgres = os.environ.get("ROTA_BENCH_POSTGRES_URL") or os.environ.get("ROTA_TEST_DATABASE_URL")
    if postgres:
        url, schema = postgres_schema_url(postgres)
        try:
            results.extend(run_backend("PostgreSQL", url, args))
        finally:
            drop_schema(postgres, schema)
    print(f"{date.today().isoformat()}, {os.cpu_count()} cores, load average before: {before_load}, "
          f"after: {_load_average()}")
    print()
    print(f"| database | body | assignments | KB plain | KB gzip | GETs | errors | GET p50 ms | GET p95 ms | "
          f"GET/s ({args.clients} clients) | edit p50 ms | edit p95 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['backend']} | {r['body']} | {r['assignments']} | {r['plain_kb']:.0f} | {r['wire_kb']:.0f} | "
              f"{r['requests']} | {r['errors']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['throughput']:.0f} | "
              f"{r['edit_p50_ms']:.1f} | {r['edit_p95_ms']:.1f} |")


def _load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine inflates every figure."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
