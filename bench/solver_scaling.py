"""How solve time, rota quality and memory grow with the size of the home and the horizon.

Scaled scenarios are derived in memory from the 60-bed, 70-staff Sunnyside sample
(sample_rotas/sunnyside/four-weeks.json). For N staff the home is scaled by f = N / 70:

- the same three units, beds x f, residents per unit x f (clones get ids `R001-2`,
  `R001-3`, ...; for f < 1 residents are dropped evenly across each unit's dependency mix);
- exactly N staff: whole copies of the staff list, then an even pick across it sorted by
  (role, home unit, employment, night/day worker), so the role, night and employment mix
  is kept. Clone k of a person gets id `S001-k`, and their leave, unavailable days and
  requests move 7 x (k - 1) days later, wrapping round the source horizon (same weekday),
  so clones are not all off on the same days;
- per unit-shift caps (red and amber staff, agency heads) are multiplied by ceil(f) when
  f > 1, because units grow: otherwise capacity would not scale with demand;
- the horizon is cut to H days (H <= the source's days); leave is clipped and requests,
  unavailable days, published and fixed assignments outside the horizon are dropped.

Every run happens in a fresh subprocess (this script re-invoked with `--one N H` or
`--one-scenario PATH`), so its peak RSS (`ru_maxrss` after the solve) is its own. A run that
fails puts its error in its table row.

    .venv/bin/python bench/solver_scaling.py                       # full grid (long)
    .venv/bin/python bench/solver_scaling.py --sizes 35 --horizons 7 --time-limit 5
    .venv/bin/python bench/solver_scaling.py --scenario sample_rotas/sunnyside/week.json \\
        --scenario sample_rotas/sunnyside/four-weeks.json --out docs/benchmarks.md

Standard library and `rota` only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import subprocess
import sys
import time
import traceback
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT / "sample_rotas" / "sunnyside" / "four-weeks.json"
BASE_STAFF = 70
RESULT_MARK = "@@RESULT@@ "
WITHIN = 0.01
"""A rota counts as near-final when within 1% of the final proven bound."""

COLUMNS = (
    "scenario", "staff", "days", "variables", "build s", "first rota s", "within 1% s",
    "objective", "bound", "gap %", "status", "peak RSS MB", "gaps", "breaches",
)

# --------------------------------------------------------------------------------------
# Scaling a scenario (pure data: dicts as in the JSON file)
# --------------------------------------------------------------------------------------


def _round(x: float) -> int:
    """Round half up (Python's round() rounds half to even)."""
    return int(math.floor(x + 0.5))


def _pick(items: list[Any], target: int) -> list[tuple[Any, int]]:
    """`target` items as (item, copy number): whole copies of the list first (copy 1 is the
    original), then an even spread across it for the remainder."""
    n = len(items)
    if n == 0 or target <= 0:
        return []
    whole, rest = divmod(target, n)
    picked = [(item, k) for k in range(1, whole + 1) for item in items]
    step = n / rest if rest else 0
    picked.extend((items[int((i + 0.5) * step)], whole + 1) for i in range(rest))
    return picked


def _clone_id(value: str, copy: int) -> str:
    return value if copy == 1 else f"{value}-{copy}"


class _Shift:
    """Moves dates by a whole number of days, wrapping round the source horizon."""

    def __init__(self, start: date, days: int, offset: int) -> None:
        self.start, self.days, self.offset = start, days, offset % days

    def day(self, value: date) -> date:
        index = (value - self.start).days
        if not self.offset or not 0 <= index < self.days:
            return value  # outside the source horizon: leave it be
        return self.start + timedelta(days=(index + self.offset) % self.days)

    def ranges(self, start: date, end: date) -> list[tuple[date, date]]:
        """An inclusive date range moved; it may split in two where it wraps round."""
        days = sorted({self.day(start + timedelta(days=i)) for i in range((end - start).days + 1)})
        result: list[tuple[date, date]] = []
        for d in days:
            if result and d == result[-1][1] + timedelta(days=1):
                result[-1] = (result[-1][0], d)
            else:
                result.append((d, d))
        return result


def _clone_member(member: dict[str, Any], copy: int, shift: _Shift) -> dict[str, Any]:
    clone = json.loads(json.dumps(member))
    if copy == 1:
        return clone
    clone["id"] = _clone_id(member["id"], copy)
    clone["name"] = f"{member['name']} ({copy})"
    leave = []
    for absence in member.get("leave", []):
        for start, end in shift.ranges(date.fromisoformat(absence["start"]), date.fromisoformat(absence["end"])):
            leave.append({**absence, "start": start.isoformat(), "end": end.isoformat()})
    if leave:
        clone["leave"] = leave
    if "unavailable" in member:
        clone["unavailable"] = sorted({shift.day(date.fromisoformat(d)).isoformat() for d in member["unavailable"]})
    if "requests" in member:
        clone["requests"] = [{**r, "date": shift.day(date.fromisoformat(r["date"])).isoformat()}
                             for r in member["requests"]]
    return clone


def _staff_key(member: dict[str, Any]) -> tuple[str, str, str, bool, bool]:
    return (member["role"], member["home_unit"], member.get("employment", "permanent"),
            bool(member.get("night_worker", False)), bool(member.get("day_worker", True)))


def _resident_key(resident: dict[str, Any]) -> tuple[int, bool, bool, bool, float]:
    from rota.domain.core import DependencyBand
    from rota.domain.resident import band_from_barthel

    band = DependencyBand(resident["band"]) if resident.get("band") else band_from_barthel(resident["barthel"])
    order = list(DependencyBand).index(band)
    return (order, bool(resident.get("two_person_transfer")), bool(resident.get("nursing_needs")),
            bool(resident.get("end_of_life")), float(resident.get("one_to_one_hours", 0)))


def scale_scenario(source: dict[str, Any], staff: int, days: int) -> dict[str, Any]:
    """The source scenario scaled to `staff` people (demand with them) over `days` days."""
    if staff < 1:
        raise ValueError(f"staff must be at least 1, not {staff}")
    src_start = date.fromisoformat(source["horizon"]["start"])
    src_days = int(source["horizon"]["days"])
    if not 1 <= days <= src_days:
        raise ValueError(f"horizon of {days} days: the source scenario has {src_days} (1 to {src_days} allowed)")
    f = staff / len(source["staff"]) if source["staff"] else staff / BASE_STAFF
    data = json.loads(json.dumps(source))
    data["home"] = {**data["home"], "name": f"{data['home']['name']} x{f:.2f}"}

    for unit in data["units"]:
        unit["beds"] = min(500, max(1, _round(unit["beds"] * f)))
    residents = []
    for unit in data["units"]:
        mine = sorted((r for r in source["residents"] if r["unit"] == unit["id"]), key=_resident_key)
        for resident, copy in _pick(mine, _round(len(mine) * f)):
            residents.append({**resident, "id": _clone_id(resident["id"], copy)})
    data["residents"] = sorted(residents, key=lambda r: r["id"])

    ordered = sorted(source["staff"], key=_staff_key)  # stable: source order within each group
    members = [(_clone_member(m, copy, _Shift(src_start, src_days, 7 * (copy - 1))), m["id"], copy)
               for m, copy in _pick(ordered, staff)]
    position = {m["id"]: i for i, m in enumerate(source["staff"])}
    members.sort(key=lambda t: (t[2], position[t[1]]))
    data["staff"] = [m for m, _, _ in members]

    if f > 1:
        factor = math.ceil(f)
        safety = data.setdefault("safety", {})
        agency = data.setdefault("agency", {})
        safety["max_red_per_shift"] = min(20, safety.get("max_red_per_shift", 1) * factor)
        safety["max_amber_per_shift"] = min(20, safety.get("max_amber_per_shift", 2) * factor)
        agency["max_per_unit_shift"] = min(20, agency.get("max_per_unit_shift", 1) * factor)

    for field in ("published_rota", "fixed_assignments"):
        if field in data:
            copies = [(m_id, copy) for _, m_id, copy in members]
            assignments = []
            for a in source[field]:
                for m_id, copy in copies:
                    if m_id == a["staff_id"]:
                        moved = _Shift(src_start, src_days, 7 * (copy - 1)).day(date.fromisoformat(a["date"]))
                        assignments.append({**a, "staff_id": _clone_id(m_id, copy), "date": moved.isoformat()})
            data[field] = assignments
    return trim_horizon(data, days)


def trim_horizon(data: dict[str, Any], days: int) -> dict[str, Any]:
    """Cut the horizon to `days` days and drop or clip every date outside it."""
    start = date.fromisoformat(data["horizon"]["start"])
    end = start + timedelta(days=days - 1)
    data["horizon"] = {**data["horizon"], "days": days}

    def inside(value: str) -> bool:
        return start <= date.fromisoformat(value) <= end

    for member in data["staff"]:
        if "leave" in member:
            clipped = []
            for absence in member["leave"]:
                a, b = max(start, date.fromisoformat(absence["start"])), min(end, date.fromisoformat(absence["end"]))
                if a <= b:
                    clipped.append({**absence, "start": a.isoformat(), "end": b.isoformat()})
            member["leave"] = clipped
        if "unavailable" in member:
            member["unavailable"] = [d for d in member["unavailable"] if inside(d)]
        if "requests" in member:
            member["requests"] = [r for r in member["requests"] if inside(r["date"])]
    for field in ("published_rota", "fixed_assignments"):
        if field in data:
            data[field] = [a for a in data[field] if inside(a["date"])]
    return data


# --------------------------------------------------------------------------------------
# One run (in a child process)
# --------------------------------------------------------------------------------------


def run_one(scenario: Any, label: str, time_limit: float, workers: int, seed: int) -> dict[str, Any]:
    import resource

    from rota.solver.service import SolveOptions, solve

    result = solve(scenario, SolveOptions(time_limit=time_limit, workers=workers, seed=seed))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    first = result.improvements[0].elapsed if result.improvements else None
    near = None
    if result.bound is not None:
        for p in result.improvements:
            gap = 0.0 if p.objective == 0 else (p.objective - result.bound) / abs(p.objective)
            if gap <= WITHIN:
                near = p.elapsed
                break
    gap_pct = None if result.relative_gap is None else 100 * result.relative_gap
    return {
        "scenario": label, "staff": len(scenario.staff), "days": scenario.horizon.days,
        "variables": result.variables, "build s": result.build_time, "first rota s": first,
        "within 1% s": near, "objective": result.objective, "bound": result.bound, "gap %": gap_pct,
        "status": result.status, "peak RSS MB": peak_kib / 1024, "gaps": len(result.gaps),
        "breaches": len(result.breaches), "wall s": result.wall_time,
    }


def _file_label(path: str) -> str:
    p = Path(path)
    return p.stem if p.parent.name in ("", ".") else f"{p.parent.name}/{p.stem}"


def _scaled_label(staff: int, source_staff: int) -> str:
    return f"scaled x{staff / source_staff:.2f}"


def child_main(args: argparse.Namespace) -> int:
    from rota.domain.scenario import Scenario
    from rota.services.rotas import load_scenario

    try:
        if args.one_scenario:
            path = Path(args.one_scenario)
            scenario = load_scenario(path)
            label = _file_label(args.one_scenario)
        else:
            staff, days = args.one
            source = json.loads(Path(args.source).read_text(encoding="utf-8"))
            scenario = Scenario.model_validate(scale_scenario(source, staff, days))
            label = _scaled_label(staff, len(source["staff"]))
        row = run_one(scenario, label, args.time_limit, args.workers, args.seed)
    except Exception as exc:  # noqa: BLE001 - the parent shows it in the table
        traceback.print_exc()
        row = {"error": f"{type(exc).__name__}: {exc}"}
    print(RESULT_MARK + json.dumps(row), flush=True)
    return 0


# --------------------------------------------------------------------------------------
# The parent: one subprocess per run, then the table
# --------------------------------------------------------------------------------------


def spawn(child_args: list[str], label: str, staff: int | None, days: int | None, timeout: float) -> dict[str, Any]:
    base = {"scenario": label, "staff": staff, "days": days}
    command = [sys.executable, str(Path(__file__).resolve()), *child_args]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:  # subprocess.run kills the child it started
        return {**base, "error": f"no answer within {timeout:.0f} s (killed)"}
    except OSError as exc:
        return {**base, "error": f"could not start: {exc}"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            row = json.loads(line[len(RESULT_MARK):])
            if "error" in row:
                return {**base, **row}
            row["elapsed s"] = time.perf_counter() - started
            return row
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {**base, "error": f"exit code {done.returncode}: {tail}"}


def _cell(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def format_row(row: dict[str, Any]) -> str:
    if "error" in row:
        cells = [_cell(row.get("scenario")), _cell(row.get("staff")), _cell(row.get("days"))]
        cells += ["-"] * 7 + [f"error: {_cell(row['error'])}"] + ["-"] * 3
    else:
        cells = [
            _cell(row["scenario"]), _cell(row["staff"]), _cell(row["days"]), _cell(row["variables"]),
            _cell(row["build s"], 2), _cell(row["first rota s"]), _cell(row["within 1% s"]),
            _cell(row["objective"], 0), _cell(row["bound"], 0), _cell(row["gap %"], 2), row["status"],
            _cell(row["peak RSS MB"], 0), _cell(row["gaps"]), _cell(row["breaches"]),
        ]
    return "| " + " | ".join(cells) + " |"


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += [format_row(r) for r in rows]
    return "\n".join(lines)


def _ints(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated whole numbers, not {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"expected positive whole numbers, not {text!r}")
    return values


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_ints, default=[35, 70, 140, 280], help="staff counts (default 35,70,140,280)")
    parser.add_argument("--horizons", type=_ints, default=[7, 14, 28], help="horizon days (default 7,14,28)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="solver time limit per run, s (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="solver threads (default 4)")
    parser.add_argument("--seed", type=int, default=0, help="solver random seed (default 0)")
    parser.add_argument("--source", default=str(DEFAULT_SOURCE), help="scenario to scale (default Sunnyside 4 weeks)")
    parser.add_argument("--scenario", action="append", default=[], metavar="PATH",
                        help="run this scenario file as it is instead of scaling (repeatable)")
    parser.add_argument("--out", type=Path, help="also append the table to this file")
    parser.add_argument("--one", nargs=2, type=int, metavar=("N", "H"), help=argparse.SUPPRESS)
    parser.add_argument("--one-scenario", metavar="PATH", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.one or args.one_scenario:
        return child_main(args)

    common = ["--time-limit", str(args.time_limit), "--workers", str(args.workers), "--seed", str(args.seed)]
    timeout = 3 * args.time_limit + 600  # the solve may overrun its limit to price and audit the rota
    runs: list[tuple[list[str], str, int | None, int | None]] = []
    if args.scenario:
        runs = [(["--one-scenario", path, *common], _file_label(path), None, None) for path in args.scenario]
    else:
        try:
            source_staff = len(json.loads(Path(args.source).read_text(encoding="utf-8"))["staff"]) or BASE_STAFF
        except (OSError, ValueError, KeyError) as exc:
            print(f"cannot read {args.source}: {exc}", file=sys.stderr)
            return 2
        runs = [(["--one", str(n), str(h), "--source", args.source, *common], _scaled_label(n, source_staff), n, h)
                for n in args.sizes for h in args.horizons]

    rows = []
    for i, (child_args, label, staff, days) in enumerate(runs, 1):
        print(f"[{i}/{len(runs)}] {label} {days or ''} ...", file=sys.stderr, flush=True)
        row = spawn(child_args, label, staff, days, timeout)
        print("    " + format_row(row), file=sys.stderr, flush=True)
        rows.append(row)

    text = table(rows)
    print(text)
    if args.out:
        command = shlex.join([Path(sys.executable).name, *sys.argv])
        header = (f"\n### Solver scaling, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
                  f"os.cpu_count()={os.cpu_count()}, time limit {args.time_limit:g} s, {args.workers} workers\n\n"
                  f"`{command}`\n\n")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("a", encoding="utf-8") as out:
            out.write(header + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
