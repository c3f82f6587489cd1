"""The pattern automata are redundant: they accept exactly the day sequences the run rules allow,
so they strengthen the model without cutting off a single valid rota."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rota.solver.patterns import SATURDAY, SUNDAY, WEEKDAY, RunLimits, automaton


def _accepts(limits: RunLimits, first_weekday: int, worked: list[int]) -> bool:
    day_types = [SATURDAY if (first_weekday + d) % 7 == 5 else SUNDAY if (first_weekday + d) % 7 == 6
                 else WEEKDAY for d in range(len(worked))]
    aware = limits.max_weekends is not None
    transitions, _ = automaton(limits, set(day_types) if aware else {WEEKDAY})
    table = {(state, label): following for state, label, following in transitions}
    state = 0
    for w, day_type in zip(worked, day_types, strict=True):
        state = table.get((state, w + (2 * day_type if aware else 0)))
        if state is None:
            return False
    return True


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


def _allowed(limits: RunLimits, first_weekday: int, worked: list[int]) -> bool:
    """The rules, restated from their definitions."""
    n = len(worked)
    for start, length in _runs([bool(w) for w in worked]):
        if limits.max_work is not None and length > limits.max_work:
            return False
        if start > 0 and start + length < n and length < limits.min_work:
            return False
    for start, length in _runs([not w for w in worked]):
        if start > 0 and start + length < n and length < limits.min_off:
            return False
    if limits.max_weekends is not None:
        weekends = {(first_weekday + d) // 7 for d in range(n) if worked[d] and (first_weekday + d) % 7 >= 5}
        if len(weekends) > limits.max_weekends:
            return False
    return True


limits_strategy = st.builds(
    lambda most, fewest, off, weekends: RunLimits(most if most is None else max(most, fewest), fewest, off, weekends),
    st.one_of(st.none(), st.integers(1, 6)), st.integers(1, 4), st.integers(1, 4),
    st.one_of(st.none(), st.integers(0, 3)),
)


@settings(max_examples=400, deadline=None)
@given(limits_strategy, st.integers(0, 6), st.lists(st.integers(0, 1), min_size=1, max_size=24))
def test_automaton_accepts_exactly_what_the_rules_allow(limits, first_weekday, worked):
    assert _accepts(limits, first_weekday, worked) == _allowed(limits, first_weekday, worked)


def test_a_run_from_the_first_day_may_be_short_but_not_one_inside():
    limits = RunLimits(max_work=5, min_work=3, min_off=2, max_weekends=None)
    assert _accepts(limits, 0, [1, 0, 0, 1, 1, 1, 0, 0])
    assert not _accepts(limits, 0, [0, 0, 1, 0, 0, 1, 1, 1])
    assert _accepts(limits, 0, [0, 0, 1, 1, 1, 0, 0, 1])  # the last run ends on the last day
