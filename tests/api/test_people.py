"""Staff (competences, RAG history, leave) and residents (assessments), with the audit log."""

from __future__ import annotations


def staff_body(**fields):
    body = {"code": "new1", "name": "Nia New", "role": "carer", "home_unit": "res", "contracted_hours": 30}
    body.update(fields)
    return body


def test_staff_crud_filters_and_audit(client, home_id) -> None:
    base = f"/homes/{home_id}/staff"
    created = client.post(base, json=staff_body())
    assert created.status_code == 201
    member = created.json()
    assert client.post(base, json=staff_body()).status_code == 409
    assert client.get(base, params={"role": "senior"}).json()["total"] == 1
    assert client.get(base, params={"q": "nia"}).json()["items"][0]["code"] == "new1"
    assert client.get(base, params={"employment": "agency"}).json()["total"] == 0
    changed = client.patch(f"{base}/{member['id']}", json={"contracted_hours": 37.5, "night_worker": True})
    assert changed.json()["contracted_hours"] == 37.5
    log = client.get(f"/homes/{home_id}/audit-log", params={"entity_id": member["id"],
                                                            "entity_type": "staff_member"}).json()["items"]
    assert [e["action"] for e in log] == ["update", "create"]
    assert log[0]["before"]["contracted_hours"] == 30 and log[0]["after"]["contracted_hours"] == 37.5
    assert log[0]["actor"] == "deputy.manager"
    assert client.delete(f"{base}/{member['id']}").status_code == 204
    assert client.get(f"{base}/{member['id']}").status_code == 404


def test_staff_validation_names_fields(client, home_id) -> None:
    base = f"/homes/{home_id}/staff"
    unknown = client.post(base, json=staff_body(role="chef", units=["res", "attic"]))
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "body.role", "message": "unknown role 'chef' (known: carer, rn, senior)"}]
    neither = client.post(base, json=staff_body(day_worker=False))
    assert "day shifts, night shifts or both" in neither.json()["errors"][0]["message"]
    hours = client.post(base, json=staff_body(max_hours_per_week=20))
    assert "below contracted hours" in hours.json()["errors"][0]["message"]
    member = client.get(base).json()["items"][0]
    bad_patch = client.patch(f"{base}/{member['id']}", json={"contracted_hours": 200})
    assert bad_patch.status_code == 422 and bad_patch.json()["errors"][0]["field"] == "body.contracted_hours"
    assert client.get(base).json()["items"][0]["contracted_hours"] == member["contracted_hours"]


def test_competences_rag_and_leave(client, home_id) -> None:
    member = client.get(f"/homes/{home_id}/staff", params={"q": "c1"}).json()["items"][0]
    base = f"/homes/{home_id}/staff/{member['id']}"
    added = client.post(f"{base}/competences", json={"skill": "medication", "expires": "2027-01-31"})
    assert added.status_code == 201
    assert client.post(f"{base}/competences", json={"skill": "knitting"}).status_code == 422
    renewed = client.patch(f"{base}/competences/{added.json()['id']}", json={"expires": "2028-01-31"})
    assert renewed.json()["expires"] == "2028-01-31"
    assert client.delete(f"{base}/competences/{added.json()['id']}").status_code == 204
    assert client.delete(f"{base}/competences/{added.json()['id']}").status_code == 404

    no_reason = client.post(f"{base}/rag-assessments", json={"rating": "red", "assessed_on": "2026-11-20",
                                                             "assessor": "DM"})
    assert no_reason.status_code == 422 and "needs a reason" in no_reason.json()["errors"][0]["message"]
    client.post(f"{base}/rag-assessments", json={"rating": "red", "assessed_on": "2026-11-20", "assessor": "DM",
                                                 "reason": "safeguarding concern"})
    history = client.get(f"{base}/rag-assessments").json()
    assert [h["rating"] for h in history] == ["green", "red"] and history[-1]["reason"] == "safeguarding concern"

    backwards = client.post(f"{base}/leave", json={"start": "2026-11-27", "end": "2026-11-25"})
    assert backwards.status_code == 422 and "ends" in backwards.json()["errors"][0]["message"]
    leave = client.post(f"{base}/leave", json={"start": "2026-11-25", "end": "2026-11-27", "kind": "sickness"})
    assert leave.status_code == 201
    moved = client.patch(f"{base}/leave/{leave.json()['id']}", json={"end": "2026-11-28"})
    assert moved.json()["end"] == "2026-11-28"
    assert [a["kind"] for a in client.get(f"{base}/leave").json()] == ["sickness"]
    assert client.delete(f"{base}/leave/{leave.json()['id']}").status_code == 204
    log = client.get(f"/homes/{home_id}/audit-log", params={"entity_id": member["id"], "entity_type": "staff_member"})
    actions = [e["action"] for e in log.json()["items"]]
    assert actions == ["remove_leave", "change_leave", "add_leave", "add_rag", "remove_competence",
                       "change_competence", "add_competence"]


def test_residents_and_assessments(client, home_id) -> None:
    base = f"/homes/{home_id}/residents"
    no_measure = client.post(base, json={"code": "r9", "unit": "res", "assessment": {"assessed_on": "2026-11-20"}})
    assert no_measure.status_code == 422
    assert no_measure.json()["errors"][0]["field"] == "body.assessment"
    admitted = client.post(base, json={"code": "r9", "unit": "res", "admitted": "2026-11-20",
                                       "assessment": {"assessed_on": "2026-11-20", "barthel": 35}})
    assert admitted.status_code == 201 and admitted.json()["assessment"]["barthel"] == 35
    resident = admitted.json()
    assert client.post(base, json={"code": "r9", "unit": "res",
                                   "assessment": {"assessed_on": "2026-11-20", "band": "low"}}).status_code == 409
    reassessed = client.post(f"{base}/{resident['id']}/assessments",
                             json={"assessed_on": "2026-12-01", "band": "very_high", "assessor": "RN Patel"})
    assert reassessed.status_code == 201
    assert client.get(f"{base}/{resident['id']}").json()["assessment"]["band"] == "very_high"
    assert len(client.get(f"{base}/{resident['id']}/assessments").json()) == 2
    assert client.patch(f"{base}/{resident['id']}", json={"discharged": "2026-11-01"}).status_code == 422
    assert client.get(base, params={"unit": "res"}).json()["total"] == 4
    assert client.delete(f"{base}/{resident['id']}").status_code == 204
    assert client.get(f"{base}/{resident['id']}/assessments").status_code == 404
