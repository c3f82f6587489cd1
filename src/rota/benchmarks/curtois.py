"""The Curtois / Nottingham shift-scheduling benchmark (Curtois and Qu, 2014): read an instance,
map it onto a rota scenario, and write or read a roster.

The instance is mapped onto the product's own model, so it is solved by the same rules as a
care home's rota, not by a separate model:

| benchmark                      | scenario                                                       |
|--------------------------------|----------------------------------------------------------------|
| horizon (starts on a Monday)   | `horizon` from Monday 1 Jan 2024                               |
| shift, length                  | `shift_types` (00:00 + length; the file gives no clock times)  |
| shifts which cannot follow     | `ShiftType.not_followed_by` (rule `shift_succession`)          |
| MaxShifts per type (0 = never) | `WorkPattern.max_shifts` (rule `shift_type_limits`)            |
| min/max total minutes          | `WorkPattern.min_minutes/max_minutes` (rule `total_minutes`)   |
| max/min consecutive shifts     | `WorkPattern.max/min_consecutive_days` (`consecutive_work`)    |
| min consecutive days off       | `WorkPattern.min_consecutive_days_off` (`days_off_runs`)       |
| max weekends                   | `WorkPattern.max_weekends` (`weekends_worked`)                 |
| days off                       | `StaffMember.unavailable` (rule `leave`)                       |
| shift on / off requests        | `shift_wanted` / `shift_not_wanted` requests, weight as given  |
| cover, under and over weights  | `cover_targets` with shortfall and excess points (`coverage`)  |

The care-home rules the benchmark does not have are switched off through the scenario's own
settings: no minimum rest or weekly rest (the cannot-follow list is the benchmark's rest rule),
a weekly cap no benchmark week reaches, no skill floors, and objective weights of zero for every
goal but requests (1 point per weight) and cover targets (1 point per point). The scenario's
objective is then exactly the benchmark's.
"""

from __future__ import annotations

import csv
import io
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from pathlib import Path

from rota.domain.core import RequestKind
from rota.domain.home import ShiftType
from rota.domain.policy import ObjectiveWeights, RestRules, StaffingFloors
from rota.domain.rota import Rota
from rota.domain.scenario import CoverTarget, Home, Horizon, Scenario
from rota.domain.staff import StaffMember, StaffRequest, WorkPattern
from rota.solver.construct import construct_by_person
from rota.solver.decomposition import BackgroundDecomposition
from rota.solver.index import ProblemIndex
from rota.solver.registry import RULES
from rota.solver.service import Progress, ProgressCallback, SolveOptions, SolveResult, solve

START = date(2024, 1, 1)
"""A Monday: every instance starts on a Monday."""
UNIT = "ward"
ROLE = "nurse"

SECTIONS = (
    "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER",
)


class InstanceFormatError(ValueError):
    """A bad or truncated instance file; the message names the file, section and line."""


@dataclass(frozen=True, slots=True)
class Shift:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]
    """Shifts that may not be worked on the day after this one."""


@dataclass(frozen=True, slots=True)
class Employee:
    id: str
    max_shifts: dict[str, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True, slots=True)
class Request:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True, slots=True)
class Cover:
    day: int
    shift: str
    requirement: int
    weight_under: int
    weight_over: int


@dataclass
class Instance:
    name: str
    horizon: int
    shifts: list[Shift]
    staff: list[Employee]
    days_off: dict[str, list[int]] = field(default_factory=dict)
    on_requests: list[Request] = field(default_factory=list)
    off_requests: list[Request] = field(default_factory=list)
    cover: list[Cover] = field(default_factory=list)

    @property
    def days_off_count(self) -> int:
        return sum(len(days) for days in self.days_off.values())


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    section: str
    fields: list[str]


