"""The per-shift staff-safety score: 100 points less deductions for the shift's make-up.

    score = 100
          - points_per_red     x red-rated staff
          - points_per_amber   x amber-rated staff
          - points_per_unrated x staff with no rating
          - points_per_agency  x agency staff
          - points_per_new_starter x staff without a completed Care Certificate
          - points_per_head_short  x care staff short of the dependency tool
          - points_per_missing_skill x role or skill requirements not met
          - points_no_skill_margin for each role or skill floor met with no one to spare
            (home-wide floors are counted on every unit's shift they apply to)
    clamped to 0..100; green at or above `green_at_least`, amber at or above
    `amber_at_least`, red below. Any gap in required cover makes the shift red.

The person-level deductions are linear, so the solver can maximise safety
exactly; the report shows every deduction as a reason ("why is Tuesday night red?").
"""

from __future__ import annotations

from dataclasses import dataclass

from rota.domain.core import EmploymentType, RagRating
from rota.domain.policy import SafetyPolicy
from rota.domain.staff import StaffMember


@dataclass(frozen=True, slots=True)
class Deduction:
    points: int
    reason: str


def person_deductions(member: StaffMember, policy: SafetyPolicy) -> list[Deduction]:
    result = []
    if member.rating == RagRating.RED:
        why = f": {member.rag.reason}" if member.rag and member.rag.reason else ""
        result.append(Deduction(policy.points_per_red, f"{member.name} is red-rated{why}"))
    elif member.rating == RagRating.AMBER:
        result.append(Deduction(policy.points_per_amber, f"{member.name} is amber-rated"))
    elif member.rating is None and policy.points_per_unrated:
        result.append(Deduction(policy.points_per_unrated, f"{member.name} has no safety rating"))
    if member.employment == EmploymentType.AGENCY:
        result.append(Deduction(policy.points_per_agency, f"{member.name} is agency staff"))
    if member.is_new_starter():
        result.append(Deduction(policy.points_per_new_starter, f"{member.name} is a new starter (Care Certificate)"))
    return result


def person_points(member: StaffMember, policy: SafetyPolicy) -> int:
    return sum(d.points for d in person_deductions(member, policy))


def rag_for(score: int, policy: SafetyPolicy, has_gap: bool) -> RagRating:
    if has_gap or score < policy.amber_at_least:
        return RagRating.RED
    if score < policy.green_at_least:
        return RagRating.AMBER
    return RagRating.GREEN
