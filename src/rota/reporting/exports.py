"""Rota exports for people outside the system: CSV, an Excel workbook and a calendar feed per person.

- CSV: the rota file format of `csv_io` (`rota check` reads it back).
- XLSX: a "Rota" sheet a manager can print (staff down the side, days across, shift codes in the
  cells), a "Shifts" sheet with every unit-shift's staffing, safety score and RAG in its colour, and
  an "Assignments" sheet with one row per worked shift (the CSV columns) for filtering.
- iCalendar: one feed per staff member, one event per shift with its real start and end in the
  home's local time (Europe/London by default, so BST and GMT are both right), unit and role in the
  summary, and a UID that stays the same across exports so calendar apps update rather than
  duplicate events.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rota.domain.core import RagRating
from rota.domain.rota import Assignment, Rota
from rota.reporting.csv_io import COLUMNS, rota_rows
from rota.reporting.kpis import Kpis, compute_kpis
from rota.reporting.shift_report import ShiftReport, shift_reports
from rota.solver.index import ProblemIndex

DEFAULT_TIMEZONE = "Europe/London"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICALENDAR_MEDIA_TYPE = "text/calendar"

RAG_FILL = {
    RagRating.GREEN: PatternFill("solid", fgColor="C6EFCE"),
    RagRating.AMBER: PatternFill("solid", fgColor="FFEB9C"),
    RagRating.RED: PatternFill("solid", fgColor="FFC7CE"),
}
"""Excel's own good / neutral / bad cell colours, which managers already read as green / amber / red."""
RAG_FONT = {
    RagRating.GREEN: Font(color="006100", bold=True),
    RagRating.AMBER: Font(color="9C5700", bold=True),
    RagRating.RED: Font(color="9C0006", bold=True),
}
HEADER_FONT = Font(bold=True)
LEAVE_FONT = Font(italic=True, color="808080")


# --- CSV -----------------------------------------------------------------------------------------


def rota_csv(index: ProblemIndex, rota: Rota) -> str:
    """The rota as CSV text with the columns `date,shift,start,end,unit,staff_id,role,employment`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rota_rows(index, rota))
    return buffer.getvalue()


# --- XLSX ----------------------------------------------------------------------------------------


def rota_workbook(
    index: ProblemIndex, rota: Rota, shifts: Sequence[ShiftReport] | None = None, kpis: Kpis | None = None
) -> Workbook:
    """The rota as an openpyxl workbook: Rota grid, Shifts (RAG coloured), Assignments, Key figures.

    `shifts` and `kpis` are computed from the rota when not given.
    """
    reports = list(shifts) if shifts is not None else shift_reports(index, rota)
    figures = kpis if kpis is not None else compute_kpis(index, rota, reports)
    book = Workbook()
    _grid_sheet(book.active, index, rota)
    _shifts_sheet(book.create_sheet("Shifts"), reports)
    _assignments_sheet(book.create_sheet("Assignments"), index, rota)
    _kpi_sheet(book.create_sheet("Key figures"), figures)
    return book


def rota_xlsx(
    index: ProblemIndex, rota: Rota, shifts: Sequence[ShiftReport] | None = None, kpis: Kpis | None = None
) -> bytes:
    """The workbook of `rota_workbook` as the bytes of an .xlsx file."""
    buffer = io.BytesIO()
    rota_workbook(index, rota, shifts, kpis).save(buffer)
    return buffer.getvalue()


def grid_cell(index: ProblemIndex, assignment: Assignment) -> str:
    """A shift code, with the unit's name after it when the person works away from their home unit."""
    member = index.staff[assignment.staff_id]
    if assignment.unit == member.home_unit:
        return assignment.shift
    return f"{assignment.shift} {index.units[assignment.unit].name}"


def _grid_sheet(sheet, index: ProblemIndex, rota: Rota) -> None:
    sheet.title = "Rota"
    scenario = index.scenario
    sheet.append([f"{scenario.home.name}: rota {scenario.horizon.start:%d %b %Y} to {scenario.horizon.end:%d %b %Y}"])
    sheet["A1"].font = Font(bold=True, size=13)
    legend = ", ".join(f"{t.code} = {t.name} {t.start:%H:%M}-{t.end:%H:%M}" for t in index.shift_types.values())
    sheet.append([f"Shifts: {legend}. A unit name after the code means a shift away from the home unit."])
    header = ["Staff id", "Name", "Role", "Home unit", *(f"{d:%a %d %b}" for d in index.dates), "Hours"]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    cells: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    minutes: dict[str, int] = defaultdict(int)
    for a in rota.assignments:
        cells[a.staff_id][index.day_of(a.date)].append(grid_cell(index, a))
        minutes[a.staff_id] += index.shift_types[a.shift].paid
    for member in index.staff.values():
        row = [member.id, member.name, index.roles[member.role].name, index.units[member.home_unit].name]
        leave_columns = []
        for day, when in zip(index.days, index.dates, strict=True):
            worked = cells[member.id].get(day)
            absence = member.absent_on(when)
            if worked:
                row.append(" / ".join(worked))
            elif absence is not None:
                row.append(absence.kind.replace("_", " "))
                leave_columns.append(5 + day)
            else:
                row.append("")
        row.append(round(minutes[member.id] / 60, 2))
        sheet.append(row)
        for column in leave_columns:
            sheet.cell(row=sheet.max_row, column=column).font = LEAVE_FONT
    for column in range(5, 5 + len(index.dates)):
        sheet.column_dimensions[get_column_letter(column)].width = 11
        for (cell,) in sheet.iter_rows(min_row=4, min_col=column, max_col=column):
            cell.alignment = Alignment(horizontal="center")
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 18
    sheet.column_dimensions["D"].width = 14
    sheet.freeze_panes = "E4"


