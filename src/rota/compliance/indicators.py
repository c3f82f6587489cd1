"""Workforce indicators as Skills for Care's workforce data set defines them, with RAG and CQC mapping.

Each indicator is a function of a window [first, last] (both inclusive). The headline value is the
rolling 12 months to the end of the reporting month; the trend is that rolling value at each month end;
the monthly series is the same measure over each single month. Point-in-time indicators (training,
supervision, vacancies, ...) are measured on the window's last day.

Headcounts are taken "at close of day": someone whose last day is 31 March is not in post at the close
of 31 March. Turnover, stability and starters count permanent staff unless the policy says otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from rota.compliance.arrays import Columns, ordinals
from rota.compliance.arrays import add_months as add_months_array
from rota.compliance.cqc import MAPPING, Kloe, QualityStatement
from rota.compliance.dates import add_months, month_ends, rolling_year_start
from rota.compliance.due_dates import ComplianceIndex, Status
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import ComplianceData, Posts, StaffingReview
from rota.domain.core import EmploymentType, RagRating


@dataclass(frozen=True, slots=True)
class Measure:
    value: float | None
    working: str
    breakdown: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Definition:
    id: str
    title: str
    unit: str
    definition: str
    point_in_time: bool = False
    rated: bool = True


DEFINITIONS: tuple[Definition, ...] = (
    Definition("turnover", "Staff turnover", "%",
               "Leavers in the period / average staff in post (start and end) x 100"),
    Definition("stability", "Stability", "%", "Staff in post at the start still in post at the end / staff in post at "
                                               "the start x 100"),
    Definition("early_leavers", "Early leavers", "%", "Leavers within 3 months of starting / all leavers x 100"),
    Definition("starters", "Starters", "count", "People who started in the period (context for turnover)",
               rated=False),
    Definition("vacancy_rate", "Vacancy rate", "%", "Vacant posts / (filled + vacant posts) x 100", point_in_time=True),
    Definition("sickness_days_per_fte", "Sickness days per FTE", "days",
               "Working days lost to sickness / average FTE in post"),
    Definition("bradford", "Staff at the Bradford review trigger", "%",
               "Staff whose Bradford factor (spells squared x days, 52 weeks) reaches the review trigger / staff "
               "in post x 100", point_in_time=True),
    Definition("agency_share", "Agency share of hours", "%", "Agency hours worked / all hours worked x 100"),
    Definition("training_compliance", "Training compliance", "%",
               "Required courses held and in date / courses required x 100", point_in_time=True),
    Definition("supervision_compliance", "Supervision compliance", "%",
               "Staff supervised within their interval / staff requiring supervision x 100", point_in_time=True),
    Definition("appraisal_compliance", "Appraisal compliance", "%",
               "Staff appraised within the last year (or not yet due) / staff in post x 100", point_in_time=True),
    Definition("recruitment_checks", "Recruitment checks complete", "%",
               "Staff with DBS and barred list, right to work, references and (nurses) NMC all in order / staff in "
               "post x 100", point_in_time=True),
    Definition("registered_manager", "Registered manager in post", "%", "Homes with a registered manager in post "
                                                                         "/ homes x 100", point_in_time=True),
    Definition("staffing_review", "Staffing review overdue", "days",
               "Days since the dependency-based staffing review fell due (worst home)", point_in_time=True),
    Definition("rota_published_on_time", "Rotas published on time", "%",
               "Rotas starting in the period published at least the policy's notice before they start / rotas x 100"),
)


@dataclass(frozen=True, slots=True)
class Point:
    month: date
    value: float | None
    rag: RagRating | None


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    definition: str
    value: float | None
    rag: RagRating | None
    working: str
    statements: tuple[QualityStatement, ...]
    kloes: tuple[Kloe, ...]
    threshold_text: str
    trend: tuple[Point, ...] = ()
    monthly: tuple[Point, ...] = ()
    breakdown: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, object]:
        def points(series: tuple[Point, ...]) -> list[dict[str, object]]:
            return [{"month": p.month.strftime("%Y-%m"), "value": p.value, "rag": p.rag.value if p.rag else None}
                    for p in series]

        return {"id": self.id, "title": self.title, "unit": self.unit, "definition": self.definition,
                "value": self.value, "rag": self.rag.value if self.rag else None, "working": self.working,
                "quality_statements": [str(s) for s in self.statements],
                "kloes": [{"code": k.code, "subtopic": k.subtopic} for k in self.kloes],
                "thresholds": self.threshold_text, "trend": points(self.trend), "monthly": points(self.monthly),
                "breakdown": [{"label": a, "value": b} for a, b in self.breakdown]}


@dataclass(frozen=True)
class IndicatorSet:
    scope: str
    """A home id, or 'provider' for every home."""
    first: date
    last: date
    indicators: tuple[Indicator, ...] = field(default=())

    def get(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)


class Workforce:
    """One home's (or the provider's) records as column arrays, with what every indicator looks up."""

    def __init__(self, data: ComplianceData, policy: CompliancePolicy) -> None:
        self.data = data
        self.policy = policy
        self.cols = Columns(data, policy)
        self.homes = sorted({e.home_id for e in data.staff} | {p.home_id for p in data.posts}
                            | {m.home_id for m in data.managers} | {r.home_id for r in data.staffing_reviews})
        self._absences: tuple[np.ndarray, ...] | None = None
        self._hours: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.headline: date | None = None
        """The reporting day: only its measure lists people (the trend needs only the numbers)."""

    def headcount_at_close(self, day: date) -> int:
        return int(np.count_nonzero(self.cols.counted & self.cols.in_post_at_close(day.toordinal())))

    def fte_at_close(self, day: date) -> float:
        return float(self.cols.fte[self.cols.in_post_at_close(day.toordinal())].sum())

    def leavers(self, first: date, last: date) -> np.ndarray:
        c = self.cols
        return np.flatnonzero(c.counted & (c.leave >= first.toordinal()) & (c.leave <= last.toordinal()))

    def absences(self) -> tuple[np.ndarray, ...]:
        """(person, start, end, days lost, calendar days) for every spell."""
        if self._absences is None:
            kept = [a for a in self.data.absences if a.staff_id in self.cols.person_of]
            start, end = ordinals([a.start for a in kept]), ordinals([a.end for a in kept])
            self._absences = (np.fromiter((self.cols.person_of[a.staff_id] for a in kept), np.int64, len(kept)),
                              start, end, np.fromiter((a.days for a in kept), float, len(kept)), end - start + 1)
        return self._absences

    def hours(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Week starts (sorted) with cumulative all-hours and agency-hours sums, for O(log n) windows."""
        if self._hours is None:
            rows = sorted(self.data.hours, key=lambda h: h.week_start)
            weeks = ordinals([h.week_start for h in rows])
            hours = np.fromiter((h.hours for h in rows), float, len(rows))
            agency = np.fromiter((h.hours if h.employment == EmploymentType.AGENCY else 0.0 for h in rows), float,
                                 len(rows))
            self._hours = (weeks, np.concatenate([[0.0], np.cumsum(hours)]), np.concatenate([[0.0], np.cumsum(agency)]))
        return self._hours


