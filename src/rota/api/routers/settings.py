"""The home's staffing-rule settings: dependency tool, floors, agency, rest, safety scoring, weights."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from rota.api.dependencies import Actor, HomeDep, Uow
from rota.api.schemas.common import ApiModel
from rota.domain.policy import AgencyPolicy, DependencyTool, ObjectiveWeights, RestRules, SafetyPolicy, StaffingFloors
from rota.persistence import tables as t
from rota.persistence.mappers import POLICY_FIELDS
from rota.services.errors import Invalid

router = APIRouter(prefix="/homes/{home_id}/settings", tags=["settings"])


class Settings(ApiModel):
    dependency_tool: DependencyTool
    floors: StaffingFloors
    agency: AgencyPolicy
    rest: RestRules
    safety: SafetyPolicy
    weights: ObjectiveWeights


class SettingsUpdate(ApiModel):
    """Any of the six sections; each one given replaces that section whole (left-out fields take defaults)."""

    dependency_tool: DependencyTool | None = None
    floors: StaffingFloors | None = None
    agency: AgencyPolicy | None = None
    rest: RestRules | None = None
    safety: SafetyPolicy | None = None
    weights: ObjectiveWeights | None = None


def _current(home: t.Home, uow: Any) -> t.StaffingSetting:
    setting = uow.session.get(t.StaffingSetting, home.id)
    if setting is None:
        defaults = {name: field.annotation().model_dump(mode="json")  # type: ignore[misc]
                    for name, field in Settings.model_fields.items()}
        setting = t.StaffingSetting(home_id=home.id, **defaults)
        uow.session.add(setting)
    return setting


def _as_settings(setting: t.StaffingSetting) -> Settings:
    return Settings.model_validate({name: getattr(setting, name) for name in POLICY_FIELDS})


@router.get("", response_model=Settings, summary="The home's staffing rules")
def get_settings(home: HomeDep, uow: Uow) -> Any:
    return _as_settings(_current(home, uow))


@router.put("", response_model=Settings, summary="Change the home's staffing rules")
def put_settings(body: SettingsUpdate, home: HomeDep, uow: Uow, actor: Actor) -> Any:
    setting = _current(home, uow)
    before = {name: getattr(setting, name) for name in POLICY_FIELDS}
    if body.floors is not None:
        skills = set(uow.session.scalars(select(t.Skill.code).where(t.Skill.home_id == home.id)))
        for i, floor in enumerate(body.floors.skill_floors):
            if floor.skill not in skills:
                raise Invalid.one(f"body.floors.skill_floors[{i}].skill",
                                  f"unknown skill '{floor.skill}' (known: {', '.join(sorted(skills)) or 'none'})")
    for name in POLICY_FIELDS:
        section = getattr(body, name)
        if section is not None:
            setattr(setting, name, section.model_dump(mode="json"))
    after = {name: getattr(setting, name) for name in POLICY_FIELDS}
    changed = [n for n in POLICY_FIELDS if before[n] != after[n]]
    uow.audit.record(actor, "update", "staffing_setting", home.id, home.id,
                     f"changed staffing rules: {', '.join(changed) or 'nothing'}", before, after)
    uow.commit()
    return _as_settings(setting)
