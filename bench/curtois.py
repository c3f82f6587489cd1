"""rota on the Curtois / Nottingham nurse-rostering benchmark: objective against the best known, proof of
optimality, time to the best roster and peak memory, one instance per subprocess.

Instances are read from `../shared/benchmarks/curtois/` (or `--dir`). Each run is a fresh
subprocess (this script re-invoked with `--one PATH`), so its peak RSS (`ru_maxrss`) is its own.
With `--rosters DIR` every roster is written as `DIR/InstanceN.csv` (employee_id,day,shift_id),
for checking with the test suite's independent evaluator. Two-thread runs against a clock land
apart from run to run (instance 12 at 60 s: 4,087-4,499 with one seed), so `--runs N` runs each
instance with seeds `--seed` ... `--seed`+N-1 and adds a table of best, median and worst per
instance (rosters then `DIR/InstanceN-seedK.csv`).

    .venv/bin/python bench/curtois.py 1 2 3 --time-limit 60
    .venv/bin/python bench/curtois.py 14 16 18 20 --time-limit 300 --rosters /tmp/rosters
    .venv/bin/python bench/curtois.py 8 10 12 --time-limit 60 --runs 3

Standard library and `rota` only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "benchmarks" / "curtois"
RESULT_MARK = "@@RESULT@@ "
BEST_KNOWN = {
    1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439, 10: 4631, 11: 3443, 12: 4040,
    13: 1348, 14: 1278, 15: 3829, 16: 3225, 17: 5746, 18: 4459, 19: 3149, 20: 4769, 21: 21133, 22: 30240,
    23: 16990, 24: 40438,
}
"""Upper bounds listed as best known (all proven optimal except 24), from the instances' README."""

COLUMNS = ("instance", "staff", "days", "objective", "best-known", "gap %", "proven optimal?", "bound",
           "time to best s", "peak memory MB", "hard violations")


def run_one(path: Path, time_limit: float, workers: int, seed: int, roster: Path | None) -> dict[str, Any]:
    import resource

    from rota.benchmarks import curtois

    instance = curtois.read_instance(path)
    result = curtois.solve_instance(instance, time_limit, workers, seed)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    if roster is not None and result.has_rota:
        roster.write_text(curtois.roster_csv(result.rota), encoding="utf-8")
    return {
        "instance": instance.name, "staff": len(instance.staff), "days": instance.horizon,
        "status": result.status, "objective": result.objective, "bound": result.bound,
        "time to best s": result.improvements[-1].elapsed if result.improvements else None,
        "peak memory MB": peak_kib / 1024, "hard violations": len(result.breaches), "wall s": result.wall_time,
    }


def child_main(args: argparse.Namespace) -> int:
    try:
        row = run_one(Path(args.one), args.time_limit, args.workers, args.seed,
                      Path(args.roster) if args.roster else None)
    except Exception as exc:  # noqa: BLE001 - the parent shows it in the table
        traceback.print_exc()
        row = {"error": f"{type(exc).__name__}: {exc}"}
    print(RESULT_MARK + json.dumps(row), flush=True)
    return 0


