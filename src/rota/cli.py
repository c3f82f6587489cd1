"""Command line: `rota demand`, `rota solve`, `rota check`, `rota schema`, `rota import`, `rota serve`,
`rota whatif`, `rota repair`, `rota compliance`, `rota report`, `rota import-hr`, `rota bench curtois`.

Exit codes: 0 success (a rota was returned, gaps included; or a check found no
breaches), 1 a checked rota breaks rules, 2 bad input, 3 no rota is possible
because hard rules contradict each other, 4 no rota found within the time limit.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from rota.benchmarks import curtois
from rota.compliance.dates import add_months, month_end, parse_month
from rota.compliance.due_dates import Status, compliance_items, filter_items, summarise
from rota.compliance.evidence import evidence_report
from rota.compliance.export import training_matrix, write_matrix_csv, write_matrix_xlsx
from rota.compliance.gating import GatedScenario, gate_scenario
from rota.compliance.hr_csv import HrFolder, ImportFailed, load_hr_folder
from rota.domain.scenario import Home, Scenario
from rota.reporting import render
from rota.reporting.csv_io import RotaCsvError, read_rota_csv, write_rota_csv
from rota.services.rotas import ScenarioError, check_rota, load_scenario, plan_rota, report_dict
from rota.solver.index import ProblemIndex
from rota.solver.service import Progress, SolveOptions

EXIT_BREACHES = 1
EXIT_BAD_INPUT = 2
EXIT_CONFLICT = 3
EXIT_NO_SOLUTION = 4

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Plan safe care-home rotas from residents' dependency.")
def _console(stderr: bool = False) -> Console:
    """Wide tables when output goes to a file or a pipe, where Rich would otherwise assume 80 columns."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else int(os.environ.get("COLUMNS", "160"))
    return Console(stderr=stderr, width=width)


console = _console()
errors = _console(stderr=True)

ScenarioPath = Annotated[Path, typer.Argument(help="Scenario JSON file (see `rota schema`).")]
HrDir = Annotated[Path, typer.Argument(help="Folder of HR CSV files: staff.csv, training.csv, absences.csv, ...")]
ComplianceOption = Annotated[Path | None, typer.Option(
    "--compliance", help="Folder of HR CSV files: gate the rota on training, DBS, right to work and NMC records.")]


def _load(path: Path) -> Scenario:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        _fail(f"Cannot use {exc.source}:", exc.problems)


def _fail(headline: str, problems: list[str]) -> typer.Exit:
    errors.print(f"[bold red]{headline}[/]", highlight=False)
    for problem in problems[:50]:
        errors.print(f"  - {problem}", highlight=False, markup=False)
    if len(problems) > 50:
        errors.print(f"  ... and {len(problems) - 50} more")
    raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the scenario file."""
    print(json.dumps(Scenario.model_json_schema(), indent=2))


@app.command()
def demand(
    scenario_path: ScenarioPath,
    summary: Annotated[bool, typer.Option(help="Show the first day only.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show required staff per unit, shift and day, with the working behind each number."""
    scenario = _load(scenario_path)
    index = ProblemIndex(scenario)
    if as_json:
        print(json.dumps([{"date": r.date.isoformat(), "shift": r.shift, "unit": r.unit, "kind": r.kind.value,
                           "target": r.target, "minimum": r.minimum, "working": r.working}
                          for r in index.demand.requirements], indent=2))
        return
    render.demand_table(console, index.demand, summary)


