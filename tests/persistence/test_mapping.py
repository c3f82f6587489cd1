"""Scenario <-> database: every sample survives the round trip exactly; records apply by date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rota.persistence import tables as t
from rota.persistence.mappers import load_home, scenario_for
from rota.services.imports import AlreadyImported, import_scenario
from rota.services.rotas import load_scenario
from tests.factories import person, scenario

SAMPLES = sorted(Path("sample_rotas").rglob("*.json"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_sample_round_trips_exactly(uow, path: Path) -> None:
    original = load_scenario(path)
    outcome = import_scenario(uow, original)
    home = load_home(uow.session, outcome.home_id)
    assert home is not None
    assert scenario_for(uow.session, home, original.horizon.start, original.horizon.days) == original


def test_importing_the_same_file_twice_changes_nothing(uow) -> None:
    sc = scenario([person("a"), person("b")])
    first = import_scenario(uow, sc)
    second = import_scenario(uow, sc)
    assert first.created and not second.created
    assert second.home_id == first.home_id
    assert uow.session.query(t.Home).count() == 1


def test_importing_different_data_under_an_existing_home_id_is_refused(uow) -> None:
    import_scenario(uow, scenario([person("a")]))
    with pytest.raises(AlreadyImported, match="already exists"):
        import_scenario(uow, scenario([person("a"), person("b")]))
    assert uow.session.query(t.StaffMember).count() == 1


def test_a_period_uses_the_assessments_in_force(uow) -> None:
    sc = scenario([person("a", rag={"rating": "amber", "assessed_on": "2026-11-01", "reason": "late meds"})])
    home_id = import_scenario(uow, sc).home_id
    home = load_home(uow.session, home_id)
    assert home is not None
    resident = home.residents[0]
    resident.assessments.append(t.DependencyAssessment(assessed_date=date(2026, 12, 7), band="very_high"))
    member = home.staff[0]
    member.rag_assessments.append(t.RagAssessment(rating="green", assessed_date=date(2026, 12, 1), assessor="DM"))
    uow.session.flush()

    before = scenario_for(uow.session, home, date(2026, 11, 23), 7)
    after = scenario_for(uow.session, home, date(2026, 12, 7), 7)

    assert before.residents[0].band.value == "medium" and after.residents[0].band.value == "very_high"
    assert before.staff[0].rag.rating.value == "amber" and before.staff[0].rag.reason == "late meds"
    assert after.staff[0].rag.rating.value == "green" and after.staff[0].rag.assessor == "DM"


def test_leave_and_requests_outside_a_period_are_left_out(uow) -> None:
    sc = scenario([person("a", leave=[{"start": "2026-11-24", "end": "2026-11-25"}], unavailable=["2026-11-27"],
                          requests=[{"kind": "day_off", "date": "2026-11-28"}])])
    home = load_home(uow.session, import_scenario(uow, sc).home_id)
    assert home is not None
    later = scenario_for(uow.session, home, date(2026, 12, 7), 7)
    assert later.staff[0].leave == () and later.staff[0].unavailable == () and later.staff[0].requests == ()


def test_staff_who_have_left_drop_out_of_later_periods(uow) -> None:
    home = load_home(uow.session, import_scenario(uow, scenario([person("a"), person("b")])).home_id)
    assert home is not None
    home.staff[1].leaving_date = date(2026, 11, 30)
    assert [m.id for m in scenario_for(uow.session, home, date(2026, 12, 7), 7).staff] == ["a"]
    assert [m.id for m in scenario_for(uow.session, home, date(2026, 11, 23), 7).staff] == ["a", "b"]


def test_a_what_ifs_hypothetical_hire_is_stored_by_code_and_nobody_else_can_be(uow) -> None:
    from rota.domain.rota import Assignment
    from rota.persistence.mappers import assignments_of
    from rota.services.rota_versions import add_version

    sc = scenario([person("a")])
    home_id = import_scenario(uow, sc).home_id
    period = uow.rotas.get_or_add_period(home_id, sc.horizon.start, sc.horizon.days)
    shift, unit = sc.shift_types[0].code, sc.units[0].id
    day = sc.horizon.start
    planned = (Assignment(date=day, shift=shift, unit=unit, staff_id="a"),
               Assignment(date=day, shift=shift, unit=unit, staff_id="hire"))
    with_hire = sc.model_copy(update={"staff": (*sc.staff, sc.staff[0].model_copy(update={"id": "hire"}))})
    version = add_version(uow, period, with_hire.model_dump(mode="json"), planned, "what_if", "test", status="what_if")
    uow.session.flush()
    assert sorted(a.staff_id for a in assignments_of(uow.session, version)) == ["a", "hire"]
    stored = {r.hypothetical_staff: r.staff_member_id for r in version.assignments}
    assert stored["hire"] is None and stored[None] is not None

    with pytest.raises(KeyError):
        add_version(uow, period, with_hire.model_dump(mode="json"), planned, "solve", "test")
