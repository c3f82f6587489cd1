"""HR records in the database: the sample HR files survive import and load exactly; imports are all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rota.compliance.hr_csv import ImportFailed, load_hr_folder
from rota.persistence import compliance_tables as c
from rota.persistence.compliance_mappers import KINDS, catalogue_for, load_compliance, policy_for
from rota.services.hr_imports import import_hr_folder
from rota.services.imports import import_scenario
from rota.services.rotas import load_scenario
from tests.factories import person, scenario

SAMPLE_HR = Path("sample_rotas/compliance")


@pytest.fixture
def sunnyside(uow):
    home_id = import_scenario(uow, load_scenario(Path("sample_rotas/sunnyside/week.json"))).home_id
    return uow.homes.get(home_id)


def dumped(records) -> list[dict]:
    return sorted((r.model_dump(mode="json") for r in records), key=repr)


def count(uow, table) -> int:
    return uow.session.scalar(select(func.count()).select_from(table)) or 0


def test_sample_hr_files_load_back_exactly_as_read(uow, sunnyside) -> None:
    read = load_hr_folder(SAMPLE_HR)
    import_hr_folder(uow, sunnyside, SAMPLE_HR)
    loaded = load_compliance(uow.session, sunnyside.id, hours_per_person=True)
    for kind in KINDS:
        assert dumped(getattr(loaded.data, kind.field)) == dumped(getattr(read.data, kind.field)), kind.field
    assert loaded.data.catalogue == read.data.catalogue
    assert loaded.policy == read.policy


def test_hours_load_as_weekly_totals_per_employment_type(uow, sunnyside) -> None:
    read = load_hr_folder(SAMPLE_HR)
    import_hr_folder(uow, sunnyside, SAMPLE_HR)
    totals = load_compliance(uow.session, sunnyside.id).data.hours
    expected: dict[tuple, float] = {}
    for h in read.data.hours:
        key = (h.week_start, h.employment.value)
        expected[key] = expected.get(key, 0.0) + h.hours
    assert {(h.week_start, h.employment.value): h.hours for h in totals} == pytest.approx(expected)
    assert {h.staff_id for h in totals} <= {"all-permanent", "all-bank", "all-agency"}


def test_provider_wide_load_qualifies_staff_ids_with_the_home(uow, sunnyside) -> None:
    import_hr_folder(uow, sunnyside, SAMPLE_HR)
    loaded = load_compliance(uow.session)
    assert {e.staff_id for e in loaded.data.staff} >= {"sunnyside.S001", "sunnyside.M001"}
    assert all(r.staff_id.startswith("sunnyside.") for r in loaded.data.training)


def test_importing_the_same_files_twice_adds_nothing(uow, sunnyside) -> None:
    first = import_hr_folder(uow, sunnyside, SAMPLE_HR)
    second = import_hr_folder(uow, sunnyside, SAMPLE_HR)
    assert first.counts["training"].added == count(uow, c.HrTraining) > 2000
    assert second.counts["training"].added == 0
    assert second.counts["training"].unchanged == first.counts["training"].added
    assert count(uow, c.HrTraining) == first.counts["training"].added


def test_a_corrected_row_updates_the_stored_record(uow, sunnyside, tmp_path) -> None:
    folder = tmp_path / "hr"
    shutil.copytree(SAMPLE_HR, folder)
    import_hr_folder(uow, sunnyside, folder)
    lines = (folder / "training.csv").read_text().splitlines()
    staff, course, completed, _expires, *rest = lines[1].split(",")
    lines[1] = ",".join([staff, course, completed, "2031-01-31", *rest])
    (folder / "training.csv").write_text("\n".join(lines) + "\n")
    outcome = import_hr_folder(uow, sunnyside, folder)
    assert outcome.counts["training"].updated == 1 and outcome.counts["training"].added == 0
    row = uow.session.scalars(select(c.HrTraining).where(c.HrTraining.staff_code == staff,
                                                         c.HrTraining.course_code == course)).first()
    assert row.expires.isoformat() == "2031-01-31"


def test_a_bad_cell_in_any_file_writes_nothing_and_names_file_row_and_column(uow, sunnyside, tmp_path) -> None:
    folder = tmp_path / "hr"
    shutil.copytree(SAMPLE_HR, folder)
    with (folder / "supervisions.csv").open("a") as handle:
        handle.write("S001,31/02/2026,Helen Carter\n")
    rows = len((folder / "supervisions.csv").read_text().splitlines())
    with pytest.raises(ImportFailed) as failed:
        import_hr_folder(uow, sunnyside, folder)
    problem = failed.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("supervisions.csv", rows, "Date")
    assert "not a date" in problem.reason
    uow.rollback()
    assert count(uow, c.HrEmployment) == 0 and count(uow, c.HrTraining) == 0


def test_rows_for_another_home_are_refused(uow, tmp_path) -> None:
    home_id = import_scenario(uow, scenario([person("a")])).home_id
    home = uow.homes.get(home_id)
    with pytest.raises(ImportFailed) as failed:
        import_hr_folder(uow, home, SAMPLE_HR)
    problem = failed.value.problems[0]
    assert problem.file == "staff.csv" and problem.row == 2 and problem.column == "Home"
    assert "'sunnyside'" in problem.reason and f"'{home.code}'" in problem.reason
    assert count(uow, c.HrEmployment) == 0


def test_home_courses_override_the_provider_catalogue_and_policy_falls_back(uow, sunnyside) -> None:
    uow.session.add(c.HrCourse(home_id=None, code="fire_safety", name="Fire safety (provider)", category="statutory",
                               refresh_months=12, roles=[]))
    uow.session.add(c.HrCourse(home_id=sunnyside.id, code="fire_safety", name="Fire safety (home)",
                               category="statutory", refresh_months=6, roles=[]))
    uow.session.add(c.HrPolicy(home_id=None, settings={"due_soon_days": 45}))
    uow.session.flush()
    assert catalogue_for(uow.session, None).get("fire_safety").name == "Fire safety (provider)"
    assert len(catalogue_for(uow.session, None).courses) == 1
    assert catalogue_for(uow.session, sunnyside.id).get("fire_safety").refresh_months == 6
    assert policy_for(uow.session, sunnyside.id).due_soon_days == 45
    uow.session.add(c.HrPolicy(home_id=sunnyside.id, settings={"due_soon_days": 10}))
    uow.session.flush()
    assert policy_for(uow.session, sunnyside.id).due_soon_days == 10
    assert policy_for(uow.session, None).due_soon_days == 45


def test_rotas_published_here_count_as_rota_publications(uow, sunnyside) -> None:
    from datetime import UTC, date, datetime

    from rota.persistence import tables as t

    period = uow.rotas.get_or_add_period(sunnyside.id, date(2026, 12, 7), 7)
    for number, source in ((1, "solve"), (2, "edit")):
        uow.session.add(t.RotaVersion(period_id=period.id, number=number, status="published", source=source,
                                      scenario={}, created_by="dm", published_by="dm",
                                      published_at=datetime(2026, 11, number * 10, 9, 0, tzinfo=UTC)))
    uow.session.flush()
    publications = load_compliance(uow.session, sunnyside.id).data.rota_publications
    assert [(p.starts, p.published_on, p.notice_days) for p in publications] == [
        (date(2026, 12, 7), date(2026, 11, 10), 27)]


def test_pruning_superseded_training_changes_no_indicator_or_status(uow, sunnyside) -> None:
    from datetime import date

    from rota.compliance.arrays import compliance_summary
    from rota.compliance.indicators import indicator_set
    from rota.services.compliance import earliest_day

    import_hr_folder(uow, sunnyside, SAMPLE_HR)
    month = date(2026, 10, 31)
    full = load_compliance(uow.session, sunnyside.id)
    pruned = load_compliance(uow.session, sunnyside.id, training_from=earliest_day(month, 12))
    assert len(pruned.data.training) < len(full.data.training)
    assert [i.as_dict() for i in indicator_set(pruned.data, month, pruned.policy).indicators] == \
        [i.as_dict() for i in indicator_set(full.data, month, full.policy).indicators]
    for day in (earliest_day(month, 12), month):
        assert compliance_summary(pruned.data, day, pruned.policy).by_item == \
            compliance_summary(full.data, day, full.policy).by_item