def _pct(numerator: float, denominator: float) -> float | None:
    return 100 * numerator / denominator if denominator else None


def _fmt(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".")


def _day(ordinal: int) -> str:
    return f"{date.fromordinal(int(ordinal)):%d %b %Y}"


# --- flows over a window ---------------------------------------------------------------------------------------


def turnover(w: Workforce, first: date, last: date) -> Measure:
    at_start = w.headcount_at_close(first - timedelta(days=1))
    at_end = w.headcount_at_close(last)
    leavers = w.leavers(first, last)
    average = (at_start + at_end) / 2
    reasons = Counter(w.data.staff[i].leave_reason or "not recorded" for i in leavers)
    return Measure(_pct(len(leavers), average),
                   f"{len(leavers)} leavers / average {_fmt(average)} in post ({at_start} at start, {at_end} at end)",
                   tuple((reason, str(n)) for reason, n in reasons.most_common()))


def stability(w: Workforce, first: date, last: date) -> Measure:
    c = w.cols
    then = c.counted & c.in_post_at_close((first - timedelta(days=1)).toordinal())
    stayed = int(np.count_nonzero(then & c.in_post_at_close(last.toordinal())))
    total = int(np.count_nonzero(then))
    return Measure(_pct(stayed, total), f"{stayed} of {total} in post at the start still in post")