@app.command()
def solve(
    scenario_path: ScenarioPath,
    time_limit: Annotated[float, typer.Option(min=0.1, help="Seconds to search.")] = 30.0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Search threads (4 works best even on 2 cores).")] = 4,
    gap: Annotated[float, typer.Option(min=0.0, max=1.0, help="Stop within this relative gap.")] = 0.0,
    out: Annotated[Path | None, typer.Option(help="Write the rota as CSV.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the full report as JSON.")] = None,
    quiet: Annotated[bool, typer.Option(help="Print only the summary, not the rota grid.")] = False,
    compliance_dir: ComplianceOption = None,
) -> None:
    """Build the safest, fairest, cheapest rota that meets staffing levels, and explain every shift."""
    scenario = _load(scenario_path)
    console.print(f"[bold]{scenario.home.name}[/]: {len(scenario.staff)} staff, {len(scenario.residents)} "
                  f"residents, {scenario.horizon.days} days from {scenario.horizon.start:%a %d %b %Y}")
    gating = _gate(scenario, compliance_dir)
    plan = plan_rota(scenario, SolveOptions(time_limit=time_limit, workers=workers, relative_gap=gap),
                     _progress_printer(), gating=gating)
    result = plan.result
    if json_path:
        json_path.write_text(json.dumps(plan.as_dict(), indent=2, default=str), encoding="utf-8")
    if result.status == "INFEASIBLE":
        render.conflicts_table(console, result.conflicts)
        raise typer.Exit(EXIT_CONFLICT)
    if plan.report is None:
        console.print(f"[bold red]No rota found within {time_limit:g} s (status {result.status}).[/] "
                      "Try a longer --time-limit.")
        raise typer.Exit(EXIT_NO_SOLUTION)
    report = plan.report
    if out:
        write_rota_csv(report.index, report.rota, out)
    if not quiet:
        render.rota_grid(console, report)
    render.shift_summary(console, report.shifts)
    render.findings_table(console, "Gaps in cover", report.gaps, "red")
    render.findings_table(console, "Rule breaches", report.breaches, "red")
    gap_text = f"{result.relative_gap:.2%}" if result.relative_gap is not None else "-"
    bound_text = f"{result.bound:,.0f}" if result.bound is not None else "none yet"
    render.kpi_table(console, report.kpis, {
        "Solver status": result.status,
        "Objective / bound": f"{result.objective:,.0f} / {bound_text} (gap {gap_text})",
        "Solve time": f"{result.wall_time:.1f} s",
    })
    if out:
        console.print(f"Rota written to {out}")
    if json_path:
        console.print(f"Report written to {json_path}")


@app.command()
def check(
    scenario_path: ScenarioPath,
    rota_path: Annotated[Path, typer.Argument(help="Rota CSV: date,shift,start,end,unit,staff_id,role,employment")],
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the audit as JSON.")] = None,
    compliance_dir: ComplianceOption = None,
) -> None:
    """Audit any rota (for example one made by hand) with the solver's own rules."""
    scenario = _load(scenario_path)
    gating = _gate(scenario, compliance_dir)
    index = ProblemIndex(gating.scenario if gating else scenario)
    try:
        text = rota_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"Cannot read {rota_path}:", [str(exc)])
    try:
        rota = read_rota_csv(index, text)
    except RotaCsvError as exc:
        _fail(f"Cannot use {rota_path}:", [str(p) for p in exc.problems])
    report = check_rota(scenario, rota, gating)
    if json_path:
        json_path.write_text(json.dumps(report_dict(report), indent=2, default=str), encoding="utf-8")
    render.shift_summary(console, report.shifts)
    render.findings_table(console, "Rule breaches", report.breaches, "red")
    render.findings_table(console, "Gaps in cover", report.gaps, "red")
    render.findings_table(console, "Warnings", report.warnings, "yellow")
    render.kpi_table(console, report.kpis)
    if report.breaches:
        console.print(f"[bold red]{len(report.breaches)} rule breach(es).[/]")
        raise typer.Exit(EXIT_BREACHES)
    console.print("[bold green]No rule breaches.[/]")


def _load_hr(folder: Path) -> HrFolder:
    try:
        return load_hr_folder(folder)
    except ImportFailed as exc:
        _fail(f"Cannot use the HR files in {folder} (nothing was read):", [str(p) for p in exc.problems])


def _gate(scenario: Scenario, folder: Path | None) -> GatedScenario | None:
    if folder is None:
        return None
    hr = _load_hr(folder)
    gated = gate_scenario(scenario, hr.data, hr.policy)
    render.gating_table(console, list(gated.reasons))
    return gated


