"""The rule interface: every rule both adds itself to the CP-SAT model and audits a finished rota."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from ortools.sat.python import cp_model

from rota.domain.staff import StaffMember
from rota.solver.findings import Finding, Severity

if TYPE_CHECKING:
    from rota.solver.audit import AuditContext
    from rota.solver.context import BuildContext
    from rota.solver.index import ProblemIndex


@dataclass(slots=True)
class Penalty:
    """A soft goal's raw cost: terms of (expression, amount) priced by one objective weight.

    Weights are applied only in the builder, so a rule never hard-codes how much it matters.
    The objective coefficient of each term is round(weight x amount).
    """

    weight: str
    label: str
    terms: list[tuple[cp_model.LinearExprT, float]] = field(default_factory=list)

    def add(self, expr: cp_model.LinearExprT, amount: float = 1.0) -> None:
        if amount:
            self.terms.append((expr, amount))


class Rule(Protocol):
    id: ClassVar[str]
    title: ClassVar[str]
    hard: ClassVar[bool]

    def allows(self, index: ProblemIndex, member: StaffMember, day: int, shift: str, unit: str) -> str | None:
        """Return why this person may not take this slot, or None. Used to prune variables."""
        ...

    def build(self, ctx: BuildContext) -> Sequence[Penalty]: ...

    def audit(self, ctx: AuditContext) -> Sequence[Finding]: ...


class BaseRule:
    """Defaults for rules that neither prune slots nor price anything."""

    id: ClassVar[str]
    title: ClassVar[str]
    hard: ClassVar[bool] = True

    def allows(self, index: ProblemIndex, member: StaffMember, day: int, shift: str, unit: str) -> str | None:
        return None

    def forbid_disallowed(self, ctx: BuildContext) -> None:
        """Slots pruned by `allows` exist only when a fixed assignment asks for them: forbid them,
        under a guard, so that a contradiction is explained rather than silently dropped."""
        for key, var in ctx.x.items():
            staff_id, day, shift, unit = key
            reason = self.allows(ctx.index, ctx.index.staff[staff_id], day, shift, unit)
            if reason is not None:
                guard = ctx.guard(self.id, f"{reason}", staff_id=staff_id, day=day)
                ctx.model.add(var == 0).with_name(ctx.name(self.id, staff_id, day, shift, unit)).only_enforce_if(guard)

    def disallowed_findings(self, ctx: AuditContext, code: str) -> list[Finding]:
        """The audit twin of `forbid_disallowed`: a breach for every worked shift `allows` refuses."""
        findings = []
        for w in ctx.worked:
            reason = self.allows(ctx.index, w.member, w.day, w.shift, w.unit)
            if reason:
                message = f"{reason} but is rostered for {ctx.index.label(w.day, w.shift, w.unit)}"
                findings.append(ctx.finding(self.id, code, Severity.BREACH, message, w))
        return findings
