"""Tiny compliance data sets for tests: one home, a few people, records added by keyword."""

from __future__ import annotations

from datetime import date
from typing import Any

from rota.compliance.records import ComplianceData, Employment

HOME = "h1"


def employee(staff_id: str, start: date = date(2024, 1, 1), **fields: Any) -> Employment:
    return Employment(staff_id=staff_id, name=fields.pop("name", f"Person {staff_id}"), home_id=fields.pop(
        "home_id", HOME), role=fields.pop("role", "carer"), start=start, **fields)


def data(*staff: Employment, **records: Any) -> ComplianceData:
    return ComplianceData(staff=staff, **records)
