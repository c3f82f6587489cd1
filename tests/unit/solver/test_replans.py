"""Re-planning people alone against the heads of everyone else (solver/replans.py)."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from rota.benchmarks import curtois
from rota.domain.rota import Assignment
from rota.solver.replans import alone, best_alone
from tests.benchmarks.test_curtois import INSTANCES, needs_instances


@needs_instances
def test_a_person_alone_keeps_their_own_fixed_shifts_and_leaves_everyone_elses_behind():
    """F asks not to work day 8 and, with every head covered by others, would not; fixed there, F does.
    A's fixed shift falls on A's day off: taken along, it would break F's model."""
    scenario = curtois.to_scenario(curtois.read_instance(INSTANCES / "Instance1.txt"))
    staff = {member.id: member for member in scenario.staff}
    day = [scenario.horizon.start + timedelta(days=d) for d in range(scenario.horizon.days)]
    pinned = scenario.model_copy(update={"fixed_assignments": (
        Assignment(date=day[8], shift="D", unit=curtois.UNIT, staff_id="F"),
        Assignment(date=day[0], shift="D", unit=curtois.UNIT, staff_id="A"),
    )})
    covered = Counter({(t.date, t.shift, t.unit): t.heads for t in scenario.cover_targets})

    index, _ = alone(pinned, (staff["F"],), covered)
    free = best_alone(scenario, (staff["F"],), covered, time.perf_counter() + 10, seed=0)
    fixed = best_alone(pinned, (staff["F"],), covered, time.perf_counter() + 10, seed=0)

    assert [a.staff_id for a in index.scenario.fixed_assignments] == ["F"]
    assert free is not None and fixed is not None
    assert day[8] not in {a.date for a in free[0]}
    assert day[8] in {a.date for a in fixed[0]}
