"""shift_type_limits: the most shifts of each type over the horizon; 0 means never that shift."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.factories import audit_rota, person, rota, scenario, solve_quick


def test_audit_flags_more_shifts_of_a_type_than_allowed():
    sc = scenario([person("a", pattern={"max_shifts": {"E": 2}})])
    findings = audit_rota(sc, rota(*[(d, "E", "res", "a") for d in (0, 1, 2)]), "shift_type_limits")
    assert [(f.code, f.amount) for f in findings] == [("too_many_of_type", 3)]


def test_zero_means_the_person_never_gets_that_shift():
    sc = scenario([person("a", pattern={"max_shifts": {"L": 0}}), person("b")])
    result = solve_quick(sc)
    assert result.has_rota
    assert not [a for a in result.rota.assignments if a.staff_id == "a" and a.shift == "L"]
    assert [a for a in result.rota.assignments if a.staff_id == "b" and a.shift == "L"]


def test_solver_keeps_the_count():
    sc = scenario([person("a", pattern={"max_shifts": {"E": 2}}), person("b")])
    result = solve_quick(sc)
    assert sum(1 for a in result.rota.assignments if a.staff_id == "a" and a.shift == "E") <= 2
    assert audit_rota(sc, result.rota, "shift_type_limits") == []


def test_unknown_shift_code_is_named():
    with pytest.raises(ValidationError, match=r"staff\.0\.pattern\.max_shifts\.X"):
        scenario([person("a", pattern={"max_shifts": {"X": 1}})])
