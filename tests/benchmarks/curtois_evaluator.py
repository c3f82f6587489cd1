"""An independent checker for Curtois / Nottingham rosters, written from the format description in
`shared/benchmarks/curtois/README.md`, sharing no code with rota's parser, importer or solver.

`evaluate(instance_text, roster_csv)` returns the hard-rule violations (plain strings) and the
objective: on-request weights not met, off-request weights met, and under/over cover weights.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Evaluation:
    violations: list[str] = field(default_factory=list)
    objective: int = 0
    request_penalty: int = 0
    cover_penalty: int = 0


def _sections(text: str) -> dict[str, list[list[str]]]:
    sections: dict[str, list[list[str]]] = {}
    name = ""
    for raw in text.replace("\r", "").split("\n"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            name = line
            sections[name] = []
        else:
            sections[name].append([part.strip() for part in line.split(",")])
    return sections


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each maximal run of True."""
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


def evaluate(instance_text: str, roster_text: str) -> Evaluation:
    sec = _sections(instance_text)
    days = int(sec["SECTION_HORIZON"][0][0])
    length = {row[0]: int(row[1]) for row in sec["SECTION_SHIFTS"]}
    banned_next = {row[0]: set(filter(None, row[2].split("|"))) for row in sec["SECTION_SHIFTS"]}
    staff = {row[0]: row for row in sec["SECTION_STAFF"]}
    result = Evaluation()
    bad = result.violations

    roster: dict[str, dict[int, str]] = defaultdict(dict)
    for row in csv.reader(io.StringIO(roster_text)):
        if not row or row[0] == "employee_id":
            continue
        person, day, shift = row[0], int(row[1]), row[2]
        if person not in staff or shift not in length or not 0 <= day < days:
            bad.append(f"unknown entry {row}")
            continue
        if day in roster[person]:
            bad.append(f"{person} has two shifts on day {day}")
        roster[person][day] = shift

    for row in sec.get("SECTION_DAYS_OFF", []):
        for day in row[1:]:
            if int(day) in roster[row[0]]:
                bad.append(f"{row[0]} works on day off {day}")

    for person, row in staff.items():
        mine = roster[person]
        limits = {pair.split("=")[0]: int(pair.split("=")[1]) for pair in row[1].split("|") if pair}
        for shift, most in limits.items():
            count = sum(1 for s in mine.values() if s == shift)
            if count > most:
                bad.append(f"{person} works {shift} {count} times, max {most}")
        minutes = sum(length[s] for s in mine.values())
        if not int(row[3]) <= minutes <= int(row[2]):
            bad.append(f"{person} works {minutes} minutes, window {row[3]}..{row[2]}")
        for day, shift in mine.items():
            if mine.get(day + 1) in banned_next[shift]:
                bad.append(f"{person}: {mine[day + 1]} on day {day + 1} cannot follow {shift}")
        working = [d in mine for d in range(days)]
        max_run, min_run, min_off = int(row[4]), int(row[5]), int(row[6])
        for start, run in _runs(working):
            if run > max_run:
                bad.append(f"{person} works {run} days in a row from {start}, max {max_run}")
            if run < min_run and start > 0 and start + run < days:
                bad.append(f"{person} works only {run} days in a row from {start}, min {min_run}")
        for start, run in _runs([not w for w in working]):
            if run < min_off and start > 0 and start + run < days:
                bad.append(f"{person} has only {run} days off in a row from {start}, min {min_off}")
        weekends = sum(1 for sat in range(5, days, 7) if working[sat] or (sat + 1 < days and working[sat + 1]))
        if weekends > int(row[7]):
            bad.append(f"{person} works {weekends} weekends, max {row[7]}")

    for person, day, shift, weight in sec.get("SECTION_SHIFT_ON_REQUESTS", []):
        if roster[person].get(int(day)) != shift:
            result.request_penalty += int(weight)
    for person, day, shift, weight in sec.get("SECTION_SHIFT_OFF_REQUESTS", []):
        if roster[person].get(int(day)) == shift:
            result.request_penalty += int(weight)
    for day, shift, need, under, over in sec["SECTION_COVER"]:
        have = sum(1 for mine in roster.values() if mine.get(int(day)) == shift)
        result.cover_penalty += int(under) * max(0, int(need) - have) + int(over) * max(0, have - int(need))
    result.objective = result.request_penalty + result.cover_penalty
    return result
