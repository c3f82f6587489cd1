"""The home, its units and the shift patterns they run."""

from __future__ import annotations

from datetime import time

from pydantic import Field, model_validator

from rota.domain.core import DisplayName, DomainModel, Identifier, UnitKind

MINUTES_PER_DAY = 24 * 60


class Unit(DomainModel):
    id: Identifier
    name: DisplayName
    kind: UnitKind
    beds: int = Field(ge=1, le=500)


class ShiftType(DomainModel):
    """A shift pattern such as Early 07:00-15:00 or Night 21:45-07:15.

    Night shifts cross midnight: their end time is on the next calendar day.
    A shift belongs to the date on which it starts.
    """

    code: Identifier
    name: DisplayName
    start: time
    end: time
    paid_minutes: int | None = Field(
        default=None, ge=1, le=MINUTES_PER_DAY,
        description="Paid time; defaults to the full length (unpaid breaks are deducted here).",
    )
    night: bool = False
    units: tuple[Identifier, ...] | None = Field(
        default=None, description="Units that run this shift; all units when omitted."
    )
    care_share: float | None = Field(
        default=None, gt=0, le=1,
        description="Share of a day's direct care hours delivered on this shift; by default "
        "split in proportion to length among the shifts a unit runs.",
    )
    not_followed_by: tuple[Identifier, ...] = Field(
        default=(), description="Shift codes nobody may start the day after working this shift "
        "(for example no early after a late), on top of the minimum rest rule.",
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> ShiftType:
        if self.end == self.start:
            raise ValueError(f"shift {self.code} starts and ends at {self.start:%H:%M}: it has no length")
        if self.end < self.start and not self.night:
            raise ValueError(
                f"shift {self.code} ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M}); "
                "mark it \"night\": true if it crosses midnight"
            )
        if self.paid_minutes is not None and self.paid_minutes > self.length_minutes:
            raise ValueError(
                f"shift {self.code} pays {self.paid_minutes} minutes but lasts only {self.length_minutes}"
            )
        return self

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def length_minutes(self) -> int:
        end = self.end.hour * 60 + self.end.minute
        return (end - self.start_minute) % MINUTES_PER_DAY

    @property
    def paid(self) -> int:
        return self.paid_minutes if self.paid_minutes is not None else self.length_minutes

    def runs_on(self, unit_id: str) -> bool:
        return self.units is None or unit_id in self.units


class Role(DomainModel):
    """A job role. Flags say how the role counts towards staffing levels."""

    id: Identifier
    name: DisplayName
    registered_nurse: bool = False
    care_staff: bool = Field(default=True, description="Counts towards the carers' headcount.")
    senior: bool = False


class Skill(DomainModel):
    id: Identifier
    name: DisplayName
