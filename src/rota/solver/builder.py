"""Build the CP-SAT model: one variable per feasible slot, every rule, one weighted objective."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rota.solver.context import BuildContext, SlotKey
from rota.solver.index import ProblemIndex
from rota.solver.patterns import add_pattern_automata
from rota.solver.registry import RULES
from rota.solver.rule import Penalty, Rule


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    ctx: BuildContext
    penalties: list[Penalty]
    priced: list[tuple[Penalty, int, cp_model.LinearExprT]]
    """Each penalty with its weight and its weighted expression, for the objective breakdown."""
    objective: cp_model.LinearExprT = 0
    uncovered: cp_model.LinearExprT | None = None
    """Uncovered demand in head-minutes, for the solver's first (cover) stage."""


def candidate_slots(index: ProblemIndex, rules: Sequence[Rule]) -> list[SlotKey]:
    """Slots every rule allows, plus fixed ones (so contradictions can be explained, not hidden)."""
    keys: list[SlotKey] = []
    for member in index.staff.values():
        for day in index.days:
            for shift in index.shift_types.values():
                for unit in member.allowed_units:
                    if all(rule.allows(index, member, day, shift.code, unit) is None for rule in rules):
                        keys.append((member.id, day, shift.code, unit))
    seen = set(keys)
    for a in index.scenario.fixed_assignments:
        key = (a.staff_id, index.day_of(a.date), a.shift, a.unit)
        if key not in seen:
            keys.append(key)
            seen.add(key)
    return keys


def build_model(
    index: ProblemIndex, rules: Sequence[Rule] = RULES, explain: bool = False, automata: bool = True
) -> BuiltModel:
    """The model of `index` under `rules`. `automata=False` leaves out the redundant run automata
    (solver/patterns.py), which strengthen the bound of a whole rota but slow down small models
    solved for a good rota alone."""
    model = cp_model.CpModel()
    ctx = BuildContext(index, model, explain=explain)
    for key in candidate_slots(index, rules):
        ctx.add_slot(key)
    penalties: list[Penalty] = []
    for rule in rules:
        penalties.extend(rule.build(ctx))
    built = BuiltModel(model, ctx, penalties, [])
    if not explain:
        if automata:
            add_pattern_automata(ctx)
        weights = index.scenario.weights
        for penalty in penalties:
            weight = getattr(weights, penalty.weight)
            built.priced.append((penalty, weight, _weighted(penalty, weight)))
        built.objective = sum(expr for _, _, expr in built.priced)
        model.minimize(built.objective)
        cover = [p for p in penalties if p.weight == UNCOVERED_WEIGHT and p.terms]
        if cover:
            built.uncovered = sum(_weighted(p, 60) for p in cover)
        _hint_published(ctx)
    return built


UNCOVERED_WEIGHT = "uncovered_head_hour"


def fix_slots(
    built: BuiltModel, model: cp_model.CpModel, values: dict[SlotKey, int],
    free: Callable[[SlotKey], bool] = lambda key: False,
) -> None:
    """Fix every slot of `model` (a clone of `built.model`) to its value in `values`, except the
    slots `free` says to leave open: how a rota is priced (none free) and how a neighbourhood or a
    window is re-planned (its slots free)."""
    proto_vars = model.proto.variables
    for key, var in built.ctx.x.items():
        if not free(key):
            domain = proto_vars[var.index].domain
            domain.clear()
            domain.extend([values[key]] * 2)


def hint_slots(built: BuiltModel, model: cp_model.CpModel, values: Mapping[SlotKey, int]) -> None:
    """Start `model` (`built.model` or a clone of it) from a rota: every slot hinted at its value
    in `values`, in place of any hint before."""
    model.clear_hints()
    for key, var in built.ctx.x.items():
        model.add_hint(var, values[key])


def _weighted(penalty: Penalty, weight: float) -> cp_model.LinearExprT:
    coefficients = [round(weight * amount) for _, amount in penalty.terms]
    return cp_model.LinearExpr.weighted_sum([t for t, _ in penalty.terms], coefficients)


def _hint_published(ctx: BuildContext) -> None:
    """Start the search from the published rota, which is usually nearly right after an absence;
    with none, from an empty rota, so the first rotas found add only the staff cover needs. People
    with a minimum of minutes to work get no hint without a published rota: an empty rota breaks
    their minimum, and hinting it sends the search the wrong way (measured on the Curtois benchmark)."""
    scenario = ctx.index.scenario
    published = {(a.staff_id, ctx.index.day_of(a.date), a.shift, a.unit) for a in scenario.published_rota}
    owed = set() if published else {m.id for m in scenario.staff if m.pattern.min_minutes}
    for key, var in ctx.x.items():
        if key[0] not in owed:
            ctx.model.add_hint(var, key in published)
