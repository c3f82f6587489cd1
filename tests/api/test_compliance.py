"""Compliance endpoints over the sample home's HR records: due list with filters and paging, training
matrix exports, HR upload (all or nothing, errors naming file, row and column), indicators, the CQC
evidence report, and CRUD of single HR records with the audit log."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rota.persistence.database import session_factory
from rota.persistence.unit_of_work import UnitOfWork
from rota.services.hr_imports import import_hr_folder
from rota.services.imports import import_scenario
from rota.services.rotas import load_scenario

SAMPLE_HR = Path("sample_rotas/compliance")
ON = "2026-11-01"


@pytest.fixture
def sunnyside(db, client) -> int:
    """The sample home with its HR records imported."""
    with UnitOfWork(session_factory(db)) as uow:
        home_id = import_scenario(uow, load_scenario(Path("sample_rotas/sunnyside/week.json"))).home_id
        import_hr_folder(uow, uow.homes.get(home_id), SAMPLE_HR)
        return home_id


def upload(client, home_id: int, folder: Path, names: list[str] | None = None):
    names = names or sorted(p.name for p in folder.glob("*.csv"))
    files = [("files", (name, (folder / name).read_bytes(), "text/csv")) for name in names]
    return client.post(f"/homes/{home_id}/hr/import", files=files)


# --- the due list ------------------------------------------------------------------------------------------------


def test_compliance_lists_every_item_with_status_due_date_and_summary(client, sunnyside) -> None:
    body = client.get(f"/homes/{sunnyside}/compliance", params={"on": ON, "limit": 500}).json()
    counts = body["summary"]["total"]
    assert body["total"] == sum(counts.values()) > 500
    assert counts["overdue"] > 0 and counts["missing"] > 0 and counts["due_soon"] > 0
    first = body["items"][0]
    assert {"staff_id", "name", "role", "area", "item", "label", "status", "due", "last", "detail"} <= set(first)
    order = ["missing", "overdue", "due_soon", "valid"]
    statuses = [order.index(i["status"]) for i in body["items"]]
    assert statuses == sorted(statuses)


def test_compliance_filters_and_pages(client, sunnyside) -> None:
    url = f"/homes/{sunnyside}/compliance"
    overdue = client.get(url, params={"on": ON, "status": "overdue", "limit": 500}).json()
    assert overdue["items"] and {i["status"] for i in overdue["items"]} == {"overdue"}
    assert overdue["total"] == overdue["summary"]["total"]["overdue"]
    seniors = client.get(url, params={"on": ON, "role": "senior", "course": "Safe handling of medicines"}).json()
    assert seniors["total"] > 0
    assert {(i["role"], i["item"]) for i in seniors["items"]} == {("senior", "medication")}
    soon = client.get(url, params={"on": ON, "within": 14, "limit": 500}).json()
    assert all(i["status"] in ("overdue", "missing") or i["due"] <= "2026-11-15" for i in soon["items"])
    everything = client.get(url, params={"on": ON, "limit": 10}).json()
    second = client.get(url, params={"on": ON, "limit": 10, "offset": 10}).json()
    assert len(everything["items"]) == 10 and second["items"][0] != everything["items"][0]
    assert second["total"] == everything["total"]


def test_compliance_errors_name_the_field(client, sunnyside) -> None:
    bad = client.get(f"/homes/{sunnyside}/compliance", params={"course": "basket weaving"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.course"
    bad_status = client.get(f"/homes/{sunnyside}/compliance", params={"status": "fine"})
    assert bad_status.status_code == 422 and bad_status.json()["errors"][0]["field"] == "query.status[0]"
    assert client.get("/homes/999/compliance").status_code == 404


def test_training_matrix_exports(client, sunnyside) -> None:
    csv_response = client.get(f"/homes/{sunnyside}/compliance/matrix.csv", params={"on": ON})
    assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
    header = csv_response.text.splitlines()[0].split(",")
    assert header[:4] == ["Staff ID", "Name", "Home", "Role"] and "Fire safety" in header
    xlsx = client.get(f"/homes/{sunnyside}/compliance/matrix.xlsx", params={"on": ON})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Training matrix", "Due list"]
    assert book["Training matrix"].max_row == len(csv_response.text.splitlines())
    assert client.get(f"/homes/{sunnyside}/compliance/matrix.pdf").status_code == 422


# --- upload ------------------------------------------------------------------------------------------------------


def test_uploading_another_homes_files_is_refused(client, home_id, db) -> None:
    with UnitOfWork(session_factory(db)) as uow:
        code = uow.homes.get(home_id).code
    folder = Path("sample_rotas/compliance")
    response = upload(client, home_id, folder)
    # The small test home is not the sample's home: every Home cell is named, and nothing is stored.
    assert response.status_code == 422
    problem = response.json()["errors"][0]
    assert (problem["file"], problem["row"], problem["column"]) == ("staff.csv", 2, "Home")
    assert f"'{code}'" in problem["message"]
    assert client.get(f"/homes/{home_id}/hr/employment").json()["total"] == 0


def test_upload_is_all_or_nothing_and_names_file_row_and_column(client, db, tmp_path) -> None:
    with UnitOfWork(session_factory(db)) as uow:
        home_id = import_scenario(uow, load_scenario(Path("sample_rotas/sunnyside/week.json"))).home_id
    folder = tmp_path / "hr"
    folder.mkdir()
    for path in SAMPLE_HR.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    lines = (folder / "training.csv").read_text().splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[2], "yesterday", 1)
    (folder / "training.csv").write_text("\n".join(lines) + "\n")
    failed = upload(client, home_id, folder)
    assert failed.status_code == 422
    errors = failed.json()["errors"]
    assert [(e["file"], e["row"], e["column"]) for e in errors] == [("training.csv", 4, "Completed")]
    assert "not a date" in errors[0]["message"] and errors[0]["field"] == "training.csv, row 4, column 'Completed'"
    assert client.get(f"/homes/{home_id}/hr/employment").json()["total"] == 0
    assert client.get(f"/homes/{home_id}/hr/supervisions").json()["total"] == 0

    unknown = client.post(f"/homes/{home_id}/hr/import", files=[("files", ("notes.txt", b"x", "text/plain"))])
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "files[0]"

    good = upload(client, home_id, SAMPLE_HR)
    assert good.status_code == 200 and good.json()["counts"]["training"]["added"] > 2000
    again = upload(client, home_id, SAMPLE_HR).json()
    assert again["counts"]["training"]["added"] == 0
    log = client.get(f"/homes/{home_id}/audit-log").json()["items"]
    assert log[0]["action"] == "import" and log[0]["actor"] == "deputy.manager"


# --- indicators and report ---------------------------------------------------------------------------------------


def test_home_and_provider_indicators(client, sunnyside) -> None:
    home = client.get(f"/homes/{sunnyside}/indicators", params={"month": "2026-10"}).json()
    ids = {i["id"] for i in home["indicators"]}
    assert {"turnover", "stability", "training_compliance", "agency_share", "registered_manager"} <= ids
    turnover = next(i for i in home["indicators"] if i["id"] == "turnover")
    assert turnover["value"] is not None and turnover["rag"] in ("green", "amber", "red")
    assert len(turnover["trend"]) == 12 and turnover["quality_statements"]
    assert home["last"] == "2026-10-31"
    provider = client.get("/providers/indicators", params={"month": "2026-10", "per_home": True}).json()
    assert {i["id"] for i in provider["indicators"]} == ids
    assert provider["compliance"]["total"]["valid"] > 0
    assert [h["home"] for h in provider["homes"]] == ["sunnyside"]
    # One home's provider-wide figures are that home's figures.
    provider_turnover = next(i for i in provider["indicators"] if i["id"] == "turnover")
    assert provider_turnover["value"] == turnover["value"]


def test_indicator_errors(client, sunnyside) -> None:
    bad = client.get(f"/homes/{sunnyside}/indicators", params={"month": "October"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.month"
    assert client.get("/homes/999/indicators").status_code == 404
    assert client.get("/providers/indicators", params={"months": 0}).status_code == 422


def test_cqc_report_is_printable_html(client, sunnyside) -> None:
    response = client.get(f"/homes/{sunnyside}/reports/cqc", params={"month": "2026-10"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "Sunnyside Care Home" in response.text and "turnover" in response.text.lower()
    assert "<svg" in response.text
    assert client.get(f"/homes/{sunnyside}/reports/cqc", params={"month": "2026-13"}).status_code == 422
    assert client.get("/homes/999/reports/cqc").status_code == 404


# --- single records ----------------------------------------------------------------------------------------------


def test_training_record_crud_is_audit_logged(client, sunnyside) -> None:
    url = f"/homes/{sunnyside}/hr/training"
    created = client.post(url, json={"staff_id": "S008", "course_id": "Fire_Safety", "completed": "2026-11-02",
                                     "provider": "in house"})
    assert created.status_code == 201
    record = created.json()
    assert record["course_id"] == "fire_safety" and record["completed"] == "2026-11-02"
    record_url = f"{url}/{record['id']}"
    assert client.get(record_url).json() == record
    changed = client.put(record_url, json={"staff_id": "S008", "course_id": "fire_safety",
                                           "completed": "2026-11-03", "evidence": "FS-1"})
    assert changed.status_code == 200 and changed.json()["evidence"] == "FS-1"
    listed = client.get(url, params={"staff_id": "S008", "limit": 500}).json()
    assert record["id"] in [r["id"] for r in listed["items"]]
    assert client.delete(record_url).status_code == 204
    assert client.get(record_url).status_code == 404
    log = client.get(f"/homes/{sunnyside}/audit-log").json()["items"]
    assert [e["action"] for e in log[:3]] == ["delete", "update", "create"]
    assert log[1]["before"]["completed"] == "2026-11-02" and log[1]["after"]["completed"] == "2026-11-03"


def test_a_new_training_record_changes_the_due_list(client, sunnyside) -> None:
    url = f"/homes/{sunnyside}/compliance"
    before = client.get(url, params={"on": ON, "staff_id": "S008", "course": "fire_safety"}).json()["items"][0]
    client.post(f"/homes/{sunnyside}/hr/training",
                json={"staff_id": "S008", "course_id": "fire_safety", "completed": "2026-10-30"})
    after = client.get(url, params={"on": ON, "staff_id": "S008", "course": "fire_safety"}).json()["items"][0]
    assert after["status"] == "valid" and after["due"] == "2027-10-30"
    assert before["last"] != after["last"]


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"staff_id": "NOBODY", "course_id": "fire_safety", "completed": "2026-11-02"}, "body.staff_id",
     "not on the home's HR staff list"),
    ({"staff_id": "S008", "course_id": "juggling", "completed": "2026-11-02"}, "body.course_id", "not a course"),
    ({"staff_id": "S008", "course_id": "fire_safety", "completed": "02/11/26x"}, "body.completed", "date"),
    ({"staff_id": "S008", "course_id": "fire_safety"}, "body.completed", "required"),
])
def test_bad_training_records_are_refused_naming_the_field(client, sunnyside, body, field, words) -> None:
    response = client.post(f"/homes/{sunnyside}/hr/training", json=body)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == field and words in error["message"]


def test_supervision_appraisal_recruitment_sickness_and_employment_records(client, sunnyside) -> None:
    base = f"/homes/{sunnyside}/hr"
    cases = {
        "supervisions": {"staff_id": "S008", "held_on": "2026-11-02", "held_by": "Helen Carter"},
        "appraisals": {"staff_id": "S008", "held_on": "2026-11-02", "held_by": "Helen Carter"},
        "dbs": {"staff_id": "S008", "issued": "2026-11-02", "certificate_number": "001234567890",
                "update_service": True},
        "right-to-work": {"staff_id": "S008", "checked_on": "2026-11-02", "document": "passport"},
        "references": {"staff_id": "S008", "received_on": "2026-11-02", "referee": "Previous employer"},
        "nmc": {"staff_id": "S001", "pin": "12A3456B", "expires": "2027-11-30", "revalidation_due": "2028-11-30"},
        "absences": {"staff_id": "S008", "start": "2026-11-02", "end": "2026-11-04", "reason": "flu"},
        "medication-assessments": {"staff_id": "S008", "assessed_on": "2026-11-02", "assessor": "M Adeyemi"},
        "employment": {"staff_id": "N999", "name": "New Starter", "role": "carer", "start": "2026-11-09"},
        "staffing-reviews": {"reviewed_on": "2026-11-02", "reviewed_by": "Helen Carter"},
    }
    for slug, body in cases.items():
        response = client.post(f"{base}/{slug}", json=body)
        assert response.status_code == 201, (slug, response.json())
        assert client.get(f"{base}/{slug}/{response.json()['id']}").status_code == 200
    bad_absence = client.post(f"{base}/absences", json={**cases["absences"], "end": "2026-11-01"})
    assert bad_absence.status_code == 422 and "before it starts" in bad_absence.json()["errors"][0]["message"]
    overlap = client.post(f"{base}/employment", json={**cases["employment"], "start": "2026-12-01"})
    assert overlap.status_code == 422 and overlap.json()["errors"][0]["field"] == "body.start"
    assert client.post(f"{base}/dbs", json={**cases["dbs"], "colour": "red"}).status_code == 422
    assert client.get(f"{base}/dbs/999999").status_code == 404
    assert client.get("/homes/999/hr/dbs").status_code == 404


def test_a_record_of_another_home_is_not_found(client, sunnyside, home_id) -> None:
    record = client.post(f"/homes/{sunnyside}/hr/supervisions",
                         json={"staff_id": "S008", "held_on": "2026-11-02", "held_by": "HC"}).json()
    assert client.get(f"/homes/{home_id}/hr/supervisions/{record['id']}").status_code == 404
    assert client.delete(f"/homes/{home_id}/hr/supervisions/{record['id']}").status_code == 404


def test_policy_per_home_overrides_the_provider_and_changes_statuses(client, sunnyside) -> None:
    assert client.get(f"/homes/{sunnyside}/compliance/policy").json()["due_soon_days"] == 30
    provider = client.put("/providers/compliance/policy", json={"due_soon_days": 60})
    assert provider.status_code == 200
    assert client.get(f"/homes/{sunnyside}/compliance/policy").json()["due_soon_days"] == 60
    url = f"/homes/{sunnyside}/compliance"
    soon_at_60 = client.get(url, params={"on": ON, "status": "due_soon"}).json()["total"]
    assert client.put(f"/homes/{sunnyside}/compliance/policy", json={"due_soon_days": 0}).status_code == 200
    soon_at_0 = client.get(url, params={"on": ON, "status": "due_soon"}).json()["total"]
    assert soon_at_0 < soon_at_60
    assert client.get("/providers/compliance/policy").json()["due_soon_days"] == 60
    bad = client.put(f"/homes/{sunnyside}/compliance/policy",
                     json={"thresholds": {"turnover": {"green": 30, "amber": 20, "higher_is_better": False}}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"].startswith("body.thresholds")
    log = client.get(f"/homes/{sunnyside}/audit-log").json()["items"]
    assert log[0]["entity_type"] == "hr_policy" and log[0]["after"]["due_soon_days"] == 0


def test_courses_in_force(client, sunnyside) -> None:
    courses = client.get(f"/homes/{sunnyside}/compliance/courses").json()
    medication = next(c for c in courses if c["id"] == "medication")
    assert medication["refresh_months"] == 12 and medication["grants_skill"] == "medication"