@app.command()
def compliance(
    data_dir: HrDir,
    on: Annotated[str | None, typer.Option(help="Date to check, YYYY-MM-DD (default today).")] = None,
    within: Annotated[int | None, typer.Option(min=0, help="Only items overdue, missing or due within N days.")] = None,
    role: Annotated[str | None, typer.Option(help="Only this role (e.g. senior).")] = None,
    course: Annotated[str | None, typer.Option(help="Only this course (id or name), or supervision, appraisal, "
                                                    "dbs, right_to_work, references, nmc, probation.")] = None,
    home: Annotated[str | None, typer.Option(help="Only this home.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list items that are valid.")] = False,
    export: Annotated[Path | None, typer.Option(help="Write the training matrix (.csv or .xlsx).")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the items and summary as JSON.")] = None,
) -> None:
    """Training, supervision, appraisal and recruitment checks per person: valid, due soon, overdue or missing."""
    hr = _load_hr(data_dir)
    day = _date_option(on, "--on")
    if export is not None and export.suffix.lower() not in (".csv", ".xlsx"):
        _fail("Cannot export:", [f"{export}: the file name must end in .csv or .xlsx"])
    item = _item_id(hr, course) if course else None
    items = compliance_items(hr.data, day, hr.policy)
    chosen = filter_items(items, day, within_days=within, role=role, item=item, home_id=home)
    listed = chosen if show_all else [i for i in chosen if i.status != Status.VALID]
    order = {Status.MISSING: 0, Status.OVERDUE: 1, Status.DUE_SOON: 2, Status.VALID: 3}
    listed.sort(key=lambda i: (order[i.status], i.due or day, i.name))
    what = "Compliance items" if show_all else "Due soon, overdue or missing"
    render.compliance_items_table(console, listed, f"{what} on {day:%d %b %Y}")
    summary = summarise(chosen)
    render.compliance_summary_table(console, summary)
    if export is not None:
        matrix = training_matrix(chosen, day, order=[c.id for c in hr.data.catalogue.courses])
        if export.suffix.lower() == ".xlsx":
            write_matrix_xlsx(matrix, chosen, export)
        else:
            write_matrix_csv(matrix, export)
        console.print(f"Training matrix written to {export}")
    if json_path is not None:
        json_path.write_text(json.dumps({"on": day.isoformat(), "items": [i.as_dict() for i in chosen],
                                         "summary": summary.as_dict()}, indent=2), encoding="utf-8")
        console.print(f"Items written to {json_path}")


@app.command()
def report(
    data_dir: HrDir,
    month: Annotated[str | None, typer.Option(help="Reporting month YYYY-MM (default: last month).")] = None,
    out: Annotated[Path, typer.Option(help="HTML file to write.")] = Path("report.html"),
    home: Annotated[str | None, typer.Option(help="One home (default: every home in the files).")] = None,
    title: Annotated[str | None, typer.Option(help="Report title.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write the indicators as JSON.")] = None,
) -> None:
    """Printable evidence report for an inspection: indicators with trend, RAG and quality statement, and what is
    overdue."""
    hr = _load_hr(data_dir)
    if month is None:
        previous = add_months(date.today().replace(day=1), -1)
        last = month_end(previous.year, previous.month)
    else:
        try:
            last = parse_month(month)
        except ValueError as exc:
            _fail("Cannot use --month:", [str(exc)])
    if home is not None and home not in hr.data.homes:
        _fail("Cannot use --home:", [f"unknown home '{home}' (known: {', '.join(hr.data.homes) or 'none'})"])
    evidence = evidence_report(hr.data, last, hr.policy, home_id=home, title=title)
    try:
        out.write_text(evidence.html, encoding="utf-8")
    except OSError as exc:
        _fail(f"Cannot write {out}:", [str(exc.strerror or exc)])
    render.indicators_table(console, evidence.indicators)
    if json_path is not None:
        json_path.write_text(json.dumps([i.as_dict() for i in evidence.indicators.indicators], indent=2),
                             encoding="utf-8")
    overdue = sum(len(v) for v in evidence.overdue.values())
    console.print(f"{overdue} item(s) overdue or missing. Report written to {out}")


def _date_option(text: str | None, option: str) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"Cannot use {option}:", [f"'{text}' is not a date: write it as YYYY-MM-DD"])


