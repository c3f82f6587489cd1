"""Rich tables for the terminal: the rota grid, the per-shift RAG summary, gaps, breaches, KPIs."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table

from rota.domain.core import RagRating
from rota.reporting.kpis import Kpis
from rota.reporting.shift_report import ShiftReport
from rota.services.rotas import RotaReport
from rota.solver.conflicts import Conflict
from rota.solver.findings import Finding
from rota.staffing.requirements import Demand

RAG_STYLE = {RagRating.GREEN: "bold green", RagRating.AMBER: "bold yellow", RagRating.RED: "bold red"}


def rota_grid(console: Console, report: RotaReport) -> None:
    """One row per person, one column per day, in weekly blocks so it fits a screen."""
    index = report.index
    cells: dict[str, dict[int, str]] = defaultdict(dict)
    for a in report.rota.assignments:
        unit = a.unit[:3]
        cells[a.staff_id][index.day_of(a.date)] = f"{a.shift}/{unit}" if a.unit != index.staff[a.staff_id].home_unit \
            else a.shift
    for week in index.weeks:
        table = Table(title=f"Rota, week of {index.dates[week.start]:%a %d %b %Y}", show_lines=False,
                      header_style="bold", pad_edge=False)
        table.add_column("Staff", no_wrap=True)
        table.add_column("Role", no_wrap=True)
        for d in week:
            table.add_column(f"{index.dates[d]:%a %d}", justify="center", no_wrap=True)
        table.add_column("Hours", justify="right")
        for member in index.staff.values():
            row = cells.get(member.id, {})
            absent = {d: member.absent_on(index.dates[d]) for d in week}
            values = [row.get(d) or ("[dim]leave[/]" if absent[d] else "[dim]-[/]") for d in week]
            hours = sum(index.shift_types[row[d].split("/")[0]].paid for d in week if d in row) / 60
            flag = {RagRating.RED: " [red]●[/]", RagRating.AMBER: " [yellow]●[/]"}.get(member.rating, "")
            table.add_row(f"{member.name}{flag}", f"{member.role} ({member.employment.value[:4]})", *values,
                          f"{hours:g}")
        console.print(table)
    console.print("[dim]Codes: shift code, with /unit when off the home unit. ● red/amber-rated.[/]")


def shift_summary(console: Console, shifts: list[ShiftReport], limit_reasons: int = 3) -> None:
    table = Table(title="Per-shift staffing and safety", header_style="bold")
    for column in ("Date", "Shift", "Unit", "Staff", "Care need", "Agency", "Score", "RAG", "Why"):
        table.add_column(column, no_wrap=column not in ("Why",))
    for s in shifts:
        care = next((c for c in s.cover if c.requirement == "care staff"), None)
        need = f"{care.have}/{care.required}" if care else "-"
        reasons = [r for r in s.reasons if not r.startswith("note")][:limit_reasons] + s.compliance[:limit_reasons]
        table.add_row(s.date, s.shift_name, s.unit_name, str(len(s.staff)), need, str(s.agency), str(s.score),
                      f"[{RAG_STYLE[s.rag]}]{s.rag.value.upper()}[/]", "; ".join(reasons))
    console.print(table)


def findings_table(console: Console, title: str, findings: list[Finding], style: str) -> None:
    if not findings:
        return
    table = Table(title=title, header_style=f"bold {style}")
    for column in ("Rule", "Date", "Shift", "Unit", "Staff", "What"):
        table.add_column(column, no_wrap=column != "What")
    for f in findings:
        table.add_row(f"{f.rule}.{f.code}", f.date.isoformat() if f.date else "", f.shift or "", f.unit or "",
                      f.staff_id or "", f.message)
    console.print(table)


def kpi_table(console: Console, kpis: Kpis, extra: dict[str, str] | None = None) -> None:
    table = Table(title="Key figures", header_style="bold", show_header=False)
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    rows = {
        "Shifts worked": str(kpis.shifts_worked),
        "Paid hours": f"{kpis.hours:,.1f}",
        "Pay cost": f"£{kpis.cost:,.2f}",
        "Agency hours (share)": f"{kpis.agency_hours:,.1f} ({kpis.agency_share:.1%})",
        "Agency cost": f"£{kpis.agency_cost:,.2f}",
        "Uncovered care-staff hours": f"{kpis.uncovered_head_hours:,.1f}",
        "Gaps in cover": str(kpis.gap_count),
        "Shifts red / amber / green": f"{kpis.red_shifts} / {kpis.amber_shifts} / {kpis.green_shifts}",
        "Mean safety score": f"{kpis.mean_safety_score:g}",
        "Weekend spread (per FTE)": f"{kpis.weekend_spread:g}",
        "Night spread (per FTE)": f"{kpis.night_spread:g}",
        "Changes from published rota": str(kpis.changes_from_published),
    }
    rows.update(extra or {})
    for key, value in rows.items():
        table.add_row(key, value)
    console.print(table)


def conflicts_table(console: Console, conflicts: list[Conflict]) -> None:
    console.print("[bold red]No rota is possible: these rules contradict each other.[/]")
    if not conflicts:
        console.print("The conflict could not be narrowed down in the time allowed; check fixed assignments.")
        return
    table = Table(header_style="bold red")
    table.add_column("Rule", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("What cannot hold together")
    for c in conflicts:
        table.add_row(c.rule, c.date.isoformat() if c.date else "", c.message)
    console.print(table)
    console.print("Change or remove one of these (often a fixed assignment) and solve again.")


def demand_table(console: Console, demand: Demand, summary: bool) -> None:
    table = Table(title="Staffing levels from dependency", header_style="bold")
    for column in ("Date", "Shift", "Unit", "Residents", "Care hours", "Care staff", "Also required", "Working"):
        table.add_column(column, no_wrap=column not in ("Working",))
    first_day = demand.unit_shifts[0].day if demand.unit_shifts else 0
    for d in demand.unit_shifts:
        if summary and d.day != first_day:
            continue
        extras = [f"{r.minimum} {r.target}" for r in d.requirements if r.kind != "care_staff"]
        working = next(r.working for r in d.requirements if r.kind == "care_staff")
        table.add_row(d.date.isoformat(), d.shift, d.unit, str(d.residents), f"{d.care_hours:g}",
                      str(d.care_staff_needed), ", ".join(extras), working)
    console.print(table)
    home = [r for r in demand.home_requirements if not summary or r.day == first_day]
    if home:
        by_shift: dict[tuple[str, str], list[str]] = defaultdict(list)
        for r in home:
            by_shift[(r.date.isoformat(), r.shift)].append(f"{r.minimum} {r.target}")
        console.print("Whole home: " + "; ".join(f"{d} {s}: {', '.join(v)}" for (d, s), v in by_shift.items()))
    if summary:
        console.print("[dim](first day shown; residents present and demand are recomputed for every day)[/]")


STATUS_STYLE = {"valid": "green", "due_soon": "yellow", "overdue": "bold red", "missing": "bold red"}


def compliance_items_table(console: Console, items: list, title: str) -> None:
    """Per person and item: status, due date and the detail behind it."""
    table = Table(title=title, header_style="bold")
    for column in ("Name", "Role", "Home", "Item", "Status", "Due", "Detail"):
        table.add_column(column, no_wrap=column not in ("Detail", "Item"))
    for i in items:
        style = STATUS_STYLE[i.status.value]
        table.add_row(i.name, i.role, i.home_id, i.label, f"[{style}]{i.status.label}[/]",
                      i.due.isoformat() if i.due else "", i.detail)
    console.print(table)


def compliance_summary_table(console: Console, summary) -> None:
    """Counts by status for each course, supervision, appraisal and check, with the share compliant."""
    from rota.compliance.due_dates import Status

    table = Table(title="Summary", header_style="bold")
    for column in ("Area", "Item", *(s.label for s in Status), "Compliant"):
        table.add_column(column, justify="left" if column in ("Area", "Item") else "right", no_wrap=True)
    for (area, item), counts in summary.by_item.items():
        share = summary.compliance(area, item)
        table.add_row(area.value, summary.labels[(area, item)], *(str(counts.get(s, 0)) for s in Status),
                      f"{share:.0f}%" if share is not None else "-")
    table.add_row("[bold]all[/]", "", *(f"[bold]{summary.total.get(s, 0)}[/]" for s in Status),
                  f"[bold]{summary.compliance():.0f}%[/]" if summary.compliance() is not None else "-")
    console.print(table)


def gating_table(console: Console, reasons: list) -> None:
    """What the HR records changed before solving: who is kept off, which competences stopped counting."""
    if not reasons:
        console.print("[green]HR records: every person and competence on this rota is evidenced.[/]")
        return
    table = Table(title="Gated by HR records", header_style="bold")
    for column in ("Staff", "Effect", "From", "To", "Why"):
        table.add_column(column, no_wrap=column != "Why")
    for r in reasons:
        effect = r.kind.value.replace("_", " ") + ("" if r.blocking else " (flag)")
        table.add_row(r.name, effect, r.start.isoformat() if r.start else "", r.end.isoformat() if r.end else "",
                      r.message)
    console.print(table)


def indicators_table(console: Console, indicators) -> None:
    table = Table(title=f"Workforce indicators, 12 months to {indicators.last:%d %b %Y} ({indicators.scope})",
                  header_style="bold")
    for column in ("Indicator", "Value", "RAG", "Working"):
        table.add_column(column, no_wrap=column != "Working")
    for i in indicators.indicators:
        if i.value is None:
            value = "-"
        elif i.unit == "count":
            value = f"{i.value:,.0f}"
        else:
            value = f"{i.value:,.1f}{'%' if i.unit == '%' else ' ' + i.unit}"
        rag = f"[{RAG_STYLE[i.rag]}]{i.rag.value.upper()}[/]" if i.rag else "[dim]not rated[/]"
        table.add_row(i.title, value, rag, i.working)
    console.print(table)


def _number(value: float) -> str:
    """1,234.5 rather than 1234.50; whole numbers without decimals."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


