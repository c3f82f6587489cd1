"""weekly_rest: 24 h uninterrupted off in every rolling 7 days (48 h for under-18s, or 48 h in 14)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.factories import START, audit_rota, day, person, rota, scenario, solve_quick

TWO_WEEKS = {"start": "2026-11-23", "days": 14}
FORTNIGHTLY = {"weekly_rest_hours": 48, "weekly_rest_window_days": 14}
# Five shifts whose longest break is 47 h (Wed 15:00 to Fri 14:00): enough for adults, not under-18s.
SPLIT_DAYS_OFF = ((0, "E"), (1, "E"), (2, "E"), (4, "L"), (6, "E"))


def _longest_free_hours(sc, r, staff_id: str, first_day: int, days: int) -> float:
    """Longest stretch off in [first_day, first_day + days), from the scenario's clock times."""
    begin = datetime.combine(START, datetime.min.time()) + timedelta(days=first_day)
    end = begin + timedelta(days=days)
    busy = []
    for a in r.assignments:
        if a.staff_id == staff_id:
            t = sc.shift_type(a.shift)
            s = datetime.combine(a.date, t.start)
            busy.append((s, datetime.combine(a.date, t.end) + timedelta(days=t.end <= t.start)))
    cursor, longest = begin, timedelta(0)
    for s, e in sorted(busy):
        longest = max(longest, min(s, end) - cursor)
        cursor = max(cursor, e)
    return max(longest, end - cursor).total_seconds() / 3600


def _fixed(staff_id: str, *rows: tuple[int, str]) -> list[dict]:
    return [{"date": day(d).isoformat(), "shift": s, "unit": "res", "staff_id": staff_id} for d, s in rows]


def _days_worked(result, staff_id: str) -> int:
    return len({a.date for a in result.rota.assignments if a.staff_id == staff_id})


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_gives_a_day_off_even_when_hours_would_allow_seven():
    """Hours (60, opted out) and run limits allow 7 shifts; weekly rest keeps one 24 h break."""
    sc = scenario([person("a", opted_out_48h=True, max_hours_per_week=60)], rest={"max_consecutive_days": 13})
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "weekly_rest") == []
    assert _longest_free_hours(sc, result.rota, "a", 0, 7) >= 24
    assert _days_worked(result, "a") == 6


def test_without_weekly_rest_the_same_person_works_all_seven_days():
    """Setting weekly_rest_hours=0 lets the solver use the seventh day, so the rule was binding."""
    sc = scenario([person("a", opted_out_48h=True, max_hours_per_week=60)],
                  rest={"max_consecutive_days": 13, "weekly_rest_hours": 0})
    assert _days_worked(solve_quick(sc), "a") == 7


def test_solver_gives_48_hours_in_a_fortnight_when_so_configured():
    """With 48 h in 14 days, a carer working 12 shifts gets one unbroken 48 h stretch."""
    sc = scenario([person("a")], horizon=TWO_WEEKS, rest=FORTNIGHTLY)
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "weekly_rest") == []
    assert _longest_free_hours(sc, result.rota, "a", 0, 14) >= 48
    assert _days_worked(result, "a") == 12


def test_split_days_off_are_fine_weekly_but_not_fortnightly():
    """Days off on Sundays only (40 h and 33 h breaks) meet 24 h/7 days but not 48 h/14 days."""
    pattern = [(d, "E") for d in (*range(6), *range(7, 13))]
    weekly = scenario([person("a")], horizon=TWO_WEEKS, fixed_assignments=_fixed("a", *pattern))
    fortnightly = scenario([person("a")], horizon=TWO_WEEKS, rest=FORTNIGHTLY,
                           fixed_assignments=_fixed("a", *pattern))
    assert solve_quick(weekly).status == "OPTIMAL"
    result = solve_quick(fortnightly)
    assert result.status == "INFEASIBLE"
    assert "weekly_rest" in {c.rule for c in result.conflicts}


def test_under_18s_need_48_hours_off():
    """A 47 h longest break is lawful for an adult but infeasible for an under-18."""
    adult = scenario([person("a")], fixed_assignments=_fixed("a", *SPLIT_DAYS_OFF))
    young = scenario([person("a", under_18=True)], fixed_assignments=_fixed("a", *SPLIT_DAYS_OFF))
    assert solve_quick(adult).status == "OPTIMAL"
    result = solve_quick(young)
    assert result.status == "INFEASIBLE"
    assert {c.rule for c in result.conflicts} >= {"weekly_rest", "fixed_assignments"}