class _Reader:
    """Turns fields into values, failing with the file, section and line in the message."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, line: _Line | None, message: str, section: str | None = None) -> InstanceFormatError:
        where = f"{self.source}, {section or (line.section if line else 'file')}"
        if line is not None:
            where += f", line {line.number}"
        return InstanceFormatError(f"{where}: {message}")

    def count(self, line: _Line, expected: int, layout: str) -> None:
        if len(line.fields) != expected:
            raise self.fail(line, f"expected {expected} comma-separated fields ({layout}), found {len(line.fields)}")

    def integer(self, line: _Line, position: int, what: str, minimum: int = 0) -> int:
        text = line.fields[position]
        try:
            value = int(text)
        except ValueError:
            raise self.fail(line, f"{what} must be a whole number, not '{text}'") from None
        if value < minimum:
            raise self.fail(line, f"{what} must be at least {minimum}, not {value}")
        return value

    def day(self, line: _Line, position: int, horizon: int) -> int:
        value = self.integer(line, position, "day")
        if value >= horizon:
            raise self.fail(line, f"day {value} is outside the horizon (days 0 to {horizon - 1})")
        return value

    def known(self, line: _Line, value: str, known: set[str] | dict, what: str) -> str:
        if value not in known:
            raise self.fail(line, f"unknown {what} '{value}' (known: {', '.join(sorted(known)[:12])})")
        return value


def _lines(text: str, reader: _Reader) -> dict[str, list[_Line]]:
    sections: dict[str, list[_Line]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise reader.fail(None, f"line {number}: unknown section '{line}'", section=line)
            if line in sections:
                raise reader.fail(None, f"line {number}: section appears twice", section=line)
            current = line
            sections[current] = []
            continue
        if current is None:
            raise reader.fail(None, f"line {number}: data before the first section", section="file")
        sections[current].append(_Line(number, current, [f.strip() for f in line.split(",")]))
    return sections


def _section(sections: dict[str, list[_Line]], name: str, reader: _Reader) -> list[_Line]:
    """A section's lines; sections are read in file order, so a truncated file fails at the first one it lacks."""
    if name not in sections:
        raise reader.fail(None, "section is missing (is the file truncated?)", section=name)
    return sections[name]


def parse_instance(text: str, source: str = "instance") -> Instance:
    """Parse the text of an instance file (CRLF or LF line endings)."""
    reader = _Reader(source)
    sections = _lines(text, reader)
    horizon_lines = _section(sections, "SECTION_HORIZON", reader)
    if len(horizon_lines) != 1:
        raise reader.fail(horizon_lines[1] if horizon_lines else None,
                          f"expected one line with the number of days, found {len(horizon_lines)}",
                          section="SECTION_HORIZON")
    reader.count(horizon_lines[0], 1, "number of days")
    horizon = reader.integer(horizon_lines[0], 0, "number of days", minimum=1)
    shifts = _shifts(_section(sections, "SECTION_SHIFTS", reader), reader)
    shift_ids = {s.id for s in shifts}
    staff = _staff(_section(sections, "SECTION_STAFF", reader), reader, shift_ids)
    staff_ids = {e.id for e in staff}
    instance = Instance(Path(source).stem, horizon, shifts, staff)
    for line in _section(sections, "SECTION_DAYS_OFF", reader):
        if len(line.fields) < 2:
            raise reader.fail(line, "expected an employee id and at least one day")
        employee = reader.known(line, line.fields[0], staff_ids, "employee")
        days = [reader.day(line, i, horizon) for i in range(1, len(line.fields))]
        instance.days_off.setdefault(employee, []).extend(days)
    for name, target in (("SECTION_SHIFT_ON_REQUESTS", instance.on_requests),
                         ("SECTION_SHIFT_OFF_REQUESTS", instance.off_requests)):
        for line in _section(sections, name, reader):
            reader.count(line, 4, "EmployeeID, Day, ShiftID, Weight")
            target.append(Request(
                reader.known(line, line.fields[0], staff_ids, "employee"), reader.day(line, 1, horizon),
                reader.known(line, line.fields[2], shift_ids, "shift"), reader.integer(line, 3, "weight", 1),
            ))
    seen: set[tuple[int, str]] = set()
    for line in _section(sections, "SECTION_COVER", reader):
        reader.count(line, 5, "Day, ShiftID, Requirement, WeightUnder, WeightOver")
        cover = Cover(reader.day(line, 0, horizon), reader.known(line, line.fields[1], shift_ids, "shift"),
                      reader.integer(line, 2, "requirement"), reader.integer(line, 3, "under-cover weight"),
                      reader.integer(line, 4, "over-cover weight"))
        if (cover.day, cover.shift) in seen:
            raise reader.fail(line, f"a second cover line for day {cover.day} shift {cover.shift}")
        seen.add((cover.day, cover.shift))
        instance.cover.append(cover)
    return instance


