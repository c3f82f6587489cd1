"""Load HR's spreadsheets (a folder of CSV files) into one home's records: all of them or none.

The files are read and checked with `rota.compliance.hr_csv.load_hr_folder` (every problem with its
file, row, column and reason); rows that name another home are problems too. Only when nothing is wrong
is anything written, in one transaction. Records are matched on their natural key (a training record by
person, course and completion date; a supervision by person and date; ...): a row already stored is
updated to the file's values, a new row is added, and nothing stored is deleted, so importing the same
files twice changes nothing and records entered through the API are never lost by an import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert, select, update

from rota.compliance.hr_csv import COURSES, HOME, POLICY_FILE, SPECS, HrFolder, ImportFailed, RowError, load_hr_folder
from rota.persistence import compliance_tables as c
from rota.persistence import tables as t
from rota.persistence.compliance_mappers import KINDS, HrKind, course_values, policy_row
from rota.persistence.unit_of_work import UnitOfWork

IMPORTER = "hr import"


@dataclass
class KindCount:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class HrImportOutcome:
    home_id: int
    files: tuple[str, ...]
    counts: dict[str, KindCount] = field(default_factory=dict)

    @property
    def message(self) -> str:
        parts = [f"{k}: {n.added} added, {n.updated} updated, {n.unchanged} unchanged"
                 for k, n in self.counts.items() if n.added or n.updated or n.unchanged]
        return f"Imported {len(self.files)} HR file(s) into home {self.home_id}. " + "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"home_id": self.home_id, "files": list(self.files),
                "counts": {k: vars(n) for k, n in self.counts.items()}, "message": self.message}


def other_home_rows(folder: Path, home_code: str) -> list[RowError]:
    """Rows whose Home column names a different home: an import loads one home's records only."""
    problems = []
    for spec in SPECS:
        if HOME not in spec.columns or not (folder / spec.name).exists():
            continue
        try:
            text = (folder / spec.name).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # load_hr_folder reports unreadable files itself
        reader = csv.reader(io.StringIO(text))
        header = next(reader, [])
        position = next((i for i, h in enumerate(header) if HOME.matches(h)), None)
        if position is None:
            continue
        for line, row in enumerate(reader, start=2):
            value = row[position].strip() if position < len(row) else ""
            if value and value != home_code:
                problems.append(RowError(spec.name, line, HOME.header,
                                         f"is '{value}', but these files are being imported into home "
                                         f"'{home_code}' (import each home's rows separately)"))
    return problems


def read_folder(folder: Path, home_code: str) -> HrFolder:
    """The folder's records, or ImportFailed listing every problem (bad cells and other homes' rows)."""
    problems = other_home_rows(folder, home_code) if folder.is_dir() else []
    try:
        hr = load_hr_folder(folder)
    except ImportFailed as exc:
        raise ImportFailed([*exc.problems, *problems]) from None
    if problems:
        raise ImportFailed(problems)
    return hr


def import_hr_folder(uow: UnitOfWork, home: t.Home, folder: Path, actor: str = IMPORTER) -> HrImportOutcome:
    """Read `folder` and store its records under `home` in one transaction (ImportFailed: nothing stored)."""
    hr = read_folder(folder, home.code)
    outcome = HrImportOutcome(home.id, hr.files)
    if COURSES.name in hr.files:
        outcome.counts["courses"] = _store_courses(uow, home.id, hr)
    if POLICY_FILE in hr.files:
        _store_policy(uow, home.id, hr)
    for kind in KINDS:
        records = getattr(hr.data, kind.field)
        if records:
            outcome.counts[kind.field] = _upsert(uow, kind, home.id, records)
    uow.audit.record(actor, "import", "hr_records", None, home.id, outcome.message,
                     after={"files": list(hr.files), "counts": {k: vars(n) for k, n in outcome.counts.items()}})
    uow.commit()
    return outcome


def _upsert(uow: UnitOfWork, kind: HrKind, home_id: int, records: tuple[BaseModel, ...]) -> KindCount:
    table = kind.table.__table__
    names = [kind.column(f) for f in kind.model_fields]
    key_columns = [kind.column(f) for f in kind.key]
    stored: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}
    for row in uow.session.execute(select(table.c.id, *(table.c[n] for n in names)).where(
            table.c.home_id == home_id)).mappings():
        values = {n: row[n] for n in names}
        stored[tuple(values[k] for k in key_columns)] = (row["id"], values)
    count = KindCount()
    new: dict[tuple[Any, ...], dict[str, Any]] = {}
    changed: list[dict[str, Any]] = []
    for record in records:
        values = kind.values(record, home_id)
        key = tuple(values[k] for k in key_columns)
        if key in stored:
            row_id, before = stored[key]
            if all(before[n] == values[n] for n in names):
                count.unchanged += 1
            else:
                changed.append({"id": row_id, **values})
                count.updated += 1
        elif key in new:
            new[key] = values  # the same record twice in the file: the later row wins
        else:
            new[key] = values
            count.added += 1
    if new:
        uow.session.execute(insert(kind.table), list(new.values()))
    if changed:
        uow.session.execute(update(kind.table), changed)
    return count


def _store_courses(uow: UnitOfWork, home_id: int, hr: HrFolder) -> KindCount:
    count = KindCount()
    stored = {r.code: r for r in uow.session.scalars(select(c.HrCourse).where(c.HrCourse.home_id == home_id))}
    for course in hr.data.catalogue.courses:
        values = course_values(course, home_id)
        row = stored.get(course.id)
        if row is None:
            uow.session.add(c.HrCourse(**values))
            count.added += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            count.updated += 1
        else:
            count.unchanged += 1
    uow.session.flush()
    return count


def _store_policy(uow: UnitOfWork, home_id: int, hr: HrFolder) -> None:
    settings = hr.policy.model_dump(mode="json")
    row = policy_row(uow.session, home_id)
    if row is None:
        uow.session.add(c.HrPolicy(home_id=home_id, settings=settings))
    else:
        row.settings = settings
    uow.session.flush()
