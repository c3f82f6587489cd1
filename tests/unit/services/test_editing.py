"""Live edits: each edit is checked, applied, and re-audited; the incremental audit equals a full one."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rota.domain.rota import Assignment, Rota
from rota.services.editing import (
    SHIFT_RULES,
    STAFF_RULES,
    WHOLE_RULES,
    Add,
    EditError,
    Move,
    Remove,
    Swap,
    apply_edit,
    audit_rota,
)
from rota.solver.index import ProblemIndex
from rota.solver.registry import RULES
from tests.factories import day, person, rota, scenario

UNITS = [
    {"id": "res", "name": "Residential", "kind": "residential", "beds": 10},
    {"id": "dem", "name": "Dementia", "kind": "dementia", "beds": 8},
]
RESIDENTS = [{"id": "r1", "unit": "res", "band": "low"}, {"id": "r2", "unit": "dem", "band": "low"}]


def home():
    staff = [
        person("a", name="Ann Smith", role="senior", units=["dem"]),
        person("b", name="Bob Jones", units=["dem"]),
        person("c", name="Cat Brown", home_unit="dem", rag={"rating": "red"}),
        person("d", name="Dev Shah", employment="agency", contracted_hours=0, hourly_cost=30, rag=None),
        person("e", name="Eve Kaur", care_certificate_complete=False, rag={"rating": "amber"},
               leave=[{"start": day(5).isoformat(), "end": day(6).isoformat()}]),
        person("n", name="Nia Night", night_worker=True, day_worker=False, units=["dem"]),
        person("m", name="Max Moon", night_worker=True, day_worker=False, home_unit="dem", units=["res"]),
    ]
    return scenario(staff, units=UNITS, residents=RESIDENTS,
                    floors={"min_care_staff_day": 1, "min_care_staff_night": 1})


def a(d: int, shift: str, unit: str, staff_id: str) -> Assignment:
    return Assignment(date=day(d), shift=shift, unit=unit, staff_id=staff_id)


def base_rota() -> Rota:
    return rota((0, "E", "res", "a"), (0, "E", "dem", "b"), (0, "N", "res", "n"), (0, "N", "dem", "m"),
                (1, "E", "res", "a"), (1, "L", "dem", "b"), (2, "L", "res", "b"))


def test_base_rota_breaks_no_rule():
    """The starting rota is lawful (it has gaps), so every breach below comes from the edit."""
    assert [f for f in audit_rota(ProblemIndex(home()), base_rota()).findings if f.severity == "breach"] == []


def test_move_that_breaks_rest_reports_a_new_breach():
    """Bob's Wednesday late moved to the early follows his Tuesday late by 9 h: a new min_rest breach."""
    index = ProblemIndex(home())
    result = apply_edit(index, base_rota(), Move(assignment=a(2, "L", "res", "b"), to_shift="E"))
    assert [(f.rule, f.staff_id, f.date) for f in result.new_breaches] == [("min_rest", "b", day(2))]
    assert a(2, "E", "res", "b") in result.rota.assignments
    assert a(2, "L", "res", "b") not in result.rota.assignments
    assert result.lines[0] == ("Moved Bob Jones on Wed 25 Nov late on Residential to Bob Jones on Wed 25 Nov "
                               "early on Residential.")
    assert any(line.startswith("New breach: Bob Jones has only 9 h rest") for line in result.lines)


def test_moving_back_resolves_the_breach():
    """Undoing the move resolves the breach it made."""
    index = ProblemIndex(home())
    first = apply_edit(index, base_rota(), Move(assignment=a(2, "L", "res", "b"), to_shift="E"))
    undo = apply_edit(index, first.after, Move(assignment=a(2, "E", "res", "b"), to_shift="L"))
    assert [(f.rule, f.staff_id) for f in undo.resolved_breaches] == [("min_rest", "b")]
    assert undo.new_breaches == []
    assert set(undo.rota.assignments) == set(base_rota().assignments)
    assert undo.after.kpis == audit_rota(index, base_rota()).kpis


