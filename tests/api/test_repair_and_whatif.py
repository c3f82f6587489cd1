"""Sickness repair and what-if scenarios over HTTP: a repaired draft with the diff, absences booked as leave;
what-ifs created from a rota plus changes, solved as a job and compared side by side; 422 naming fields,
404 and 409 on the error paths, nothing written by a failed request."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from rota.api.app import create_app
from rota.persistence import tables as t
from rota.persistence.database import session_factory
from tests.api.test_rotas import FULL, START, solved_rota, wait_for

QUICK_REPAIR = {"time_limit": 3}


def published_rota(client, home_id: int) -> dict:
    rota_id = solved_rota(client, home_id)["rota_id"]
    assert client.post(f"/rotas/{rota_id}/publish").status_code == 200
    return client.get(f"/rotas/{rota_id}", params=FULL).json()


def test_repair_makes_a_draft_with_the_diff_and_books_the_leave(client, home_id) -> None:
    rota = published_rota(client, home_id)
    off = rota["rota"][0]
    absence = {"staff_id": off["staff_id"], "start": off["date"]}
    response = client.post(f"/rotas/{rota['id']}/repair", json={"absences": [absence], **QUICK_REPAIR})
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/rotas/{body['rota_id']}"
    assert body["based_on_id"] == rota["id"] and body["rota"]["status"] == "draft"
    assert body["rota"]["source"] == "repair"
    assert {"date": off["date"], "shift": off["shift"], "unit": off["unit"], "staff_id": off["staff_id"]} \
        in body["removed"]
    assert body["changes"] == (len(body["removed"]) + 2 * len(body["moved"]) + len(body["called_in"])
                               + len(body["stood_down"]))
    assert any("is off (sickness)" in line for line in body["summary"])
    repaired = client.get(f"/rotas/{body['rota_id']}", params=FULL).json()
    assert not any(r["staff_id"] == off["staff_id"] and r["date"] == off["date"] for r in repaired["rota"])
    unchanged = {(r["date"], r["shift"], r["staff_id"]) for r in rota["rota"]} & \
        {(r["date"], r["shift"], r["staff_id"]) for r in repaired["rota"]}
    assert len(unchanged) >= len(rota["rota"]) - body["changes"]
    assert client.get(f"/rotas/{rota['id']}").json()["revision"] == rota["revision"]
    member = client.get(f"/homes/{home_id}/staff", params={"q": off["staff_id"]}).json()["items"][0]
    leave = client.get(f"/homes/{home_id}/staff/{member['id']}/leave").json()
    assert {"start": off["date"], "end": off["date"], "kind": "sickness"} in [
        {k: a[k] for k in ("start", "end", "kind")} for a in leave]
    log = client.get(f"/homes/{home_id}/audit-log", params={"entity_type": "rota_version"}).json()["items"]
    assert log[0]["action"] == "repair" and log[0]["entity_id"] == body["rota_id"]


def test_repair_errors_name_the_field_and_write_nothing(client, home_id) -> None:
    rota = published_rota(client, home_id)
    url = f"/rotas/{rota['id']}/repair"
    unknown = client.post(url, json={"absences": [{"staff_id": "ghost", "start": START}], **QUICK_REPAIR})
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [{"field": "body.absences[0].staff_id",
                                         "message": "unknown staff member 'ghost'"}]
    outside = client.post(url, json={"absences": [{"staff_id": "c1", "start": "2027-03-01"}]})
    assert outside.json()["errors"][0]["field"] == "body.absences[0].start"
    backwards = client.post(url, json={"absences": [{"staff_id": "c1", "start": START, "end": "2026-11-20"}]})
    assert backwards.status_code == 422 and "ends" in backwards.json()["errors"][0]["message"]
    empty = client.post(url, json={"absences": []})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "body.absences"
    assert client.post("/rotas/987654/repair", json={"absences": [{"staff_id": "c1", "start": START}]}
                       ).status_code == 404
    listed = client.get(f"/homes/{home_id}/rotas").json()
    assert listed["total"] == 1
    member = client.get(f"/homes/{home_id}/staff", params={"q": "c1"}).json()["items"][0]
    assert client.get(f"/homes/{home_id}/staff/{member['id']}/leave").json() == []


def test_a_what_if_is_solved_and_compared_with_its_base(client, home_id) -> None:
    rota = published_rota(client, home_id)
    created = client.post(f"/homes/{home_id}/scenarios", json={
        "name": "Two carers off on Wednesday", "base_rota_id": rota["id"],
        "changes": {"absences": [{"staff_id": "c1", "start": "2026-11-25"},
                                 {"staff_id": "c2", "start": "2026-11-25"}],
                    "agency": {"max_share_of_heads": 0.5}}})
    assert created.status_code == 201, created.text
    scenario = created.json()
    assert scenario["status"] == "created" and scenario["result_rota_id"] is None
    early = client.get(f"/scenarios/{scenario['id']}/compare")
    assert early.status_code == 409 and "solve it first" in early.json()["detail"]
    job = client.post(f"/scenarios/{scenario['id']}/solve", json={"time_limit": 3, "workers": 2})
    assert job.status_code == 202 and job.json()["scenario_id"] == scenario["id"]
    assert client.post(f"/scenarios/{scenario['id']}/solve", json={"time_limit": 3}).status_code in (202, 409)
    done = wait_for(client, job.json()["id"])
    assert done["status"] == "succeeded", done
    solved = client.get(f"/scenarios/{scenario['id']}").json()
    assert solved["status"] == "solved" and solved["result_rota_id"] == done["rota_id"]
    assert client.get(f"/rotas/{done['rota_id']}").json()["status"] == "what_if"
    compare = client.get(f"/scenarios/{scenario['id']}/compare")
    assert compare.status_code == 200
    body = compare.json()
    assert body["base"]["shifts_worked"] == rota["kpis"]["shifts_worked"]
    assert body["base"]["changes_vs_base"] == 0 and body["scenario"]["changes_vs_base"] >= 2
    rows = {r["key"]: r for r in body["rows"]}
    assert {"uncovered_head_hours", "agency_hours", "agency_cost", "mean_safety_score", "red_shifts",
            "weekend_spread", "changes_vs_base"} <= set(rows)
    assert rows["changes_vs_base"]["verdict"] == "worse"
    assert client.get(f"/homes/{home_id}/scenarios").json()["items"][0]["id"] == scenario["id"]
    assert client.delete(f"/scenarios/{scenario['id']}").status_code == 204
    assert client.get(f"/scenarios/{scenario['id']}").status_code == 404
    assert client.get(f"/rotas/{done['rota_id']}").status_code == 404


def test_what_if_errors_name_the_change_sets_field(client, home_id) -> None:
    rota = published_rota(client, home_id)
    base = {"name": "bad", "base_rota_id": rota["id"]}
    ghost = client.post(f"/homes/{home_id}/scenarios", json={
        **base, "changes": {"absences": [{"staff_id": "ghost", "start": START}]}})
    assert ghost.status_code == 422
    assert ghost.json()["errors"][0] == {"field": "body.changes.absences[0].staff_id",
                                         "message": "unknown staff member 'ghost'"}
    setting = client.post(f"/homes/{home_id}/scenarios", json={**base, "changes": {"rest": {"nap_minutes": 5}}})
    assert setting.json()["errors"][0]["field"] == "body.changes.rest.nap_minutes"
    typo = client.post(f"/homes/{home_id}/scenarios", json={**base, "changes": {"absense": []}})
    assert typo.status_code == 422 and typo.json()["errors"][0]["field"].startswith("body.changes")
    other = client.post(f"/homes/{home_id}/scenarios", json={**base, "base_rota_id": 987654})
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "body.base_rota_id"
    assert client.post("/homes/987654/scenarios", json=base).status_code == 404
    assert client.get("/scenarios/987654/compare").status_code == 404
    assert client.post("/scenarios/987654/solve").status_code == 404
    assert client.get(f"/homes/{home_id}/scenarios").json()["total"] == 0


def test_a_restart_fails_an_interrupted_what_if_solve(db, home_id) -> None:
    with session_factory(db)() as session:
        period = t.RotaPeriod(home_id=home_id, start_date=date(2026, 11, 23), days=7)
        session.add(period)
        session.flush()
        base = t.RotaVersion(period_id=period.id, number=1, source="solve", scenario={}, created_by="someone")
        session.add(base)
        session.flush()
        what_if = t.WhatIfScenario(home_id=home_id, base_rota_version_id=base.id, name="stuck", changes={},
                                   status="solving", created_by="someone")
        session.add(what_if)
        session.flush()
        session.add(t.SolveJob(home_id=home_id, period_id=period.id, what_if_scenario_id=what_if.id,
                               status="running", options={}, scenario={}, requested_by="someone"))
        session.commit()
        what_if_id = what_if.id
    with TestClient(create_app(db)) as restarted:
        scenario = restarted.get(f"/scenarios/{what_if_id}").json()
        assert scenario["status"] == "failed" and scenario["result_rota_id"] is None
        compare = restarted.get(f"/scenarios/{what_if_id}/compare")
        assert compare.status_code == 409 and "(failed)" in compare.json()["detail"]
