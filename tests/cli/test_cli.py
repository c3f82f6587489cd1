"""The command line: exit codes, plain-English errors naming the field, files written."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rota.cli import app
from tests.factories import person, scenario_dict

runner = CliRunner()


def write(tmp_path: Path, data: dict | str, name: str = "scenario.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def small() -> dict:
    return scenario_dict([person("a", role="senior"), person("b"), person("c"),
                          person("n1", night_worker=True, day_worker=False),
                          person("n2", night_worker=True, day_worker=False)])


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["staff"][0].update(home_unit="nursng"), "staff[0].home_unit: unknown unit 'nursng'"),
        (lambda d: d["staff"][1]["skills"].append({"skill": "peg"}), "staff[1].skills[3].skill: unknown skill 'peg'"),
        (lambda d: d["staff"][0].update(role="matron"), "staff[0].role: unknown role 'matron'"),
        (lambda d: d["staff"][0].update(contracted_hours=-5), "staff[0].contracted_hours"),
        (lambda d: d["staff"][0].update(requests=[{"kind": "day_off", "date": "2027-01-05"}]),
         "staff[0].requests[0].date: date 2027-01-05 is outside the horizon"),
        (lambda d: d["shift_types"][0].update(start="15:00", end="07:00"),
         "shift_types[0]: shift E ends (07:00) before it starts (15:00)"),
        (lambda d: d["residents"][0].update(unit="attic"), "residents[0].unit: unknown unit 'attic'"),
        (lambda d: d.update(fixed_assignments=[{"date": "2026-11-24", "shift": "E", "unit": "res",
                                                "staff_id": "zz"}]),
         "fixed_assignments[0].staff_id: unknown staff member 'zz'"),
        (lambda d: d["staff"][0].update(favourite_colour="blue"), "staff[0].favourite_colour: Extra inputs"),
        (lambda d: d["staff"].append(person("a")), "staff[5].id: duplicate id 'a'"),
    ],
)
def test_bad_scenario_names_the_field_and_exits_2(tmp_path: Path, mutate, expected: str) -> None:
    """Each kind of bad input is reported with its field path, exit code 2 and no traceback."""
    data = small()
    mutate(data)
    result = run("solve", write(tmp_path, data), "--time-limit", "1")
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output


def test_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    """A broken JSON file names the line and column of the problem."""
    result = run("solve", write(tmp_path, '{"home": {"id": "h",\n  "name": }'))
    assert result.exit_code == 2
    assert "line 2, column 11: not valid JSON" in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A scenario path that does not exist is a clear error, not a crash."""
    result = run("demand", tmp_path / "nope.json")
    assert result.exit_code == 2
    assert "file not found" in result.output


def test_solve_writes_csv_with_exact_columns_and_json(tmp_path: Path) -> None:
    """A solved rota exits 0 and writes the CSV columns the issue specifies, plus a JSON report."""
    out, report = tmp_path / "rota.csv", tmp_path / "report.json"
    result = run("solve", write(tmp_path, small()), "--time-limit", "5", "--out", out, "--json", report)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["date", "shift", "start", "end", "unit", "staff_id", "role", "employment"]
    assert len(rows) > 10
    assert rows[1][2].startswith(rows[1][0] + "T")
    data = json.loads(report.read_text())
    assert data["status"] in ("OPTIMAL", "FEASIBLE")
    assert data["breaches"] == []
    assert {"kpis", "shifts", "gaps", "objective", "bound"} <= data.keys()


def test_night_shift_end_is_next_day_in_csv(tmp_path: Path) -> None:
    """Night shifts cross midnight: the CSV end time is on the following date."""
    out = tmp_path / "rota.csv"
    run("solve", write(tmp_path, small()), "--time-limit", "5", "--out", out)
    nights = [r for r in csv.DictReader(out.open()) if r["shift"] == "N"]
    assert nights
    for r in nights:
        assert date.fromisoformat(r["end"][:10]) == date.fromisoformat(r["date"]) + timedelta(days=1)
        assert r["end"][11:] == "07:15"


def test_check_clean_rota_exits_0(tmp_path: Path) -> None:
    """The audit of the solver's own rota finds no breaches."""
    scenario, out = write(tmp_path, small()), tmp_path / "rota.csv"
    run("solve", scenario, "--time-limit", "5", "--out", out)
    result = run("check", scenario, out)
    assert result.exit_code == 0, result.output
    assert "No rule breaches" in result.output


def test_check_hand_made_breach_exits_1(tmp_path: Path) -> None:
    """A late followed by an early is reported with rule id, staff and date, exit 1."""
    scenario = write(tmp_path, small())
    rota = write(tmp_path, "date,shift,unit,staff_id\n2026-11-23,L,res,b\n2026-11-24,E,res,b\n", "rota.csv")
    report = tmp_path / "audit.json"
    result = run("check", scenario, rota, "--json", report)
    assert result.exit_code == 1
    breaches = json.loads(report.read_text())["breaches"]
    found = [(b["code"], b["staff_id"], b["date"]) for b in breaches]
    assert found == [("min_rest.too_little_rest", "b", "2026-11-24")]


def test_check_bad_csv_names_line_and_column(tmp_path: Path) -> None:
    """Unknown staff and dates outside the horizon in a rota CSV are named by line and column."""
    scenario = write(tmp_path, small())
    rota = write(tmp_path, "date,shift,unit,staff_id\n2026-11-23,E,res,zz\n2026-12-25,E,res,a\n", "rota.csv")
    result = run("check", scenario, rota)
    assert result.exit_code == 2
    assert "line 2, column staff_id: unknown staff member 'zz'" in result.output
    assert "line 3, column date: 2026-12-25 is outside the horizon" in result.output


def test_conflicting_fixed_assignments_explained_exit_3(tmp_path: Path) -> None:
    """A fixed shift on a leave day is explained in plain words, never a bare INFEASIBLE."""
    data = small()
    data["staff"][1]["leave"] = [{"start": "2026-11-24", "end": "2026-11-25"}]
    data["fixed_assignments"] = [{"date": "2026-11-24", "shift": "E", "unit": "res", "staff_id": "b"}]
    report = tmp_path / "report.json"
    result = run("solve", write(tmp_path, data), "--time-limit", "5", "--json", report)
    assert result.exit_code == 3
    assert "contradict" in result.output
    conflicts = json.loads(report.read_text())["conflicts"]
    assert {c["rule"] for c in conflicts} == {"leave", "fixed_assignments"}
    messages = " | ".join(c["message"] for c in conflicts)
    assert "is off (annual leave) on Tue 24 Nov" in messages
    assert "fixed assignment: Person b" in messages


def test_schema_is_json_schema() -> None:
    """`rota schema` prints a JSON Schema describing the scenario."""
    result = run("schema")
    schema = json.loads(result.output)
    assert {"home", "horizon", "staff", "residents"} <= schema["properties"].keys()


def test_demand_shows_working(tmp_path: Path) -> None:
    """`rota demand --json` gives the requirements with the working behind them."""
    result = run("demand", write(tmp_path, small()), "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    care = [r for r in rows if r["kind"] == "care_staff" and r["shift"] == "E"]
    assert len(care) == 7
    assert "3 residents" in care[0]["working"] and "care hours" in care[0]["working"]