def early_leavers(w: Workforce, first: date, last: date) -> Measure:
    c = w.cols
    leavers = w.leavers(first, last)
    cutoff = add_months_array(c.start[leavers], w.policy.early_leaver_months) if len(leavers) else leavers
    early = leavers[c.leave[leavers] < cutoff]
    value = _pct(len(early), len(leavers)) if len(leavers) else 0.0
    return Measure(value, f"{len(early)} of {len(leavers)} leavers left within {w.policy.early_leaver_months} "
                          "months of starting",
                   tuple((w.data.staff[i].name, f"{_day(c.start[i])} to {_day(c.leave[i])}") for i in early))


def starters(w: Workforce, first: date, last: date) -> Measure:
    c = w.cols
    joined = int(np.count_nonzero(c.counted & (c.start >= first.toordinal()) & (c.start <= last.toordinal())))
    return Measure(float(joined), f"{joined} started")


def sickness_days_per_fte(w: Workforce, first: date, last: date) -> Measure:
    _, start, end, days, calendar = w.absences()
    overlap = np.clip(np.minimum(end, last.toordinal()) - np.maximum(start, first.toordinal()) + 1, 0, None)
    lost = float((days * overlap / np.maximum(calendar, 1)).sum())
    fte = (w.fte_at_close(first - timedelta(days=1)) + w.fte_at_close(last)) / 2
    return Measure(lost / fte if fte else None, f"{_fmt(lost)} days lost / average {_fmt(fte)} FTE")


def agency_share(w: Workforce, first: date, last: date) -> Measure:
    weeks, all_hours, agency_hours = w.hours()
    lo = int(np.searchsorted(weeks, first.toordinal(), side="left"))
    hi = int(np.searchsorted(weeks, last.toordinal(), side="right"))
    agency, total = agency_hours[hi] - agency_hours[lo], all_hours[hi] - all_hours[lo]
    return Measure(_pct(agency, total), f"{_fmt(agency)} agency hours of {_fmt(total)} worked")


def rota_published_on_time(w: Workforce, first: date, last: date) -> Measure:
    rotas = [r for r in w.data.rota_publications if first <= r.starts <= last]
    late = [r for r in rotas if r.notice_days < w.policy.rota_publish_min_days]
    on_time = len(rotas) - len(late)
    return Measure(_pct(on_time, len(rotas)),
                   f"{on_time} of {len(rotas)} rotas published at least {w.policy.rota_publish_min_days} days ahead"
                   if rotas else "no rota publications recorded",
                   tuple((f"rota from {r.starts:%d %b %Y}", f"published {r.notice_days} days ahead") for r in late))


# --- points in time (the window's last day) --------------------------------------------------------------------


def vacancy_rate(w: Workforce, first: date, last: date) -> Measure:
    latest: dict[tuple[str, str], Posts] = {}
    for p in w.data.posts:
        key = (p.home_id, p.role)
        if p.as_of <= last and (key not in latest or p.as_of > latest[key].as_of):
            latest[key] = p
    filled = sum(p.filled for p in latest.values())
    vacant = sum(p.vacant for p in latest.values())
    by_role: Counter = Counter()
    for (_, role), p in latest.items():
        by_role[role] += p.vacant
    return Measure(_pct(vacant, filled + vacant), f"{_fmt(vacant)} vacant of {_fmt(filled + vacant)} posts"
                   if latest else "no posts recorded", tuple((role, _fmt(n)) for role, n in sorted(by_role.items())))


@dataclass(frozen=True, slots=True)
class BradfordScore:
    staff_id: str
    name: str
    spells: int
    days: float
    score: float
    rag: RagRating


