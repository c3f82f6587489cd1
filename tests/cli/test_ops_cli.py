"""`rota whatif` and `rota repair`: tables on success, exit 2 naming the field on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rota.cli import app
from tests.factories import day, person, scenario_dict

runner = CliRunner()
DAY_SHIFTS = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450},
              {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "paid_minutes": 450}]


def files(tmp_path: Path) -> tuple[Path, Path]:
    data = scenario_dict([person("a", name="Ann Smith"), person("b"), person("c", name="Cal Spare")],
                         horizon={"start": day(0).isoformat(), "days": 2}, shift_types=DAY_SHIFTS,
                         floors={"min_care_staff_day": 1, "skill_floors": []})
    sc = tmp_path / "scenario.json"
    sc.write_text(json.dumps(data))
    published = tmp_path / "published.csv"
    published.write_text("date,shift,unit,staff_id\n2026-11-23,E,res,a\n2026-11-23,L,res,b\n"
                         "2026-11-24,E,res,a\n2026-11-24,L,res,b\n")
    return sc, published


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_whatif_prints_the_comparison(tmp_path: Path):
    sc, published = files(tmp_path)
    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps({"name": "Ann off", "absences": [{"staff_id": "a", "start": "2026-11-24"}]}))
    out = tmp_path / "whatif.json"
    result = run("whatif", sc, changes, "--base-rota", published, "--time-limit", "2", "--json", out)
    assert result.exit_code == 0, result.output
    assert "What if: Ann off" in result.output
    assert "Uncovered care-staff hours" in result.output and "Assignments changed vs base" in result.output
    rows = {r["key"]: r for r in json.loads(out.read_text())["comparison"]["rows"]}
    assert rows["changes_vs_base"]["scenario"] == 2


def test_whatif_bad_change_set_exits_2_naming_the_field(tmp_path: Path):
    sc, _ = files(tmp_path)
    changes = tmp_path / "changes.json"
    changes.write_text(json.dumps({"absences": [{"staff_id": "zz", "start": "2026-11-24"}],
                                   "weights": {"agency_hours": 5}}))
    result = run("whatif", sc, changes, "--time-limit", "1")
    assert result.exit_code == 2
    assert "absences[0].staff_id: unknown staff member 'zz'" in result.output
    assert "weights.agency_hours: unknown setting" in result.output
    assert "Traceback" not in result.output


def test_whatif_malformed_json_exits_2(tmp_path: Path):
    sc, _ = files(tmp_path)
    changes = tmp_path / "changes.json"
    changes.write_text('{"absences": [')
    result = run("whatif", sc, changes)
    assert result.exit_code == 2
    assert "line 1, column 15: not valid JSON" in result.output


def test_repair_prints_the_diff_and_writes_the_rota(tmp_path: Path):
    sc, published = files(tmp_path)
    out = tmp_path / "repaired.csv"
    result = run("repair", sc, published, "--absent", "a:2026-11-24", "--time-limit", "2", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Ann Smith is off (sickness) Tue 24 Nov" in result.output
    assert "Cal Spare (permanent) for Tue 24 Nov early on Residential" in result.output
    assert "2026-11-24,E," in out.read_text() and ",c," in out.read_text()


def test_repair_bad_absence_exits_2(tmp_path: Path):
    sc, published = files(tmp_path)
    result = run("repair", sc, published, "--absent", "zz:2026-11-24")
    assert result.exit_code == 2
    assert "--absent[0].staff_id: unknown staff member 'zz'" in result.output
    result = run("repair", sc, published, "--absent", "a:24/11/2026")
    assert result.exit_code == 2
    assert "use STAFF_ID:YYYY-MM-DD" in result.output
    result = run("repair", sc, published, "--absent", "a:2026-11-24..2026-12-30")
    assert result.exit_code == 2
    assert "--absent[0].end: Wed 30 Dec 2026 is outside the rota period" in result.output
