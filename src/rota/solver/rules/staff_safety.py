"""Staff-safety (RAG) floors, and the safety score maximised in the objective.

From the provider's evidence statement behind the product: staff are rated
red / amber / green by the home's own assessment, and the rota should make every
shift as safe as possible. Hard floors: a red-rated person never works without a
green-rated colleague on the same unit-shift; at most N red and M amber per
unit-shift. Soft: every person's deductions (see rota.domain.safety) cost points.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.core import RagRating
from rota.domain.safety import person_points
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


class StaffSafety(BaseRule):
    id = "staff_safety"
    title = "Staff-safety (RAG) floors"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        policy = index.scenario.safety
        points = Penalty("safety_point", "safety points lost")
        for (day, shift, unit), on_shift in ctx.by_unit_shift.items():
            rated = {r: [(s, v) for s, v in on_shift if index.staff[s].rating == r] for r in RagRating}
            label = index.label(day, shift, unit)
            name = ctx.name(self.id, None, day, shift, unit)
            for s, v in on_shift:
                points.add(v, person_points(index.staff[s], policy))
            if rated[RagRating.RED] or rated[RagRating.AMBER]:
                guard = ctx.guard(self.id, f"red/amber caps on {label}", day=day)
                if len(rated[RagRating.RED]) > policy.max_red_per_shift:
                    ctx.model.add(sum(v for _, v in rated[RagRating.RED]) <= policy.max_red_per_shift) \
                        .with_name(f"{name}__red_cap").only_enforce_if(guard)
                if len(rated[RagRating.AMBER]) > policy.max_amber_per_shift:
                    ctx.model.add(sum(v for _, v in rated[RagRating.AMBER]) <= policy.max_amber_per_shift) \
                        .with_name(f"{name}__amber_cap").only_enforce_if(guard)
            if policy.red_needs_green_colleague:
                greens = [v for _, v in rated[RagRating.GREEN]]
                for s, v in rated[RagRating.RED]:
                    guard = ctx.guard(self.id, f"{index.staff[s].name} is red-rated and needs a green-rated "
                                      "colleague", staff_id=s, day=day)
                    ctx.model.add(sum(greens) >= 1).with_name(f"{name}__{s}__green").only_enforce_if([v, *guard])
        return (points,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        policy = index.scenario.safety
        findings = []
        for (day, shift, unit), on_shift in ctx.by_unit_shift.items():
            label = index.label(day, shift, unit)
            where = {"date": index.dates[day], "shift": shift, "unit": unit}
            reds = [w for w in on_shift if w.member.rating == RagRating.RED]
            ambers = [w for w in on_shift if w.member.rating == RagRating.AMBER]
            if len(reds) > policy.max_red_per_shift:
                findings.append(ctx.finding(self.id, "too_many_red", Severity.BREACH,
                                            f"{label}: {len(reds)} red-rated staff; at most "
                                            f"{policy.max_red_per_shift} allowed", amount=len(reds), **where))
            if len(ambers) > policy.max_amber_per_shift:
                findings.append(ctx.finding(self.id, "too_many_amber", Severity.BREACH,
                                            f"{label}: {len(ambers)} amber-rated staff; at most "
                                            f"{policy.max_amber_per_shift} allowed", amount=len(ambers), **where))
            if policy.red_needs_green_colleague and not any(w.member.rating == RagRating.GREEN for w in on_shift):
                for w in reds:
                    findings.append(ctx.finding(self.id, "red_without_green", Severity.BREACH,
                                                f"{ctx.describe(w)} is red-rated with no green-rated colleague", w))
        return findings
