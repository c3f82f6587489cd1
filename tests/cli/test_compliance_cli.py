"""`rota compliance`, `rota report` and `--compliance` on solve and check: files in, plain answers out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from rota.cli import app
from rota.compliance.hr_csv import write_hr_folder
from rota.compliance.records import ManagerRegistration, Supervision, TrainingRecord
from tests.cli.test_cli import small, write
from tests.unit.compliance.builders import data, employee
from tests.unit.compliance.test_gating import team_records

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def hr_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hr"
    write_hr_folder(folder, data(
        employee("S1", name="Ann Smith", role="senior", start=date(2024, 1, 8)),
        employee("S2", name="Bob Jones", start=date(2025, 4, 8), leave_date=date(2026, 2, 28), leave_reason="moved"),
        employee("S3", name="Cara Lee", start=date(2025, 9, 1)),
        training=(TrainingRecord(staff_id="S1", course_id="fire_safety", completed=date(2025, 11, 20)),
                  TrainingRecord(staff_id="S3", course_id="fire_safety", completed=date(2025, 9, 2))),
        supervisions=(Supervision(staff_id="S1", held_on=date(2026, 9, 1), held_by="Deputy"),),
        managers=(ManagerRegistration(home_id="h1", name="Helen Carter", registered_from=date(2020, 1, 1)),),
    ))
    return folder


def test_compliance_lists_due_items_and_filters(tmp_path: Path) -> None:
    folder = hr_folder(tmp_path)
    result = run("compliance", folder, "--on", "2026-11-01", "--course", "Fire safety")
    assert result.exit_code == 0, result.output
    assert "Ann Smith" in result.output and "due soon" in result.output
    assert "Cara Lee" in result.output and "overdue" in result.output
    assert "Bob Jones" not in result.output
    within = run("compliance", folder, "--on", "2026-11-01", "--course", "fire_safety", "--within", "10")
    assert "Ann Smith" not in within.output and "Cara Lee" in within.output
    senior = run("compliance", folder, "--on", "2026-11-01", "--role", "senior", "--course", "supervision")
    assert "Cara Lee" not in senior.output and "Summary" in senior.output


def test_compliance_exports_the_matrix(tmp_path: Path) -> None:
    folder = hr_folder(tmp_path)
    out = tmp_path / "matrix.xlsx"
    result = run("compliance", folder, "--on", "2026-11-01", "--export", out, "--json", tmp_path / "items.json")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Training matrix"]
    assert [c.value for c in sheet[1]][:4] == ["Staff ID", "Name", "Home", "Role"]
    assert sheet.max_row == 3
    items = json.loads((tmp_path / "items.json").read_text())
    assert items["summary"]["total"]["overdue"] >= 1
    bad = run("compliance", folder, "--export", tmp_path / "matrix.pdf")
    assert bad.exit_code == 2 and "must end in .csv or .xlsx" in bad.output


def test_bad_hr_files_name_row_and_column_and_exit_2(tmp_path: Path) -> None:
    folder = hr_folder(tmp_path)
    staff = (folder / "staff.csv").read_text().replace("2024-01-08", "2024-31-01")
    (folder / "staff.csv").write_text(staff)
    result = run("compliance", folder)
    assert result.exit_code == 2
    assert "nothing was read" in result.output
    assert "staff.csv, row 2, column 'Start date': '2024-31-01' is not a date" in result.output
    assert run("compliance", tmp_path / "nowhere").exit_code == 2
    unknown = run("compliance", hr_folder(tmp_path / "again"), "--course", "Knitting")
    assert unknown.exit_code == 2 and "'Knitting' is not a course" in unknown.output


def test_report_writes_printable_html(tmp_path: Path) -> None:
    folder = hr_folder(tmp_path)
    out = tmp_path / "report.html"
    result = run("report", folder, "--month", "2026-10", "--out", out, "--json", tmp_path / "ind.json")
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<svg" in html and "<script" not in html
    assert "Safe and effective staffing" in html and "Staff turnover" in html
    assert "Fire safety" in html and "Helen Carter" in html
    indicators = {i["id"]: i for i in json.loads((tmp_path / "ind.json").read_text())}
    assert indicators["turnover"]["value"] == 40.0  # 1 leaver / average of 3 and 2 in post
    assert "Staff turnover" in result.output
    assert run("report", folder, "--month", "October").exit_code == 2
    assert run("report", folder, "--month", "2026-10", "--home", "nowhere").exit_code == 2


def test_solve_and_check_with_compliance_gate_the_rota(tmp_path: Path) -> None:
    folder = tmp_path / "hr"
    records = team_records(c={"dbs": []})
    write_hr_folder(folder, records.model_copy(update={"staff": records.staff}))
    scenario = small()
    scenario["staff"][2]["id"] = "c"
    scenario["staff"].append({**scenario["staff"][1], "id": "d"})
    path = write(tmp_path, scenario)
    result = run("solve", path, "--time-limit", "5", "--quiet", "--compliance", folder, "--out", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    assert "Gated by HR records" in result.output and "no enhanced DBS" in result.output
    rota_csv = (tmp_path / "r.csv").read_text().splitlines()
    assert not any(line.split(",")[5] == "c" for line in rota_csv[1:])
    checked = run("check", path, tmp_path / "r.csv", "--compliance", folder)
    assert checked.exit_code == 0, checked.output


def test_repair_with_compliance_recovers_the_shifts_of_someone_the_records_keep_off(tmp_path: Path) -> None:
    folder = tmp_path / "hr"
    write_hr_folder(folder, team_records(c={"dbs": []}))
    scenario = small()
    scenario["staff"][2]["id"] = "c"
    scenario["staff"].append({**scenario["staff"][1], "id": "d"})
    path = write(tmp_path, scenario)
    fixed = [{"date": scenario["horizon"]["start"], "shift": "E", "unit": "res", "staff_id": "c"}]
    published = run("solve", write(tmp_path, {**scenario, "fixed_assignments": fixed}, "fixed.json"),
                    "--time-limit", "5", "--quiet", "--out", tmp_path / "published.csv")
    assert published.exit_code == 0, published.output
    assert any(line.split(",")[5] == "c" for line in (tmp_path / "published.csv").read_text().splitlines()[1:])

    sick = f"{scenario['staff'][0]['id']}:{scenario['horizon']['start']}"
    result = run("repair", path, tmp_path / "published.csv", "--absent", sick, "--time-limit", "5",
                 "--compliance", folder, "--out", tmp_path / "repaired.csv")
    assert result.exit_code == 0, result.output
    assert "no enhanced DBS" in result.output
    assert not any(line.split(",")[5] == "c" for line in (tmp_path / "repaired.csv").read_text().splitlines()[1:])