def _item_id(hr: HrFolder, text: str) -> str:
    course = hr.data.catalogue.match(text)
    if course is not None:
        return course.id
    known = ("supervision", "appraisal", "dbs", "right_to_work", "references", "nmc", "probation",
             "medication_competency")
    key = text.strip().lower().replace(" ", "_")
    if key in known:
        return key
    _fail("Cannot use --course:", [f"'{text}' is not a course in the catalogue nor one of: {', '.join(known)}"])


bench_app = typer.Typer(no_args_is_help=True, help="Run the solver on standard research benchmarks.")
app.add_typer(bench_app, name="bench")


@bench_app.command("curtois")
def bench_curtois(
    instance_path: Annotated[Path, typer.Argument(help="A Curtois / Nottingham instance file (InstanceN.txt).")],
    time_limit: Annotated[float, typer.Option(min=0.1, help="Seconds to search.")] = 60.0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Search threads.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed of the search.")] = 0,
    out: Annotated[Path | None, typer.Option(help="Write the roster as CSV: employee_id,day,shift_id.")] = None,
) -> None:
    """Solve one instance of the Curtois / Nottingham nurse-rostering benchmark with rota's own rules."""
    try:
        instance = curtois.read_instance(instance_path)
    except curtois.InstanceFormatError as exc:
        _fail(f"Cannot use {instance_path}:", [str(exc)])
    console.print(f"[bold]{instance.name}[/]: {len(instance.staff)} staff, {instance.horizon} days, "
                  f"{len(instance.shifts)} shift types", highlight=False)

    def improved(point: Progress) -> None:
        bound = f"{point.bound:,.0f}" if point.bound > float("-inf") else "-"
        console.print(f"  {point.elapsed:7.2f} s  objective {point.objective:,.0f}  best bound {bound}"
                      f"{STAGE_NOTES.get(point.stage, '')}", highlight=False)

    result = curtois.solve_instance(instance, time_limit, workers, seed, improved)
    if not result.has_rota:
        console.print(f"status {result.status}: no roster found within {time_limit:g} s", highlight=False)
        raise typer.Exit(EXIT_CONFLICT if result.status == "INFEASIBLE" else EXIT_NO_SOLUTION)
    best_at = result.improvements[-1].elapsed if result.improvements else result.wall_time
    bound = f"{result.bound:,.0f}" if result.bound is not None else "none"
    console.print(f"status {result.status}", highlight=False)
    console.print(f"objective {result.objective:.0f}", highlight=False)
    console.print(f"best bound {bound}", highlight=False)
    console.print(f"time to best {best_at:.2f} s, wall time {result.wall_time:.2f} s", highlight=False)
    if result.breaches:
        render.findings_table(console, "Rule breaches", result.breaches, "red")
    if out:
        out.write_text(curtois.roster_csv(result.rota), encoding="utf-8")
        console.print(f"Roster written to {out}", highlight=False)


@app.command()
def whatif(
    scenario_path: ScenarioPath,
    changes_path: Annotated[Path, typer.Argument(help="Change set JSON: absences, admissions, dependency_changes, "
                                                 "extra_staff, agency, rest, safety, floors, weights.")],
    base_rota: Annotated[Path | None, typer.Option(help="Base rota CSV (default: solve the base scenario).")] = None,
    fresh: Annotated[bool, typer.Option(help="Plan the what-if afresh instead of keeping the base rota.")] = False,
    time_limit: Annotated[float, typer.Option(min=0.1, help="Seconds to search, per solve.")] = 10.0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Search threads.")] = 4,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the comparison as JSON.")] = None,
) -> None:
    """Apply a change set to a scenario, solve it, and compare it with the base side by side."""
    from rota.scenarios import ChangeSetError, parse_change_set, run_whatif

    scenario = _load(scenario_path)
    try:
        changes = parse_change_set(changes_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"Cannot read {changes_path}:", [str(exc)])
    except ChangeSetError as exc:
        _fail(f"Cannot use {changes_path}:", exc.messages)
    given = _read_rota(scenario, base_rota) if base_rota else None
    try:
        result = run_whatif(scenario, changes, SolveOptions(time_limit=time_limit, workers=workers),
                            base_rota=given, keep_base_rota=not fresh)
    except ChangeSetError as exc:
        _fail(f"Cannot use {changes_path}:", exc.messages)
    if json_path:
        json_path.write_text(json.dumps(result.as_dict(), indent=2, default=str), encoding="utf-8")
    for note in result.notes:
        console.print(f"[bold red]{note}[/]")
    if result.comparison is None:
        raise typer.Exit(EXIT_CONFLICT if result.status == "INFEASIBLE" else EXIT_NO_SOLUTION)
    render.comparison_table(console, result.comparison, changes.name or changes_path.stem)


