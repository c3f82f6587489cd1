"""Conflict explanations: an infeasible scenario names the few rule instances that cannot all hold."""

from __future__ import annotations

from tests.factories import BASE, day, person, scenario, solve_quick


def fixed(*rows):
    return [{"date": day(d).isoformat(), "shift": s, "unit": "res", "staff_id": p} for d, s, p in rows]


def team(**amy_fields):
    """Amy plus four colleagues who take no part in any conflict."""
    return [person("amy", name="Amy Shaw", **amy_fields), *(person(p, night_worker=True) for p in "bcde")]


def summary(result):
    return sorted((c.rule, c.staff_id, c.date) for c in result.conflicts)


def test_fixed_shift_on_a_leave_day_is_infeasible_and_explained():
    """Pinning Amy to an early on her day of leave names exactly her leave and the pin."""
    leave = [{"start": day(2).isoformat(), "end": day(2).isoformat()}]
    result = solve_quick(scenario(team(leave=leave), fixed_assignments=fixed((2, "E", "amy"))))
    assert result.status == "INFEASIBLE"
    assert result.rota.assignments == ()
    assert summary(result) == [("fixed_assignments", "amy", day(2)), ("leave", "amy", day(2))]
    by_rule = {c.rule: c.message for c in result.conflicts}
    assert by_rule["leave"] == "Amy Shaw is off (annual leave) on Wed 25 Nov"
    assert by_rule["fixed_assignments"] == "fixed assignment: Amy Shaw on Wed 25 Nov early on Residential"


def test_fixed_late_then_early_names_min_rest_and_both_pins():
    """A late then the next day's early (9 h rest) names min_rest and the two fixed shifts."""
    result = solve_quick(scenario(team(), fixed_assignments=fixed((3, "L", "amy"), (4, "E", "amy"))))
    assert result.status == "INFEASIBLE"
    assert summary(result) == [
        ("fixed_assignments", "amy", day(3)), ("fixed_assignments", "amy", day(4)), ("min_rest", "amy", None)]
    assert len(result.conflicts) <= 3
    assert all("Amy Shaw" in c.message for c in result.conflicts)
    rest = next(c for c in result.conflicts if c.rule == "min_rest")
    assert "11 h rest" in rest.message


def test_fixed_night_for_a_day_worker_names_eligibility():
    """Pinning a day-only worker to a night names her eligibility and the pin."""
    result = solve_quick(scenario(team(), fixed_assignments=fixed((0, "N", "amy"))))
    assert result.status == "INFEASIBLE"
    assert summary(result) == [("eligibility", "amy", day(0)), ("fixed_assignments", "amy", day(0))]
    assert "Amy Shaw does not work nights" in [c.message for c in result.conflicts]


def test_unrelated_fixed_shifts_stay_out_of_the_explanation():
    """Other people's pins that are fine are not part of the conflict set."""
    leave = [{"start": day(2).isoformat(), "end": day(2).isoformat()}]
    pins = fixed((2, "E", "amy"), (2, "E", "b"), (2, "L", "c"), (3, "E", "d"))
    result = solve_quick(scenario(team(leave=leave), fixed_assignments=pins))
    assert summary(result) == [("fixed_assignments", "amy", day(2)), ("leave", "amy", day(2))]


def test_feasible_fixed_shifts_give_a_rota_and_no_conflicts():
    """Pins that break nothing are honoured and explain nothing."""
    sc = scenario(team(), fixed_assignments=fixed((3, "L", "amy"), (4, "L", "amy")))
    result = solve_quick(sc, time_limit=2)  # any feasible rota will do; optimality is not the point
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.conflicts == []
    worked = {(a.date, a.shift) for a in result.rota.assignments if a.staff_id == "amy"}
    assert {(day(3), "L"), (day(4), "L")} <= worked


def test_fixed_banned_succession_names_the_succession_and_both_pins():
    """An early then the next day's late, where the early may not be followed by a late (and rest is
    ample), names shift_succession for exactly that pair and the two pins."""
    shifts = [dict(s) for s in BASE["shift_types"]]
    shifts[0]["not_followed_by"] = ["L"]
    pins = fixed((3, "E", "amy"), (4, "L", "amy"))
    result = solve_quick(scenario(team(), shift_types=shifts, fixed_assignments=pins))
    assert result.status == "INFEASIBLE"
    assert summary(result) == [
        ("fixed_assignments", "amy", day(3)), ("fixed_assignments", "amy", day(4)), ("shift_succession", "amy", day(3))]
    succession = next(c for c in result.conflicts if c.rule == "shift_succession")
    assert "may not work L the day after E" in succession.message
