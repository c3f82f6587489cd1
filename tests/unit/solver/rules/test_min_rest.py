"""min_rest: 11 h (12 h for under-18s) between the end of one shift and the start of the next."""

from __future__ import annotations

from tests.factories import audit_rota, day, person, rota, scenario, solve_quick


def _late_then_early(late_end: str = "22:00", rest: dict | None = None, **fields):
    """Two days, two single-shift units: the only demand is a Late on day 0 and an Early on day 1."""
    return scenario(
        [person("a", home_unit="late", units=["early"], **fields)],
        horizon={"start": "2026-11-23", "days": 2},
        units=[{"id": "late", "name": "Late unit", "kind": "residential", "beds": 5},
               {"id": "early", "name": "Early unit", "kind": "residential", "beds": 5}],
        shift_types=[
            {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "units": ["early"]},
            {"code": "L", "name": "Late", "start": "14:00", "end": late_end, "units": ["late"]},
        ],
        residents=[{"id": "r1", "unit": "late", "band": "high", "discharged": "2026-11-23"},
                   {"id": "r2", "unit": "early", "band": "high", "admitted": "2026-11-24"}],
        floors={"skill_floors": []},
        rest=rest or {},
    )


def _only_nights(rest: dict | None = None):
    """Two days of night-only demand and one night worker."""
    return scenario(
        [person("n", night_worker=True, day_worker=False)],
        horizon={"start": "2026-11-23", "days": 2},
        shift_types=[{"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "night": True}],
        floors={"skill_floors": []},
        rest=rest or {},
    )


def _worked(result, staff_id: str) -> list[tuple[object, str]]:
    return sorted((a.date, a.shift) for a in result.rota.assignments if a.staff_id == staff_id)


# --- the solver never breaks it -------------------------------------------------------------


def test_solver_will_not_cover_a_late_then_an_early_with_one_person():
    """A Late ending 22:00 and an Early at 07:00 (9 h) are never both given to one carer."""
    sc = _late_then_early()
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "min_rest") == []
    assert len(_worked(result, "a")) == 1


def test_relaxing_min_rest_lets_the_solver_take_both_shifts():
    """With min_rest_hours=9 the same carer covers both shifts, so min_rest is what was binding."""
    result = solve_quick(_late_then_early(rest={"min_rest_hours": 9}))
    assert _worked(result, "a") == [(day(0), "L"), (day(1), "E")]


def test_eleven_and_a_half_hours_is_enough_for_an_adult():
    """A late ending 19:30 leaves 11.5 h before a 07:00 early: an adult may work both."""
    result = solve_quick(_late_then_early(late_end="19:30"))
    assert result.status == "OPTIMAL"
    assert _worked(result, "a") == [(day(0), "L"), (day(1), "E")]


def test_under_18s_need_twelve_hours():
    """The same 11.5 h gap is too short for an under-18, who gets only one of the two shifts."""
    sc = _late_then_early(late_end="19:30", under_18=True)
    result = solve_quick(sc)
    assert result.status == "OPTIMAL"
    assert audit_rota(sc, result.rota, "min_rest") == []
    assert len(_worked(result, "a")) == 1


def test_night_then_night_is_enough_rest():
    """Night 21:45-07:15 then Night again leaves 14.5 h, so both nights are worked."""
    sc = _only_nights()
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "min_rest") == []
    assert _worked(result, "n") == [(day(0), "N"), (day(1), "N")]


def test_night_then_night_is_too_little_when_fifteen_hours_are_required():
    """With min_rest_hours=15 the 14.5 h gap between nights is too short: only one night."""
    sc = _only_nights(rest={"min_rest_hours": 15})
    result = solve_quick(sc)
    assert audit_rota(sc, result.rota, "min_rest") == []
    assert len(_worked(result, "n")) == 1


def test_a_rest_rule_longer_than_a_day_reaches_three_days_ahead():
    """BUG: with min_rest_hours=48, Mon night (ends Tue 07:15) and Thu early (47.75 h later) can both be pinned."""
    fixed = [{"date": "2026-11-23", "shift": "N", "unit": "res", "staff_id": "n"},
             {"date": "2026-11-26", "shift": "E", "unit": "res", "staff_id": "n"}]
    sc = scenario([person("n", night_worker=True)], rest={"min_rest_hours": 48}, fixed_assignments=fixed)
    result = solve_quick(sc)
    assert (result.status, audit_rota(sc, result.rota, "min_rest")) == ("INFEASIBLE", [])


# --- the audit detects hand-made breaches ---------------------------------------------------


def test_audit_counts_each_late_then_early():
    """Two Late->Early pairs give exactly two findings, dated on the early, with 9 h of rest."""
    sc = scenario([person("a")])
    findings = audit_rota(sc, rota((0, "L", "res", "a"), (1, "E", "res", "a"),
                                   (2, "L", "res", "a"), (3, "E", "res", "a")), "min_rest")
    assert [(f.code, f.staff_id, f.date, f.amount) for f in findings] == [
        ("too_little_rest", "a", day(1), 9.0),
        ("too_little_rest", "a", day(3), 9.0),
    ]


def test_audit_flags_a_night_followed_by_a_late():
    """Night ending 07:15 then a Late at 14:00 is 6.75 h rest: one finding."""
    sc = scenario([person("n", night_worker=True)])
    findings = audit_rota(sc, rota((0, "N", "res", "n"), (1, "L", "res", "n")), "min_rest")
    assert [(f.code, f.date, f.amount) for f in findings] == [("too_little_rest", day(1), 6.75)]


def test_audit_accepts_clean_sequences():
    """Early->Late (23 h), Night->Night (14.5 h) and Late->Late (16 h) break nothing."""
    sc = scenario([person("a"), person("n", night_worker=True)])
    r = rota((0, "E", "res", "a"), (1, "L", "res", "a"), (2, "L", "res", "a"),
             (0, "N", "res", "n"), (1, "N", "res", "n"), (2, "N", "res", "n"))
    assert audit_rota(sc, r, "min_rest") == []


def test_audit_leaves_an_overlapping_night_and_early_to_one_shift_per_day():
    """Night ending 07:15 then Early at 07:00 overlaps: not a rest finding (negative gap)."""
    sc = scenario([person("n", night_worker=True)])
    assert audit_rota(sc, rota((0, "N", "res", "n"), (1, "E", "res", "n")), "min_rest") == []


def test_audit_applies_twelve_hours_to_under_18s_only():
    """A 19:30 finish then a 07:00 start (11.5 h) is one finding for an under-18, none for an adult."""
    shifts = [{"code": "E", "name": "Early", "start": "07:00", "end": "15:00"},
              {"code": "T", "name": "Twilight", "start": "12:00", "end": "19:30"}]
    sc = scenario([person("adult"), person("young", under_18=True)], shift_types=shifts)
    r = rota((0, "T", "res", "adult"), (1, "E", "res", "adult"),
             (0, "T", "res", "young"), (1, "E", "res", "young"))
    findings = audit_rota(sc, r, "min_rest")
    assert [(f.staff_id, f.date, f.amount) for f in findings] == [("young", day(1), 11.5)]
