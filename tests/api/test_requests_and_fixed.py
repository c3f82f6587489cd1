"""Staff requests and fixed assignments: CRUD with field-named 422s, 404s, 409 for a duplicate fixed shift,
the audit log, and a solve that keeps a fixed shift."""

from __future__ import annotations

from tests.api.test_rotas import FULL, START, solved_rota


def carer(client, home_id: int, code: str = "c1") -> dict:
    return client.get(f"/homes/{home_id}/staff", params={"q": code}).json()["items"][0]


def test_requests_crud_and_audit(client, home_id) -> None:
    base = f"/homes/{home_id}/staff/{carer(client, home_id)['id']}/requests"
    day_off = client.post(base, json={"kind": "day_off", "date": "2026-11-25", "weight": 3})
    assert day_off.status_code == 201
    assert day_off.json() == {"id": day_off.json()["id"], "kind": "day_off", "date": "2026-11-25", "shift": None,
                              "weight": 3}
    wanted = client.post(base, json={"kind": "shift_wanted", "date": "2026-11-24", "shift": "L"}).json()
    assert [r["date"] for r in client.get(base).json()] == ["2026-11-24", "2026-11-25"]
    changed = client.patch(f"{base}/{wanted['id']}", json={"shift": "E", "weight": 5})
    assert changed.status_code == 200 and changed.json()["shift"] == "E" and changed.json()["weight"] == 5
    assert client.delete(f"{base}/{day_off.json()['id']}").status_code == 204
    assert client.delete(f"{base}/{day_off.json()['id']}").status_code == 404
    log = client.get(f"/homes/{home_id}/audit-log", params={"entity_type": "staff_member"}).json()["items"]
    assert [e["action"] for e in log[:3]] == ["remove_request", "change_request", "add_request"]
    assert log[1]["before"]["shift"] == "L" and log[1]["after"]["shift"] == "E"
    assert "day off on 2026-11-25" in log[0]["summary"]


def test_bad_requests_name_the_field_and_change_nothing(client, home_id) -> None:
    base = f"/homes/{home_id}/staff/{carer(client, home_id)['id']}/requests"
    no_shift = client.post(base, json={"kind": "shift_not_wanted", "date": "2026-11-24"})
    assert no_shift.status_code == 422 and "needs a shift code" in no_shift.json()["errors"][0]["message"]
    unknown = client.post(base, json={"kind": "shift_wanted", "date": "2026-11-24", "shift": "X"})
    assert unknown.json()["errors"] == [{"field": "body.shift", "message": "unknown shift type 'X' (known: E, L, N)"}]
    heavy = client.post(base, json={"kind": "day_off", "date": "2026-11-24", "weight": 11})
    assert heavy.status_code == 422 and heavy.json()["errors"][0]["field"] == "body.weight"
    made = client.post(base, json={"kind": "day_off", "date": "2026-11-24"}).json()
    to_shift_kind = client.patch(f"{base}/{made['id']}", json={"kind": "shift_wanted"})
    assert to_shift_kind.status_code == 422
    assert client.get(base).json() == [made]
    assert client.get(f"/homes/{home_id}/staff/999999/requests").status_code == 404


def test_fixed_assignments_crud_conflicts_and_audit(client, home_id) -> None:
    base = f"/homes/{home_id}/fixed-assignments"
    body = {"date": "2026-11-24", "shift": "E", "unit": "res", "staff_id": "c2"}
    made = client.post(base, json=body)
    assert made.status_code == 201 and made.json() == {**body, "id": made.json()["id"], "home_id": home_id}
    again = client.post(base, json=body)
    assert again.status_code == 409 and "c2 is already fixed on shift E on 2026-11-24" in again.json()["detail"]
    client.post(base, json={**body, "date": "2026-11-26", "staff_id": "c3"})
    assert client.get(base, params={"from": "2026-11-25"}).json()["total"] == 1
    assert client.get(base, params={"staff_id": "c2"}).json()["items"][0]["id"] == made.json()["id"]
    moved = client.patch(f"{base}/{made.json()['id']}", json={"shift": "L"})
    assert moved.status_code == 200 and moved.json()["shift"] == "L"
    bad = client.patch(f"{base}/{made.json()['id']}", json={"staff_id": "ghost", "unit": "attic"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] in ("body.unit", "body.staff_id")
    assert client.get(f"{base}/{made.json()['id']}").json()["shift"] == "L"
    other = client.post("/homes", json={"code": "elm", "name": "Elm"}).json()["id"]
    assert client.get(f"/homes/{other}/fixed-assignments/{made.json()['id']}").status_code == 404
    assert client.post(base, json={**body, "shift": "Z"}).json()["errors"][0]["field"] == "body.shift"
    assert client.post(base, json={**body, "date": "24/11/2026"}).json()["errors"][0]["field"] == "body.date"
    assert client.delete(f"{base}/{made.json()['id']}").status_code == 204
    assert client.get(f"{base}/{made.json()['id']}").status_code == 404
    assert client.get("/homes/999999/fixed-assignments").status_code == 404
    log = client.get(f"/homes/{home_id}/audit-log", params={"entity_type": "fixed_assignment"}).json()["items"]
    assert [e["action"] for e in log] == ["delete", "update", "create", "create"]
    assert log[1]["before"]["shift"] == "E" and log[1]["after"]["shift"] == "L"


def test_a_solve_keeps_a_fixed_shift(client, home_id) -> None:
    fixed = {"date": START, "shift": "N", "unit": "res", "staff_id": "c4"}
    assert client.post(f"/homes/{home_id}/fixed-assignments", json=fixed).status_code == 201
    rota_id = solved_rota(client, home_id)["rota_id"]
    rows = client.get(f"/rotas/{rota_id}", params=FULL).json()["rota"]
    assert {k: v for k, v in fixed.items()} in [{k: r[k] for k in fixed} for r in rows]
