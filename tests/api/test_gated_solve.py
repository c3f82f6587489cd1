"""Gating end to end: a solve job for a home with HR records plans on what the records evidence, and the
stored rota's report says what gating changed ("Medication: 1 of 2 expired (...)")."""

from __future__ import annotations

import re
from datetime import date

from rota.compliance.hr_csv import write_hr_folder
from rota.compliance.records import (
    ComplianceData,
    DbsCheck,
    Employment,
    MedicationAssessment,
    RightToWork,
    TrainingRecord,
)
from rota.persistence.database import session_factory
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.hr_imports import import_hr_folder
from tests.api.test_rotas import FULL, QUICK, wait_for
from tests.factories import person

STAFF = {"s1": "senior", **{f"c{i}": "carer" for i in range(1, 9)}}
VALID_MEDICATION = {"s1", "c1"}
NO_DBS = "c8"


def hr_records() -> ComplianceData:
    """Everyone with the Care Certificate and trained in first aid and fire marshalling; medication training
    current only for s1 and c1; no DBS check for c8."""
    started = date(2020, 1, 6)
    staff = tuple(Employment(staff_id=s, name=f"Person {s}", home_id="test", role=role, start=started)
                  for s, role in STAFF.items())
    training = []
    for s in STAFF:
        training.append(TrainingRecord(staff_id=s, course_id="medication",
                                       completed=date(2026, 1, 10) if s in VALID_MEDICATION else date(2025, 6, 1)))
        training += [TrainingRecord(staff_id=s, course_id=c, completed=date(2026, 6, 1))
                     for c in ("first_aid", "fire_marshal")]
        training.append(TrainingRecord(staff_id=s, course_id="care_certificate", completed=date(2020, 3, 1)))
    return ComplianceData(
        staff=staff, training=tuple(training),
        medication_assessments=tuple(MedicationAssessment(staff_id=s, assessed_on=date(2026, 2, 1), assessor="DM")
                                     for s in STAFF),
        dbs=tuple(DbsCheck(staff_id=s, issued=date(2024, 12, 1), certificate_number="001234567890")
                  for s in STAFF if s != NO_DBS),
        right_to_work=tuple(RightToWork(staff_id=s, checked_on=date(2019, 12, 1)) for s in STAFF),
    )


def import_records(db, home_id: int, folder, records: ComplianceData) -> None:
    write_hr_folder(folder, records)
    with UnitOfWork(session_factory(db)) as uow:
        import_hr_folder(uow, uow.homes.get(home_id), folder)


def test_a_solve_job_is_gated_on_the_homes_hr_records(client, db, home_id, tmp_path) -> None:
    import_records(db, home_id, tmp_path, hr_records())

    job = wait_for(client, client.post(f"/homes/{home_id}/rotas", json=QUICK).json()["id"])
    assert job["status"] == "succeeded", job
    rota = client.get(job["links"]["rota"]).json()

    kinds = {(r["staff_id"], r["kind"]) for r in rota["gating"]}
    assert (NO_DBS, "not_rosterable") in kinds
    assert {s for s, k in kinds if k == "skill_expired"} == set(STAFF) - VALID_MEDICATION
    assert not {s for s, k in kinds if k == "new_starter"}
    assert NO_DBS not in {a["staff_id"] for shift in rota["shifts"] for a in shift["staff"]}

    notes = [n for shift in rota["shifts"] for n in shift["compliance"] if n.startswith("Medication:")]
    assert notes, "some shift should have a carer whose medication training has expired"
    assert all(re.match(r"Medication: \d+ of \d+ expired \(Person c\d: Safe handling of medicines expired 01 Jun 2026",
                        n) for n in notes), notes
    log = client.get(f"/homes/{home_id}/audit-log").json()["items"]
    assert any(e["action"] == "solve" and "HR records changed the rota" in e["summary"] for e in log)


def test_a_home_without_hr_records_is_solved_as_before(client, home_id) -> None:
    job = wait_for(client, client.post(f"/homes/{home_id}/rotas", json=QUICK).json()["id"])
    rota = client.get(job["links"]["rota"]).json()
    assert "gating" not in rota
    assert not [n for shift in rota["shifts"] for n in shift["compliance"]]


