"""Residents and the dependency information that drives staffing levels."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from rota.domain.core import DependencyBand, DomainModel, Identifier


def band_from_barthel(score: int) -> DependencyBand:
    """Barthel Index 0-100 to a band: 0-20 total, 21-60 severe, 61-90 moderate, 91-99 slight."""
    if score <= 20:
        return DependencyBand.VERY_HIGH
    if score <= 60:
        return DependencyBand.HIGH
    if score <= 90:
        return DependencyBand.MEDIUM
    if score <= 99:
        return DependencyBand.LOW
    return DependencyBand.INDEPENDENT


class Resident(DomainModel):
    id: Identifier
    unit: Identifier
    band: DependencyBand | None = None
    barthel: int | None = Field(default=None, ge=0, le=100)
    one_to_one_hours: float = Field(default=0, ge=0, le=24, description="Hours of 1:1 care per day.")
    two_person_transfer: bool = False
    nursing_needs: bool = False
    end_of_life: bool = False
    admitted: date | None = Field(default=None, description="First day in the home, if within the horizon.")
    discharged: date | None = Field(default=None, description="Last day in the home, if within the horizon.")

    @model_validator(mode="after")
    def _one_dependency_measure(self) -> Resident:
        if self.band is None and self.barthel is None:
            raise ValueError(f"resident {self.id} needs a dependency band or a Barthel score")
        if self.admitted and self.discharged and self.discharged < self.admitted:
            raise ValueError(f"resident {self.id} is discharged before being admitted")
        return self

    @property
    def dependency(self) -> DependencyBand:
        if self.band is not None:
            return self.band
        assert self.barthel is not None
        return band_from_barthel(self.barthel)

    def present_on(self, day: date) -> bool:
        return (self.admitted is None or day >= self.admitted) and (
            self.discharged is None or day <= self.discharged
        )
