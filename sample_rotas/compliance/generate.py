"""Generate two years of HR history for Sunnyside Care Home (the 60-bed sample) as HR's CSV files.

Deterministic: every random choice comes from `random.Random(SEED)`, so re-running writes the same
bytes. The people on the rota are the staff of `../sunnyside/four-weeks.json` (same ids, names, roles
and contracts); leavers (ids L...) and the two managers (M...) exist only in HR's files. History runs
from 23 November 2024 to 22 November 2026, the day before the sample rota starts: the 18 months the
evidence report looks at, plus the months before them that a rolling 12-month trend needs (its first
point, November 2025, averages December 2024 to November 2025).

    .venv/bin/python sample_rotas/compliance/generate.py          # write the CSV files
    .venv/bin/python sample_rotas/compliance/generate.py --check  # exit 1 if a file is out of date

The people are fictional. What the history contains, so every indicator has something to show:
starters and leavers (some within 3 months), sickness spells (a few long ones), training refreshed
mostly on time with some lapses (a senior's medication training expired just before the rota),
supervision every 8 weeks with a few people overdue, annual appraisals, DBS checks (most on the
Update Service, some due a re-check), time-limited right to work, NMC registrations (one nurse
revalidating soon), monthly posts and vacancies, quarterly staffing reviews (one late), 4-weekly rota
publications (two late) and weekly hours worked, agency included.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

from rota.compliance.catalogue import default_catalogue
from rota.compliance.dates import add_months
from rota.compliance.hr_csv import SPECS, rows_for
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
from rota.domain.core import EmploymentType

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "sunnyside" / "four-weeks.json"
SEED = 20241123
HOME = "sunnyside"
FIRST = date(2024, 11, 23)
AS_OF = date(2026, 11, 22)
ROTA_START = date(2026, 11, 23)
MANAGER = "Helen Carter"
DEPUTY = "Michael Adeyemi"
LAPSED_MEDICATION = "S010"
LEAVE_REASONS = ("better pay elsewhere", "left the care sector", "relocation", "retired", "NHS post",
                 "personal reasons", "dismissed", "did not pass probation")
FIRST_NAMES = ("Amy", "Ben", "Chloe", "Dylan", "Emma", "Faisal", "Grace", "Harry", "Isla", "Jack", "Kemi", "Liam",
               "Maya", "Noah", "Olivia", "Priya", "Rhys", "Sophie", "Tariq", "Zara", "Ruth", "Owen")
SURNAMES = ("Ahmed", "Baker", "Clarke", "Davies", "Evans", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
            "Morgan", "Patel", "Roberts", "Shaw", "Taylor", "Walker", "Young")


def _between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _staff(rng: random.Random) -> list[Employment]:
    """Current staff from the scenario, the two managers, and leavers over the 18 months."""
    scenario = json.loads(SCENARIO.read_text(encoding="utf-8"))
    people = [
        Employment(staff_id="M001", name=MANAGER, home_id=HOME, role="manager", start=date(2021, 3, 1),
                   probation_confirmed_on=date(2021, 9, 1)),
        Employment(staff_id="M002", name=DEPUTY, home_id=HOME, role="deputy", start=date(2022, 6, 6),
                   probation_confirmed_on=date(2022, 12, 6)),
    ]
    recent = 0
    for s in scenario["staff"]:
        if s["employment"] == "agency":
            continue
        if "start_date" in s:
            start = date.fromisoformat(s["start_date"])
        elif recent < 22 and rng.random() < 0.38:
            recent += 1
            start = _between(rng, date(2024, 12, 1), date(2026, 7, 31))
        else:
            start = _between(rng, date(2012, 1, 1), date(2025, 4, 30))
        fte = round(s["contracted_hours"] / 37.5, 2) if s["contracted_hours"] else 0.2
        probation_end = add_months(start, 6)
        confirmed = probation_end if probation_end <= AS_OF - timedelta(days=20) else None
        people.append(Employment(staff_id=s["id"], name=s["name"], home_id=HOME, role=s["role"],
                                 employment=s["employment"], start=start, fte=fte, probation_end=probation_end,
                                 probation_confirmed_on=confirmed))
    for n in range(1, 31):
        role = rng.choices(("carer", "senior", "rn"), weights=(7, 2, 1))[0]
        leave = _between(rng, FIRST + timedelta(days=10), AS_OF - timedelta(days=5))
        early = n % 5 == 0
        start = leave - timedelta(days=rng.randint(20, 80)) if early else \
            _between(rng, date(2014, 1, 1), leave - timedelta(days=200))
        reason = "did not pass probation" if early and n % 2 else rng.choice(LEAVE_REASONS[:6])
        people.append(Employment(staff_id=f"L{n:03d}", name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                                 home_id=HOME, role=role, start=start, leave_date=leave, leave_reason=reason,
                                 fte=rng.choice((1.0, 0.8, 0.6)), probation_end=add_months(start, 6)))
    return people


def _skills_held() -> dict[str, set[str]]:
    scenario = json.loads(SCENARIO.read_text(encoding="utf-8"))
    return {s["id"]: {k["skill"] for k in s["skills"]} for s in scenario["staff"]}


def _last_day(e: Employment) -> date:
    return min(e.leave_date or AS_OF, AS_OF)


def _training(rng: random.Random, people: list[Employment]) -> list[TrainingRecord]:
    """First completion in the first fortnight, then refreshers around each due date; a few lapse."""
    catalogue = default_catalogue()
    held = _skills_held()
    records = []
    for e in people:
        courses = {c.id: c for c in catalogue.required_for(e.role)}
        for c in catalogue.courses:
            if c.grants_skill and c.grants_skill in held.get(e.staff_id, set()):
                courses.setdefault(c.id, c)
        if e.staff_id in ("S060", "S061"):
            courses.pop("care_certificate", None)
        for course in courses.values():
            done = e.start + timedelta(days=rng.randint(1, 14 if course.id != "care_certificate" else 75))
            if e.start < FIRST - timedelta(days=400) and course.refresh_months:
                done = _between(rng, FIRST - timedelta(days=30 * course.refresh_months), FIRST)
            lapsed = rng.random() < 0.04
            while done <= _last_day(e):
                records.append(TrainingRecord(staff_id=e.staff_id, course_id=course.id, completed=done,
                                              provider=rng.choice(("In-house trainer", "Local authority",
                                                                   "Red Cross", "e-learning")),
                                              evidence=f"{course.id[:3].upper()}-{rng.randint(10000, 99999)}"))
                if course.refresh_months is None:
                    break
                due = add_months(done, course.refresh_months)
                done = due - timedelta(days=rng.randint(0, 40)) if rng.random() < 0.9 else \
                    due + timedelta(days=rng.randint(5, 45))
                if lapsed and done > AS_OF - timedelta(days=200):
                    break
    # A senior whose medication training lapsed a fortnight before the rota: gating shows it shift by shift.
    records = [r for r in records if not (r.staff_id == LAPSED_MEDICATION and r.course_id == "medication"
                                          and r.completed > date(2025, 11, 8))]
    records.append(TrainingRecord(staff_id=LAPSED_MEDICATION, course_id="medication", completed=date(2025, 11, 8),
                                  provider="In-house trainer", evidence="MED-20251108"))
    return sorted(records, key=lambda r: (r.staff_id, r.course_id, r.completed))


def _meetings(rng: random.Random, people: list[Employment]):
    supervisions, appraisals, assessments = [], [], []
    held = _skills_held()
    for e in people:
        lapses = rng.random() < 0.08
        day = max(e.start, FIRST - timedelta(days=rng.randint(0, 50))) + timedelta(days=rng.randint(14, 28))
        while day <= _last_day(e):
            if lapses and day > AS_OF - timedelta(days=90):
                break
            on_probation = day <= (e.probation_end or e.start)
            supervisions.append(Supervision(staff_id=e.staff_id, held_on=day,
                                            held_by=MANAGER if e.role in ("rn", "deputy", "manager") else DEPUTY))
            day += timedelta(weeks=4 if on_probation else 8) - timedelta(days=rng.randint(0, 10))
        day = add_months(e.start, 12)
        while day < FIRST - timedelta(days=365):
            day = add_months(day, 12)
        day -= timedelta(days=rng.randint(0, 20))
        skip = rng.random() < 0.07
        while day <= _last_day(e):
            if not (skip and day > AS_OF - timedelta(days=365)):
                appraisals.append(Appraisal(staff_id=e.staff_id, held_on=day, held_by=MANAGER))
            day = add_months(day, 12) - timedelta(days=rng.randint(0, 20))
        if "medication" in held.get(e.staff_id, set()) or e.role in ("rn", "senior"):
            day = max(e.start + timedelta(days=30), FIRST - timedelta(days=rng.randint(0, 300)))
            while day <= _last_day(e):
                assessments.append(MedicationAssessment(staff_id=e.staff_id, assessed_on=day, assessor=DEPUTY))
                day = add_months(day, 12) - timedelta(days=rng.randint(0, 25))
    return supervisions, appraisals, assessments


def _checks(rng: random.Random, people: list[Employment]):
    dbs, rtw, refs, nmc = [], [], [], []
    for n, e in enumerate(people):
        issued = e.start - timedelta(days=rng.randint(7, 30))
        update = rng.random() < 0.6
        if not update and issued < AS_OF - timedelta(days=3 * 365):
            # Re-checked every three years; about one in ten re-checks is running a few months late.
            late = rng.randint(20, 120) if rng.random() < 0.1 else 0
            while add_months(issued, 36) <= AS_OF - timedelta(days=late):
                issued = add_months(issued, 36)
        status = _between(rng, AS_OF - timedelta(days=330), AS_OF - timedelta(days=10)) if update else None
        dbs.append(DbsCheck(staff_id=e.staff_id, issued=issued, certificate_number=f"00{rng.randint(10**9, 10**10)}",
                            update_service=update, last_status_check=status))
        limited = rng.random() < 0.15
        expires = _between(rng, date(2027, 1, 1), date(2029, 6, 30)) if limited else None
        if e.staff_id == "S019":
            expires = ROTA_START + timedelta(days=20)
        rtw.append(RightToWork(staff_id=e.staff_id, checked_on=issued, document="share code" if limited
                               else rng.choice(("UK passport", "birth certificate and NI number")), expires=expires))
        received = 1 if e.staff_id == "S061" else 2
        refs.extend(Reference(staff_id=e.staff_id, received_on=issued + timedelta(days=i * 3),
                              referee=f"Referee {i + 1}") for i in range(received))
        if e.role == "rn":
            revalidation = _between(rng, date(2027, 1, 1), date(2029, 10, 31))
            if e.staff_id == "S002":
                revalidation = ROTA_START + timedelta(days=25)
            pin = f"{rng.randint(10, 99)}{chr(65 + n % 26)}{rng.randint(1000, 9999)}{chr(65 + (n * 7) % 26)}"
            nmc.append(NmcRegistration(staff_id=e.staff_id, pin=pin, expires=date(2027, rng.randint(1, 12), 28),
                                       revalidation_due=revalidation))
    return dbs, rtw, refs, nmc


def _absences(rng: random.Random, people: list[Employment]) -> list[SicknessAbsence]:
    spells = []
    for e in people:
        day = max(e.start, FIRST)
        while True:
            day += timedelta(days=int(rng.expovariate(1 / 220)) + 1)
            if day > _last_day(e):
                break
            long_term = rng.random() < 0.06
            length = rng.randint(14, 45) if long_term else rng.choice((1, 1, 1, 2, 2, 3, 3, 4, 5, 7))
            end = min(day + timedelta(days=length - 1), _last_day(e))
            calendar_days = (end - day).days + 1
            days_lost = round(calendar_days * (5 / 7 if calendar_days > 5 else 1) * e.fte, 1) or 0.5
            spells.append(SicknessAbsence(staff_id=e.staff_id, start=day, end=end, days_lost=days_lost,
                                          reason=rng.choice(("cold or flu", "stomach bug", "back pain", "stress",
                                                             "injury", "other")) if not long_term else
                                          rng.choice(("surgery", "stress", "injury"))))
            day = end
    return spells


def _months(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = add_months(day, 1)
    return months


def _governance(rng: random.Random, people: list[Employment]):
    posts = []
    for month in _months(FIRST, AS_OF):
        for role, vacant_range in (("carer", (0, 4)), ("senior", (0, 1)), ("rn", (0, 2))):
            filled = sum(1 for e in people if e.role == role and e.employment == EmploymentType.PERMANENT
                         and e.employed_on(month))
            posts.append(Posts(home_id=HOME, as_of=month, role=role, filled=filled, vacant=rng.randint(*vacant_range)))
    reviews, day = [], date(2025, 3, 14)
    for gap in (3, 3, 4, 3, 3, 3, 3):
        day = add_months(day, gap) + timedelta(days=rng.randint(-5, 5))
        if day <= AS_OF:
            reviews.append(StaffingReview(home_id=HOME, reviewed_on=day, reviewed_by=MANAGER))
    publications, starts = [], ROTA_START
    while starts - timedelta(days=28) >= FIRST:
        starts -= timedelta(days=28)
    while starts <= ROTA_START:
        notice = rng.choice((7, 9)) if rng.random() < 0.1 else rng.randint(14, 28)
        publications.append(RotaPublication(home_id=HOME, starts=starts, published_on=starts - timedelta(days=notice)))
        starts += timedelta(days=28)
    managers = [ManagerRegistration(home_id=HOME, name=MANAGER, registered_from=date(2021, 4, 12))]
    return posts, reviews, publications, managers


def _hours(rng: random.Random, people: list[Employment], spells: list[SicknessAbsence]) -> list[HoursWorked]:
    sick: dict[str, list[SicknessAbsence]] = {}
    for s in spells:
        sick.setdefault(s.staff_id, []).append(s)
    scenario = json.loads(SCENARIO.read_text(encoding="utf-8"))
    agency = [s for s in scenario["staff"] if s["employment"] == "agency"]
    rows = []
    monday = FIRST - timedelta(days=FIRST.weekday()) + timedelta(days=7)
    while monday + timedelta(days=6) <= AS_OF:
        week = [monday + timedelta(days=i) for i in range(7)]
        short = 0.0
        for e in people:
            if e.role in ("manager", "deputy") or not any(e.employed_on(d) for d in week):
                continue
            working = sum(1 for d in week if e.employed_on(d))
            off = sum(1 for d in week for s in sick.get(e.staff_id, []) if s.start <= d <= s.end)
            base = 37.5 * e.fte * (working - off) / 7
            hours = max(0.0, round(base + rng.choice((-7.5, 0, 0, 0, 7.5)) if e.fte >= 0.5 else
                                   rng.choice((0, 7.5, 15, 22.5)), 1))
            short += max(0.0, 37.5 * e.fte * off / 7)
            if hours:
                rows.append(HoursWorked(home_id=HOME, week_start=monday, staff_id=e.staff_id,
                                        employment=e.employment, hours=hours))
        winter = monday.month in (12, 1, 2)
        agency_hours = short * (0.7 if winter else 0.45) + rng.choice((0, 15, 30, 45))
        for n, person in enumerate(agency):
            share = round(agency_hours / len(agency) / 7.5) * 7.5
            if share:
                rows.append(HoursWorked(home_id=HOME, week_start=monday, staff_id=person["id"],
                                        employment=EmploymentType.AGENCY, hours=min(60.0, share + 7.5 * (n == 0))))
        monday += timedelta(days=7)
    return rows


def build() -> ComplianceData:
    rng = random.Random(SEED)
    people = _staff(rng)
    training = _training(rng, people)
    supervisions, appraisals, assessments = _meetings(rng, people)
    dbs, rtw, refs, nmc = _checks(rng, people)
    absences = _absences(rng, people)
    posts, reviews, publications, managers = _governance(rng, people)
    hours = _hours(rng, people, absences)
    return ComplianceData(staff=tuple(people), training=tuple(training), medication_assessments=tuple(assessments),
                          supervisions=tuple(supervisions), appraisals=tuple(appraisals), dbs=tuple(dbs),
                          right_to_work=tuple(rtw), references=tuple(refs), nmc=tuple(nmc), absences=tuple(absences),
                          posts=tuple(posts), managers=tuple(managers), staffing_reviews=tuple(reviews),
                          rota_publications=tuple(publications), hours=tuple(hours))


def render(data: ComplianceData) -> dict[str, str]:
    files = {}
    for spec in SPECS:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows_for(spec, getattr(data, spec.field)))
        files[spec.name] = buffer.getvalue()
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a committed file differs from the generator")
    args = parser.parse_args(argv)
    stale = []
    for name, text in render(build()).items():
        path = HERE / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent.parent)} ({text.count(chr(10)) - 1} rows)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
