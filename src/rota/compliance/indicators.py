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

from rota.compliance.cqc import MAPPING, Kloe, QualityStatement
from rota.compliance.dates import add_months, month_ends, rolling_year_start
from rota.compliance.due_dates import Area, ComplianceIndex, Status
from rota.compliance.policy import CompliancePolicy
from rota.compliance.records import ComplianceData, Employment
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
    """One home's (or the provider's) records with the lookups every indicator needs."""

    def __init__(self, data: ComplianceData, policy: CompliancePolicy) -> None:
        self.data = data
        self.policy = policy
        self.index = ComplianceIndex(data, policy)
        self.counted = [e for e in data.staff
                        if e.employment == EmploymentType.PERMANENT or policy.count_bank_in_workforce]
        self.homes = sorted({e.home_id for e in data.staff} | {p.home_id for p in data.posts}
                            | {m.home_id for m in data.managers} | {r.home_id for r in data.staffing_reviews})
        self._in_post: dict[date, list[Employment]] = {}

    def in_post(self, day: date) -> list[Employment]:
        if day not in self._in_post:
            self._in_post[day] = self.index.in_post(day)
        return self._in_post[day]

    def headcount_at_close(self, day: date) -> int:
        return sum(1 for e in self.counted if e.in_post_at_close(day))

    def fte_at_close(self, day: date) -> float:
        return sum(e.fte for e in self.data.staff if e.in_post_at_close(day))


def _pct(numerator: float, denominator: float) -> float | None:
    return 100 * numerator / denominator if denominator else None


def _fmt(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".")


# --- flows over a window ---------------------------------------------------------------------------------------


def turnover(w: Workforce, first: date, last: date) -> Measure:
    at_start = w.headcount_at_close(first - timedelta(days=1))
    at_end = w.headcount_at_close(last)
    leavers = [e for e in w.counted if e.leave_date is not None and first <= e.leave_date <= last]
    average = (at_start + at_end) / 2
    reasons = Counter(e.leave_reason or "not recorded" for e in leavers)
    return Measure(_pct(len(leavers), average),
                   f"{len(leavers)} leavers / average {_fmt(average)} in post ({at_start} at start, {at_end} at end)",
                   tuple((reason, str(n)) for reason, n in reasons.most_common()))


def stability(w: Workforce, first: date, last: date) -> Measure:
    before = first - timedelta(days=1)
    then = [e for e in w.counted if e.in_post_at_close(before)]
    stayed = sum(1 for e in then if e.in_post_at_close(last))
    return Measure(_pct(stayed, len(then)), f"{stayed} of {len(then)} in post at the start still in post")


def early_leavers(w: Workforce, first: date, last: date) -> Measure:
    leavers = [e for e in w.counted if e.leave_date is not None and first <= e.leave_date <= last]
    early = [e for e in leavers if e.leave_date < add_months(e.start, w.policy.early_leaver_months)]
    value = _pct(len(early), len(leavers)) if leavers else 0.0
    return Measure(value, f"{len(early)} of {len(leavers)} leavers left within {w.policy.early_leaver_months} "
                          "months of starting", tuple((e.name, f"{e.start:%d %b %Y} to {e.leave_date:%d %b %Y}")
                                                      for e in early))


def starters(w: Workforce, first: date, last: date) -> Measure:
    joined = [e for e in w.counted if first <= e.start <= last]
    return Measure(float(len(joined)), f"{len(joined)} started")


def sickness_days_per_fte(w: Workforce, first: date, last: date) -> Measure:
    days = sum(a.days_within(first, last) for a in w.data.absences)
    fte = (w.fte_at_close(first - timedelta(days=1)) + w.fte_at_close(last)) / 2
    value = days / fte if fte else None
    return Measure(value, f"{_fmt(days)} days lost / average {_fmt(fte)} FTE")


def agency_share(w: Workforce, first: date, last: date) -> Measure:
    hours = [h for h in w.data.hours if first <= h.week_start <= last]
    agency = sum(h.hours for h in hours if h.employment == EmploymentType.AGENCY)
    total = sum(h.hours for h in hours)
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
    latest: dict[tuple[str, str], object] = {}
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