@app.command()
def repair(
    scenario_path: ScenarioPath,
    published_path: Annotated[Path, typer.Argument(help="The published rota CSV.")],
    absent: Annotated[list[str], typer.Option(help="STAFF_ID:YYYY-MM-DD or STAFF_ID:YYYY-MM-DD..YYYY-MM-DD; "
                                              "repeat for each absence.")],
    reason: Annotated[str, typer.Option(help="Why they are off (shown on the rota).")] = "sickness",
    time_limit: Annotated[float, typer.Option(min=0.1, help="Seconds to search.")] = 10.0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Search threads.")] = 4,
    out: Annotated[Path | None, typer.Option(help="Write the repaired rota as CSV.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the repair and its diff as JSON.")] = None,
    compliance_dir: ComplianceOption = None,
) -> None:
    """Re-plan a published rota around absences, changing as few shifts as possible, and show the diff.
    With --compliance nobody the HR records keep off is called in (their published shifts are re-covered)."""
    from rota.services.repair import RepairError, repair_rota

    scenario = _load(scenario_path)
    published = _read_rota(scenario, published_path)
    absences = [_absence(text, reason) for text in absent]
    gating = _gate(scenario, compliance_dir)
    try:
        result = repair_rota(gating.scenario if gating else scenario, published, absences,
                             SolveOptions(time_limit=time_limit, workers=workers), gating=gating)
    except RepairError as exc:
        _fail("Cannot repair the rota:", [str(exc).replace("absences[", "--absent[")])
    if json_path:
        json_path.write_text(json.dumps(result.as_dict(), indent=2, default=str), encoding="utf-8")
    if not result.has_rota:
        for line in result.lines:
            console.print(line, highlight=False, markup=False)
        raise typer.Exit(EXIT_CONFLICT if result.status == "INFEASIBLE" else EXIT_NO_SOLUTION)
    if out:
        write_rota_csv(result.report.index, result.rota, out)
    render.repair_lines(console, result.lines)
    if out:
        console.print(f"Repaired rota written to {out}")


