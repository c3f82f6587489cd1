"""working_hours: weekly paid hours within the personal, 48 h (60 h opted out) and under-18 limits."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick

LONG_DAY = {"code": "LD", "name": "Long day", "start": "07:30", "end": "20:00", "paid_minutes": 720}
EARLY = {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450}
EIGHT_HOUR_EARLY = {"code": "E", "name": "Early", "start": "07:00", "end": "15:00"}


def _paid_minutes(sc, result, staff_id: str) -> int:
    return sum(sc.shift_type(a.shift).paid for a in result.rota.assignments if a.staff_id == staff_id)


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_keeps_a_part_timer_within_contract_plus_overtime():
    """20 h contract + 8 h overtime = 28 h: three 7.5 h shifts, though every shift is short."""
    sc = scenario([person("a", contracted_hours=20)])
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "working_hours") == []
    assert _paid_minutes(sc, result, "a") == 3 * 450


def test_a_higher_personal_maximum_lets_the_same_person_work_more():
    """Control: max_hours_per_week=48 lifts the cap, so the 28 h limit was what was binding."""
    sc = scenario([person("a", contracted_hours=20, max_hours_per_week=48)])
    assert _paid_minutes(sc, solve_quick(sc), "a") > 3 * 450


def test_solver_holds_staff_who_have_not_opted_out_to_48_hours():
    """A personal maximum of 60 h is capped at the legal 48 h: four 12 h long days."""
    sc = scenario([person("a", max_hours_per_week=60)], shift_types=[LONG_DAY])
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "working_hours") == []
    assert _paid_minutes(sc, result, "a") == 48 * 60


def test_solver_lets_opted_out_staff_work_60_hours():
    """The same person, opted out of the 48 h limit, works five 12 h long days."""
    sc = scenario([person("a", max_hours_per_week=60, opted_out_48h=True)], shift_types=[LONG_DAY])
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "working_hours") == []
    assert _paid_minutes(sc, result, "a") == 60 * 60


def test_solver_holds_under_18s_to_40_hours_a_week():
    """With weekly rest switched off, an under-18 works five 8 h shifts (40 h), not six."""
    rest = {"weekly_rest_hours": 0, "under_18_weekly_rest_hours": 0}
    sc = scenario([person("u", under_18=True)], shift_types=[EIGHT_HOUR_EARLY], rest=rest)
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "working_hours") == []
    assert _paid_minutes(sc, result, "u") == 40 * 60


def test_solver_never_gives_an_under_18_a_shift_over_8_hours():
    """Only long days need cover: an under-18 gets none, an adult does (the 8 h daily limit)."""
    young = scenario([person("u", under_18=True)], shift_types=[LONG_DAY])
    adult = scenario([person("u")], shift_types=[LONG_DAY])
    assert solve_quick(young).rota.assignments == ()
    assert solve_quick(adult).rota.assignments != ()


def test_solver_applies_the_limit_to_each_rota_week():
    """The limit is per rota week, not per horizon: a 28 h part-timer works three shifts in each of two weeks."""
    sc = scenario([person("a", contracted_hours=20)], horizon={"start": "2026-11-23", "days": 14})
    result = solve_quick(sc)
    weeks = [sum(1 for a in result.rota.assignments if (a.date - day(0)).days // 7 == w) for w in (0, 1)]
    assert audit_rota(sc, result.rota, "working_hours") == []
    assert weeks == [3, 3]


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_a_week_over_the_limit_with_its_hours():
    """Seven 7.5 h Earlies (52.5 h) against a 45.5 h limit: one finding for week 1."""
    sc = scenario([person("a")])
    findings = audit_rota(sc, rota(*[(d, "E", "res", "a") for d in range(7)]), "working_hours")
    assert [(f.code, f.staff_id, f.date, f.amount) for f in findings] == [("weekly_hours", "a", day(0), 52.5)]


def test_audit_checks_each_week_separately():
    """Over two weeks, seven Earlies in week 1 and four in week 2 give one finding, dated week 1."""
    sc = scenario([person("a")], horizon={"start": "2026-11-23", "days": 14})
    r = rota(*[(d, "E", "res", "a") for d in (*range(7), 8, 9, 10, 11)])
    assert [f.date for f in audit_rota(sc, r, "working_hours")] == [day(0)]


def test_audit_accepts_hours_just_under_the_limit():
    """Six Earlies (45 h) against contract 37.5 h + 8 h overtime (45.5 h): no finding."""
    sc = scenario([person("a")])
    assert audit_rota(sc, rota(*[(d, "E", "res", "a") for d in range(6)]), "working_hours") == []


def test_audit_60_hours_is_a_breach_unless_opted_out():
    """Five 12 h long days: a breach for the 48 h worker, none for the opted-out one."""
    sc = scenario([person("in", max_hours_per_week=60), person("out", max_hours_per_week=60, opted_out_48h=True)],
                  shift_types=[LONG_DAY])
    r = rota(*[(d, "LD", "res", p) for p in ("in", "out") for d in range(5)])
    assert [(f.staff_id, f.amount) for f in audit_rota(sc, r, "working_hours")] == [("in", 60.0)]


def test_audit_flags_an_under_18_shift_over_8_hours():
    """One 12 h long day for an under-18 is one daily_hours finding; a 7.5 h Early is fine."""
    sc = scenario([person("u", under_18=True)], shift_types=[LONG_DAY, EARLY])
    findings = audit_rota(sc, rota((0, "LD", "res", "u"), (1, "E", "res", "u")), "working_hours")
    assert [(f.code, f.date, f.shift) for f in findings] == [("daily_hours", day(0), "LD")]