def bradford_factors(w: Workforce, last: date) -> list[BradfordScore]:
    """S squared x D for each person in post, counting spells that started in the 52 weeks to `last`."""
    first = last - timedelta(weeks=w.policy.bradford_window_weeks) + timedelta(days=1)
    spells: dict[str, list] = {}
    for a in w.data.absences:
        if first <= a.start <= last:
            spells.setdefault(a.staff_id, []).append(a)
    scores = []
    for e in w.in_post(last):
        own = spells.get(e.staff_id, [])
        s, d = len(own), sum(a.days for a in own)
        score = s * s * d
        rag = RagRating.RED if score >= w.policy.bradford_review_trigger else \
            RagRating.AMBER if score >= w.policy.bradford_watch_trigger else RagRating.GREEN
        scores.append(BradfordScore(e.staff_id, e.name, s, d, score, rag))
    return sorted(scores, key=lambda b: (-b.score, b.name))


def bradford(w: Workforce, first: date, last: date) -> Measure:
    scores = bradford_factors(w, last)
    high = [b for b in scores if b.rag == RagRating.RED]
    return Measure(_pct(len(high), len(scores)),
                   f"{len(high)} of {len(scores)} staff at or above {w.policy.bradford_review_trigger}",
                   tuple((b.name, f"{b.spells}\u00b2 x {_fmt(b.days)} = {_fmt(b.score)}") for b in scores
                         if b.rag != RagRating.GREEN))


def _compliant_share(w: Workforce, last: date, area: Area) -> tuple[int, int, Counter, Counter]:
    people = w.in_post(last)
    ok = required = 0
    per_item_ok: Counter = Counter()
    per_item: Counter = Counter()
    for e in people:
        if area == Area.TRAINING:
            items = w.index.training_items(e, last)
        elif area == Area.SUPERVISION:
            items = [w.index.supervision_item(e, last)]
        elif area == Area.APPRAISAL:
            items = [w.index.appraisal_item(e, last)]
        else:
            items = [i for i in w.index.recruitment_items(e, last) if i.item != "probation"]
        if area == Area.RECRUITMENT:
            required += 1
            ok += all(i.status.compliant for i in items)
        for i in items:
            per_item[i.label] += 1
            per_item_ok[i.label] += i.status.compliant
            if area != Area.RECRUITMENT:
                required += 1
                ok += i.status.compliant
    return ok, required, per_item_ok, per_item


def _share_measure(w: Workforce, last: date, area: Area, noun: str) -> Measure:
    ok, required, per_ok, per_all = _compliant_share(w, last, area)
    breakdown = tuple((label, f"{per_ok[label]} of {n} ({_fmt(100 * per_ok[label] / n)}%)")
                      for label, n in sorted(per_all.items()))
    return Measure(_pct(ok, required), f"{ok} of {required} {noun}", breakdown)


def training_compliance(w: Workforce, first: date, last: date) -> Measure:
    return _share_measure(w, last, Area.TRAINING, "required courses in date")


def supervision_compliance(w: Workforce, first: date, last: date) -> Measure:
    return _share_measure(w, last, Area.SUPERVISION, "staff supervised within their interval")


def appraisal_compliance(w: Workforce, first: date, last: date) -> Measure:
    return _share_measure(w, last, Area.APPRAISAL, "staff appraised within the year or not yet due")


def recruitment_checks(w: Workforce, first: date, last: date) -> Measure:
    return _share_measure(w, last, Area.RECRUITMENT, "staff with every check in order")


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
    latest: dict[str, object] = {}
    for r in w.data.staffing_reviews:
        if r.reviewed_on <= last and (r.home_id not in latest or r.reviewed_on > latest[r.home_id].reviewed_on):
            latest[r.home_id] = r
    worst = 0
    lines = []
    for home in w.homes:
        review = latest.get(home)
        if review is None:
            lines.append((home, "no staffing review recorded"))
            worst = max(worst, 9999)
            continue
        due = add_months(review.reviewed_on, w.policy.staffing_review_months)
        overdue = max(0, (last - due).days)
        worst = max(worst, overdue)
        lines.append((home, f"reviewed {review.reviewed_on:%d %b %Y} by {review.reviewed_by}; "
                            + (f"{overdue} days overdue" if overdue else f"next due {due:%d %b %Y}")))
    if worst == 9999:
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


def overdue_items(data: ComplianceData, on: date, policy: CompliancePolicy | None = None,
                  home_id: str | None = None):
    """Everything overdue or missing on `on`, for the evidence report's action lists."""
    index = ComplianceIndex(data.for_home(home_id), policy)
    return [i for i in index.items(on) if i.status in (Status.OVERDUE, Status.MISSING)]