def _shifts_sheet(sheet, reports: Sequence[ShiftReport]) -> None:
    sheet.append(["Date", "Shift", "Unit", "Staff", "Care staff (have/need)", "Short", "Agency", "Safety score",
                  "RAG", "Reasons"])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for r in reports:
        care = next((c for c in r.cover if c.requirement == "care staff"), None)
        need = f"{care.have}/{care.required}" if care else ""
        short = sum(c.short for c in r.cover)
        sheet.append([r.date, r.shift_name, r.unit_name, len(r.staff), need, short, r.agency, r.score,
                      r.rag.value.upper(), "; ".join(r.reasons)])
        rag_cell = sheet.cell(row=sheet.max_row, column=9)
        rag_cell.fill = RAG_FILL[r.rag]
        rag_cell.font = RAG_FONT[r.rag]
        sheet.cell(row=sheet.max_row, column=8).fill = RAG_FILL[r.rag]
    for column, width in zip("ABCDEFGHIJ", (12, 8, 14, 7, 12, 7, 8, 8, 7, 100), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _assignments_sheet(sheet, index: ProblemIndex, rota: Rota) -> None:
    sheet.append([*COLUMNS, "name", "unit_name"])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for row in rota_rows(index, rota):
        sheet.append([*(row[c] for c in COLUMNS), index.staff[row["staff_id"]].name, index.units[row["unit"]].name])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _kpi_sheet(sheet, kpis: Kpis) -> None:
    sheet.append(["Measure", "Value"])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for name, value in kpis.as_dict().items():
        sheet.append([name.replace("_", " "), value])
    sheet.column_dimensions["A"].width = 28


# --- iCalendar -----------------------------------------------------------------------------------


def shift_uid(index: ProblemIndex, assignment: Assignment) -> str:
    """Stable across exports: the same person's same shift on the same day keeps its UID, so a move
    to another unit updates the event in a subscribed calendar instead of adding a second one."""
    return f"{assignment.date:%Y%m%d}-{assignment.shift}-{assignment.staff_id}@{index.scenario.home.id}.rota"


def staff_calendar(
    index: ProblemIndex,
    rota: Rota,
    staff_id: str,
    *,
    timezone: str = DEFAULT_TIMEZONE,
    generated_at: datetime | None = None,
) -> bytes:
    """An iCalendar (RFC 5545) feed of one person's shifts, ready to serve as `text/calendar`.

    Raises KeyError when `staff_id` is not on the scenario's staff list. `generated_at` becomes
    every event's DTSTAMP (now, in UTC, when not given).
    """
    member = index.staff[staff_id]
    zone = ZoneInfo(timezone)
    stamp = (generated_at or datetime.now(UTC)).astimezone(UTC)
    home = index.scenario.home
    role = index.roles[member.role].name
    calendar = Calendar()
    calendar.add("prodid", "-//rota//care home rota//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{member.name}: shifts at {home.name}")
    calendar.add("x-wr-timezone", timezone)
    for a in sorted((a for a in rota.assignments if a.staff_id == staff_id),
                    key=lambda a: (a.date, index.shift_types[a.shift].start)):
        day = index.day_of(a.date)
        shift = index.shift_types[a.shift]
        unit = index.units[a.unit].name
        event = Event()
        event.add("uid", shift_uid(index, a))
        event.add("dtstamp", stamp)
        event.add("dtstart", index.start_datetime(day, a.shift).replace(tzinfo=zone))
        event.add("dtend", index.end_datetime(day, a.shift).replace(tzinfo=zone))
        event.add("summary", f"{shift.name} shift, {unit} ({role})")
        event.add("location", f"{home.name}, {unit}")
        event.add("description", f"{shift.name} {shift.start:%H:%M}-{shift.end:%H:%M} on {unit} as {role}; "
                                 f"{shift.paid / 60:g} paid hours.")
        event.add("categories", [unit, role])
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
