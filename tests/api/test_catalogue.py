"""Homes, units, shift types, roles, skills and settings: CRUD, paging, filtering and every error path."""

from __future__ import annotations


def test_home_crud_and_conflicts(client) -> None:
    created = client.post("/homes", json={"code": "oak", "name": "Oak House"})
    assert created.status_code == 201
    home = created.json()
    assert client.post("/homes", json={"code": "oak", "name": "Again"}).status_code == 409
    assert client.get(f"/homes/{home['id']}").json()["name"] == "Oak House"
    renamed = client.patch(f"/homes/{home['id']}", json={"name": "Oak House Nursing"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Oak House Nursing"
    assert client.get("/homes", params={"q": "nursing"}).json()["total"] == 1
    assert client.get("/homes/999999").status_code == 404
    assert client.delete(f"/homes/{home['id']}").status_code == 204
    assert client.get(f"/homes/{home['id']}").status_code == 404


def test_validation_errors_name_the_field_in_plain_words(client) -> None:
    response = client.post("/homes", json={"code": "has space", "extra": 1})
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(fields) == {"body.code", "body.name", "body.extra"}
    assert fields["body.name"] == "this field is required"
    assert fields["body.extra"] == "this field is not allowed here"


def test_units_crud_paging_and_in_use(client, home_id) -> None:
    base = f"/homes/{home_id}/units"
    created = client.post(base, json={"code": "nursing", "name": "Nursing wing", "kind": "nursing", "beds": 20})
    assert created.status_code == 201
    unit_id = created.json()["id"]
    assert client.post(base, json={"code": "nursing", "name": "x", "kind": "nursing", "beds": 2}).status_code == 409
    page = client.get(base, params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["items"][0]["code"] == "nursing"
    assert client.patch(f"{base}/{unit_id}", json={"beds": 0}).status_code == 422
    assert client.patch(f"{base}/{unit_id}", json={"beds": 24}).json()["beds"] == 24
    used = next(u for u in client.get(base).json()["items"] if u["code"] == "res")
    in_use = client.delete(f"{base}/{used['id']}")
    assert in_use.status_code == 409 and "still refer" in in_use.json()["detail"]
    assert client.delete(f"{base}/{unit_id}").status_code == 204
    assert client.get(f"{base}/{unit_id}").status_code == 404


def test_records_of_another_home_are_not_found(client, home_id) -> None:
    other = client.post("/homes", json={"code": "elm", "name": "Elm"}).json()["id"]
    unit = client.get(f"/homes/{home_id}/units").json()["items"][0]
    assert client.get(f"/homes/{other}/units/{unit['id']}").status_code == 404


def test_shift_types_validate_times_and_units(client, home_id) -> None:
    base = f"/homes/{home_id}/shift-types"
    bad_time = client.post(base, json={"code": "T", "name": "Twilight", "start": "18:00", "end": "16:00"})
    assert bad_time.status_code == 422 and "night" in bad_time.json()["errors"][0]["message"]
    bad_unit = client.post(base, json={"code": "T", "name": "Twilight", "start": "16:00", "end": "22:00",
                                       "units": ["attic"]})
    assert bad_unit.json()["errors"] == [{"field": "body.units[0]", "message": "unknown unit 'attic' (known: res)"}]
    made = client.post(base, json={"code": "T", "name": "Twilight", "start": "16:00", "end": "22:00", "units": ["res"]})
    assert made.status_code == 201 and made.json()["units"] == ["res"]
    changed = client.patch(f"{base}/{made.json()['id']}", json={"end": "23:00"})
    assert changed.json()["end"] == "23:00"
    assert client.get(base, params={"q": "twi"}).json()["total"] == 1


def test_roles_and_skills(client, home_id) -> None:
    role = client.post(f"/homes/{home_id}/roles", json={"code": "cook", "name": "Cook", "care_staff": False})
    assert role.status_code == 201 and role.json()["care_staff"] is False
    assert client.patch(f"/homes/{home_id}/roles/{role.json()['id']}", json={"senior": True}).json()["senior"]
    carer = next(r for r in client.get(f"/homes/{home_id}/roles").json()["items"] if r["code"] == "carer")
    assert client.delete(f"/homes/{home_id}/roles/{carer['id']}").status_code == 409
    skill = client.post(f"/homes/{home_id}/skills", json={"code": "peg", "name": "PEG feeding"})
    assert skill.status_code == 201
    assert client.delete(f"/homes/{home_id}/skills/{skill.json()['id']}").status_code == 204
    assert client.get(f"/homes/{home_id}/skills/{skill.json()['id']}").status_code == 404


def test_settings_read_and_change(client, home_id) -> None:
    base = f"/homes/{home_id}/settings"
    assert client.get(base).json()["agency"]["max_per_unit_shift"] == 1
    changed = client.put(base, json={"agency": {"max_per_unit_shift": 2}})
    assert changed.status_code == 200 and changed.json()["agency"]["max_per_unit_shift"] == 2
    bad = client.put(base, json={"floors": {"skill_floors": [{"skill": "juggling"}]}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.floors.skill_floors[0].skill"
    out_of_range = client.put(base, json={"rest": {"min_rest_hours": -1}})
    assert out_of_range.json()["errors"][0]["field"] == "body.rest.min_rest_hours"
    log = client.get(f"/homes/{home_id}/audit-log", params={"entity_type": "staffing_setting"}).json()
    assert log["total"] == 1 and log["items"][0]["actor"] == "deputy.manager"
