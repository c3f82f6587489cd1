"""Load a scenario file into the database as a home (`rota import`)."""

from __future__ import annotations

from dataclasses import dataclass

from rota.domain.scenario import Scenario
from rota.persistence import tables as t
from rota.persistence.mappers import CodeLookup, add_scenario, load_home, scenario_for
from rota.persistence.unit_of_work import UnitOfWork

IMPORTER = "import"


class AlreadyImported(ValueError):
    """A home with this code holds different data: importing again would overwrite someone's changes."""


@dataclass(frozen=True)
class ImportOutcome:
    home_id: int
    created: bool
    message: str


def import_scenario(uow: UnitOfWork, scenario: Scenario, actor: str = IMPORTER) -> ImportOutcome:
    """Store the scenario as a new home. Importing the same file again changes nothing; importing a
    different file under an existing home code is refused rather than merged."""
    existing = uow.homes.session.query(t.Home).filter_by(code=scenario.home.id).one_or_none()
    if existing is not None:
        return _same_or_refuse(uow, existing, scenario)
    home = add_scenario(uow.session, scenario)
    if scenario.published_rota:
        _add_published(uow, home, scenario)
    uow.audit.record(actor, "create", "home", home.id, home.id,
                     f"imported {scenario.home.name}: {len(scenario.staff)} staff, "
                     f"{len(scenario.residents)} residents, {len(scenario.units)} units")
    uow.commit()
    return ImportOutcome(home.id, True, f"Imported {scenario.home.name} as home {home.id}.")


def _same_or_refuse(uow: UnitOfWork, existing: t.Home, scenario: Scenario) -> ImportOutcome:
    loaded = load_home(uow.session, existing.id)
    assert loaded is not None
    stored = scenario_for(uow.session, loaded, scenario.horizon.start, scenario.horizon.days)
    if stored == scenario:
        return ImportOutcome(existing.id, False, f"{scenario.home.name} is already imported as home "
                             f"{existing.id}; nothing changed.")
    raise AlreadyImported(
        f"a home with id '{scenario.home.id}' already exists (home {existing.id}, {existing.name}) and holds "
        "different data; nothing was imported. Change \"home.id\" in the file to import it as a new home.")


def _add_published(uow: UnitOfWork, home: t.Home, scenario: Scenario) -> None:
    period = uow.rotas.get_or_add_period(home.id, scenario.horizon.start, scenario.horizon.days)
    without_published = scenario.model_copy(update={"published_rota": ()})
    version = t.RotaVersion(period_id=period.id, number=1, status="published", source="import",
                            scenario=without_published.model_dump(mode="json"), created_by=IMPORTER,
                            published_by=IMPORTER, published_at=period.created_at,
                            note="published rota from the imported scenario file")
    version.assignments = CodeLookup(uow.session, home.id).rows(scenario.published_rota)
    uow.rotas.add(version)
