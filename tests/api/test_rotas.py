"""Solve jobs and rotas: 202 + job, progress, 409 for a second solve, stop keeps the best rota, restart
marks interrupted jobs failed, report with ETag, publish once, new drafts."""

from __future__ import annotations

import time
from datetime import date

from fastapi.testclient import TestClient

from rota.api.app import create_app
from rota.persistence import tables as t
from rota.persistence.database import session_factory

START = "2026-11-23"
QUICK = {"start": START, "days": 7, "options": {"time_limit": 3, "workers": 2}}
FULL = {"include": "assignments"}


def wait_for(client, job_id: int, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


def solved_rota(client, home_id: int) -> dict:
    job = client.post(f"/homes/{home_id}/rotas", json=QUICK).json()
    return wait_for(client, job["id"])


def test_solve_job_runs_and_links_its_rota(client, home_id) -> None:
    response = client.post(f"/homes/{home_id}/rotas", json=QUICK)
    assert response.status_code == 202 and response.headers["location"] == f"/jobs/{response.json()['id']}"
    job = wait_for(client, response.json()["id"])
    assert job["status"] == "succeeded" and job["solver_status"] in ("OPTIMAL", "FEASIBLE")
    assert job["progress"]["best_objective"] is not None and job["progress"]["elapsed_seconds"] > 0
    rota = client.get(job["links"]["rota"], params=FULL)
    assert rota.status_code == 200
    body = rota.json()
    assert body["status"] == "draft" and body["source"] == "solve"
    assert body["kpis"]["shifts_worked"] == len(body["rota"]) > 0
    assert {s["rag"] for s in body["shifts"]} <= {"red", "amber", "green"}
    assert all(s["reasons"] for s in body["shifts"])
    assert client.get(job["links"]["rota"], headers={"If-None-Match": rota.headers["etag"]}).status_code == 304


def test_rota_reads_are_lean_by_default_gzipped_on_request_and_conditional(client, home_id) -> None:
    rota_id = solved_rota(client, home_id)["rota_id"]
    plain = client.get(f"/rotas/{rota_id}", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert "rota" not in plain.json() and plain.json()["shifts"][0]["staff"]
    zipped = client.get(f"/rotas/{rota_id}", headers={"Accept-Encoding": "br;q=1.0, gzip;q=0.8"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.json() == plain.json()
    assert zipped.headers["vary"] == "Accept-Encoding" and zipped.headers["etag"] == plain.headers["etag"]
    tag = plain.headers["etag"]
    assert client.get(f"/rotas/{rota_id}", headers={"If-None-Match": f'"0.0", W/{tag}'}).status_code == 304
    assert client.get(f"/rotas/{rota_id}", headers={"If-None-Match": '"0.0"'}).status_code == 200
    full = client.get(f"/rotas/{rota_id}", params=FULL).json()
    assert len(full["rota"]) == full["kpis"]["shifts_worked"]
    assert {k: v for k, v in full.items() if k != "rota"} == plain.json()
    assert client.get(f"/rotas/{rota_id}", params={"include": "everything"}).status_code == 422
    missing = client.get("/rotas/987654")
    assert missing.status_code == 404 and "987654" in missing.json()["detail"]


def test_a_second_solve_of_the_same_period_is_refused_while_one_runs(client, home_id) -> None:
    slow = {**QUICK, "options": {"time_limit": 30, "workers": 2}}
    first = client.post(f"/homes/{home_id}/rotas", json=slow).json()
    second = client.post(f"/homes/{home_id}/rotas", json=slow)
    assert second.status_code == 409 and f"job {first['id']}" in second.json()["detail"]
    other_period = client.post(f"/homes/{home_id}/rotas", json={**QUICK, "start": "2026-11-30"})
    assert other_period.status_code == 202
    client.delete(f"/jobs/{first['id']}")
    wait_for(client, first["id"])
    wait_for(client, other_period.json()["id"])


def test_stopping_a_job_keeps_the_best_rota(client, home_id) -> None:
    job = client.post(f"/homes/{home_id}/rotas", json={**QUICK, "options": {"time_limit": 120, "workers": 2}}).json()
    deadline = time.monotonic() + 60
    while client.get(f"/jobs/{job['id']}").json()["progress"]["stage"] != "optimise":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    stopped = client.delete(f"/jobs/{job['id']}")
    assert stopped.status_code == 202 and stopped.json()["cancel_requested"]
    done = wait_for(client, job["id"])
    assert done["status"] == "cancelled" and done["rota_id"] is not None
    assert "best rota found so far was kept" in done["message"]
    assert client.get(f"/rotas/{done['rota_id']}").json()["kpis"]["shifts_worked"] > 0
    assert client.delete(f"/jobs/{job['id']}").status_code == 409


def test_restart_marks_interrupted_jobs_failed(db, home_id) -> None:
    with session_factory(db)() as session:
        period = t.RotaPeriod(home_id=home_id, start_date=date(2026, 11, 23), days=7)
        session.add(period)
        session.flush()
        stuck = t.SolveJob(home_id=home_id, period_id=period.id, status="running", options={}, scenario={},
                           requested_by="someone")
        session.add(stuck)
        session.commit()
        stuck_id = stuck.id
    with TestClient(create_app(db)) as restarted:
        job = restarted.get(f"/jobs/{stuck_id}").json()
        assert job["status"] == "failed" and "service stopped" in job["message"]
        again = restarted.post(f"/homes/{home_id}/rotas", json={**QUICK, "options": {"time_limit": 1}})
        assert again.status_code == 202


def test_solve_requests_are_validated(client, home_id) -> None:
    bad = client.post(f"/homes/{home_id}/rotas", json={"start": "23/11/2026", "days": 90, "options": {"workers": 0}})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"body.start", "body.days", "body.options.workers"}
    assert client.post("/homes/987654/rotas", json=QUICK).status_code == 404
    assert client.get("/jobs/987654").status_code == 404
    assert client.get("/rotas/987654").status_code == 404


def test_a_home_that_cannot_make_a_scenario_gets_422_naming_the_record(client, home_id) -> None:
    client.post(f"/homes/{home_id}/units", json={"code": "nursing", "name": "Nursing", "kind": "nursing", "beds": 5})
    rn = next(r for r in client.get(f"/homes/{home_id}/roles").json()["items"] if r["code"] == "rn")
    client.patch(f"/homes/{home_id}/roles/{rn['id']}", json={"registered_nurse": False})
    response = client.post(f"/homes/{home_id}/rotas", json=QUICK)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "units[1].kind"
    assert "no role is a registered nurse" in response.json()["errors"][0]["message"]


def test_publish_once_then_draft_from_it(client, home_id) -> None:
    rota_id = solved_rota(client, home_id)["rota_id"]
    published = client.post(f"/rotas/{rota_id}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published" and published.json()["published_by"] == "deputy.manager"
    assert client.post(f"/rotas/{rota_id}/publish").status_code == 409
    draft = client.post(f"/rotas/{rota_id}/drafts")
    assert draft.status_code == 201 and draft.json()["based_on_id"] == rota_id and draft.json()["number"] == 2
    assert len(client.get(f"/rotas/{draft.json()['id']}", params=FULL).json()["rota"]) == \
        len(client.get(f"/rotas/{rota_id}", params=FULL).json()["rota"])
    listed = client.get(f"/homes/{home_id}/rotas", params={"status": "published"}).json()
    assert [r["id"] for r in listed["items"]] == [rota_id]
    actions = [e["action"] for e in client.get(f"/homes/{home_id}/audit-log",
                                              params={"entity_type": "rota_version"}).json()["items"]]
    assert actions == ["create", "publish", "create"]


def test_exports_use_the_latest_published_version(client, home_id) -> None:
    rota_id = solved_rota(client, home_id)["rota_id"]
    csv_text = client.get(f"/rotas/{rota_id}/export.csv")
    assert csv_text.status_code == 200 and csv_text.text.startswith("date,shift,start,end,unit,staff_id")
    xlsx = client.get(f"/rotas/{rota_id}/export.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get(f"/homes/{home_id}/published-rota.csv", params={"start": START}).status_code == 404
    client.post(f"/rotas/{rota_id}/publish")
    draft = client.post(f"/rotas/{rota_id}/drafts").json()
    staff_row = client.get(f"/rotas/{rota_id}", params=FULL).json()["rota"][0]
    published = client.get(f"/homes/{home_id}/published-rota.csv", params={"start": START})
    assert published.text == csv_text.text
    member = client.get(f"/homes/{home_id}/staff", params={"q": staff_row["staff_id"]}).json()["items"][0]
    feed = client.get(f"/homes/{home_id}/staff/{member['id']}/calendar.ics")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    rows = client.get(f"/rotas/{rota_id}", params=FULL).json()["rota"]
    shifts = sum(1 for r in rows if r["staff_id"] == staff_row["staff_id"])
    assert feed.text.count("BEGIN:VEVENT") == shifts
    assert draft["status"] == "draft"
    assert client.get(f"/homes/{home_id}/published-rota.pdf", params={"start": START}).status_code == 404
