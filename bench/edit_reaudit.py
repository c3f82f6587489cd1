"""How long an edit's re-audit takes on the 60-bed, 70-staff sample over 28 days.

Solves sample_rotas/sunnyside/four-weeks.json briefly (or reads a rota CSV given with --rota),
then applies random valid edits (move, swap, remove, add; seeded) and times:

- `apply_edit` carrying the audit over from the previous edit (what a session of edits costs);
- `apply_edit` from a bare rota (also audits the whole rota before the edit: what one API
  request costs when nothing is cached);
- a full audit of the edited rota (every rule, every shift report, KPIs), for comparison;
- building the ProblemIndex (demand included) from the scenario.

    .venv/bin/python bench/edit_reaudit.py [--edits 200] [--time-limit 20] [--rota rota.csv]

Prints a markdown table of milliseconds per edit.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

from rota.domain.rota import Assignment, Rota
from rota.reporting.csv_io import read_rota_csv
from rota.services.editing import Add, EditError, Move, Remove, Swap, apply_edit, audit_rota
from rota.services.rotas import load_scenario
from rota.solver.index import ProblemIndex
from rota.solver.service import SolveOptions, solve

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_rotas" / "sunnyside" / "four-weeks.json"


def random_edit(rng: random.Random, index: ProblemIndex, rota: Rota):
    items = rota.assignments
    first = rng.choice(items)
    kind = rng.choice(("move", "swap", "remove", "add"))
    if kind == "remove":
        return Remove(assignment=first)
    if kind == "swap":
        return Swap(first=first, second=rng.choice(items))
    member = rng.choice(list(index.staff.values()))
    day = rng.choice(index.dates)
    shift = rng.choice(list(index.shift_types))
    if kind == "add":
        return Add(assignment=Assignment(date=day, shift=shift, unit=member.home_unit, staff_id=member.id))
    return Move(assignment=first, to_date=day, to_shift=shift)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def row(name: str, wall: list[float], cpu: list[float]) -> str:
    ms, cpu_ms = [v * 1000 for v in wall], [v * 1000 for v in cpu]
    return (f"| {name} | {len(ms)} | {statistics.median(ms):.1f} | {percentile(ms, 0.95):.1f} | "
            f"{max(ms):.1f} | {statistics.median(cpu_ms):.1f} | {percentile(cpu_ms, 0.95):.1f} |")


class Timings:
    """Wall-clock and CPU seconds of each run: CPU time shows the work itself when other processes
    share the two cores."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def time(self, action, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        value = action(*args, **kwargs)
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)
        return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=SAMPLE)
    parser.add_argument("--rota", type=Path, help="Rota CSV to edit (default: solve the scenario briefly).")
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    scenario = load_scenario(args.scenario)
    index = ProblemIndex(scenario)
    if args.rota:
        rota = read_rota_csv(index, args.rota.read_text(encoding="utf-8"))
    else:
        print(f"solving {args.scenario.name} for {args.time_limit:g} s ...", file=sys.stderr, flush=True)
        rota = solve(scenario, SolveOptions(time_limit=args.time_limit)).rota
    rng = random.Random(args.seed)
    steps = {name: Timings() for name in (
        "apply_edit, audit carried over", "apply_edit, audit carried over, gaps not explained",
        "apply_edit from a bare rota (audits it first)", "full audit of the edited rota (reference)",
        "ProblemIndex(scenario) (demand included)")}
    carried, quiet, bare, full, indexing = steps.values()
    state = audit_rota(index, rota)
    while len(carried.wall) < args.edits:
        edit = random_edit(rng, index, state.rota)
        try:
            result = carried.time(apply_edit, index, state, edit)
        except EditError:
            continue
        quiet.time(apply_edit, index, state, edit, explain=False)
        bare.time(apply_edit, index, state.rota, edit)
        full.time(audit_rota, index, result.rota)
        if len(indexing.wall) < 20:
            indexing.time(ProblemIndex, scenario)
        state = result.after

    print(f"{scenario.home.name}: {len(scenario.staff)} staff, {scenario.horizon.days} days, "
          f"{len(rota.assignments)} assignments; {args.edits} random edits (seed {args.seed}); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print("| step | runs | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, timings in steps.items():
        print(row(name, timings.wall, timings.cpu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
