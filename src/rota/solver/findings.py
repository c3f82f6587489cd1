"""What the audit says about a rota: breaches of hard rules, gaps in cover, warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    BREACH = "breach"
    """A hard rule is broken: the rota must not be used as it is."""
    GAP = "gap"
    """Required cover is missing: the rota is lawful but short-staffed."""
    WARNING = "warning"
    """Worth a manager's attention (unmet request, hours below contract)."""


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    code: str
    severity: Severity
    message: str
    staff_id: str | None = None
    date: date | None = None
    shift: str | None = None
    unit: str | None = None
    amount: float | None = None
    subject: str | None = None
    """What is short or breached beyond the staff member: a role or skill id."""

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "code": f"{self.rule}.{self.code}",
            "severity": self.severity.value,
            "message": self.message,
            "staff_id": self.staff_id,
            "date": self.date.isoformat() if self.date else None,
            "shift": self.shift,
            "unit": self.unit,
            "amount": self.amount,
            "subject": self.subject,
        }


def of_severity(findings: list[Finding], severity: Severity) -> list[Finding]:
    return [f for f in findings if f.severity == severity]
