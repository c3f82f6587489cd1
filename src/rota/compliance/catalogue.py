"""The course catalogue: what each role must complete, how often, and which rota competence it grants.

Defaults follow the Skills for Care statutory and mandatory training guide (Sept 2024): refresh at
least every three years; annually for moving and assisting people, basic life support and first
aid, medication and fire safety. The Care Certificate is due within 12 weeks of starting and is not
refreshed. The Oliver McGowan Mandatory Training on Learning Disability and Autism is a statutory
requirement (Health and Care Act 2022). Every interval is configurable per course.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from rota.domain.core import DisplayName, DomainModel, Identifier


class CourseCategory(StrEnum):
    STATUTORY = "statutory"
    MANDATORY = "mandatory"
    ROLE_SPECIFIC = "role_specific"


class Course(DomainModel):
    id: Identifier
    name: DisplayName
    category: CourseCategory
    refresh_months: int | None = Field(
        default=36, ge=1, le=120, description="Months until a refresher is due; none for once-only courses.")
    roles: tuple[Identifier, ...] = Field(
        default=(), description="Roles that must hold the course; empty means every member of staff.")
    grants_skill: Identifier | None = Field(
        default=None, description="Rota competence (scenario skill id) a valid record gives, e.g. medication.")
    due_within_weeks_of_start: int | None = Field(
        default=None, ge=0, le=104, description="New starters' deadline; the policy's default when not set.")

    def applies_to(self, role: str) -> bool:
        return not self.roles or role in self.roles


class CourseCatalogue(DomainModel):
    courses: tuple[Course, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CourseCatalogue:
        seen: set[str] = set()
        for course in self.courses:
            if course.id in seen:
                raise ValueError(f"course id '{course.id}' appears twice in the catalogue")
            seen.add(course.id)
        return self

    def get(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)

    def required_for(self, role: str) -> tuple[Course, ...]:
        return tuple(c for c in self.courses if c.applies_to(role))

    def granting(self, skill: str) -> tuple[Course, ...]:
        return tuple(c for c in self.courses if c.grants_skill == skill)

    def match(self, text: str) -> Course | None:
        """A course by id or by name, ignoring case and spacing, as HR spreadsheets spell them."""
        key = _key(text)
        return next((c for c in self.courses if _key(c.id) == key or _key(c.name) == key), None)


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


CARE_ROLES = ("rn", "senior", "carer")
"""Role ids of the sample homes; a provider's own catalogue names its own roles."""
LEADERS = ("manager", "deputy")


def default_catalogue() -> CourseCatalogue:
    """The shipped catalogue; a home replaces it with its own `courses.csv`."""
    statutory = CourseCategory.STATUTORY
    mandatory = CourseCategory.MANDATORY
    role_specific = CourseCategory.ROLE_SPECIFIC
    return CourseCatalogue(courses=(
        Course(id="health_safety", name="Health and safety awareness", category=statutory),
        Course(id="fire_safety", name="Fire safety", category=statutory, refresh_months=12),
        Course(id="ipc", name="Infection prevention and control", category=statutory),
        Course(id="moving_handling_objects", name="Moving and handling objects", category=statutory),
        Course(id="safeguarding_adults", name="Safeguarding adults", category=statutory),
        Course(id="safeguarding_children", name="Safeguarding children", category=statutory),
        Course(id="oliver_mcgowan", name="Oliver McGowan training on learning disability and autism",
               category=statutory),
        Course(id="equality_diversity", name="Equality, diversity and inclusion", category=mandatory),
        Course(id="care_certificate", name="Care Certificate", category=mandatory, refresh_months=None,
               roles=("senior", "carer"), due_within_weeks_of_start=12),
        Course(id="moving_assisting", name="Moving and assisting people", category=role_specific,
               refresh_months=12, roles=CARE_ROLES, grants_skill="moving_assisting"),
        Course(id="first_aid", name="Basic life support and first aid", category=role_specific,
               refresh_months=12, roles=("rn", "senior", *LEADERS), grants_skill="first_aid"),
        Course(id="medication", name="Safe handling of medicines", category=role_specific, refresh_months=12,
               roles=("rn", "senior"), grants_skill="medication"),
        Course(id="fire_marshal", name="Fire marshal", category=role_specific, refresh_months=12,
               roles=LEADERS, grants_skill="fire_marshal"),
        Course(id="food_hygiene", name="Food hygiene", category=role_specific, roles=("senior", "carer", "cook")),
        Course(id="mca_dols", name="Mental Capacity Act and DoLS", category=role_specific,
               roles=(*CARE_ROLES, *LEADERS)),
        Course(id="dementia", name="Dementia care", category=role_specific, roles=CARE_ROLES,
               grants_skill="dementia_care"),
        Course(id="end_of_life", name="End of life care", category=role_specific, roles=("rn", "senior")),
    ))
