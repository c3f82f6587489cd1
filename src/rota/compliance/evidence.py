"""The evidence report for an inspection: a printable HTML page (Jinja2 template shipped with the package).

Each indicator with its value, RAG, trend chart (inline SVG, so it prints and needs no script), the
working behind the number and the CQC quality statements and KLOEs it evidences; then the lists of
what is overdue or missing, which is what an inspector asks for next.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from rota.compliance.due_dates import Area, ComplianceIndex, ComplianceItem, Status, summarise
from rota.compliance.indicators import (
    Indicator,
    IndicatorSet,
    Point,
    Workforce,
    bradford_factors,
    by_home,
    indicator_set,
)
from rota.compliance.policy import CompliancePolicy, RagThreshold
from rota.compliance.records import ComplianceData
from rota.domain.core import RagRating

RAG_COLOURS = {RagRating.GREEN: "#2e7d32", RagRating.AMBER: "#f9a825", RagRating.RED: "#c62828", None: "#757575"}


def trend_svg(points: tuple[Point, ...], threshold: RagThreshold | None, unit: str, width: int = 240,
              height: int = 70) -> Markup:
    """A small line chart of the trend with the amber and green thresholds as dashed lines."""
    values = [p.value for p in points if p.value is not None]
    if not values:
        return Markup('<svg class="chart" width="%d" height="%d" role="img" aria-label="no data">'
                      '<text x="4" y="%d" font-size="11" fill="#757575">no data</text></svg>') % (width, height,
                                                                                                    height // 2)
    lines = [threshold.green, threshold.amber] if threshold is not None else []
    low, high = min(values + lines + [0.0]), max(values + lines)
    span = (high - low) or 1.0
    pad_left, pad_bottom, pad_top = 30, 14, 6
    plot_w, plot_h = width - pad_left - 6, height - pad_bottom - pad_top
    step = plot_w / max(1, len(points) - 1)

    def y(value: float) -> float:
        return pad_top + plot_h * (1 - (value - low) / span)

    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="trend">']
    for level, colour in zip(lines, ("#2e7d32", "#f9a825"), strict=False):
        parts.append(f'<line x1="{pad_left}" x2="{width - 6}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
                     f'stroke="{colour}" stroke-dasharray="3,3" stroke-width="1"/>')
    coords = [(pad_left + i * step, y(p.value), p) for i, p in enumerate(points) if p.value is not None]
    parts.append('<polyline fill="none" stroke="#1f4e79" stroke-width="1.5" points="'
                 + " ".join(f"{x:.1f},{yy:.1f}" for x, yy, _ in coords) + '"/>')
    for x, yy, p in coords:
        parts.append(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="2.5" fill="{RAG_COLOURS[p.rag]}">'
                     f'<title>{p.month:%b %Y}: {_number(p.value)}{escape(_unit(unit))}</title></circle>')
    parts.append(f'<text x="{pad_left - 3}" y="{y(high) + 4:.1f}" font-size="9" text-anchor="end">'
                 f'{_number(high)}</text>')
    parts.append(f'<text x="{pad_left - 3}" y="{y(low):.1f}" font-size="9" text-anchor="end">{_number(low)}</text>')
    parts.append(f'<text x="{pad_left}" y="{height - 2}" font-size="9">{points[0].month:%b %y}</text>')
    parts.append(f'<text x="{width - 6}" y="{height - 2}" font-size="9" text-anchor="end">'
                 f'{points[-1].month:%b %y}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"


def _unit(unit: str) -> str:
    return "%" if unit == "%" else "" if unit == "count" else f" {unit}"


@dataclass(frozen=True)
class EvidenceReport:
    indicators: IndicatorSet
    overdue: dict[Area, list[ComplianceItem]]
    html: str


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("rota.compliance", "templates"), autoescape=select_autoescape(),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = _number
    env.filters["unit"] = _unit
    return env


def evidence_report(data: ComplianceData, month_end: date, policy: CompliancePolicy | None = None,
                    home_id: str | None = None, title: str | None = None) -> EvidenceReport:
    """Indicators for the 12 months to `month_end` and what is overdue on that day, rendered as HTML."""
    policy = policy or CompliancePolicy()
    scoped = data.for_home(home_id)
    indicators = indicator_set(scoped, month_end, policy)
    index = ComplianceIndex(scoped, policy)
    items = index.items(month_end)
    overdue: dict[Area, list[ComplianceItem]] = defaultdict(list)
    for item in items:
        if item.status in (Status.OVERDUE, Status.MISSING):
            overdue[item.area].append(item)
    due_soon = [i for i in items if i.status == Status.DUE_SOON]
    by_statement: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators.indicators:
        for statement in indicator.statements:
            by_statement[str(statement)].append(indicator)
    bradford = [b for b in bradford_factors(Workforce(scoped, policy), month_end) if b.rag != RagRating.GREEN]
    homes = by_home(scoped, month_end, policy) if home_id is None and len(scoped.homes) > 1 else []
    charts = {i.id: trend_svg(i.trend, policy.thresholds.get(i.id), i.unit) for i in indicators.indicators}
    html = _environment().get_template("evidence.html.j2").render(
        title=title or f"Workforce evidence: {home_id or 'all homes'}",
        scope=home_id or "all homes", month=month_end, first=indicators.first, indicators=indicators.indicators,
        charts=charts, overdue={a: overdue.get(a, []) for a in Area}, due_soon=due_soon,
        summary=summarise(items), statuses=list(Status), areas=list(Area), by_statement=dict(by_statement),
        bradford=bradford, policy=policy, homes=homes,
        generated=datetime.now().strftime("%d %b %Y %H:%M"),
    )
    return EvidenceReport(indicators, dict(overdue), html)
