"""Database rows <-> the engine's `Scenario`, both ways.

`add_scenario` stores a scenario file as a home (everything in it, nothing lost); `scenario_for` builds
the scenario of any period from the home's records, so a home kept in the database is solved by the
same engine as a file. Which record applies to a period:

- residents: those whose stay overlaps the period, each with the dependency assessment in force on the
  first day (the latest assessed on or before it; failing that, the first one after it);
- staff: everyone not gone before the first day, with their latest RAG assessment made by the last day;
- leave overlapping the period (a one-day "unavailable" record is the scenario's `unavailable` date);
- requests and fixed shifts dated inside the period; the period's latest published rota.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from rota.domain.rota import Assignment as DomainAssignment
from rota.domain.scenario import Scenario
from rota.persistence import tables as t

UNAVAILABLE = "unavailable"
POLICY_FIELDS = ("dependency_tool", "floors", "agency", "rest", "safety", "weights")


class ScenarioInvalid(ValueError):
    """The home's records do not make a usable scenario; one plain message per problem, by field path."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{p['field']}: {p['message']}" for p in problems))
        self.problems = problems


def validation_problems(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[dict[str, str]]:
    """Pydantic errors as `{"field": "staff[3].role", "message": "..."}` in plain words."""
    problems = []
    for error in exc.errors():
        problems.append({"field": field_path((*prefix, *error["loc"])),
                         "message": error["msg"].removeprefix("Value error, ")})
    return problems


def field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


# --- scenario -> database -------------------------------------------------------------------------


def add_scenario(session: Session, scenario: Scenario) -> t.Home:
    """Store everything in a scenario as a new home. The caller commits."""
    home = t.Home(code=scenario.home.id, name=scenario.home.name)
    session.add(home)
    units = {u.id: t.Unit(home=home, code=u.id, name=u.name, kind=u.kind.value, beds=u.beds) for u in scenario.units}
    session.add_all(units.values())
    shifts = {}
    for s in scenario.shift_types:
        shifts[s.code] = t.ShiftType(
            code=s.code, name=s.name, start_time=s.start, end_time=s.end, paid_minutes=s.paid_minutes,
            night=s.night, care_share=s.care_share, units=[units[u] for u in s.units or ()])
        home.shift_types.append(shifts[s.code])
    roles = {r.id: t.Role(code=r.id, name=r.name, registered_nurse=r.registered_nurse, care_staff=r.care_staff,
                          senior=r.senior) for r in scenario.roles}
    home.roles.extend(roles.values())
    skills = {k.id: t.Skill(code=k.id, name=k.name) for k in scenario.skills}
    home.skills.extend(skills.values())
    staff = {}
    for m in scenario.staff:
        row = t.StaffMember(
            code=m.id, name=m.name, role=roles[m.role], home_unit=units[m.home_unit],
            other_units=[units[u] for u in m.units if u != m.home_unit], employment_type=m.employment.value,
            contracted_hours=m.contracted_hours, max_hours_per_week=m.max_hours_per_week, hourly_cost=m.hourly_cost,
            night_worker=m.night_worker, day_worker=m.day_worker, opted_out_48h=m.opted_out_48h, under_18=m.under_18,
            care_certificate_complete=m.care_certificate_complete, start_date=m.start_date)
        row.competences = [t.Competence(skill=skills[c.skill], expires_date=c.expires) for c in m.skills]
        if m.rag is not None:
            row.rag_assessments = [t.RagAssessment(rating=m.rag.rating.value, assessed_date=m.rag.assessed_on,
                                                   assessor=m.rag.assessor, reason=m.rag.reason)]
        row.leave = [t.Leave(start_date=a.start, end_date=a.end, kind=a.kind) for a in m.leave]
        row.leave += [t.Leave(start_date=d, end_date=d, kind=UNAVAILABLE) for d in m.unavailable]
        row.requests = [t.StaffRequest(kind=r.kind.value, request_date=r.date, weight=r.weight,
                                       shift_type=shifts[r.shift] if r.shift else None) for r in m.requests]
        staff[m.id] = row
    home.staff.extend(staff.values())
    for r in scenario.residents:
        row = t.Resident(code=r.id, unit=units[r.unit], admitted_date=r.admitted, discharged_date=r.discharged)
        row.assessments = [t.DependencyAssessment(
            assessed_date=scenario.horizon.start, band=r.band.value if r.band else None, barthel=r.barthel,
            one_to_one_hours=r.one_to_one_hours, two_person_transfer=r.two_person_transfer,
            nursing_needs=r.nursing_needs, end_of_life=r.end_of_life, notes="imported from a scenario file")]
        home.residents.append(row)
    home.setting = t.StaffingSetting(**policy_columns(scenario))
    session.flush()
    for a in scenario.fixed_assignments:
        session.add(t.FixedAssignment(home_id=home.id, work_date=a.date, shift_type=shifts[a.shift], unit=units[a.unit],
                                      staff_member=staff[a.staff_id]))
    session.flush()
    return home


def policy_columns(scenario: Scenario) -> dict[str, dict[str, Any]]:
    return {name: getattr(scenario, name).model_dump(mode="json") for name in POLICY_FIELDS}


# --- database -> scenario -------------------------------------------------------------------------


def load_home(session: Session, home_id: int) -> t.Home | None:
    """The home with everything a scenario needs, in a handful of queries."""
    staff = selectinload(t.Home.staff)
    query = select(t.Home).where(t.Home.id == home_id).options(
        selectinload(t.Home.units), selectinload(t.Home.roles), selectinload(t.Home.skills),
        selectinload(t.Home.shift_types).selectinload(t.ShiftType.units),
        staff.selectinload(t.StaffMember.other_units), staff.selectinload(t.StaffMember.competences),
        staff.selectinload(t.StaffMember.rag_assessments), staff.selectinload(t.StaffMember.leave),
        staff.selectinload(t.StaffMember.requests),
        selectinload(t.Home.residents).selectinload(t.Resident.assessments),
        selectinload(t.Home.setting),
    )
    return session.scalars(query).one_or_none()


def scenario_data(session: Session, home: t.Home, start: date, days: int) -> dict[str, Any]:
    """The scenario of `home` for `days` days from `start`, as the JSON-shaped dict the engine validates."""
    end = start + timedelta(days=days - 1)
    units = {u.id: u.code for u in home.units}
    shifts = {s.id: s.code for s in home.shift_types}
    roles = {r.id: r.code for r in home.roles}
    skills = {k.id: k.code for k in home.skills}
    data: dict[str, Any] = {
        "home": {"id": home.code, "name": home.name},
        "horizon": {"start": start.isoformat(), "days": days},
        "units": [{"id": u.code, "name": u.name, "kind": u.kind, "beds": u.beds} for u in home.units],
        "shift_types": [_shift(s) for s in home.shift_types],
        "roles": [{"id": r.code, "name": r.name, "registered_nurse": r.registered_nurse,
                   "care_staff": r.care_staff, "senior": r.senior} for r in home.roles],
        "skills": [{"id": k.code, "name": k.name} for k in home.skills],
        "staff": [_member(m, units, roles, skills, shifts, start, end) for m in home.staff
                  if m.leaving_date is None or m.leaving_date >= start],
        "residents": [r for r in (_resident(r, units, start, end) for r in home.residents) if r is not None],
    }
    if home.setting is not None:
        data.update({name: getattr(home.setting, name) for name in POLICY_FIELDS})
    data["fixed_assignments"] = [
        {"date": f.work_date.isoformat(), "shift": shifts[f.shift_type_id], "unit": units[f.unit_id],
         "staff_id": f.staff_member.code}
        for f in session.scalars(select(t.FixedAssignment).where(
            t.FixedAssignment.home_id == home.id, t.FixedAssignment.work_date.between(start, end))
            .order_by(t.FixedAssignment.id))
    ]
    published = latest_published(session, home.id, start, days)
    data["published_rota"] = [a.model_dump(mode="json") for a in assignments_of(session, published)] \
        if published is not None else []
    return data


def scenario_for(session: Session, home: t.Home, start: date, days: int) -> Scenario:
    try:
        return Scenario.model_validate(scenario_data(session, home, start, days))
    except ValidationError as exc:
        raise ScenarioInvalid(validation_problems(exc)) from None


def _shift(s: t.ShiftType) -> dict[str, Any]:
    return {"code": s.code, "name": s.name, "start": s.start_time.isoformat("minutes"),
            "end": s.end_time.isoformat("minutes"), "paid_minutes": s.paid_minutes, "night": s.night,
            "units": [u.code for u in s.units] or None, "care_share": s.care_share}


def _member(m: t.StaffMember, units: dict[int, str], roles: dict[int, str], skills: dict[int, str],
            shifts: dict[int, str], start: date, end: date) -> dict[str, Any]:
    in_period = [a for a in m.leave if a.start_date <= end and a.end_date >= start]
    return {
        "id": m.code, "name": m.name, "role": roles[m.role_id], "home_unit": units[m.home_unit_id],
        "units": [u.code for u in m.other_units],
        "skills": [{"skill": skills[c.skill_id], "expires": _iso(c.expires_date)} for c in m.competences],
        "contracted_hours": m.contracted_hours, "max_hours_per_week": m.max_hours_per_week,
        "employment": m.employment_type, "hourly_cost": m.hourly_cost, "rag": _rag(m.rag_assessments, end),
        "night_worker": m.night_worker, "day_worker": m.day_worker, "opted_out_48h": m.opted_out_48h,
        "under_18": m.under_18, "start_date": _iso(m.start_date),
        "care_certificate_complete": m.care_certificate_complete,
        "leave": [{"start": a.start_date.isoformat(), "end": a.end_date.isoformat(), "kind": a.kind}
                  for a in in_period if not _is_unavailable_day(a)],
        "unavailable": [a.start_date.isoformat() for a in in_period if _is_unavailable_day(a)],
        "requests": [{"kind": r.kind, "date": r.request_date.isoformat(), "weight": r.weight,
                      "shift": shifts[r.shift_type_id] if r.shift_type_id else None}
                     for r in m.requests if start <= r.request_date <= end],
    }


def _is_unavailable_day(leave: t.Leave) -> bool:
    return leave.kind == UNAVAILABLE and leave.start_date == leave.end_date


def _rag(history: list[t.RagAssessment], end: date) -> dict[str, Any] | None:
    """The latest assessment made by the period's last day (undated ones count as oldest)."""
    made = [a for a in history if a.assessed_date is None or a.assessed_date <= end]
    if not made:
        return None
    latest = max(made, key=lambda a: (a.assessed_date or date.min, a.id))
    return {"rating": latest.rating, "assessed_on": _iso(latest.assessed_date), "assessor": latest.assessor,
            "reason": latest.reason}


def _resident(r: t.Resident, units: dict[int, str], start: date, end: date) -> dict[str, Any] | None:
    if (r.admitted_date and r.admitted_date > end) or (r.discharged_date and r.discharged_date < start):
        return None
    assessment = assessment_in_force(r.assessments, start)
    if assessment is None:
        return None
    return {"id": r.code, "unit": units[r.unit_id], "band": assessment.band, "barthel": assessment.barthel,
            "one_to_one_hours": assessment.one_to_one_hours, "two_person_transfer": assessment.two_person_transfer,
            "nursing_needs": assessment.nursing_needs, "end_of_life": assessment.end_of_life,
            "admitted": _iso(r.admitted_date), "discharged": _iso(r.discharged_date)}


def assessment_in_force(history: list[t.DependencyAssessment], day: date) -> t.DependencyAssessment | None:
    before = [a for a in history if a.assessed_date <= day]
    if before:
        return max(before, key=lambda a: (a.assessed_date, a.id))
    return min(history, key=lambda a: (a.assessed_date, a.id), default=None)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- rotas ----------------------------------------------------------------------------------------


def latest_published(session: Session, home_id: int, start: date, days: int) -> t.RotaVersion | None:
    return session.scalars(
        select(t.RotaVersion).join(t.RotaPeriod)
        .where(t.RotaPeriod.home_id == home_id, t.RotaPeriod.start_date == start, t.RotaPeriod.days == days,
               t.RotaVersion.status == "published")
        .order_by(t.RotaVersion.number.desc()).limit(1)
    ).one_or_none()


def assignments_of(session: Session, version: t.RotaVersion) -> list[DomainAssignment]:
    """A version's assignments as the engine's, by code, in date and shift order."""
    person = func.coalesce(t.StaffMember.code, t.Assignment.hypothetical_staff)
    rows = session.execute(
        select(t.Assignment.work_date, t.ShiftType.code, t.Unit.code, person)
        .join(t.ShiftType, t.ShiftType.id == t.Assignment.shift_type_id)
        .join(t.Unit, t.Unit.id == t.Assignment.unit_id)
        .outerjoin(t.StaffMember, t.StaffMember.id == t.Assignment.staff_member_id)
        .where(t.Assignment.rota_version_id == version.id)
        .order_by(t.Assignment.work_date, t.ShiftType.start_time, t.Unit.code, person)
    )
    return [DomainAssignment(date=d, shift=s, unit=u, staff_id=m) for d, s, u, m in rows]


class CodeLookup:
    """Codes -> row ids for one home, to write a rota's assignments."""

    def __init__(self, session: Session, home_id: int) -> None:
        def ids(model: Any) -> dict[str, int]:
            return dict(session.execute(select(model.code, model.id).where(model.home_id == home_id)).all())

        self.shifts = ids(t.ShiftType)
        self.units = ids(t.Unit)
        self.staff = ids(t.StaffMember)

    def rows(self, assignments: list[DomainAssignment] | tuple[DomainAssignment, ...],
             hypothetical: frozenset[str] = frozenset()) -> list[t.Assignment]:
        """Assignment rows; a staff id in `hypothetical` (a what-if's new hire, with no staff record) is kept
        by code. Any other unknown id is a KeyError: it would be a bug, not a person."""
        return [t.Assignment(work_date=a.date, shift_type_id=self.shifts[a.shift], unit_id=self.units[a.unit],
                             **({"hypothetical_staff": a.staff_id} if a.staff_id in hypothetical
                                else {"staff_member_id": self.staff[a.staff_id]})) for a in assignments]