def _bradford_arrays(w: Workforce, last: date) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rows in post, spells, days, score) with spells that started in the window of weeks to `last`."""
    first = (last - timedelta(weeks=w.policy.bradford_window_weeks) + timedelta(days=1)).toordinal()
    person, start, _, days, _ = w.absences()
    inside = (start >= first) & (start <= last.toordinal())
    people = len(w.cols.person_of)
    spells = np.bincount(person[inside], minlength=people)
    lost = np.bincount(person[inside], weights=days[inside], minlength=people)
    rows = np.flatnonzero(w.cols.employed(last.toordinal()))
    s, d = spells[w.cols.row_person[rows]], lost[w.cols.row_person[rows]]
    return rows, s, d, s * s * d


def bradford_factors(w: Workforce, last: date) -> list[BradfordScore]:
    """S squared x D for each person in post, counting spells that started in the 52 weeks to `last`."""
    rows, spells, days, scores = _bradford_arrays(w, last)
    result = []
    for row, s, d, score in zip(rows, spells, days, scores, strict=True):
        rag = RagRating.RED if score >= w.policy.bradford_review_trigger else \
            RagRating.AMBER if score >= w.policy.bradford_watch_trigger else RagRating.GREEN
        e = w.data.staff[row]
        result.append(BradfordScore(e.staff_id, e.name, int(s), float(d), float(score), rag))
    return sorted(result, key=lambda b: (-b.score, b.name))


def bradford(w: Workforce, first: date, last: date) -> Measure:
    rows, _, _, scores = _bradford_arrays(w, last)
    high = int(np.count_nonzero(scores >= w.policy.bradford_review_trigger))
    watch = [b for b in bradford_factors(w, last) if b.rag != RagRating.GREEN] if last == w.headline else []
    return Measure(_pct(high, len(rows)), f"{high} of {len(rows)} staff at or above {w.policy.bradford_review_trigger}",
                   tuple((b.name, f"{b.spells}\u00b2 x {_fmt(b.days)} = {_fmt(b.score)}") for b in watch))


def _share(ok: int, required: int, noun: str, parts: list[tuple[str, int, int]]) -> Measure:
    breakdown = tuple((label, f"{n_ok} of {n} ({_fmt(100 * n_ok / n)}%)") for label, n_ok, n in parts if n)
    return Measure(_pct(ok, required), f"{ok} of {required} {noun}", breakdown)


def training_compliance(w: Workforce, first: date, last: date) -> Measure:
    ok, required, labels = w.cols.training(last.toordinal())
    parts = sorted(zip(labels, ok.tolist(), required.tolist(), strict=True))
    return _share(int(ok.sum()), int(required.sum()), "required courses in date", parts)


def supervision_compliance(w: Workforce, first: date, last: date) -> Measure:
    ok, required = w.cols.supervised(last.toordinal())
    return _share(ok, required, "staff supervised within their interval", [])


def appraisal_compliance(w: Workforce, first: date, last: date) -> Measure:
    ok, required = w.cols.appraised(last.toordinal())
    return _share(ok, required, "staff appraised within the year or not yet due", [])


def recruitment_checks(w: Workforce, first: date, last: date) -> Measure:
    ok, required, per_check = w.cols.recruitment(last.toordinal())
    return _share(ok, required, "staff with every check in order",
                  [(label, n_ok, n) for label, (n_ok, n) in per_check.items()])


def registered_manager(w: Workforce, first: date, last: date) -> Measure:
    if not w.homes:
        return Measure(None, "no homes recorded")
    with_manager = {m.home_id: m for m in w.data.managers if m.in_post_on(last)}
    lines = tuple((home, f"{with_manager[home].name} (registered {with_manager[home].registered_from:%d %b %Y})"
                   if home in with_manager else "no registered manager") for home in w.homes)
    return Measure(_pct(len(with_manager), len(w.homes)), f"{len(with_manager)} of {len(w.homes)} homes", lines)


def staffing_review(w: Workforce, first: date, last: date) -> Measure:
    if not w.homes:
        return Measure(None, "no homes recorded")
    latest: dict[str, StaffingReview] = {}
    for r in w.data.staffing_reviews:
        if r.reviewed_on <= last and (r.home_id not in latest or r.reviewed_on > latest[r.home_id].reviewed_on):
            latest[r.home_id] = r
    worst = 0
    missing = False
    lines = []
    for home in w.homes:
        review = latest.get(home)
        if review is None:
            lines.append((home, "no staffing review recorded"))
            missing = True
            continue
        due = add_months(review.reviewed_on, w.policy.staffing_review_months)
        overdue = max(0, (last - due).days)
        worst = max(worst, overdue)
        lines.append((home, f"reviewed {review.reviewed_on:%d %b %Y} by {review.reviewed_by}; "
                            + (f"{overdue} days overdue" if overdue else f"next due {due:%d %b %Y}")))
    if missing:
        return Measure(None, "a home has no staffing review recorded", tuple(lines))
    return Measure(float(worst), "worst home " + (f"{worst} days overdue" if worst else "in date"), tuple(lines))


MEASURES: dict[str, Callable[[Workforce, date, date], Measure]] = {
    "turnover": turnover, "stability": stability, "early_leavers": early_leavers, "starters": starters,
    "vacancy_rate": vacancy_rate, "sickness_days_per_fte": sickness_days_per_fte, "bradford": bradford,
    "agency_share": agency_share, "training_compliance": training_compliance,
    "supervision_compliance": supervision_compliance, "appraisal_compliance": appraisal_compliance,
    "recruitment_checks": recruitment_checks, "registered_manager": registered_manager,
    "staffing_review": staffing_review, "rota_published_on_time": rota_published_on_time,
}

NEVER_RATED_AS_GREEN_WHEN_MISSING = {"staffing_review", "registered_manager"}


def _rate(definition: Definition, policy: CompliancePolicy, value: float | None) -> RagRating | None:
    if not definition.rated:
        return None
    if value is None:
        return RagRating.RED if definition.id in NEVER_RATED_AS_GREEN_WHEN_MISSING else None
    return policy.threshold(definition.id).rate(value)


def _threshold_text(definition: Definition, policy: CompliancePolicy) -> str:
    if not definition.rated:
        return "not rated (context)"
    t = policy.threshold(definition.id)
    better, worse = (">=", "<") if t.higher_is_better else ("<=", ">")
    unit = "%" if definition.unit == "%" else f" {definition.unit}"
    return f"green {better} {_fmt(t.green)}{unit}, amber {better} {_fmt(t.amber)}{unit}, red {worse} " \
           f"{_fmt(t.amber)}{unit}. Source: {t.source}"


def indicator_set(data: ComplianceData, month_end: date, policy: CompliancePolicy | None = None,
                  home_id: str | None = None, months: int = 12,
                  only: tuple[str, ...] | None = None) -> IndicatorSet:
    """Every indicator for the 12 months to `month_end`, with its trend and monthly series over `months` months."""
    policy = policy or CompliancePolicy()
    w = Workforce(data.for_home(home_id), policy)
    w.headline = month_end
    first = rolling_year_start(month_end)
    ends = month_ends(month_end, months)
    result = []
    for d in DEFINITIONS:
        if only is not None and d.id not in only:
            continue
        measure_fn = MEASURES[d.id]
        headline = measure_fn(w, first, month_end)
        trend, monthly = [], []
        for end in ends:
            rolling = headline if end == month_end else measure_fn(w, rolling_year_start(end), end)
            trend.append(Point(end, rolling.value, _rate(d, policy, rolling.value)))
            if d.point_in_time:
                monthly.append(trend[-1])
            else:
                single = measure_fn(w, end.replace(day=1), end).value
                monthly.append(Point(end, single, None))
        statements, kloes = MAPPING[d.id]
        result.append(Indicator(d.id, d.title, d.unit, d.definition, headline.value, _rate(d, policy, headline.value),
                                headline.working, statements, kloes, _threshold_text(d, policy), tuple(trend),
                                tuple(monthly), headline.breakdown))
    return IndicatorSet(home_id or "provider", first, month_end, tuple(result))


def by_home(data: ComplianceData, month_end: date, policy: CompliancePolicy | None = None) -> list[IndicatorSet]:
    """Each home's headline indicators for the 12 months to `month_end` (no trend), for a provider's comparison."""
    return [indicator_set(data, month_end, policy, home_id=home, months=1) for home in data.homes]


def overdue_items(data: ComplianceData, on: date, policy: CompliancePolicy | None = None,
                  home_id: str | None = None):
    """Everything overdue or missing on `on`, for the evidence report's action lists."""
    index = ComplianceIndex(data.for_home(home_id), policy)
    return [i for i in index.items(on) if i.status in (Status.OVERDUE, Status.MISSING)]
