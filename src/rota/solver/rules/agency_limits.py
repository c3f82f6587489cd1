"""Agency use: capped per unit-shift, never alone in their role, always beside a familiar colleague.

Provider practice (configurable), from the Skills for Care guide: agency staff
"always work alongside a colleague familiar with the residents"; over-reliance
on temporary workers is a warning sign. Agency hours also carry a cost in the
objective, on top of their pay.
"""

from __future__ import annotations

from collections.abc import Sequence

from rota.domain.core import EmploymentType
from rota.domain.staff import StaffMember
from rota.solver.audit import AuditContext
from rota.solver.context import BuildContext
from rota.solver.findings import Finding, Severity
from rota.solver.rule import BaseRule, Penalty


def knows_unit(member: StaffMember, unit: str) -> bool:
    """A permanent colleague who works on the unit routinely (their home unit or one of their units)."""
    return member.employment == EmploymentType.PERMANENT and unit in member.allowed_units


class AgencyLimits(BaseRule):
    id = "agency_limits"
    title = "Agency limits"

    def build(self, ctx: BuildContext) -> Sequence[Penalty]:
        index = ctx.index
        policy = index.scenario.agency
        hours = Penalty("agency_hour", "agency hours")
        for (day, shift, unit), on_shift in ctx.by_unit_shift.items():
            agency = [(index.staff[s], v) for s, v in on_shift if index.is_agency(index.staff[s])]
            if not agency:
                continue
            label = index.label(day, shift, unit)
            guard = ctx.guard(self.id, f"agency limits on {label}", day=day)
            name = ctx.name(self.id, None, day, shift, unit)
            all_heads = sum(v for _, v in on_shift)
            agency_heads = sum(v for _, v in agency)
            ctx.model.add(agency_heads <= policy.max_per_unit_shift).with_name(f"{name}__cap").only_enforce_if(guard)
            share = round(policy.max_share_of_heads * 100)
            ctx.model.add(100 * agency_heads <= share * all_heads).with_name(f"{name}__share").only_enforce_if(guard)
            for member, var in agency:
                hours.add(var, index.instance(day, shift).paid_minutes / 60)
                same_role = [v for s, v in on_shift
                             if index.staff[s].role == member.role and not index.is_agency(index.staff[s])]
                ctx.model.add(sum(same_role) >= 1).with_name(f"{name}__{member.id}__role").only_enforce_if(
                    [var, *guard])
                if policy.require_familiar_permanent_colleague:
                    familiar = [v for s, v in on_shift if s != member.id and knows_unit(index.staff[s], unit)]
                    ctx.model.add(sum(familiar) >= 1).with_name(f"{name}__{member.id}__familiar").only_enforce_if(
                        [var, *guard])
        return (hours,)

    def audit(self, ctx: AuditContext) -> Sequence[Finding]:
        index = ctx.index
        policy = index.scenario.agency
        findings = []
        for (day, shift, unit), on_shift in ctx.by_unit_shift.items():
            agency = [w for w in on_shift if index.is_agency(w.member)]
            if not agency:
                continue
            label = index.label(day, shift, unit)
            where = {"date": index.dates[day], "shift": shift, "unit": unit}
            if len(agency) > policy.max_per_unit_shift:
                findings.append(ctx.finding(self.id, "too_many_agency", Severity.BREACH,
                                            f"{label}: {len(agency)} agency staff; at most "
                                            f"{policy.max_per_unit_shift} allowed", amount=len(agency), **where))
            if len(agency) * 100 > round(policy.max_share_of_heads * 100) * len(on_shift):
                findings.append(ctx.finding(self.id, "agency_share", Severity.BREACH,
                                            f"{label}: {len(agency)} of {len(on_shift)} staff are agency; at most "
                                            f"{policy.max_share_of_heads:.0%} allowed", **where))
            for w in agency:
                if not any(o.member.role == w.member.role and not index.is_agency(o.member) for o in on_shift):
                    role = index.roles[w.member.role].name.lower()
                    findings.append(ctx.finding(self.id, "alone_in_role", Severity.BREACH,
                                                f"{ctx.describe(w)} is an agency {role} with no employed "
                                                f"{role} on the shift", w))
                if policy.require_familiar_permanent_colleague and not any(
                    o.member.id != w.member.id and knows_unit(o.member, unit) for o in on_shift
                ):
                    findings.append(ctx.finding(self.id, "no_familiar_colleague", Severity.BREACH,
                                                f"{ctx.describe(w)} is agency with no permanent colleague who "
                                                "knows the unit", w))
        return findings
