"""Rota CSV: `date,shift,start,end,unit,staff_id,role,employment`, one row per worked shift.

Reading is strict and precise: every problem names its line and column, so a
manager can fix a hand-made rota in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rota.domain.rota import Assignment, Rota
from rota.solver.index import ProblemIndex

COLUMNS = ("date", "shift", "start", "end", "unit", "staff_id", "role", "employment")
REQUIRED_TO_READ = ("date", "shift", "unit", "staff_id")


@dataclass(frozen=True)
class CsvProblem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class RotaCsvError(ValueError):
    def __init__(self, problems: list[CsvProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def rota_rows(index: ProblemIndex, rota: Rota) -> list[dict[str, str]]:
    rows = []
    for a in rota.assignments:
        day = index.day_of(a.date)
        member = index.staff[a.staff_id]
        rows.append({
            "date": a.date.isoformat(),
            "shift": a.shift,
            "start": index.start_datetime(day, a.shift).isoformat(timespec="minutes"),
            "end": index.end_datetime(day, a.shift).isoformat(timespec="minutes"),
            "unit": a.unit,
            "staff_id": a.staff_id,
            "role": member.role,
            "employment": member.employment.value,
        })
    return rows


def write_rota_csv(index: ProblemIndex, rota: Rota, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rota_rows(index, rota))


def read_rota_csv(index: ProblemIndex, text: str) -> Rota:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_TO_READ if c not in header]
    if missing:
        raise RotaCsvError([CsvProblem(1, None, f"missing column(s): {', '.join(missing)}; "
                                       f"expected {','.join(COLUMNS)}")])
    problems: list[CsvProblem] = []
    assignments: list[Assignment] = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        assignment = _parse_row(index, line, row, problems)
        if assignment is not None:
            assignments.append(assignment)
    if problems:
        raise RotaCsvError(problems)
    return Rota(assignments=tuple(assignments))


def _parse_row(index: ProblemIndex, line: int, row: dict[str, str], problems: list[CsvProblem]) -> Assignment | None:
    before = len(problems)
    try:
        day = date.fromisoformat(row["date"])
        if not index.scenario.horizon.contains(day):
            problems.append(CsvProblem(line, "date", f"{day} is outside the horizon "
                                       f"{index.scenario.horizon.start} to {index.scenario.horizon.end}"))
    except ValueError:
        problems.append(CsvProblem(line, "date", f"'{row['date']}' is not a date (use YYYY-MM-DD)"))
    if row["shift"] not in index.shift_types:
        problems.append(CsvProblem(line, "shift", f"unknown shift '{row['shift']}' "
                                   f"(known: {', '.join(index.shift_types)})"))
    if row["unit"] not in index.units:
        problems.append(CsvProblem(line, "unit", f"unknown unit '{row['unit']}' (known: {', '.join(index.units)})"))
    elif row["shift"] in index.shift_types and not index.shift_types[row["shift"]].runs_on(row["unit"]):
        problems.append(CsvProblem(line, "shift", f"unit {row['unit']} does not run shift {row['shift']}"))
    if row["staff_id"] not in index.staff:
        problems.append(CsvProblem(line, "staff_id", f"unknown staff member '{row['staff_id']}'"))
    if len(problems) > before:
        return None
    return Assignment(date=day, shift=row["shift"], unit=row["unit"], staff_id=row["staff_id"])
