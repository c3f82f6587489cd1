"""Gate a scenario on HR records before it is solved: what the records do not evidence, the rota cannot rely on.

The mapping onto the engine is the least invasive one, using only what a scenario already says:

- a competence the catalogue grants (medication, moving and assisting, first aid, fire marshal, ...) gets
  the expiry its training record implies (medication also needs a competency assessment); with no
  record it expires the day before the rota starts. The engine already refuses expired competences for
  skill mix, and the shift report counts them ("Medication: 1 of 2 expired"). Gating only restricts:
  it never gives anyone a skill the scenario does not list;
- no valid NMC registration: the nurse is off (a compliance absence) on the days it has lapsed, or works
  in the policy's fallback role if it has lapsed for the whole rota;
- no DBS with barred-list check, or no valid right to work check: off (a compliance absence) on those days;
- Care Certificate not complete: a new starter (supernumerary), as the engine already models it;
- days before the start date or after the leave date on the staff list: off (a compliance absence);
- overdue supervision, an overdue DBS re-check and agency workers (checked by their agency) are flagged
  for the report but block nothing.

Training and assessments are taken as they stand on the rota's first day: a refresher booked for
the middle of the rota counts once it is recorded and the rota is gated again.

A compliance absence is ordinary leave with a kind that says why, so the solver's leave rule, gap reasons
("on leave or unavailable") and conflict explanations ("Ann is off (compliance: no DBS check)") all work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rota.compliance.dates import add_months
from rota.compliance.due_dates import ComplianceIndex, Status, training_expiry
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import ComplianceData, Employment
from rota.domain.core import EmploymentType
from rota.domain.scenario import Scenario
from rota.domain.staff import Absence, Competence, StaffMember


class GateKind(StrEnum):
    SKILL_EXPIRED = "skill_expired"
    NOT_NURSE = "not_nurse"
    NOT_ROSTERABLE = "not_rosterable"
    NEW_STARTER = "new_starter"
    SUPERVISION_OVERDUE = "supervision_overdue"
    DBS_RECHECK_DUE = "dbs_recheck_due"
    CHECKED_BY_AGENCY = "checked_by_agency"


BLOCKING = {GateKind.SKILL_EXPIRED, GateKind.NOT_NURSE, GateKind.NOT_ROSTERABLE, GateKind.NEW_STARTER}


@dataclass(frozen=True, slots=True)
class GateReason:
    staff_id: str
    name: str
    kind: GateKind
    message: str
    skill: str | None = None
    start: date | None = None
    """First day the reason applies (None: not tied to days, a flag)."""
    end: date | None = None

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING

    def applies_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def as_dict(self) -> dict[str, object]:
        return {"staff_id": self.staff_id, "name": self.name, "kind": self.kind.value, "blocking": self.blocking,
                "message": self.message, "skill": self.skill,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None}


@dataclass(frozen=True)
class GatedScenario:
    """The scenario as the records allow it, and every reason it differs from the manager's own."""

    scenario: Scenario
    reasons: tuple[GateReason, ...]

    @property
    def blocking(self) -> list[GateReason]:
        return [r for r in self.reasons if r.blocking]

    @property
    def flags(self) -> list[GateReason]:
        return [r for r in self.reasons if not r.blocking]

    def for_staff(self, staff_id: str, day: date | None = None) -> list[GateReason]:
        return [r for r in self.reasons if r.staff_id == staff_id and (day is None or r.applies_on(day))]

    def skill_reason(self, staff_id: str, skill: str) -> GateReason | None:
        return next((r for r in self.reasons if r.staff_id == staff_id and r.skill == skill), None)

    def off_on(self, day: date) -> list[GateReason]:
        """People the records keep off the rota on `day`."""
        return [r for r in self.reasons if r.kind in (GateKind.NOT_ROSTERABLE, GateKind.NOT_NURSE)
                and r.applies_on(day)]


ABSENCE_PREFIX = "compliance: "


def gate_scenario(scenario: Scenario, data: ComplianceData, policy: CompliancePolicy | None = None,
                  start: date | None = None, end: date | None = None,
                  exempt: frozenset[str] = frozenset()) -> GatedScenario:
    """Apply the records to every member of staff for the days from `start` to `end` (default: the horizon),
    except the `exempt` (people a what-if adds, who have no HR records because they are not hired yet).

    Gating a scenario that was gated before (a what-if starts from a solved rota's own scenario) applies
    today's records afresh: the absences an earlier gating added (kind "compliance: ...") are dropped
    first, and a competence already cut back to what the records evidence keeps the records' reason."""
    policy = policy or CompliancePolicy()
    first = max(start or scenario.horizon.start, scenario.horizon.start)
    last = min(end or scenario.horizon.end, scenario.horizon.end)
    if last < first:
        raise ValueError(f"the dates {start} to {end} do not overlap the rota ({scenario.horizon.start} to "
                         f"{scenario.horizon.end})")
    gate = _Gate(scenario, ComplianceIndex(data, policy), first, last)
    staff: list[StaffMember] = []
    reasons: list[GateReason] = []
    for member in scenario.staff:
        if member.id in exempt:
            staff.append(member)
            continue
        gated, why = gate.member(_without_gating_absences(member))
        staff.append(gated)
        reasons.extend(why)
    return GatedScenario(scenario.model_copy(update={"staff": tuple(staff)}), tuple(reasons))