def _shifts(lines: list[_Line], reader: _Reader) -> list[Shift]:
    if not lines:
        raise reader.fail(None, "no shifts are defined", section="SECTION_SHIFTS")
    shifts = []
    for line in lines:
        reader.count(line, 3, "ShiftID, LengthInMinutes, CannotFollow")
        minutes = reader.integer(line, 1, "shift length in minutes", minimum=1)
        if minutes >= 24 * 60:
            raise reader.fail(line, f"a shift of {minutes} minutes is a day or longer")
        following = tuple(s.strip() for s in line.fields[2].split("|") if s.strip())
        shifts.append(Shift(line.fields[0], minutes, following))
    known = {s.id for s in shifts}
    for shift, line in zip(shifts, lines, strict=True):
        for other in shift.cannot_follow:
            reader.known(line, other, known, "shift")
    return shifts


def _staff(lines: list[_Line], reader: _Reader, shift_ids: set[str]) -> list[Employee]:
    if not lines:
        raise reader.fail(None, "no staff are defined", section="SECTION_STAFF")
    staff = []
    for line in lines:
        reader.count(line, 8, "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
                     "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends")
        max_shifts: dict[str, int] = {}
        for pair in filter(None, line.fields[1].split("|")):
            shift, _, value = pair.partition("=")
            reader.known(line, shift.strip(), shift_ids, "shift")
            try:
                max_shifts[shift.strip()] = int(value)
            except ValueError:
                raise reader.fail(line, f"MaxShifts entry '{pair}' should look like ShiftID=number") from None
        staff.append(Employee(
            line.fields[0], max_shifts,
            reader.integer(line, 2, "MaxTotalMinutes"), reader.integer(line, 3, "MinTotalMinutes"),
            reader.integer(line, 4, "MaxConsecutiveShifts", 1), reader.integer(line, 5, "MinConsecutiveShifts", 1),
            reader.integer(line, 6, "MinConsecutiveDaysOff", 1), reader.integer(line, 7, "MaxWeekends"),
        ))
    return staff


def read_instance(path: Path) -> Instance:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceFormatError(f"{path}: cannot read the file ({exc})") from exc
    return parse_instance(text, path.name)


# --- mapping onto a scenario ------------------------------------------------------------------


def to_scenario(instance: Instance) -> Scenario:
    """The instance as a rota scenario whose objective is the benchmark's objective."""
    dates = [START + timedelta(days=d) for d in range(instance.horizon)]
    return Scenario(
        home=Home(id=f"curtois-{instance.name}".lower(), name=f"Curtois benchmark {instance.name}"),
        horizon=Horizon(start=START, days=instance.horizon),
        units=({"id": UNIT, "name": "Ward", "kind": "residential", "beds": 1},),
        shift_types=tuple(_shift_type(s) for s in instance.shifts),
        roles=({"id": ROLE, "name": "Nurse"},),
        staff=tuple(_member(instance, e, dates) for e in instance.staff),
        floors=StaffingFloors(min_care_staff_day=0, min_care_staff_night=0, skill_floors=()),
        rest=RestRules(min_rest_hours=0, weekly_rest_hours=0, max_consecutive_days=13, max_consecutive_nights=13,
                       opted_out_max_weekly_hours=80),
        weights=ObjectiveWeights(**{name: 0 for name in ObjectiveWeights.model_fields}
                                 | {"request_unmet_per_weight": 1, "cover_target_point": 1}),
        cover_targets=tuple(
            CoverTarget(date=dates[c.day], shift=c.shift, unit=UNIT, heads=c.requirement,
                        shortfall_points=c.weight_under, excess_points=c.weight_over)
            for c in instance.cover
        ),
    )


