"""CP-SAT settings every whole-model solve gets, whatever the thread count."""

import pytest
from ortools.sat.python import cp_model

from rota.solver.service import ROOT_LP_ITERATIONS, SolveOptions, _configure


@pytest.mark.parametrize("threads", [1, 2, 4, 8])
def test_the_root_lp_is_given_room_to_finish(threads):
    """CP-SAT's default of 2,000 root iterations left the LP of a 4-week rota unsolved and its bound at 0."""
    solver = _configure(cp_model.CpSolver(), SolveOptions(), threads, time_limit=10)
    assert solver.parameters.root_lp_iterations == ROOT_LP_ITERATIONS >= 100_000
    assert solver.parameters.num_workers == threads


def test_tuning_parameters_override_the_defaults():
    options = SolveOptions(parameters=(("root_lp_iterations", 5_000), ("subsolvers", ["max_lp"])))
    solver = _configure(cp_model.CpSolver(), options, 2, time_limit=10)
    assert solver.parameters.root_lp_iterations == 5_000
    assert list(solver.parameters.subsolvers) == ["max_lp"]