def test_solver_gives_under_18s_48_hours_in_every_seven_days():
    """An under-18 under pressure for cover still gets 48 h off in every rolling week."""
    sc = scenario([person("u", under_18=True)], horizon=TWO_WEEKS)
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "weekly_rest") == []
    assert all(_longest_free_hours(sc, result.rota, "u", d, 7) >= 48 for d in range(8))
    assert _days_worked(result, "u") == 10


def test_under_18s_keep_48_hours_when_adult_weekly_rest_is_switched_off():
    """BUG: weekly_rest_hours=0 skips the whole build, dropping the under-18s' own 48 h rule."""
    sc = scenario([person("u", under_18=True)], rest={"weekly_rest_hours": 0},
                  fixed_assignments=_fixed("u", *SPLIT_DAYS_OFF))
    assert solve_quick(sc).status == "INFEASIBLE"


def test_under_18s_keep_a_seven_day_window_when_adults_use_fourteen():
    """BUG: WTR reg 11(3) gives young workers 48 h in each 7 days; the 14-day option is adults' only."""
    week_two = [(d + 7, s) for d, s in SPLIT_DAYS_OFF]
    sc = scenario([person("u", under_18=True)], horizon=TWO_WEEKS, rest=FORTNIGHTLY,
                  fixed_assignments=_fixed("u", *week_two))
    assert solve_quick(sc).status == "INFEASIBLE"


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_flags_seven_earlies_in_a_row_once():
    """Seven Earlies (longest break 16 h) breach the single 7-day window: one finding."""
    sc = scenario([person("a")])
    findings = audit_rota(sc, rota(*[(d, "E", "res", "a") for d in range(7)]), "weekly_rest")
    assert [(f.code, f.staff_id, f.date) for f in findings] == [("no_weekly_rest", "a", day(0))]


def test_audit_flags_every_rolling_window_without_a_break():
    """Fourteen Earlies in a row breach all eight rolling 7-day windows of a fortnight."""
    sc = scenario([person("a")], horizon=TWO_WEEKS)
    findings = audit_rota(sc, rota(*[(d, "E", "res", "a") for d in range(14)]), "weekly_rest")
    assert [f.date for f in findings] == [day(d) for d in range(8)]


def test_audit_accepts_one_day_off_between_earlies():
    """Six Earlies and a day off (a 40 h break) give no finding."""
    sc = scenario([person("a")])
    r = rota(*[(d, "E", "res", "a") for d in (0, 1, 2, 4, 5, 6)])
    assert audit_rota(sc, r, "weekly_rest") == []


def test_audit_a_day_off_between_a_night_and_an_early_is_not_24_hours():
    """Night ends Thu 07:15, Early starts Fri 07:00: 23.75 h, so the week has no 24 h break."""
    sc = scenario([person("n", night_worker=True)])
    r = rota((0, "N", "res", "n"), (1, "N", "res", "n"), (2, "N", "res", "n"),
             (4, "E", "res", "n"), (5, "E", "res", "n"), (6, "E", "res", "n"))
    assert [f.date for f in audit_rota(sc, r, "weekly_rest")] == [day(0)]


def test_audit_a_day_off_between_a_night_and_a_late_is_enough():
    """Night ends Thu 07:15, Late starts Fri 14:00: 30.75 h off, no finding."""
    sc = scenario([person("n", night_worker=True)])
    r = rota((0, "N", "res", "n"), (1, "N", "res", "n"), (2, "N", "res", "n"),
             (4, "L", "res", "n"), (5, "L", "res", "n"), (6, "L", "res", "n"))
    assert audit_rota(sc, r, "weekly_rest") == []


def test_audit_holds_under_18s_to_48_hours():
    """The 47 h split-days-off week is one finding for an under-18 and none for an adult."""
    sc = scenario([person("adult"), person("young", under_18=True)])
    r = rota(*[(d, s, "res", p) for p in ("adult", "young") for d, s in SPLIT_DAYS_OFF])
    assert [(f.staff_id, f.date) for f in audit_rota(sc, r, "weekly_rest")] == [("young", day(0))]


def test_audit_under_18s_need_48_hours_in_each_week_of_a_fortnightly_scheme():
    """BUG: with 48 h/14 days, an under-18 with 55 h off in week 1 but 47 h max in week 2 passes."""
    sc = scenario([person("u", under_18=True)], horizon=TWO_WEEKS, rest=FORTNIGHTLY)
    r = rota(*[(d, "E", "res", "u") for d in range(2, 7)], *[(d + 7, s, "res", "u") for d, s in SPLIT_DAYS_OFF])
    assert day(7) in {f.date for f in audit_rota(sc, r, "weekly_rest")}
