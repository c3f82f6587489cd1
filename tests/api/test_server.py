"""One test against a real uvicorn server on loopback: `rota serve` migrates a new database on start-up
and answers HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_rota_serve_answers_on_loopback(tmp_path) -> None:
    port = free_port()
    env = {**os.environ, "ROTA_DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}"}
    server = subprocess.Popen([sys.executable, "-m", "rota.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                docs = httpx.get(f"{base}/openapi.json")
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert docs.status_code == 200 and "/homes/{home_id}/rotas" in docs.json()["paths"]
        created = httpx.post(f"{base}/homes", json={"code": "served", "name": "Served Home"},
                             headers={"X-User": "tester"})
        assert created.status_code == 201
        assert httpx.get(f"{base}/homes").json()["total"] == 1
        assert httpx.get(f"{base}/docs").status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