def _without_gating_absences(member: StaffMember) -> StaffMember:
    kept = tuple(a for a in member.leave if not a.kind.startswith(ABSENCE_PREFIX))
    return member if len(kept) == len(member.leave) else member.model_copy(update={"leave": kept})


class _Gate:
    def __init__(self, scenario: Scenario, index: ComplianceIndex, first: date, last: date) -> None:
        self.scenario = scenario
        self.index = index
        self.policy = index.policy
        self.first = first
        self.last = last
        self.days = [d for d in scenario.horizon.dates if first <= d <= last]
        self.nurse_roles = {r.id for r in scenario.roles if r.registered_nurse} | set(self.policy.nurse_roles)
        self.skill_names = {s.id: s.name for s in scenario.skills}
        self.jobs: dict[str, list[Employment]] = {}
        for e in index.data.staff:
            self.jobs.setdefault(e.staff_id, []).append(e)

    def member(self, m: StaffMember) -> tuple[StaffMember, list[GateReason]]:
        if m.employment == EmploymentType.AGENCY:
            return m, [self._reason(m, GateKind.CHECKED_BY_AGENCY, "agency worker: training and recruitment "
                                    "checks are the agency's; confirm its profile before the shift")]
        job = self._job(m)
        if job is None:
            return self._off(m, self.days, "compliance: no HR record",
                             "not on the HR staff list for these dates: DBS and right to work cannot be confirmed")
        reasons: list[GateReason] = []
        update: dict[str, object] = {"skills": tuple(self._skill(m, c, reasons) for c in m.skills)}
        if m.care_certificate_complete and self._care_certificate_missing(job):
            update["care_certificate_complete"] = False
            reasons.append(self._reason(m, GateKind.NEW_STARTER, "Care Certificate not complete: supernumerary, "
                                        "counts towards no staffing level"))
        blocked = list(self._blocked_days(m))
        fallback = self._fallback_role(m, blocked)
        leave = list(m.leave)
        for kind, absence_kind, message, days in blocked:
            if fallback is not None and kind == GateKind.NOT_NURSE:
                reasons.append(self._reason(m, kind, f"NMC registration lapsed: works as "
                                            f"{self.scenario.role(fallback).name.lower()}, not as a nurse",
                                            start=self.first, end=self.last))
                update["role"] = fallback
                continue
            leave.extend(_absences(days, absence_kind))
            reasons.extend(self._reason(m, kind, message, start=a, end=b) for a, b in _runs(days))
        update["leave"] = tuple(leave)
        reasons.extend(self._flags(m, job))
        return m.model_copy(update=update), reasons

    def _job(self, m: StaffMember) -> Employment | None:
        rows = [e for e in self.jobs.get(m.id, []) if e.start <= self.last and
                (e.leave_date is None or e.leave_date >= self.first)]
        return max(rows, key=lambda e: e.start) if rows else None

    # --- competences ----------------------------------------------------------------------------------------

    def _skill(self, m: StaffMember, held: Competence, reasons: list[GateReason]) -> Competence:
        courses = self.index.data.catalogue.granting(held.skill)
        if not courses:
            return held
        evidence, why = self._evidenced_until(m.id, held.skill, courses)
        if evidence is None or (held.expires is not None and held.expires < evidence):
            why = f"expires {held.expires:%d %b %Y} on the rota's own record" if held.expires else ""
        else:
            held = Competence(skill=held.skill, expires=evidence)
        if held.expires is not None and held.expires < self.last:
            name = self.skill_names.get(held.skill, held.skill)
            reasons.append(self._reason(m, GateKind.SKILL_EXPIRED, f"{name}: {why}", skill=held.skill,
                                        start=max(self.first, held.expires + timedelta(days=1)), end=self.last))
        return held

    def _evidenced_until(self, staff_id: str, skill: str, courses) -> tuple[date | None, str]:
        """Last day the records evidence the skill (None: no expiry), and why it ends."""
        best: tuple[date | None, str] | None = None
        for course in courses:
            timeline = self.index.training.get((staff_id, course.id))
            record = timeline.latest(self.first) if timeline else None
            if record is None:
                candidate: tuple[date | None, str] = (self.first - timedelta(days=1), f"no {course.name} record")
            else:
                expiry = training_expiry(record, course)
                candidate = (expiry, f"{course.name} expired {expiry:%d %b %Y}" if expiry else "")
            if best is None or _later(candidate[0], best[0]):
                best = candidate
        assert best is not None
        if skill != "medication":
            return best
        timeline = self.index.medication.get(staff_id)
        assessment = timeline.latest(self.first) if timeline else None
        if assessment is None:
            return self.first - timedelta(days=1), "no medication competency assessment"
        due = add_months(assessment.assessed_on, self.policy.medication_competency_months)
        if _later(best[0], due):
            return due, f"competency assessment lapsed {due:%d %b %Y}"
        return best

    def _care_certificate_missing(self, job: Employment) -> bool:
        course = self.index.courses.get("care_certificate")
        if course is None or not course.applies_to(job.role):
            return False
        timeline = self.index.training.get((job.staff_id, course.id))
        return not (timeline and timeline.latest(self.first))

    # --- who cannot be rostered -----------------------------------------------------------------------------

    def _blocked_days(self, m: StaffMember) -> Iterator[tuple[GateKind, str, str, list[date]]]:
        """(kind, absence kind, message, days) for each check missing on some of the rota's days."""
        index = self.index
        jobs = self.jobs.get(m.id, [])
        not_employed = [d for d in self.days if not any(e.employed_on(d) for e in jobs)]
        if not_employed:
            yield (GateKind.NOT_ROSTERABLE, "compliance: not employed",
                   "not employed on these days (staff list start and leave dates)", not_employed)
        dbs = index.dbs.get(m.id)
        no_dbs = [d for d in self.days if not (dbs and _dbs_ok(dbs.latest(d)))]
        if no_dbs:
            yield (GateKind.NOT_ROSTERABLE, "compliance: no DBS check",
                   "no enhanced DBS with barred-list check: cannot be rostered", no_dbs)
        rtw = index.right_to_work.get(m.id)
        no_rtw = [d for d in self.days if not (rtw and _rtw_ok(rtw.latest(d), d))]
        if no_rtw:
            yield (GateKind.NOT_ROSTERABLE, "compliance: no right to work",
                   "no valid right to work check: cannot be rostered", no_rtw)
        if m.role in self.nurse_roles:
            nmc = index.nmc.get(m.id)
            lapsed = [d for d in self.days if not (nmc and nmc.records[-1].valid_on(d))]
            if lapsed:
                yield (GateKind.NOT_NURSE, "compliance: NMC registration lapsed",
                       "no valid NMC registration: cannot work as a nurse", lapsed)

    def _fallback_role(self, m: StaffMember, blocked: list[tuple[GateKind, str, str, list[date]]]) -> str | None:
        """The policy's fallback role when a nurse's registration has lapsed for the whole rota and nothing else
        keeps them off."""
        role = self.policy.lapsed_nurse_works_as
        if role is None or role not in {r.id for r in self.scenario.roles}:
            return None
        kinds = {kind: days for kind, _, _, days in blocked}
        lapsed_throughout = kinds.get(GateKind.NOT_NURSE) == self.days
        return role if lapsed_throughout else None

    def _off(self, m: StaffMember, days: list[date], kind: str, message: str):
        reasons = [self._reason(m, GateKind.NOT_ROSTERABLE, message, start=a, end=b) for a, b in _runs(days)]
        return m.model_copy(update={"leave": (*m.leave, *_absences(days, kind))}), reasons

    # --- flags ----------------------------------------------------------------------------------------------

    def _flags(self, m: StaffMember, job: Employment) -> Iterator[GateReason]:
        supervision = self.index.supervision_item(job, self.last)
        if not supervision.status.compliant:
            message = f"supervision overdue (due {supervision.due:%d %b %Y})" \
                if supervision.status == Status.OVERDUE else f"no supervision yet ({supervision.detail})"
            yield self._reason(m, GateKind.SUPERVISION_OVERDUE, message)
        dbs = self.index.dbs_item(job, self.first)
        if dbs.status == Status.OVERDUE:
            yield self._reason(m, GateKind.DBS_RECHECK_DUE, f"DBS re-check overdue (due {dbs.due:%d %b %Y})")

    def _reason(self, m: StaffMember, kind: GateKind, message: str, *, skill: str | None = None,
                start: date | None = None, end: date | None = None) -> GateReason:
        return GateReason(m.id, m.name, kind, message, skill, start, end)


def _later(a: date | None, b: date | None) -> bool:
    """Is expiry `a` later than `b` (None = never expires)?"""
    if a is None:
        return b is not None
    return b is not None and a > b


def _dbs_ok(check) -> bool:
    return check is not None and check.barred_list_checked


def _rtw_ok(check, day: date) -> bool:
    return check is not None and (check.expires is None or day <= check.expires)


def _runs(days: Sequence[date]) -> list[tuple[date, date]]:
    """Consecutive runs of days as (first, last) pairs."""
    runs: list[tuple[date, date]] = []
    for d in sorted(days):
        if runs and d == runs[-1][1] + timedelta(days=1):
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def _absences(days: Sequence[date], kind: str) -> list[Absence]:
    return [Absence(start=a, end=b, kind=kind) for a, b in _runs(days)]
