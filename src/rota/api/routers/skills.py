"""Skills (competences) the home tracks: medication, first aid, fire marshal, hoist..."""

from __future__ import annotations

from typing import Any

from rota.api.routers.catalogue import catalogue_router
from rota.api.schemas.catalogue import SkillIn, SkillOut, SkillPatch
from rota.persistence import tables as t
from rota.services.catalogue import RecordKind


def _body(row: t.Skill) -> dict[str, Any]:
    return {"code": row.code, "name": row.name}


def _apply(_uow: Any, row: t.Skill, body: SkillIn) -> None:
    row.code, row.name = body.code, body.name


KIND = RecordKind("skill", t.Skill, SkillIn, _body, _apply, "staff members still hold it as a competence")
router = catalogue_router(kind=KIND, path="skills", repo="skills", param="skill_id", out=SkillOut, patch=SkillPatch,
                          to_out=SkillOut.model_validate, tag="skills")
