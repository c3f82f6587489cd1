"""Importing HR's CSV files (row-level errors, nothing accepted on error) and exporting the matrix."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rota.compliance.due_dates import compliance_items
from rota.compliance.export import cell_text, training_matrix, write_matrix_csv, write_matrix_xlsx
from rota.compliance.hr_csv import ImportFailed, RowError, load_hr_folder, write_hr_folder
from rota.compliance.records import DbsCheck, SicknessAbsence, Supervision, TrainingRecord
from tests.unit.compliance.builders import data, employee

STAFF = "Staff ID,Name,Home,Role,Start date,Leave date,FTE\n"


def folder(tmp_path: Path, **files: str) -> Path:
    defaults = {
        "staff.csv": STAFF + "S1,Ann Smith,h1,senior,2024-01-08,,1\nS2,Bob Jones,h1,carer,08/04/2025,,0.6\n",
        "training.csv": "Staff ID,Course,Completed,Expires,Provider,Evidence\n"
                        "S1,Fire safety,2026-03-01,,Red Cross,CERT-1\nS2,ipc,01/02/2026,,,\n",
        "absences.csv": "Staff ID,Start,End,Days lost,Reason\nS2,2026-02-02,2026-02-04,3,flu\n",
    }
    defaults.update(files)
    for name, text in defaults.items():
        if text is not None:
            (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def problems(path: Path) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        load_hr_folder(path)
    return [str(p) for p in caught.value.problems]


def test_reads_plain_headers_and_uk_dates(tmp_path: Path) -> None:
    hr = load_hr_folder(folder(tmp_path))
    assert [e.staff_id for e in hr.data.staff] == ["S1", "S2"]
    assert hr.data.staff[1].start == date(2025, 4, 8) and hr.data.staff[1].fte == 0.6
    assert {(t.staff_id, t.course_id) for t in hr.data.training} == {("S1", "fire_safety"), ("S2", "ipc")}
    assert hr.data.absences[0].days == 3
    assert hr.files == ("staff.csv", "training.csv", "absences.csv")


def test_excel_bom_and_header_spelling_are_tolerated(tmp_path: Path) -> None:
    path = folder(tmp_path, **{"staff.csv": "\ufeffstaff id,NAME,home,Job,Start,Leaving date\n"
                                            "S1,Ann,h1,carer,2024-01-08,\nS2,Bob,h1,carer,2024-01-08,\n"})
    assert len(load_hr_folder(path).data.staff) == 2


def test_row_errors_name_file_row_column_and_reason(tmp_path: Path) -> None:
    path = folder(tmp_path, **{
        "staff.csv": STAFF + "S1,Ann Smith,h1,senior,2024-13-08,,1\nS2,,h1,carer,2025-04-08,,two\n",
        "absences.csv": "Staff ID,Start,End\nS9,2026-02-05,2026-02-04\n",
    })
    found = problems(path)
    assert "staff.csv, row 2, column 'Start date': '2024-13-08' is not a date: write it as 2026-10-31 or " \
           "31/10/2026" in found
    assert "staff.csv, row 3, column 'Name': is empty" in found
    assert "staff.csv, row 3, column 'FTE': 'two' is not a number" in found
    assert any(p.startswith("absences.csv, row 2") and "before it starts" in p for p in found)


def test_headers_unknown_missing_and_files_missing(tmp_path: Path) -> None:
    path = folder(tmp_path, **{"training.csv": "Staff ID,Course,Notes\nS1,ipc,x\n", "absences.csv": None})
    found = problems(path)
    assert "training.csv, row 1, column 'Notes': unknown column (expected: Staff ID, Course, Completed, Expires, " \
           "Provider, Evidence)" in found
    assert "training.csv, row 1, column 'Completed': required column is missing" in found
    assert any(p.startswith("absences.csv, file: is missing") for p in found)


def test_cross_file_problems_and_nothing_is_accepted(tmp_path: Path) -> None:
    path = folder(tmp_path, **{
        "training.csv": "Staff ID,Course,Completed\nS1,Basket weaving,2026-01-01\nS7,ipc,2026-01-01\n",
        "staff.csv": STAFF + "S1,Ann Smith,h1,senior,2024-01-08,,1\nS1,Ann Smith,h1,senior,2025-01-08,,1\n",
    })
    found = problems(path)
    assert "training.csv, row 2, column 'Course': 'Basket weaving' is not a course in the catalogue (add it to " \
           "courses.csv)" in found
    assert "training.csv, row 3, column 'Staff ID': 'S7' is not on the staff list (staff.csv)" in found
    assert any(p.startswith("staff.csv, row 3, column 'Staff ID': S1 already has an employment") for p in found)


def test_wide_training_matrix(tmp_path: Path) -> None:
    path = folder(tmp_path, **{"training.csv": "Staff ID,Name,Fire safety,Infection prevention and control\n"
                                               "S1,Ann,2026-03-01,\nS2,Bob,,01/02/2026\n"})
    training = load_hr_folder(path).data.training
    assert {(t.staff_id, t.course_id, t.completed) for t in training} == {
        ("S1", "fire_safety", date(2026, 3, 1)), ("S2", "ipc", date(2026, 2, 1))}
    bad = folder(tmp_path, **{"training.csv": "Staff ID,Fire safety,Knitting\nS1,soon,\n"})
    found = problems(bad)
    assert "training.csv, row 1, column 'Knitting': not a course in the catalogue (add it to courses.csv)" in found


def test_own_catalogue_and_policy(tmp_path: Path) -> None:
    path = folder(tmp_path, **{
        "courses.csv": "ID,Name,Category,Refresh months,Roles,Grants skill\n"
                       "ipc,Infection control,statutory,12,,\nmeds,Medicines,role specific,12,senior; rn,medication\n",
        "training.csv": "Staff ID,Course,Completed\nS1,Medicines,2026-01-01\n",
        "policy.json": '{"supervision_interval_weeks": 6}',
    })
    hr = load_hr_folder(path)
    assert hr.data.catalogue.get("meds").roles == ("senior", "rn")
    assert hr.policy.supervision_interval_weeks == 6
    (tmp_path / "policy.json").write_text('{"supervision_interval_weeks": 0}')
    assert any(p.startswith("policy.json, file, column 'supervision_interval_weeks'") for p in problems(path))


def test_write_then_read_gives_the_same_records(tmp_path: Path) -> None:
    original = data(
        employee("S1", name="Ann", role="senior", leave_date=date(2026, 5, 1), leave_reason="moved away"),
        employee("S2", name="Bob", employment="bank", fte=0.4),
        training=(TrainingRecord(staff_id="S1", course_id="fire_safety", completed=date(2026, 1, 3),
                                 provider="Acme", evidence="C-9"),),
        absences=(SicknessAbsence(staff_id="S2", start=date(2026, 2, 2), end=date(2026, 2, 3), days_lost=1.5),),
        supervisions=(Supervision(staff_id="S1", held_on=date(2026, 2, 1), held_by="Deputy"),),
        dbs=(DbsCheck(staff_id="S1", issued=date(2024, 1, 1), certificate_number="001234", update_service=True),),
    )
    write_hr_folder(tmp_path, original)
    again = load_hr_folder(tmp_path).data
    for field in ("staff", "training", "absences", "supervisions", "dbs"):
        assert getattr(again, field) == getattr(original, field), field


def test_matrix_csv_and_xlsx(tmp_path: Path) -> None:
    on = date(2026, 6, 1)
    hr = data(employee("S1", name="Ann", role="senior"), employee("S2", name="Bob"),
              training=(TrainingRecord(staff_id="S1", course_id="fire_safety", completed=date(2025, 6, 20)),))
    items = compliance_items(hr, on)
    matrix = training_matrix(items, on, order=[c.id for c in hr.catalogue.courses])
    assert matrix.columns[0] == ("health_safety", "Health and safety awareness")
    labels = [label for _, label in matrix.columns]
    assert "Fire safety" in labels and "Safe handling of medicines" in labels
    write_matrix_csv(matrix, tmp_path / "m.csv")
    assert (tmp_path / "m.csv").read_text().startswith("Staff ID,Name,Home,Role,")
    ann, bob = csv.DictReader((tmp_path / "m.csv").open())
    assert ann["Fire safety"] == "due 2026-06-20"
    assert bob["Safe handling of medicines"] == "n/a" and bob["Fire safety"] == "MISSING"
    write_matrix_xlsx(matrix, items, tmp_path / "m.xlsx")
    book = load_workbook(tmp_path / "m.xlsx")
    sheet = book["Training matrix"]
    headers = [c.value for c in sheet[1]]
    fire = sheet.cell(row=2, column=headers.index("Fire safety") + 1)
    assert fire.value == "due 2026-06-20" and fire.fill.start_color.rgb.endswith("FFEB9C")
    assert book["Due list"].max_row == len(items) + 1


def test_cell_text_and_row_error_format() -> None:
    assert cell_text(None) == "n/a"
    assert str(RowError("staff.csv", 0, "", "is missing")) == "staff.csv, file: is missing"
