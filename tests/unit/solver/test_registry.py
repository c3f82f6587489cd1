"""The registry: every rule module is registered exactly once, named after its module, with a weight default."""

from __future__ import annotations

import pkgutil
from collections import Counter

import rota.solver.rules as rules_package
from rota.domain.policy import ObjectiveWeights
from rota.solver.builder import build_model
from rota.solver.index import ProblemIndex
from rota.solver.registry import RULES, rule_by_id
from tests.factories import person, scenario

RULE_MODULES = {m.name for m in pkgutil.iter_modules(rules_package.__path__)} - {"__init__"}


def test_rules_package_is_not_empty():
    """Guard for the tests below: the module scan finds the rule files."""
    assert len(RULE_MODULES) >= 10


def test_every_rule_module_is_registered():
    """The set of registered rule ids is exactly the set of modules in rules/."""
    assert {rule.id for rule in RULES} == RULE_MODULES


def test_no_rule_is_registered_twice():
    """Each id, and each rule class, appears once."""
    assert [i for i, n in Counter(r.id for r in RULES).items() if n > 1] == []
    assert len({type(r) for r in RULES}) == len(RULES)


def test_each_rule_lives_in_the_module_named_by_its_id():
    """A rule's id is its module name, so findings point at the file to read."""
    for rule in RULES:
        assert type(rule).__module__ == f"rota.solver.rules.{rule.id}", rule


def test_each_rule_has_id_title_and_hard_flag():
    """id and title are non-empty strings and hard is a bool."""
    for rule in RULES:
        assert isinstance(rule.id, str) and rule.id
        assert isinstance(rule.title, str) and rule.title.strip()
        assert isinstance(rule.hard, bool)


def test_rule_by_id_finds_each_rule():
    """Looking a rule up by id returns that rule."""
    for rule in RULES:
        assert rule_by_id(rule.id) is rule


def test_every_penalty_has_a_weight_default():
    """Every penalty the registered rules return names a field of ObjectiveWeights (its config default)."""
    sc = scenario([person("a", night_worker=True), person("b", employment="agency", contracted_hours=0)],
                  published_rota=[{"date": "2026-11-23", "shift": "E", "unit": "res", "staff_id": "a"}])
    built = build_model(ProblemIndex(sc))
    weights = {p.weight for p in built.penalties}
    assert "change_from_published" in weights and "uncovered_head_hour" in weights
    assert weights <= set(ObjectiveWeights.model_fields)