def spawn(path: Path, args: argparse.Namespace, seed: int) -> dict[str, Any]:
    """One run in its own subprocess. With several runs per instance, the row carries its seed and
    the roster is named by it."""
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(path),
               "--time-limit", str(args.time_limit), "--workers", str(args.workers), "--seed", str(seed)]
    if args.rosters:
        roster = f"{path.stem}.csv" if args.runs == 1 else f"{path.stem}-seed{seed}.csv"
        command += ["--roster", str(Path(args.rosters) / roster)]
    base: dict[str, Any] = {"instance": path.stem} | ({"seed": seed} if args.runs > 1 else {})
    timeout = args.time_limit * 2 + 120
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:  # subprocess.run kills the child it started
        return {**base, "error": f"no answer within {timeout:.0f} s (killed)"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return {**json.loads(line[len(RESULT_MARK):]), **base}
    return {**base, "error": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}


def _number(name: str) -> int | None:
    digits = name.removeprefix("Instance")
    return int(digits) if digits.isdigit() else None


def _label(row: dict[str, Any]) -> str:
    return f"{row['instance']} seed {row['seed']}" if "seed" in row else row["instance"]


def format_row(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"| {_label(row)} | " + " | ".join(["-"] * (len(COLUMNS) - 2)) + f" | {row['error']} |"
    best = BEST_KNOWN.get(_number(row["instance"]) or 0)
    objective, bound = row["objective"], row["bound"]
    gap = f"{100 * (objective - best) / best:.2f}" if objective is not None and best else "-"
    proven = "yes" if row["status"] == "OPTIMAL" else "no"
    cells = [
        _label(row), row["staff"], row["days"], "-" if objective is None else f"{objective:.0f}",
        best if best else "-", gap, proven, "-" if bound is None else f"{bound:.0f}",
        "-" if row["time to best s"] is None else f"{row['time to best s']:.1f}",
        f"{row['peak memory MB']:.0f}", row["hard violations"],
    ]
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += [format_row(row) for row in rows]
    return "\n".join(lines)


SUMMARY_COLUMNS = ("instance", "runs", "best", "median", "worst", "best-known", "median gap %",
                   "runs within 1%", "runs proven optimal")


def summary(rows: list[dict[str, Any]]) -> str:
    """Per instance over its runs (rows from `spawn`): best, median and worst objective, how many
    runs came within 1% of the best known, how many proved optimality. Failed runs count as runs
    with no objective."""
    by_instance: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_instance.setdefault(row["instance"], []).append(row)
    lines = ["| " + " | ".join(SUMMARY_COLUMNS) + " |", "|" + "---|" * len(SUMMARY_COLUMNS)]
    for name, runs in by_instance.items():
        found = sorted(r["objective"] for r in runs if r.get("objective") is not None)
        best = BEST_KNOWN.get(_number(name) or 0)
        median = statistics.median(found) if found else None
        spread = [f"{found[0]:.0f}", f"{median:.0f}", f"{found[-1]:.0f}"] if found else ["-"] * 3
        cells = [
            name, len(runs), *spread,
            best or "-", f"{100 * (median - best) / best:.2f}" if median is not None and best else "-",
            sum(1 for v in found if best and v <= best * 1.01), sum(1 for r in runs if r.get("status") == "OPTIMAL"),
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instances", nargs="*", help="instance numbers (1 for Instance1.txt) or file paths")
    parser.add_argument("--dir", default=str(DEFAULT_DIR), help="folder holding InstanceN.txt")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance (default 60)")
    parser.add_argument("--workers", type=int, default=2, help="search threads (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first run (default 0)")
    parser.add_argument("--runs", type=_positive, default=1,
                        help="runs per instance, seeds --seed, --seed+1, ... (default 1)")
    parser.add_argument("--rosters", help="write each roster as DIR/InstanceN.csv")
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--roster", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of runs, 1 or more, not {text!r}")
    return int(text)


def _paths(args: argparse.Namespace) -> list[Path]:
    names = args.instances or [str(n) for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)]
    return [Path(args.dir) / f"Instance{name}.txt" if name.isdigit() else Path(name) for name in names]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.one:
        return child_main(args)
    if args.rosters:
        Path(args.rosters).mkdir(parents=True, exist_ok=True)
    rows = []
    for path in _paths(args):
        for seed in range(args.seed, args.seed + args.runs):
            started = time.perf_counter()
            row = spawn(path, args, seed)
            rows.append(row)
            print(f"{_label(row)}: {row.get('status', row.get('error'))} {row.get('objective')} "
                  f"in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(f"{len(rows)} instance(s), time limit {args.time_limit:g} s, {args.workers} workers\n")
    print(table(rows))
    if args.runs > 1:
        print(f"\nOver {args.runs} runs per instance:\n")
        print(summary(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
