"""Every roster bench/curtois.py writes passes the independent evaluator: no hard violation, and the
objective the bench prints equals the objective recomputed from the roster."""

from __future__ import annotations

import importlib.util
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


@needs_instances
def test_several_runs_per_instance_write_a_roster_per_seed_and_a_summary(tmp_path):
    done = subprocess.run(
        [sys.executable, str(BENCH), "1", "--time-limit", "10", "--runs", "2", "--seed", "3",
         "--rosters", str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=120,
    )
    runs_table, summary_table = done.stdout.split("Over 2 runs per instance:")
    rows = _table_rows(runs_table)
    assert sorted(rows) == ["Instance1 seed 3", "Instance1 seed 4"]
    instance = (INSTANCES / "Instance1.txt").read_text()
    for seed in (3, 4):
        checked = evaluate(instance, (tmp_path / f"Instance1-seed{seed}.csv").read_text())
        assert checked.violations == []
        assert int(rows[f"Instance1 seed {seed}"]["objective"]) == checked.objective
    summary = _table_rows(summary_table)["Instance1"]
    assert (summary["runs"], summary["best"], summary["median"], summary["worst"]) == ("2", "607", "607", "607")
    proven = sum(1 for row in rows.values() if row["proven optimal?"] == "yes")
    assert (summary["runs within 1%"], summary["runs proven optimal"]) == ("2", str(proven))


def _bench_module():
    spec = importlib.util.spec_from_file_location("curtois_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_summary_takes_the_median_and_counts_failed_runs_as_runs():
    bench = _bench_module()
    rows = [
        {"instance": "Instance10", "seed": 0, "objective": 4738, "status": "FEASIBLE"},
        {"instance": "Instance10", "seed": 1, "objective": 4636, "status": "FEASIBLE"},
        {"instance": "Instance10", "seed": 2, "objective": 4635, "status": "OPTIMAL"},
        {"instance": "Instance10", "seed": 3, "error": "no answer within 240 s (killed)"},
    ]
    row = _table_rows(bench.summary(rows))["Instance10"]
    assert (row["runs"], row["best"], row["median"], row["worst"]) == ("4", "4635", "4636", "4738")
    assert row["median gap %"] == "0.11"
    assert (row["runs within 1%"], row["runs proven optimal"]) == ("2", "1")


def test_a_run_count_below_one_is_refused_naming_the_option():
    done = subprocess.run([sys.executable, str(BENCH), "1", "--runs", "0"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "--runs" in done.stderr and "not '0'" in done.stderr