def test_remove_opens_a_gap_turns_the_shift_red_and_changes_kpis():
    """Taking Ann off Tuesday's early leaves Residential short: new gap, RAG red, one shift fewer."""
    index = ProblemIndex(home())
    before = audit_rota(index, base_rota())
    result = apply_edit(index, before, Remove(assignment=a(1, "E", "res", "a")))
    [change] = [s for s in result.shifts if s.unit == "res"]
    assert (change.date, change.shift) == (day(1), "E")
    assert change.before.rag == "green" and change.after.rag == "red"
    assert ("coverage", "short_care_staff", "res") in {(f.rule, f.code, f.unit) for f in result.new_gaps}
    deltas = result.kpi_deltas
    assert deltas["shifts_worked"] == -1
    assert deltas["hours"] == -7.5
    assert deltas["red_shifts"] == 1
    assert result.after.kpis.shifts_worked == before.kpis.shifts_worked - 1
    assert all("Why:" in f.message for f in result.new_gaps if f.rule == "coverage")
    assert "Tue 24 Nov early on Residential: GREEN (85) -> RED (0)" in result.lines
    assert before.rota == base_rota()


def test_add_fills_a_gap():
    """Calling Ann in on Thursday's early fills the Residential gap that day."""
    index = ProblemIndex(home())
    result = apply_edit(index, base_rota(), Add(assignment=a(3, "E", "res", "a")))
    assert ("coverage", "short_care_staff", day(3), "res") in {(f.rule, f.code, f.date, f.unit)
                                                               for f in result.filled_gaps}
    assert result.new_breaches == []
    assert result.kpi_deltas["gap_count"] < 0
    assert result.lines[0] == "Added Ann Smith on Thu 26 Nov early on Residential."


def test_swap_exchanges_people():
    """Swapping Ann's early with Max's night puts each on a shift they may not work, and Ann's night
    runs into her Tuesday early."""
    index = ProblemIndex(home())
    edit = Swap(first=a(0, "E", "res", "a"), second=a(0, "N", "dem", "m"))
    result = apply_edit(index, base_rota(), edit)
    assert a(0, "N", "dem", "a") in result.rota.assignments
    assert a(0, "E", "res", "m") in result.rota.assignments
    assert set(result.removed) == {a(0, "E", "res", "a"), a(0, "N", "dem", "m")}
    assert {(f.rule, f.staff_id) for f in result.new_breaches} == {
        ("eligibility", "a"), ("eligibility", "m"), ("one_shift_per_day", "a")}
    assert result.kpi_deltas["shifts_worked"] == 0


def test_result_serialises():
    """The result is plain JSON-able data for the API."""

    index = ProblemIndex(home())
    data = apply_edit(index, base_rota(), Remove(assignment=a(1, "E", "res", "a"))).as_dict()
    text = json.dumps(data)
    assert {"shifts", "new_breaches", "new_gaps", "kpi_deltas", "kpis_before", "kpis_after", "summary"} <= data.keys()
    assert '"kind": "remove"' in text


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (Remove(assignment=a(0, "E", "res", "zz")), "assignment.staff_id", "unknown staff member 'zz'"),
        (Remove(assignment=a(1, "L", "res", "a")), "assignment", "Ann Smith is not on the rota for Tue 24 Nov late"),
        (Move(assignment=a(1, "E", "res", "a"), to_date=date(2027, 1, 5)), "to_date",
         "Tue 05 Jan 2027 is outside the rota period 23 Nov 2026 to 29 Nov 2026"),
        (Move(assignment=a(1, "E", "res", "a"), to_unit="attic"), "to_unit", "unknown unit 'attic'"),
        (Move(assignment=a(1, "E", "res", "a"), to_shift="X"), "to_shift", "unknown shift 'X'"),
        (Move(assignment=a(1, "E", "res", "a"), to_staff_id="ghost"), "to_staff_id", "unknown staff member 'ghost'"),
        (Move(assignment=a(1, "E", "res", "a"), to_unit="res"), "to_date", "the move changes nothing"),
        (Move(assignment=a(1, "E", "res", "a"), to_date=day(0)), "to_date",
         "Ann Smith is already on the rota for Mon 23 Nov early on Residential"),
        (Add(assignment=a(0, "E", "res", "a")), "assignment", "already on the rota"),
        (Swap(first=a(0, "E", "res", "a"), second=a(1, "E", "res", "a")), "second.staff_id",
         "a swap needs two different people"),
        (Swap(first=a(0, "E", "res", "a"), second=a(9, "E", "res", "b")), "second.date", "outside the rota period"),
        (Swap(first=a(0, "E", "res", "a"), second=a(0, "E", "res", "b")), "second", "is not on the rota"),
    ],
)
def test_bad_edits_name_the_field(edit, field, message):
    """Every bad edit raises EditError with the field path and a plain message; nothing is changed."""
    index = ProblemIndex(home())
    original = base_rota()
    with pytest.raises(EditError) as caught:
        apply_edit(index, original, edit)
    assert caught.value.field == field
    assert message in caught.value.message
    assert original == base_rota()