def _shift_type(shift: Shift) -> ShiftType:
    end = shift.minutes
    return ShiftType(code=shift.id, name=shift.id, start=time(0, 0), end=time(end // 60, end % 60),
                     paid_minutes=shift.minutes, not_followed_by=shift.cannot_follow)


def _member(instance: Instance, employee: Employee, dates: list[date]) -> StaffMember:
    requests = [StaffRequest(kind=RequestKind.SHIFT_WANTED, date=dates[r.day], shift=r.shift, weight=r.weight)
                for r in instance.on_requests if r.employee == employee.id]
    requests += [StaffRequest(kind=RequestKind.SHIFT_NOT_WANTED, date=dates[r.day], shift=r.shift, weight=r.weight)
                 for r in instance.off_requests if r.employee == employee.id]
    return StaffMember(
        id=employee.id, name=f"Nurse {employee.id}", role=ROLE, home_unit=UNIT, contracted_hours=0,
        opted_out_48h=True, unavailable=tuple(dates[d] for d in sorted(set(instance.days_off.get(employee.id, ())))),
        requests=tuple(requests),
        pattern=WorkPattern(
            max_shifts=employee.max_shifts,
            min_minutes=employee.min_total_minutes, max_minutes=employee.max_total_minutes,
            max_consecutive_days=employee.max_consecutive_shifts,
            min_consecutive_days=employee.min_consecutive_shifts,
            min_consecutive_days_off=employee.min_consecutive_days_off,
            max_weekends=employee.max_weekends,
        ),
    )


# --- rosters ----------------------------------------------------------------------------------

ROSTER_HEADER = ("employee_id", "day", "shift_id")


def roster_rows(rota: Rota) -> Iterator[tuple[str, int, str]]:
    """(employee, day index, shift) for every worked shift, in day then employee order."""
    for a in sorted(rota.assignments, key=lambda a: (a.date, a.staff_id)):
        yield a.staff_id, (a.date - START).days, a.shift


def roster_csv(rota: Rota) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROSTER_HEADER)
    writer.writerows(roster_rows(rota))
    return out.getvalue()


# --- solving ----------------------------------------------------------------------------------