def _read_rota(scenario: Scenario, path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail(f"Cannot read {path}:", [str(exc)])
    try:
        return read_rota_csv(ProblemIndex(scenario), text)
    except RotaCsvError as exc:
        _fail(f"Cannot use {path}:", [str(p) for p in exc.problems])


def _absence(text: str, reason: str):
    """`S014:2026-11-24` or `S014:2026-11-24..2026-11-26` as an absence."""
    from datetime import date

    from pydantic import ValidationError

    from rota.services.repair import StaffAbsence

    staff_id, _, dates = text.partition(":")
    first, _, last = dates.partition("..")
    try:
        return StaffAbsence(staff_id=staff_id.strip(), start=date.fromisoformat(first.strip()),
                            end=date.fromisoformat(last.strip()) if last else None, reason=reason)
    except (ValueError, ValidationError) as exc:
        detail = str(exc).splitlines()[-1].strip() if isinstance(exc, ValidationError) else str(exc)
        _fail(f"Cannot use --absent {text}:", [
            f"use STAFF_ID:YYYY-MM-DD or STAFF_ID:YYYY-MM-DD..YYYY-MM-DD ({detail})"])


STAGE_NOTES = {
    "windows": "  (re-planning a window of days at a time)",
    "weeks": "  (re-planning two weeks at a time)",
    "slices": "  (re-planning a few days or people at a time)",
    "pairs": "  (re-planning two people at a time)",
}


def _progress_printer():
    """Print the best objective and bound as they improve, at most twice a second."""
    last = [0.0]

    def show(point: Progress) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5:
            return
        last[0] = now
        if point.stage == "cover":
            errors.print(f"  {point.elapsed:6.1f} s  rota found, still filling gaps: objective {point.objective:,.0f}",
                         highlight=False)
            return
        bound = f"{point.bound:,.0f}" if point.bound > float("-inf") else "-"
        gap = abs(point.objective - point.bound) / max(1.0, abs(point.objective))
        gap_text = f"{gap:.2%}" if point.bound > float("-inf") else "-"
        how = STAGE_NOTES.get(point.stage, "")
        errors.print(f"  {point.elapsed:6.1f} s  best {point.objective:,.0f}  bound {bound}  gap {gap_text}{how}",
                     highlight=False)

    return show


@app.command("import")
def import_scenario(
    scenario_path: ScenarioPath,
    database: Annotated[str | None, typer.Option(help="Database URL (default: ROTA_DATABASE_URL, else "
                                                      "sqlite:///./rota.db).")] = None,
    home_code: Annotated[str | None, typer.Option(help="Import under this home code instead of the file's "
                                                       "home.id (to load a second file for the same home).")] = None,
) -> None:
    """Load a scenario file into the database as a home, with its staff, residents and rules.
    Importing the same file again changes nothing; a different file under an existing home code is refused."""
    from rota.persistence.database import make_engine, migrate, session_factory
    from rota.persistence.unit_of_work import UnitOfWork
    from rota.services.imports import AlreadyImported
    from rota.services.imports import import_scenario as store

    scenario = _load(scenario_path)
    if home_code is not None:
        try:
            scenario = scenario.model_copy(update={"home": Home(id=home_code, name=scenario.home.name)})
        except ValueError:
            _fail("Cannot use --home-code:", [f"'{home_code}': use 1 to 64 letters, digits, '.', '_' or '-'"])
    engine = make_engine(database)
    try:
        migrate(engine)
        with UnitOfWork(session_factory(engine)) as uow:
            outcome = store(uow, scenario)
    except AlreadyImported as exc:
        _fail(f"Cannot import {scenario_path}:", [str(exc)])
    finally:
        engine.dispose()
    console.print(outcome.message, highlight=False)


@app.command("import-hr")
def import_hr(
    data_dir: HrDir,
    home: Annotated[str, typer.Option(help="Code of the home (as imported with `rota import`) the records belong to.")],
    database: Annotated[str | None, typer.Option(help="Database URL (default: ROTA_DATABASE_URL, else "
                                                      "sqlite:///./rota.db).")] = None,
) -> None:
    """Load HR's CSV files (staff list, training matrix, absences, checks, ...) into a home's records.
    Nothing is written if any file has a problem; importing the same files again changes nothing."""
    from sqlalchemy import select

    from rota.persistence import tables as t
    from rota.persistence.database import make_engine, migrate, session_factory
    from rota.persistence.unit_of_work import UnitOfWork
    from rota.services.hr_imports import import_hr_folder

    engine = make_engine(database)
    try:
        migrate(engine)
        with UnitOfWork(session_factory(engine)) as uow:
            row = uow.session.scalars(select(t.Home).where(t.Home.code == home)).one_or_none()
            if row is None:
                known = ", ".join(uow.session.scalars(select(t.Home.code).order_by(t.Home.code))) or "none yet"
                _fail("Cannot use --home:", [f"no home with code '{home}' in the database (known: {known}); "
                                             "import its scenario first with `rota import`"])
            try:
                outcome = import_hr_folder(uow, row, data_dir)
            except ImportFailed as exc:
                _fail(f"Cannot import the HR files in {data_dir} (nothing was written):",
                      [str(p) for p in exc.problems])
    finally:
        engine.dispose()
    console.print(outcome.message, highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    solve_workers: Annotated[int, typer.Option(min=1, max=16, help="Solves run at the same time.")] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) over ROTA_DATABASE_URL, else ./rota.db."""
    import uvicorn

    from rota.api.app import create_app

    uvicorn.run(create_app(solve_workers=solve_workers), host=host, port=port)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