def test_unit_that_does_not_run_the_shift_is_refused():
    """A shift the unit does not run is named as the to_shift problem."""
    sc = scenario([person("a", units=["dem"])], units=UNITS, residents=RESIDENTS,
                  shift_types=[{"code": "E", "name": "Early", "start": "07:00", "end": "15:00"},
                               {"code": "T", "name": "Twilight", "start": "17:00", "end": "23:00", "units": ["res"]}])
    with pytest.raises(EditError) as caught:
        apply_edit(sc, rota((0, "T", "res", "a")), Move(assignment=a(0, "T", "res", "a"), to_unit="dem"))
    assert caught.value.field == "to_shift"
    assert caught.value.message == "Dementia does not run the twilight shift"


def test_every_rule_is_scoped_or_audited_whole_on_purpose():
    """A new rule must be placed in a scope deliberately (or it is audited whole): this lists them all."""
    assert {r.id for r in RULES} == STAFF_RULES | SHIFT_RULES | WHOLE_RULES
    assert len(STAFF_RULES) + len(SHIFT_RULES) + len(WHOLE_RULES) == len(RULES)


# --- the incremental audit equals the full audit --------------------------------------------------

def home_with_history():
    """The same home with a published rota, a fixed shift and requests, which person-rules also audit."""
    data = home().model_dump(mode="json")
    data["published_rota"] = [x.model_dump(mode="json") for x in base_rota().assignments]
    data["fixed_assignments"] = [a(3, "E", "res", "a").model_dump(mode="json")]
    data["staff"][1]["requests"] = [{"kind": "day_off", "date": day(4).isoformat(), "weight": 3},
                                    {"kind": "shift_wanted", "date": day(5).isoformat(), "shift": "L"}]
    return type(home()).model_validate(data)


INDEX = ProblemIndex(home())
HISTORY_INDEX = ProblemIndex(home_with_history())
SLOTS = [(d, t, u, s) for d in range(7) for t in ("E", "L", "N") for u in ("res", "dem") for s in INDEX.staff]


@st.composite
def rotas_and_edits(draw):
    chosen = draw(st.lists(st.sampled_from(SLOTS), min_size=1, max_size=25, unique=True))
    current = rota(*chosen)
    steps = draw(st.lists(st.tuples(st.sampled_from(["move", "swap", "remove", "add"]),
                                    st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(SLOTS)),
                          min_size=1, max_size=4))
    return current, steps


def _edit_for(current: Rota, kind: str, i: int, j: int, slot) -> Move | Swap | Remove | Add:
    items = current.assignments
    target = a(*slot)
    if kind == "add" or not items:
        return Add(assignment=target)
    first = items[i % len(items)]
    if kind == "remove":
        return Remove(assignment=first)
    if kind == "swap":
        return Swap(first=first, second=items[j % len(items)])
    return Move(assignment=first, to_date=target.date, to_shift=target.shift, to_unit=target.unit,
                to_staff_id=target.staff_id if j % 2 else None)


@pytest.mark.parametrize("index", [INDEX, HISTORY_INDEX], ids=["plain", "published-fixed-requests"])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=rotas_and_edits())
def test_incremental_audit_equals_full_audit(index, case):
    """After any chain of edits the carried-over audit equals auditing the edited rota from scratch:
    the same findings, shift reports and key figures; new and resolved findings are the difference."""
    current, steps = case
    state = audit_rota(index, current)
    for kind, i, j, slot in steps:
        try:
            result = apply_edit(index, state, _edit_for(state.rota, kind, i, j, slot))
        except EditError:
            continue
        state = result.after
        full = audit_rota(index, state.rota)
        assert Counter(state.findings) == Counter(full.findings)
        assert [s.as_dict() for s in state.shifts] == [s.as_dict() for s in full.shifts]
        assert state.kpis == full.kpis
        before_keys, after_keys = Counter(map(key, result.before.findings)), Counter(map(key, full.findings))
        assert Counter(map(key, result.new_findings)) == after_keys - before_keys
        assert Counter(map(key, result.resolved_findings)) == before_keys - after_keys


def key(f):
    return (f.rule, f.code, f.staff_id, f.date, f.shift, f.unit, f.subject)