def solve_instance(
    instance: Instance, time_limit: float = 60.0, workers: int = 2, seed: int = 0,
    on_progress: ProgressCallback | None = None,
) -> SolveResult:
    """Solve with the product's own solver and rules, from a first roster built person by person,
    with column generation over one-person rotas beside it from the start (solver/decomposition.py:
    the instances link staff by cover alone, so its bound holds). The whole model waits for the
    generation (DECOMPOSITION_FIRST). The time limit always returns the best roster found. Times
    count from the start of this call."""
    started = clock.perf_counter()
    scenario = to_scenario(instance)
    share = CONSTRUCT_SHARE if len(instance.staff) * instance.horizon > SMALL_STAFF_DAYS else 0.0
    decomposition = BackgroundDecomposition(
        ProblemIndex(scenario), RULES, started + time_limit * DECOMPOSITION_SHARE,
        checkpoint=started + time_limit * DECOMPOSITION_CHECK_SHARE, max_gap=DECOMPOSITION_CHECK_GAP,
        max_fall=DECOMPOSITION_CHECK_FALL, settled_gap=DECOMPOSITION_SETTLED_GAP, threads=DECOMPOSITION_THREADS,
    ).start() if DECOMPOSITION else None

    def cores_free() -> bool:
        """Whether the generation has stopped short (instance 20's stops at 24-43 s of 300) or never ran,
        leaving its cores to the first roster."""
        return decomposition is None or (decomposition.done.is_set() and decomposition.converged() is None)

    def sweeps_until() -> float:
        """SWEEPS_SHARE while the generation may yet guide the search; the whole first roster's share
        once its cores are free."""
        return started + time_limit * (share if cores_free() else min(share, SWEEPS_SHARE))

    def placing_threads() -> int:
        """One person placed at a time beside the generation's threads; `workers` once they are free."""
        return workers if cores_free() else 1

    start = construct_by_person(scenario, started + time_limit * share, seed, sweeps_until,
                                placing_threads) if CONSTRUCT else None
    if decomposition is not None and DECOMPOSITION_FIRST:
        for wait_share in (DECOMPOSITION_CHECK_SHARE, DECOMPOSITION_SETTLED_SHARE):
            decomposition.done.wait(max(0.0, started + time_limit * wait_share - clock.perf_counter()))
        if decomposition.within(DECOMPOSITION_NEAR_GAP):
            decomposition.done.wait(max(0.0, started + time_limit * DECOMPOSITION_SHARE - clock.perf_counter()))
    offset = clock.perf_counter() - started

    def shifted(point: Progress) -> Progress:
        return replace(point, elapsed=point.elapsed + offset)

    options = SolveOptions(time_limit=max(0.1, time_limit - offset), workers=workers, seed=seed,
                           parameters=SEARCH_PARAMETERS, neighbourhood_search=NEIGHBOURHOOD_SEARCH)
    result = solve(scenario, options, (lambda p: on_progress(shifted(p))) if on_progress else None, start=start,
                   decomposition=decomposition)
    result.improvements = [shifted(p) for p in result.improvements]
    result.wall_time += offset
    if result.objective is not None:
        result.objective = round(result.objective)  # integer weights; CP-SAT reports a float
    return result


CONSTRUCT = True
CONSTRUCT_SHARE = 0.3
"""Most of the time limit the person-by-person first roster may take with each person's best rota;
past it, anyone left gets any rota of their own. Instance 20's first pass takes 56-96 s of 300 s:
cut to 5%, most people got any rota, and 20 ended at 10,805 instead of 6,263."""
SWEEPS_SHARE = 0.05
"""Most of the time limit the first roster's re-planning sweeps may take. They run on one thread
beside the column generation's two, on two cores, and slowed the generation by half: with sweeps
to 30% of the time, instance 12's generation had 1,350 rotas and no bound at 18 s, against its
convergence at 28.6 s alone (2026-12-01, fourth machine). Once the generation has stopped short,
the sweeps may take the first roster's whole share (`sweeps_until` in `solve_instance`)."""
SMALL_STAFF_DAYS = 600
"""Up to this many staff x days (instances 1-7) only the first pass is built: CP-SAT proves these
optimal itself, and time spent on sweeps delayed the proof (measured: instances 5-7 at 60 s went
from optimal, optimal, 1060 to 1145, 2047, 1786 with 30% of the time on sweeps), while on larger
ones the sweeps gave far better rosters (instance 9: 3157 to 709; instance 10: 13041 to 6184)."""