def test_a_what_if_is_gated_on_todays_records_and_its_new_hires_are_not(client, db, home_id, tmp_path) -> None:
    import_records(db, home_id, tmp_path / "before", hr_records())
    base = wait_for(client, client.post(f"/homes/{home_id}/rotas", json=QUICK).json()["id"])
    assert (NO_DBS, "not_rosterable") in {(r["staff_id"], r["kind"]) for r in
                                          client.get(base["links"]["rota"]).json()["gating"]}

    records = hr_records()
    checked = DbsCheck(staff_id=NO_DBS, issued=date(2026, 11, 2), certificate_number="001234567899")
    import_records(db, home_id, tmp_path / "after", records.model_copy(update={"dbs": (*records.dbs, checked)}))
    created = client.post(f"/homes/{home_id}/scenarios", json={
        "name": "A new carer, and c8's DBS is back", "base_rota_id": base["rota_id"],
        "changes": {"extra_staff": [person("x1", night_worker=True)]}})
    assert created.status_code == 201, created.text
    job = client.post(f"/scenarios/{created.json()['id']}/solve",
                      json={"time_limit": 3, "workers": 2, "keep_base_rota": False})
    done = wait_for(client, job.json()["id"])
    assert done["status"] == "succeeded", done

    gating = client.get(f"/rotas/{done['rota_id']}").json()["gating"]
    kinds = [(r["staff_id"], r["kind"]) for r in gating]
    assert (NO_DBS, "not_rosterable") not in kinds, "the DBS check recorded since the base rota counts"
    assert not [k for k in kinds if k[0] == "x1"], "a hypothetical hire has no HR records to be gated on"
    assert {s for s, k in kinds if k == "skill_expired"} == set(STAFF) - VALID_MEDICATION
    assert len(kinds) == len(set(kinds)), "gating the base rota's own scenario again repeats nothing"
    assert all("Safe handling of medicines expired 01 Jun 2026" in r["message"]
               for r in gating if r["kind"] == "skill_expired"), gating
    compare = client.get(f"/scenarios/{created.json()['id']}/compare")
    assert compare.status_code == 200, compare.text
    log = client.get(f"/homes/{home_id}/audit-log").json()["items"]
    assert sum(e["action"] == "solve" and "HR records changed the rota" in e["summary"] for e in log) == 2


def test_a_what_if_keeps_the_new_starter_its_base_rota_made_supernumerary(client, db, home_id, tmp_path) -> None:
    records = hr_records()
    without_certificate = tuple(r for r in records.training if not (r.staff_id == "c1" and
                                                                    r.course_id == "care_certificate"))
    import_records(db, home_id, tmp_path, records.model_copy(update={"training": without_certificate}))
    base = wait_for(client, client.post(f"/homes/{home_id}/rotas", json=QUICK).json()["id"])
    assert ("c1", "new_starter") in {(r["staff_id"], r["kind"]) for r in
                                     client.get(base["links"]["rota"]).json()["gating"]}
    created = client.post(f"/homes/{home_id}/scenarios", json={"name": "As it is", "base_rota_id": base["rota_id"]})
    done = wait_for(client, client.post(f"/scenarios/{created.json()['id']}/solve",
                                        json={"time_limit": 3, "workers": 2}).json()["id"])
    gating = client.get(f"/rotas/{done['rota_id']}").json()["gating"]
    assert [r["kind"] for r in gating if r["staff_id"] == "c1"].count("new_starter") == 1


def test_a_sickness_repair_never_calls_in_someone_the_records_keep_off(client, db, home_id, tmp_path) -> None:
    import_records(db, home_id, tmp_path, hr_records())
    base = wait_for(client, client.post(f"/homes/{home_id}/rotas", json=QUICK).json()["id"])
    assert client.post(f"/rotas/{base['rota_id']}/publish").status_code == 200
    sick = [{"staff_id": s, "start": QUICK["start"], "reason": "sickness"} for s in ("c1", "c2", "c3", "c4")]
    response = client.post(f"/rotas/{base['rota_id']}/repair", json={"absences": sick, "time_limit": 3})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (NO_DBS, "not_rosterable") in {(r["staff_id"], r["kind"]) for r in body["gating"]}
    assert NO_DBS not in {a["staff_id"] for a in body["called_in"]}
    repaired = client.get(f"/rotas/{body['rota_id']}", params=FULL).json()
    assert NO_DBS not in {r["staff_id"] for r in repaired["rota"]}
    assert (NO_DBS, "not_rosterable") in {(r["staff_id"], r["kind"]) for r in repaired["gating"]}, \
        "the repaired draft keeps the gating it was planned under"
    assert any("HR records changed the rota" in line for line in body["summary"])
