"""total_minutes: paid minutes over the whole horizon within the person's agreed window."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tests.factories import audit_rota, person, rota, scenario, solve_quick


def test_audit_flags_too_many_and_too_few_minutes():
    sc = scenario([person("a", pattern={"min_minutes": 900, "max_minutes": 1000}), person("b")])
    three_earlies = rota(*[(d, "E", "res", "a") for d in (0, 1, 2)])  # 3 x 450 paid minutes
    assert [f.code for f in audit_rota(sc, three_earlies, "total_minutes")] == ["too_many_minutes"]
    one_early = rota((0, "E", "res", "a"))
    assert [f.code for f in audit_rota(sc, one_early, "total_minutes")] == ["too_few_minutes"]
    assert audit_rota(sc, rota((0, "E", "res", "a"), (1, "E", "res", "a")), "total_minutes") == []


def test_solver_works_a_person_at_least_the_minimum_even_with_nothing_to_cover():
    """No residents, so no demand: the minimum alone makes the solver roster her 900 minutes."""
    sc = scenario([person("a", pattern={"min_minutes": 900})], residents=[])
    result = solve_quick(sc)
    minutes = sum(450 if a.shift in ("E", "L") else 540 for a in result.rota.assignments)
    assert minutes >= 900
    assert audit_rota(sc, result.rota, "total_minutes") == []


def test_minimum_above_maximum_is_refused():
    with pytest.raises(ValidationError, match="minimum minutes"):
        scenario([person("a", pattern={"min_minutes": 2000, "max_minutes": 1000})])