NEIGHBOURHOOD_SEARCH = False
DECOMPOSITION = True
"""Column generation beside the search from the start (solver/decomposition.py): every instance
links its staff by cover alone, so its bound holds."""
DECOMPOSITION_SHARE = 0.75
"""Share of the time limit column generation may take to converge; after that it stops, and its
threads' cores go back to the search."""
DECOMPOSITION_THREADS = 2
"""People priced at once (solver/decomposition.py). Two threads beside the whole model's two on
two cores: the generation converges before the checkpoint far more often (on a machine that takes
1.6 s for 10^7 Python additions, 11 was proven at 28-32 s instead of missing its proof), and the
whole model's proofs of the small instances (5, 6) held. Before the whole model waited for the
generation (DECOMPOSITION_FIRST) it cost 18 (84 days) about 5% at 300 s: its generation passed the
checkpoint and ran a long tail on both threads beside the whole model. Now it converges at
125-152 s, and 18 ended at 4,477-4,570 (docs/benchmarks.md)."""
DECOMPOSITION_FIRST = True
"""The whole model starts only once the column generation has converged, stopped or reached its
checkpoint, so that the generation has both cores meanwhile. Where it converges, the model it
guides finds the optimum in seconds, which the whole model's own search does not in the minute:
instance 12 went from 4,710 to 4,041 and 4,040 (proven, 51 s), 8 from 1,403 to 1,310, 10's
proof from 18.2 s to 12.3 s; 5, 6, 7, 9 and 11 did as before (one pair of interleaved runs each,
2026-12-01, fourth machine). Where it does not, the whole model loses no more than the
checkpoint's share of the time, which the first roster's sweeps took before, or
DECOMPOSITION_SETTLED_SHARE where the generation passed its checkpoint as near its end."""
DECOMPOSITION_SETTLED_SHARE = 0.5
"""A generation that passed its checkpoint as near its end (settled, or within its gap) is waited
for up to this share of the time. Instance 12's passes it at 18 s and converged at 42 s beside the
whole model, whose day windows then held the guided model back (4,040 proven in two runs, 4,041 in
two); waited for, it converged at about 31 s and 12 was proven at 35.8 s and 38.1 s, and 18 (300 s)
converged at 125 s and ended at 4,477 (optimum 4,459; 4,570 in the bench without it). Not to the end
of its time: a settled generation may still not converge (18 on a slower machine ran to 225 s)."""
DECOMPOSITION_NEAR_GAP = 0.01
"""A generation still running at DECOMPOSITION_SETTLED_SHARE of the time with its master this near
its bound is waited for to its end (DECOMPOSITION_SHARE): its last rounds are few, and the model it
guides does far better than the whole model's own search. Instance 18 on a slower machine
(2026-12-01, 1.06 s for 10^7 additions): at 145 s of 300 its master was 0.09% above its bound; the
whole model started at 151 s, the generation converged beside it at 166 s, and 18 ended at 4,865,
where guided first it reached 4,477."""
DECOMPOSITION_CHECK_SHARE = 0.3
DECOMPOSITION_CHECK_GAP = 0.10
DECOMPOSITION_CHECK_FALL = 0.05
DECOMPOSITION_SETTLED_GAP = 0.75
"""At this share of the time, column generation stops unless its master is within this gap of its
bound, or has settled: it fell by less than this share in its last round, with the bound within
the settled gap. Generation that will not converge in time takes a core from the whole model for
nothing: instance 8's bound (1,297) proves nothing, and with it running to half the time 8 ended at
1,446-1,448 instead of 1,325-1,338 (first 2026-12-01 machine).
A gap alone was too strict on a slower machine (second 2026-12-01 machine): at 15 s 10's master was
still 67% above its bound and 11 had no bound yet, so both lost their proofs, though their masters
had settled (falling 1.3% and 2.5% a round at 18 s, bounds 35% and 59% below; 8's master fell
10%, 9's 16%, 12's 20%). Let run, they converged at 43 s and 35 s and proved their optima. The
settled gap keeps long horizons out: their rounds are so slow that any master falls little in one
(18, alone on a core, had a bound of 34 against a master of 5,033 at 85 s)."""
SEARCH_PARAMETERS: tuple[tuple[str, object], ...] = (("interleave_search", False), ("subsolvers", ["max_lp"]))
"""CP-SAT parameters chosen for this benchmark (bench/curtois.py measures them)."""
