"""HR's own spreadsheets as CSV files in one folder: read them all or accept nothing, and write them back.

Each file has plain column headers as HR writes them ("Staff ID", "Start date", ...), matched ignoring
case, spaces and punctuation. Dates may be 2026-10-31 or 31/10/2026. Every problem is reported with
its file, spreadsheet row (the header is row 1), column and reason; if any file has a problem nothing
is accepted, so a half-read matrix never stands in for the real one.

The training file may be kept either as one row per course completed (Staff ID, Course, Completed,
...) or as the usual matrix: one row per person, one column per course holding the completion date.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rota.compliance.catalogue import Course, CourseCatalogue, default_catalogue
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import (
    Appraisal,
    ComplianceData,
    DbsCheck,
    Employment,
    HoursWorked,
    ManagerRegistration,
    MedicationAssessment,
    NmcRegistration,
    Posts,
    Reference,
    RightToWork,
    RotaPublication,
    SicknessAbsence,
    StaffingReview,
    Supervision,
    TrainingRecord,
)


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        column = f", column '{self.column}'" if self.column else ""
        return f"{self.file}, {where}{column}: {self.reason}"


class ImportFailed(ValueError):
    """One or more files could not be read; nothing was accepted."""

    def __init__(self, problems: list[RowError]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


# --- cell parsers (each raises ValueError with a plain message) ------------------------------------------------

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d-%b-%Y", "%d %B %Y")


def parse_date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date: write it as 2026-10-31 or 31/10/2026")


def parse_number(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None


def parse_bool(text: str) -> bool:
    value = text.lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0"):
        return False
    raise ValueError(f"'{text}' is not yes or no")


def parse_text(text: str) -> str:
    return text


def parse_choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip().lower().replace(" ", "_").replace("-", "_")
        if value not in choices:
            raise ValueError(f"'{text}' is not one of: {', '.join(c.replace('_', ' ') for c in choices)}")
        return value
    return parse


def parse_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _key(header: str) -> str:
    return "".join(ch for ch in header.lower() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    field: str
    parse: Callable[[str], Any] = parse_text
    required: bool = False
    aliases: tuple[str, ...] = ()

    def matches(self, header: str) -> bool:
        return _key(header) in {_key(self.header), *(_key(a) for a in self.aliases)}


@dataclass(frozen=True, slots=True)
class FileSpec:
    name: str
    field: str
    """ComplianceData field the records go to."""
    model: type[BaseModel]
    columns: tuple[Column, ...]
    required: bool = False


STAFF_ID = Column("Staff ID", "staff_id", required=True, aliases=("Employee ID", "Employee number", "ID"))
HOME = Column("Home", "home_id", required=True, aliases=("Home ID", "Location"))
EMPLOYMENT = parse_choice("permanent", "bank", "agency")

SPECS: tuple[FileSpec, ...] = (
    FileSpec("staff.csv", "staff", Employment, (
        STAFF_ID, Column("Name", "name", required=True), HOME, Column("Role", "role", required=True, aliases=("Job",)),
        Column("Employment", "employment", EMPLOYMENT, aliases=("Contract type",)),
        Column("Start date", "start", parse_date, required=True, aliases=("Start", "Started")),
        Column("Leave date", "leave_date", parse_date, aliases=("Leaving date", "Left")),
        Column("Leaving reason", "leave_reason", aliases=("Reason for leaving",)),
        Column("FTE", "fte", parse_number, aliases=("Contract FTE",)),
        Column("Probation end", "probation_end", parse_date),
        Column("Probation confirmed", "probation_confirmed_on", parse_date),
    ), required=True),
    FileSpec("training.csv", "training", TrainingRecord, (
        STAFF_ID, Column("Course", "course_id", required=True, aliases=("Training",)),
        Column("Completed", "completed", parse_date, required=True, aliases=("Date completed", "Date")),
        Column("Expires", "expires", parse_date, aliases=("Expiry", "Expiry date")),
        Column("Provider", "provider", aliases=("Trainer",)),
        Column("Evidence", "evidence", aliases=("Certificate", "Evidence reference")),
    ), required=True),
    FileSpec("absences.csv", "absences", SicknessAbsence, (
        STAFF_ID, Column("Start", "start", parse_date, required=True, aliases=("First day", "From")),
        Column("End", "end", parse_date, required=True, aliases=("Last day", "To")),
        Column("Days lost", "days_lost", parse_number, aliases=("Days", "Working days lost")),
        Column("Reason", "reason"),
    ), required=True),
    FileSpec("medication_assessments.csv", "medication_assessments", MedicationAssessment, (
        STAFF_ID, Column("Assessed on", "assessed_on", parse_date, required=True, aliases=("Date",)),
        Column("Assessor", "assessor", required=True),
        Column("Outcome", "outcome", parse_choice("competent", "not_yet_competent")),
    )),
    FileSpec("supervisions.csv", "supervisions", Supervision, (
        STAFF_ID, Column("Date", "held_on", parse_date, required=True, aliases=("Held on",)),
        Column("Held by", "held_by", required=True, aliases=("Supervisor",)),
    )),
    FileSpec("appraisals.csv", "appraisals", Appraisal, (
        STAFF_ID, Column("Date", "held_on", parse_date, required=True, aliases=("Held on",)),
        Column("Held by", "held_by", required=True, aliases=("Appraiser",)),
    )),
    FileSpec("dbs.csv", "dbs", DbsCheck, (
        STAFF_ID, Column("Issued", "issued", parse_date, required=True, aliases=("Issue date", "Date")),
        Column("Certificate number", "certificate_number", required=True, aliases=("Certificate",)),
        Column("Barred list checked", "barred_list_checked", parse_bool, aliases=("Barred list",)),
        Column("Update service", "update_service", parse_bool),
        Column("Last status check", "last_status_check", parse_date),
    )),
    FileSpec("right_to_work.csv", "right_to_work", RightToWork, (
        STAFF_ID, Column("Checked on", "checked_on", parse_date, required=True, aliases=("Checked", "Date")),
        Column("Document", "document"), Column("Expires", "expires", parse_date, aliases=("Expiry",)),
    )),
    FileSpec("references.csv", "references", Reference, (
        STAFF_ID, Column("Received", "received_on", parse_date, required=True, aliases=("Received on", "Date")),
        Column("Referee", "referee"),
    )),
    FileSpec("nmc.csv", "nmc", NmcRegistration, (
        STAFF_ID, Column("PIN", "pin", required=True, aliases=("NMC PIN",)),
        Column("Registration expires", "expires", parse_date, required=True, aliases=("Expires",)),
        Column("Revalidation due", "revalidation_due", parse_date, required=True),
    )),
    FileSpec("posts.csv", "posts", Posts, (
        HOME, Column("As of", "as_of", parse_date, required=True, aliases=("Date",)),
        Column("Role", "role", required=True), Column("Filled", "filled", parse_number, required=True),
        Column("Vacant", "vacant", parse_number, required=True, aliases=("Vacancies",)),
    )),
    FileSpec("managers.csv", "managers", ManagerRegistration, (
        HOME, Column("Name", "name", required=True),
        Column("Registered from", "registered_from", parse_date, required=True),
        Column("Registered to", "registered_to", parse_date),
    )),
    FileSpec("staffing_reviews.csv", "staffing_reviews", StaffingReview, (
        HOME, Column("Reviewed on", "reviewed_on", parse_date, required=True, aliases=("Date",)),
        Column("Reviewed by", "reviewed_by", required=True),
    )),
    FileSpec("rota_publications.csv", "rota_publications", RotaPublication, (
        HOME, Column("Rota starts", "starts", parse_date, required=True, aliases=("Starts",)),
        Column("Published on", "published_on", parse_date, required=True, aliases=("Published",)),
    )),
    FileSpec("hours.csv", "hours", HoursWorked, (
        HOME, Column("Week start", "week_start", parse_date, required=True, aliases=("Week",)),
        STAFF_ID, Column("Employment", "employment", EMPLOYMENT, required=True),
        Column("Hours", "hours", parse_number, required=True),
    )),
)
COURSES = FileSpec("courses.csv", "catalogue", Course, (
    Column("ID", "id", required=True, aliases=("Course ID",)), Column("Name", "name", required=True),
    Column("Category", "category", parse_choice("statutory", "mandatory", "role_specific"), required=True),
    Column("Refresh months", "refresh_months", lambda t: int(parse_number(t)), aliases=("Refresh",)),
    Column("Roles", "roles", parse_list), Column("Grants skill", "grants_skill", aliases=("Skill",)),
    Column("Due within weeks of start", "due_within_weeks_of_start", lambda t: int(parse_number(t))),
))
SPEC_BY_NAME = {s.name: s for s in (*SPECS, COURSES)}
POLICY_FILE = "policy.json"
MATRIX_IDENTITY = ("Name", "Home", "Role")
"""Columns a wide training matrix may carry besides Staff ID and the courses (taken from staff.csv instead)."""


@dataclass(frozen=True)
class Parsed:
    rows: list[tuple[int, BaseModel]]
    problems: list[RowError]


def read_rows(spec: FileSpec, text: str, fixed: dict[str, Callable[[str], Any]] | None = None) -> Parsed:
    """Parse one file's text; `fixed` overrides a column's parser (e.g. course names -> ids)."""
    problems: list[RowError] = []
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        return Parsed([], [RowError(spec.name, 1, "", "the file is empty: the first row must hold the column "
                                                     "headers")])
    positions, header_problems = _match_header(spec, header)
    if header_problems:
        return Parsed([], header_problems)
    rows: list[tuple[int, BaseModel]] = []
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        record, row_problems = _read_row(spec, positions, row, line_number, fixed or {})
        problems.extend(row_problems)
        if record is not None:
            rows.append((line_number, record))
    return Parsed(rows, problems)


def _match_header(spec: FileSpec, header: list[str]) -> tuple[dict[Column, int], list[RowError]]:
    positions: dict[Column, int] = {}
    problems = []
    for i, name in enumerate(header):
        if not name.strip():
            continue
        column = next((c for c in spec.columns if c.matches(name)), None)
        if column is None:
            known = ", ".join(c.header for c in spec.columns)
            problems.append(RowError(spec.name, 1, name.strip(), f"unknown column (expected: {known})"))
        elif column in positions:
            problems.append(RowError(spec.name, 1, name.strip(), f"'{column.header}' appears twice"))
        else:
            positions[column] = i
    for column in spec.columns:
        if column.required and column not in positions:
            problems.append(RowError(spec.name, 1, column.header, "required column is missing"))
    return positions, problems


def _read_row(spec: FileSpec, positions: dict[Column, int], row: list[str], line: int,
              fixed: dict[str, Callable[[str], Any]]) -> tuple[BaseModel | None, list[RowError]]:
    values: dict[str, Any] = {}
    problems = []
    for column, i in positions.items():
        cell = row[i].strip() if i < len(row) else ""
        if not cell:
            if column.required:
                problems.append(RowError(spec.name, line, column.header, "is empty"))
            continue
        try:
            values[column.field] = fixed.get(column.field, column.parse)(cell)
        except ValueError as exc:
            problems.append(RowError(spec.name, line, column.header, str(exc)))
    if problems:
        return None, problems
    try:
        return spec.model.model_validate(values), []
    except ValidationError as exc:
        headers = {c.field: c.header for c in spec.columns}
        return None, [RowError(spec.name, line, headers.get(str(e["loc"][0]), "") if e["loc"] else "",
                               e["msg"].removeprefix("Value error, ")) for e in exc.errors()]


# --- the training matrix in its wide form ----------------------------------------------------------------------


def read_training_matrix(text: str, catalogue: CourseCatalogue) -> Parsed:
    """One row per person, one column per course holding the date it was completed (blank: not done)."""
    name = "training.csv"
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    id_column = next((i for i, h in enumerate(header) if STAFF_ID.matches(h)), None)
    problems = [] if id_column is not None else [RowError(name, 1, STAFF_ID.header, "required column is missing")]
    courses: dict[int, Course] = {}
    for i, h in enumerate(header):
        if i == id_column or not h.strip() or _key(h) in {_key(x) for x in MATRIX_IDENTITY}:
            continue
        course = catalogue.match(h)
        if course is None:
            problems.append(RowError(name, 1, h.strip(), "not a course in the catalogue (add it to courses.csv)"))
        else:
            courses[i] = course
    if problems:
        return Parsed([], problems)
    rows: list[tuple[int, BaseModel]] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        staff_id = row[id_column].strip() if id_column < len(row) else ""
        if not staff_id:
            problems.append(RowError(name, line, STAFF_ID.header, "is empty"))
            continue
        for i, course in courses.items():
            cell = row[i].strip() if i < len(row) else ""
            if not cell:
                continue
            try:
                rows.append((line, TrainingRecord(staff_id=staff_id, course_id=course.id, completed=parse_date(cell))))
            except (ValueError, ValidationError) as exc:
                problems.append(RowError(name, line, header[i].strip(), str(exc).splitlines()[0]))
    return Parsed(rows, problems)


# --- a whole folder --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HrFolder:
    data: ComplianceData
    policy: CompliancePolicy
    files: tuple[str, ...]


def _read_text(path: Path, problems: list[RowError]) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(RowError(path.name, 0, "", "is not UTF-8 text: save it from the spreadsheet as "
                                                   "'CSV UTF-8'"))
    except OSError as exc:
        problems.append(RowError(path.name, 0, "", f"cannot be read ({exc.strerror or exc})"))
    return None


def load_hr_folder(folder: Path) -> HrFolder:
    """Read every HR file in `folder`; raise ImportFailed listing every problem if any file has one."""
    if not folder.is_dir():
        raise ImportFailed([RowError(str(folder), 0, "", "is not a folder")])
    problems: list[RowError] = []
    read: list[str] = []
    catalogue = default_catalogue()
    courses_path = folder / COURSES.name
    if courses_path.exists():
        text = _read_text(courses_path, problems)
        if text is not None:
            parsed = read_rows(COURSES, text)
            problems.extend(parsed.problems)
            read.append(COURSES.name)
            try:
                catalogue = CourseCatalogue(courses=tuple(r for _, r in parsed.rows))
            except ValidationError as exc:
                problems.append(RowError(COURSES.name, 0, "", exc.errors()[0]["msg"].removeprefix("Value error, ")))
    policy = _read_policy(folder / POLICY_FILE, problems, read)
    found: dict[str, list[tuple[int, BaseModel]]] = {}
    for spec in SPECS:
        path = folder / spec.name
        if not path.exists():
            if spec.required:
                problems.append(RowError(spec.name, 0, "", f"is missing from {folder}"))
            continue
        text = _read_text(path, problems)
        if text is None:
            continue
        read.append(spec.name)
        parsed = _read_spec(spec, text, catalogue)
        problems.extend(parsed.problems)
        found[spec.field] = parsed.rows
    problems.extend(_cross_checks(found))
    if problems:
        raise ImportFailed(problems)
    data = ComplianceData(catalogue=catalogue, **{field: tuple(r for _, r in rows) for field, rows in found.items()})
    return HrFolder(data, policy, tuple(read))


def _read_spec(spec: FileSpec, text: str, catalogue: CourseCatalogue) -> Parsed:
    if spec.name != "training.csv":
        return read_rows(spec, text)
    header = next(csv.reader(io.StringIO(text)), [])
    if not any(c.matches(h) for h in header for c in spec.columns if c.field == "course_id"):
        return read_training_matrix(text, catalogue)

    def course_id(name: str) -> str:
        course = catalogue.match(name)
        if course is None:
            raise ValueError(f"'{name}' is not a course in the catalogue (add it to courses.csv)")
        return course.id

    return read_rows(spec, text, {"course_id": course_id})


def _read_policy(path: Path, problems: list[RowError], read: list[str]) -> CompliancePolicy:
    if not path.exists():
        return CompliancePolicy()
    text = _read_text(path, problems)
    if text is None:
        return CompliancePolicy()
    read.append(POLICY_FILE)
    try:
        return CompliancePolicy.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        problems.append(RowError(POLICY_FILE, exc.lineno, "", f"not valid JSON ({exc.msg})"))
    except ValidationError as exc:
        for e in exc.errors():
            problems.append(RowError(POLICY_FILE, 0, ".".join(str(p) for p in e["loc"]),
                                     e["msg"].removeprefix("Value error, ")))
    return CompliancePolicy()


def _cross_checks(found: dict[str, list[tuple[int, BaseModel]]]) -> list[RowError]:
    """Every record names someone on the staff list; nobody's employment rows overlap."""
    problems = []
    spans: dict[str, list[tuple[int, Employment]]] = {}
    for line, e in found.get("staff", []):
        for other_line, other in spans.get(e.staff_id, []):
            if e.start <= (other.leave_date or date.max) and other.start <= (e.leave_date or date.max):
                problems.append(RowError("staff.csv", line, "Staff ID", f"{e.staff_id} already has an employment "
                                                                         f"overlapping these dates (row {other_line})"))
        spans.setdefault(e.staff_id, []).append((line, e))
    known = set(spans)
    for spec in SPECS:
        if spec.field in ("staff", "hours") or spec.field not in found:
            continue
        for line, record in found[spec.field]:
            staff_id = getattr(record, "staff_id", None)
            if staff_id is not None and staff_id not in known:
                problems.append(RowError(spec.name, line, "Staff ID", f"'{staff_id}' is not on the staff list "
                                                                      "(staff.csv)"))
    return problems


# --- writing the same files ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(getattr(value, "value", value))


def rows_for(spec: FileSpec, records: Iterable[BaseModel]) -> list[list[str]]:
    """The header and one row per record, in the spec's column order."""
    return [[c.header for c in spec.columns],
            *([_cell(getattr(r, c.field)) for c in spec.columns] for r in records)]


def write_hr_folder(folder: Path, data: ComplianceData, catalogue: bool = False) -> list[Path]:
    """Write `data` as HR files (the reverse of `load_hr_folder`); the catalogue only when asked."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    specs = [*SPECS, COURSES] if catalogue else list(SPECS)
    for spec in specs:
        records = data.catalogue.courses if spec is COURSES else getattr(data, spec.field)
        if not records and not spec.required:
            continue
        path = folder / spec.name
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows_for(spec, records))
        written.append(path)
    return written
