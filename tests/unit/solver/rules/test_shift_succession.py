"""shift_succession: a shift pattern's `not_followed_by` list, on top of minimum rest."""

from __future__ import annotations

from datetime import time

from hypothesis import given, settings
from hypothesis import strategies as st

from rota.domain.home import ShiftType
from rota.solver.rules.shift_succession import succession_groups
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


def shift_type(code: str, not_followed_by: list[str]) -> ShiftType:
    return ShiftType(code=code, name=code, start=time(8), end=time(16), not_followed_by=tuple(not_followed_by))


def _pairs(groups):
    return {(first, then) for earlier, later in groups for first in earlier for then in later}


def test_groups_of_the_curtois_pattern_are_one_row_per_banned_list():
    """Instance 12's pattern: days ban earlies, lates ban earlies and days, the night bans all three."""
    bans = {"a": [], "d": ["a"], "p": ["a", "d"], "n": ["a", "d", "p"]}
    groups = succession_groups([shift_type(code, not_followed_by=banned) for code, banned in bans.items()])
    assert groups == [(("d", "p", "n"), ("a",)), (("p", "n"), ("a", "d")), (("n",), ("a", "d", "p"))]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), max_size=6), min_size=1, max_size=6))
def test_groups_ban_exactly_the_listed_successions(lists):
    """Every pair inside a group is banned by its earlier shift's own list, and every banned pair is in a group."""
    codes = [f"s{i}" for i in range(len(lists))]
    bans = {code: sorted({codes[i] for i in banned if i < len(codes)})
            for code, banned in zip(codes, lists, strict=True)}
    groups = succession_groups([shift_type(code, not_followed_by=bans[code]) for code in codes])
    assert _pairs(groups) == {(first, then) for first in codes for then in bans[first]}
