"""How long the provider-wide compliance summary and indicator set take for a large provider.

A synthetic provider, built deterministically in memory: 50 homes, 3,000 staff (60 a home; nurses,
seniors, carers, a manager and deputy per home; 15% bank), 100,000 training records (first completion
and refreshers over the staff's history), supervisions every 8 weeks, annual appraisals, DBS, right to
work, references and NMC records, sickness spells, monthly posts, quarterly staffing reviews,
4-weekly rota publications and a year of weekly hours per person (agency included).

Timed (best of `--repeat` runs, after one warm-up; building the records is not timed):

- compliance summary: every person's status for every required course, medication competency,
  supervision, appraisal and recruitment check on one day, counted by status per course and check
  (`arrays.compliance_summary`, vectorised);
- the same statuses as a list of items with due dates and details (`due_dates.compliance_items`, what
  `rota compliance` lists), for comparison;
- indicator set: every indicator for the rolling 12 months, with its 12-month trend and monthly
  series, provider-wide (`rota report` without --home);
- one home's indicator set, for comparison.

These figures are for the pure in-memory calculation; timings through the database and the API come with
the persistence and service layers.

    .venv/bin/python bench/compliance.py [--homes 50] [--staff 3000] [--training 100000] [--repeat 3]

Standard library and `rota` only.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from rota.compliance.arrays import compliance_summary
from rota.compliance.catalogue import default_catalogue
from rota.compliance.dates import add_months
from rota.compliance.due_dates import compliance_items, summarise
from rota.compliance.indicators import indicator_set
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

AS_OF = date(2026, 10, 31)
ROLES = (("rn", 6), ("senior", 10), ("carer", 40), ("cook", 2))


def build(homes: int, staff: int, training_target: int, seed: int = 7) -> ComplianceData:
    rng = random.Random(seed)
    catalogue = default_catalogue()
    people: list[Employment] = []
    per_home = staff // homes
    for h in range(homes):
        home = f"H{h:02d}"
        roles = ["manager", "deputy"] + [r for r, n in ROLES for _ in range(n)]
        for i in range(per_home):
            role = roles[i % len(roles)]
            start = date(2010, 1, 1) + timedelta(days=rng.randint(0, 6000))
            leave = start + timedelta(days=rng.randint(30, 3000)) if rng.random() < 0.2 else None
            if leave is not None and leave > AS_OF:
                leave = None
            people.append(Employment(staff_id=f"{home}-{i:03d}", name=f"Person {home}-{i:03d}", home_id=home,
                                     role=role, employment="bank" if rng.random() < 0.15 else "permanent",
                                     start=start, leave_date=leave, fte=rng.choice((1.0, 0.8, 0.6, 0.4)),
                                     leave_reason="other" if leave else None))
    required = {e.staff_id: catalogue.required_for(e.role) for e in people}
    per_person = training_target / sum(len(c) for c in required.values())
    training: list[TrainingRecord] = []
    for e in people:
        for course in required[e.staff_id]:
            count = int(per_person) + (rng.random() < per_person - int(per_person))
            done = AS_OF - timedelta(days=rng.randint(0, 400))
            for _ in range(count):
                training.append(TrainingRecord(staff_id=e.staff_id, course_id=course.id, completed=done))
                done = add_months(done, -(course.refresh_months or 36))
    training = training[:training_target]
    supervisions, appraisals, assessments, dbs, rtw, refs, nmc, absences = [], [], [], [], [], [], [], []
    for e in people:
        last = min(e.leave_date or AS_OF, AS_OF)
        day = last - timedelta(days=rng.randint(0, 70))
        for _ in range(9):
            supervisions.append(Supervision(staff_id=e.staff_id, held_on=day, held_by="Manager"))
            day -= timedelta(weeks=8)
        appraisals.append(Appraisal(staff_id=e.staff_id, held_on=last - timedelta(days=rng.randint(0, 420)),
                                    held_by="Manager"))
        if e.role in ("rn", "senior"):
            assessments.append(MedicationAssessment(staff_id=e.staff_id, assessed_on=last - timedelta(
                days=rng.randint(0, 380)), assessor="Deputy"))
        dbs.append(DbsCheck(staff_id=e.staff_id, issued=e.start - timedelta(days=20), certificate_number="0012345678",
                            update_service=rng.random() < 0.7, last_status_check=AS_OF - timedelta(days=100)))
        rtw.append(RightToWork(staff_id=e.staff_id, checked_on=e.start - timedelta(days=20)))
        refs.extend(Reference(staff_id=e.staff_id, received_on=e.start - timedelta(days=25)) for _ in range(2))
        if e.role == "rn":
            nmc.append(NmcRegistration(staff_id=e.staff_id, pin="12A3456E", expires=date(2027, 3, 31),
                                       revalidation_due=date(2028, 3, 31)))
        for _ in range(rng.randint(0, 4)):
            start = AS_OF - timedelta(days=rng.randint(0, 540))
            absences.append(SicknessAbsence(staff_id=e.staff_id, start=start,
                                            end=start + timedelta(days=rng.randint(0, 6))))
    posts, reviews, publications, managers, hours = [], [], [], [], []
    monday = AS_OF - timedelta(days=AS_OF.weekday()) - timedelta(weeks=78)
    for h in range(homes):
        home = f"H{h:02d}"
        managers.append(ManagerRegistration(home_id=home, name="Manager", registered_from=date(2020, 1, 1)))
        for m in range(18):
            month = add_months(AS_OF.replace(day=1), -m)
            posts.append(Posts(home_id=home, as_of=month, role="carer", filled=40, vacant=rng.randint(0, 4)))
            if m % 3 == 0:
                reviews.append(StaffingReview(home_id=home, reviewed_on=month, reviewed_by="Manager"))
        for r in range(20):
            starts = monday + timedelta(weeks=4 * r)
            publications.append(RotaPublication(home_id=home, starts=starts,
                                                published_on=starts - timedelta(days=rng.randint(7, 28))))
    home_staff: dict[str, list[Employment]] = {}
    for e in people:
        home_staff.setdefault(e.home_id, []).append(e)
    for w in range(52):
        week = AS_OF - timedelta(days=AS_OF.weekday()) - timedelta(weeks=w)
        for home, members in home_staff.items():
            for e in members:
                if e.employed_on(week):
                    hours.append(HoursWorked(home_id=home, week_start=week, staff_id=e.staff_id,
                                             employment=e.employment, hours=round(37.5 * e.fte, 1)))
            hours.append(HoursWorked(home_id=home, week_start=week, staff_id=f"{home}-AG", employment="agency",
                                     hours=rng.choice((0.0, 12.0, 24.0, 36.0))))
    return ComplianceData(staff=tuple(people), training=tuple(training), medication_assessments=tuple(assessments),
                          supervisions=tuple(supervisions), appraisals=tuple(appraisals), dbs=tuple(dbs),
                          right_to_work=tuple(rtw), references=tuple(refs), nmc=tuple(nmc), absences=tuple(absences),
                          posts=tuple(posts), managers=tuple(managers), staffing_reviews=tuple(reviews),
                          rota_publications=tuple(publications), hours=tuple(hours))


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    run()
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=int, default=50)
    parser.add_argument("--staff", type=int, default=3000)
    parser.add_argument("--training", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    data = build(args.homes, args.staff, args.training)
    built = time.perf_counter() - started
    summary_time, summary = best_of(args.repeat, lambda: compliance_summary(data, AS_OF))
    items_time, listed = best_of(args.repeat, lambda: summarise(compliance_items(data, AS_OF)))
    assert listed.by_item == summary.by_item, "the vectorised summary must equal the item list's counts"
    provider_time, indicators = best_of(args.repeat, lambda: indicator_set(data, AS_OF))
    home_time, _ = best_of(args.repeat, lambda: indicator_set(data, AS_OF, home_id="H00"))
    items = sum(summary.total.values())
    print(f"Provider: {args.homes} homes, {len(data.staff):,} staff, {len(data.training):,} training records, "
          f"{len(data.supervisions):,} supervisions, {len(data.hours):,} weekly hours rows "
          f"(built in {built:.1f} s, not timed). Python {platform.python_version()}, best of {args.repeat}.\n")
    print("| measure | what | time |")
    print("|---|---|---|")
    print(f"| compliance summary, provider-wide | {items:,} statuses (person x course/check) on one day, counted | "
          f"{summary_time * 1000:,.0f} ms |")
    print(f"| compliance item list, provider-wide | the same {items:,} statuses as items with due date and detail, "
          f"then counted | {items_time * 1000:,.0f} ms |")
    print(f"| indicator set, provider-wide | {len(indicators.indicators)} indicators, 12-month value + 12-point trend"
          f" + monthly series | {provider_time * 1000:,.0f} ms |")
    print(f"| indicator set, one home | same, one home of {args.homes} | {home_time * 1000:,.0f} ms |")
    print(f"| total (summary + provider indicators) | target < 1 s on 2 cores | "
          f"{(summary_time + provider_time) * 1000:,.0f} ms |")


if __name__ == "__main__":
    main()
