"""`rota import`: loads a scenario into the database; again is a no-op; a clash is refused with exit 2."""

from __future__ import annotations

from typer.testing import CliRunner

from rota.cli import app
from rota.persistence import tables as t
from rota.persistence.database import make_engine, session_factory

runner = CliRunner()
SAMPLE = "sample_rotas/small/week.json"


def test_import_then_again_then_a_clash(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    first = runner.invoke(app, ["import", SAMPLE, "--database", url])
    again = runner.invoke(app, ["import", SAMPLE, "--database", url])
    clash = runner.invoke(app, ["import", "sample_rotas/sunnyside/week.json", "--database", url,
                                "--home-code", "meadow-view"])
    renamed = runner.invoke(app, ["import", "sample_rotas/sunnyside/week.json", "--database", url,
                                  "--home-code", "sunnyside-week"])

    assert first.exit_code == 0 and "Imported Meadow View" in first.output
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert clash.exit_code == 2 and "already exists" in clash.output
    assert renamed.exit_code == 0
    engine = make_engine(url)
    with session_factory(engine)() as session:
        assert sorted(h.code for h in session.query(t.Home)) == ["meadow-view", "sunnyside-week"]
        assert session.query(t.StaffMember).count() == 21 + 70
    engine.dispose()


def test_bad_home_code_is_refused_plainly(tmp_path) -> None:
    result = runner.invoke(app, ["import", SAMPLE, "--database", f"sqlite:///{tmp_path / 'x.db'}",
                                 "--home-code", "no spaces"])
    assert result.exit_code == 2 and "letters, digits" in result.output
