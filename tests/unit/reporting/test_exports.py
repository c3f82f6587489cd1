"""Exports are read back with the libraries a user's tools rely on: csv, openpyxl, icalendar."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from rota.domain.rota import Assignment, Rota
from rota.reporting.csv_io import read_rota_csv
from rota.reporting.exports import rota_csv, rota_xlsx, shift_uid, staff_calendar
from rota.reporting.shift_report import shift_reports
from rota.solver.index import ProblemIndex
from tests.factories import day, person, rota, scenario

UNITS = [
    {"id": "res", "name": "Residential", "kind": "residential", "beds": 10},
    {"id": "dem", "name": "Dementia", "kind": "dementia", "beds": 8},
]


def home():
    staff = [
        person("a", name="Ann Smith", role="senior", units=["dem"],
               leave=[{"start": day(3).isoformat(), "end": day(4).isoformat(), "kind": "annual_leave"}]),
        person("b", name="Bob Jones"),
        person("n", name="Nia Night", night_worker=True, day_worker=False),
    ]
    return scenario(staff, units=UNITS)


def sample_rota() -> Rota:
    return rota((0, "E", "res", "a"), (0, "E", "res", "b"), (1, "E", "dem", "a"), (0, "N", "res", "n"),
                (2, "L", "res", "b"))


def test_csv_reads_back_to_the_same_rota():
    """The CSV export is the rota file format: reading it back gives exactly the same assignments."""
    index = ProblemIndex(home())
    text = rota_csv(index, sample_rota())
    assert text.splitlines()[0] == "date,shift,start,end,unit,staff_id,role,employment"
    assert set(read_rota_csv(index, text).assignments) == set(sample_rota().assignments)


def load(index, r):
    return load_workbook(io.BytesIO(rota_xlsx(index, r)))


def test_xlsx_grid_has_staff_rows_and_day_columns():
    """The Rota sheet shows shift codes by person and day, the unit when away from home, and leave."""
    index = ProblemIndex(home())
    sheet = load(index, sample_rota())["Rota"]
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["Staff id", "Name", "Role", "Home unit"]
    assert header[4:11] == [f"{d:%a %d %b}" for d in index.dates]
    assert header[-1] == "Hours"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == {"a", "b", "n"}
    ann = rows["a"]
    assert ann[4:9] == ("E", "E Dementia", None, "annual leave", "annual leave")
    assert ann[-1] == 15.0
    assert rows["n"][4] == "N"
    assert rows["b"][6] == "L"


def test_xlsx_shift_sheet_colours_rag():
    """Each unit-shift's RAG cell is filled in its colour: red where cover is short, green where safe."""
    index = ProblemIndex(home())
    r = sample_rota()
    reports = {(s.date, s.shift, s.unit): s for s in shift_reports(index, r)}
    sheet = load(index, r)["Shifts"]
    assert [c.value for c in sheet[1]][:9] == ["Date", "Shift", "Unit", "Staff", "Care staff (have/need)", "Short",
                                               "Agency", "Safety score", "RAG"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(reports)
    fills = {"GREEN": "00C6EFCE", "AMBER": "00FFEB9C", "RED": "00FFC7CE"}
    seen = set()
    for row in rows:
        rag = row[8].value
        assert row[8].fill.fgColor.rgb == fills[rag]
        seen.add(rag)
    assert "RED" in seen
    first = rows[0]
    report = reports[(first[0].value, "E", "res")]
    assert first[7].value == report.score and first[8].value == report.rag.value.upper()


def test_xlsx_assignments_sheet_lists_every_shift():
    """The Assignments sheet has one row per worked shift with the CSV columns plus names."""
    index = ProblemIndex(home())
    sheet = load(index, sample_rota())["Assignments"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("date", "shift", "start", "end", "unit", "staff_id", "role", "employment", "name",
                       "unit_name")
    assert len(rows) == 1 + len(sample_rota().assignments)
    assert (day(1).isoformat(), "E", f"{day(1).isoformat()}T07:00", f"{day(1).isoformat()}T15:00", "dem", "a",
            "senior", "permanent", "Ann Smith", "Dementia") in rows
    assert {r[0] for r in load(index, sample_rota())["Key figures"].iter_rows(values_only=True)} >= {
        "shifts worked", "red shifts", "mean safety score"}


def events(data: bytes):
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def test_calendar_has_one_event_per_shift_with_local_times():
    """Ann's feed has her two shifts, in Europe/London time, with unit and role in the summary."""
    index = ProblemIndex(home())
    data = staff_calendar(index, sample_rota(), "a", generated_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]) == "Ann Smith: shifts at Test Home"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    found = events(data)
    assert [str(e["SUMMARY"]) for e in found] == ["Early shift, Residential (Senior carer)",
                                                  "Early shift, Dementia (Senior carer)"]
    start = found[1].decoded("DTSTART")
    assert start == datetime(2026, 11, 24, 7, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/London"
    assert found[1].decoded("DTEND").hour == 15
    assert found[0].decoded("DTSTAMP") == datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def test_calendar_night_ends_next_morning():
    """A night shift's event ends at 07:15 on the following day."""
    index = ProblemIndex(home())
    [night] = events(staff_calendar(index, sample_rota(), "n"))
    assert night.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 11, 23, 21, 45)
    assert night.decoded("DTEND").replace(tzinfo=None) == datetime(2026, 11, 24, 7, 15)


def test_calendar_uses_summer_time_and_the_clock_change():
    """In April an early at 07:00 is 06:00 UTC; the night the clocks go forward is 8.5 real hours."""
    staff = [person("n", night_worker=True)]
    summer = scenario(staff, horizon={"start": "2026-03-28", "days": 14})
    index = ProblemIndex(summer)
    r = Rota(assignments=(Assignment(date=date(2026, 3, 28), shift="N", unit="res", staff_id="n"),
                          Assignment(date=date(2026, 4, 6), shift="E", unit="res", staff_id="n")))
    clocks_change, april = events(staff_calendar(index, r, "n"))
    length = clocks_change.decoded("DTEND").astimezone(UTC) - clocks_change.decoded("DTSTART").astimezone(UTC)
    assert length == timedelta(hours=8, minutes=30)
    assert april.decoded("DTSTART").astimezone(UTC) == datetime(2026, 4, 6, 6, 0, tzinfo=UTC)


def test_calendar_uids_are_stable_and_unique():
    """Two exports give the same UIDs; every event's UID is different; an unknown person is a KeyError."""
    index = ProblemIndex(home())
    first = [str(e["UID"]) for e in events(staff_calendar(index, sample_rota(), "a"))]
    again = [str(e["UID"]) for e in events(staff_calendar(index, sample_rota(), "a"))]
    assert first == again
    assert len(set(first)) == 2
    assert first[0] == shift_uid(index, sample_rota().assignments[0]) == "20261123-E-a@test.rota"
    with pytest.raises(KeyError):
        staff_calendar(index, sample_rota(), "nobody")
