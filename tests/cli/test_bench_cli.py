"""`rota bench curtois`: solves an instance, prints each improving roster, writes the roster CSV,
and refuses a bad file with its section and line (exit code 2)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rota.cli import app
from tests.benchmarks.curtois_evaluator import evaluate
from tests.benchmarks.test_curtois import TINY

runner = CliRunner()


def test_solves_prints_the_result_and_writes_a_lawful_roster(tmp_path: Path):
    instance = tmp_path / "Tiny.txt"
    instance.write_bytes(TINY.encode())
    out = tmp_path / "roster.csv"
    result = runner.invoke(app, ["bench", "curtois", str(instance), "--time-limit", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "status OPTIMAL" in result.output
    assert "objective 5\n" in result.output
    assert "best bound 5" in result.output
    assert " s  objective " in result.output  # one line per improving roster, with its time
    assert out.read_text().splitlines()[0] == "employee_id,day,shift_id"
    checked = evaluate(TINY, out.read_text())
    assert (checked.violations, checked.objective) == ([], 5)


def test_bad_file_names_section_and_line_and_exits_2(tmp_path: Path):
    instance = tmp_path / "Bad.txt"
    instance.write_text(TINY.replace("A,1,E,2", "A,1,E,two"))
    result = runner.invoke(app, ["bench", "curtois", str(instance)])
    assert result.exit_code == 2
    assert "SECTION_SHIFT_ON_REQUESTS, line 16: weight must be a whole number, not 'two'" in result.output


def test_missing_file_is_a_clear_error(tmp_path: Path):
    result = runner.invoke(app, ["bench", "curtois", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.output