VERDICT_STYLE = {"better": "green", "worse": "red", "same": "dim", "different": "yellow"}


def comparison_table(console: Console, comparison, title: str) -> None:
    """Base and what-if figures side by side, the change coloured by whether it is better or worse."""
    table = Table(title=f"What if: {title}", header_style="bold")
    for column, justify in (("Measure", "left"), ("Base", "right"), ("What-if", "right"), ("Change", "right"),
                            ("", "left")):
        table.add_column(column, justify=justify)
    for row in comparison.rows:
        style = VERDICT_STYLE[row.verdict]
        sign = "+" if row.delta > 0 else ""
        table.add_row(row.label, _number(row.base), _number(row.scenario),
                      f"[{style}]{sign}{_number(row.delta)}[/]", f"[{style}]{row.verdict}[/]")
    console.print(table)


REPAIR_STYLE = {"Off": "red", "Move": "yellow", "Call in": "cyan", "Stand down": "yellow",
                "Agency or overtime needed": "bold red", "No longer fixed": "yellow"}


def repair_lines(console: Console, lines: list[str]) -> None:
    """The repair diff, one line per action, coloured by kind."""
    table = Table(title="Sickness repair", header_style="bold", show_header=False)
    table.add_column("What", no_wrap=True)
    table.add_column("Detail")
    for line in lines:
        kind, sep, detail = line.partition(": ")
        if sep and kind in REPAIR_STYLE:
            table.add_row(f"[{REPAIR_STYLE[kind]}]{kind}[/]", detail)
        else:
            table.add_row("", line)
    console.print(table)
