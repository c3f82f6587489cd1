"""Every roster bench/curtois.py writes passes the independent evaluator: no hard violation, and the
objective the bench prints equals the objective recomputed from the roster."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks.curtois_evaluator import evaluate
from tests.benchmarks.test_curtois import INSTANCES, needs_instances

BENCH = Path(__file__).resolve().parents[2] / "bench" / "curtois.py"


def _table_rows(output: str) -> dict[str, dict[str, str]]:
    lines = [line for line in output.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = [dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
            for line in lines[2:]]
    return {row["instance"]: row for row in rows}


@needs_instances
@pytest.mark.parametrize("numbers", [("1", "2")])
def test_bench_rosters_pass_the_evaluator(tmp_path, numbers):
    done = subprocess.run(
        [sys.executable, str(BENCH), *numbers, "--time-limit", "10", "--rosters", str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=120,
    )
    rows = _table_rows(done.stdout)
    assert sorted(rows) == sorted(f"Instance{n}" for n in numbers)
    for name, row in rows.items():
        checked = evaluate((INSTANCES / f"{name}.txt").read_text(), (tmp_path / f"{name}.csv").read_text())
        assert checked.violations == [], name
        assert int(row["objective"]) == checked.objective, name
        assert row["hard violations"] == "0"
