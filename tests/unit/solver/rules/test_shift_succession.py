"""shift_succession: a shift pattern's `not_followed_by` list, on top of minimum rest."""

from __future__ import annotations

from tests.factories import BASE, audit_rota, person, rota, scenario, solve_quick


def _shifts(**extra):
    shifts = [dict(s) for s in BASE["shift_types"]]
    shifts[0].update(extra)  # the early
    return shifts


def test_audit_flags_a_banned_succession():
    sc = scenario([person("a")], shift_types=_shifts(not_followed_by=["L"]))
    findings = audit_rota(sc, rota((0, "E", "res", "a"), (1, "L", "res", "a")), "shift_succession")
    assert [f.code for f in findings] == ["banned_succession"]


def test_other_successions_and_gaps_are_fine():
    sc = scenario([person("a")], shift_types=_shifts(not_followed_by=["L"]))
    assert audit_rota(sc, rota((0, "E", "res", "a"), (1, "E", "res", "a"), (3, "L", "res", "a")),
                      "shift_succession") == []


def test_unknown_shift_in_the_list_is_a_clear_error():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="unknown shift 'X'"):
        scenario([person("a")], shift_types=_shifts(not_followed_by=["X"]))


def test_solver_never_rosters_the_banned_succession():
    """Two day carers, earls and lates every day: nobody works a late the day after an early."""
    sc = scenario([person("a"), person("b"), person("c")], shift_types=_shifts(not_followed_by=["L"]))
    result = solve_quick(sc)
    assert result.has_rota
    worked = {(a.staff_id, (a.date - sc.horizon.start).days): a.shift for a in result.rota.assignments}
    assert not any(shift == "E" and worked.get((who, d + 1)) == "L" for (who, d), shift in worked.items())
