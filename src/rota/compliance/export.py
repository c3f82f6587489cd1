"""The training matrix as HR and inspectors read it: one row per person, one column per course, as CSV or XLSX."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rota.compliance.due_dates import Area, ComplianceItem, Status

FIXED_COLUMNS = ("Staff ID", "Name", "Home", "Role")
FILLS = {
    Status.VALID: "C6EFCE",
    Status.DUE_SOON: "FFEB9C",
    Status.OVERDUE: "FFC7CE",
    Status.MISSING: "FF9999",
}
NOT_REQUIRED_FILL = "EDEDED"


@dataclass(frozen=True)
class Matrix:
    columns: tuple[tuple[str, str], ...]
    """(item id, label) for each course column, in catalogue order."""
    rows: tuple[tuple[tuple[str, ...], tuple[ComplianceItem | None, ...]], ...]
    on: date


def training_matrix(items: Sequence[ComplianceItem], on: date, order: Sequence[str] = ()) -> Matrix:
    """Pivot training items (courses and medication competency) into person x course, columns in `order`
    (catalogue order, say) and then as first seen."""
    training = [i for i in items if i.area == Area.TRAINING]
    columns: dict[str, str] = {}
    people: dict[str, tuple[str, ...]] = {}
    cells: dict[tuple[str, str], ComplianceItem] = {}
    for i in training:
        columns.setdefault(i.item, i.label)
        people.setdefault(i.staff_id, (i.staff_id, i.name, i.home_id, i.role))
        cells[(i.staff_id, i.item)] = i
    rank = {item: i for i, item in enumerate(order)}
    ordered = tuple(sorted(columns.items(), key=lambda c: rank.get(c[0], len(rank))))
    rows = tuple((who, tuple(cells.get((staff_id, item)) for item, _ in ordered)) for staff_id, who in people.items())
    return Matrix(ordered, rows, on)


def cell_text(item: ComplianceItem | None) -> str:
    if item is None:
        return "n/a"
    if item.status == Status.MISSING:
        return "MISSING"
    due = f" {item.due.isoformat()}" if item.due else ""
    if item.status == Status.OVERDUE:
        return f"OVERDUE since{due}"
    if item.status == Status.DUE_SOON:
        return f"due{due}"
    return f"valid to{due}" if item.due else f"done {item.last.isoformat()}" if item.last else "valid"


def write_matrix_csv(matrix: Matrix, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*FIXED_COLUMNS, *(label for _, label in matrix.columns)])
        for who, cells in matrix.rows:
            writer.writerow([*who, *(cell_text(c) for c in cells)])


def write_matrix_xlsx(matrix: Matrix, items: Sequence[ComplianceItem], path: Path) -> None:
    """Two sheets: the coloured matrix, and every item with its due date, status and detail."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Training matrix"
    sheet.append([*FIXED_COLUMNS, *(label for _, label in matrix.columns)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(text_rotation=90 if cell.column > len(FIXED_COLUMNS) else 0, wrap_text=True)
    for who, cells in matrix.rows:
        sheet.append([*who, *(cell_text(c) for c in cells)])
        row = sheet.max_row
        for offset, item in enumerate(cells, start=len(FIXED_COLUMNS) + 1):
            colour = FILLS[item.status] if item is not None else NOT_REQUIRED_FILL
            sheet.cell(row=row, column=offset).fill = PatternFill("solid", start_color=colour, end_color=colour)
    sheet.freeze_panes = sheet.cell(row=2, column=len(FIXED_COLUMNS) + 1)
    sheet.auto_filter.ref = sheet.dimensions
    for i in range(1, len(FIXED_COLUMNS) + len(matrix.columns) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 22 if i <= len(FIXED_COLUMNS) else 18
    sheet.row_dimensions[1].height = 150
    due = book.create_sheet("Due list")
    due.append(["Staff ID", "Name", "Home", "Role", "Area", "Item", "Status", "Due", "Last done", "Detail"])
    for cell in due[1]:
        cell.font = Font(bold=True)
    for i in items:
        due.append([i.staff_id, i.name, i.home_id, i.role, i.area.value, i.label, i.status.label, i.due, i.last,
                    i.detail])
        due.cell(row=due.max_row, column=7).fill = PatternFill("solid", start_color=FILLS[i.status],
                                                               end_color=FILLS[i.status])
    due.freeze_panes = "A2"
    due.auto_filter.ref = due.dimensions
    book.properties.title = f"Training matrix at {matrix.on.isoformat()}"
    book.save(path)
