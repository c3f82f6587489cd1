"""Generate the sample rota scenarios in this folder.

Deterministic: every random choice comes from `random.Random(SEED)` (one stream
per home), so re-running the script rewrites byte-identical files. Uses only the
standard library and the `rota` package (to validate the files and to print a
calibration table of demand against staff supply).

    .venv/bin/python sample_rotas/generate.py          # write files, print calibration
    .venv/bin/python sample_rotas/generate.py --check  # only check the files are up to date

The homes, people and residents are fictional.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rota.domain.scenario import Scenario
from rota.staffing.requirements import RequirementKind, compute_demand

HERE = Path(__file__).resolve().parent
SEED = 20261123
START = date(2026, 11, 23)  # a Monday

# --------------------------------------------------------------------------------------
# Shared reference data: shifts, roles, skills and the provider's dependency tool
# --------------------------------------------------------------------------------------

SHIFT_TYPES: list[dict[str, Any]] = [
    # care_share: mornings carry the most personal care (getting up, washing, breakfast,
    # medication round), lates less, nights a fifth. Shares sum to 1.
    {"code": "E", "name": "Early", "start": "07:00", "end": "15:00", "paid_minutes": 450,
     "care_share": 0.45},
    {"code": "L", "name": "Late", "start": "14:00", "end": "22:00", "paid_minutes": 450,
     "care_share": 0.35},
    {"code": "N", "name": "Night", "start": "21:45", "end": "07:15", "paid_minutes": 540,
     "night": True, "care_share": 0.2},
]

ROLES: list[dict[str, Any]] = [
    {"id": "rn", "name": "Registered nurse", "registered_nurse": True, "care_staff": False},
    {"id": "senior", "name": "Senior carer", "senior": True},
    {"id": "carer", "name": "Care assistant"},
]

SKILLS: list[dict[str, str]] = [
    {"id": "medication", "name": "Medication administration (competency assessed)"},
    {"id": "moving_assisting", "name": "Moving and assisting people (hoist)"},
    {"id": "first_aid", "name": "First aid / basic life support"},
    {"id": "fire_marshal", "name": "Fire marshal"},
    {"id": "peg_feeding", "name": "PEG feeding"},
    {"id": "dementia_care", "name": "Dementia care (Tier 2)"},
]

# The provider group's own dependency tool (the same in all its homes). With the product's
# built-in defaults (1.5 / 2.75 / 4 / 5.5 h a day by band) Sunnyside's residents would need
# 16-18 care staff plus a nurse on the early and 8 at night: about 3.55 direct-care hours per
# resident-day, well above what 60-bed homes run (about 8-12 care staff and 1-2 nurses on an
# early, 4-6 at night). These figures give about 2.45 direct-care hours per resident-day
# (2.8 with the indirect allowance) and at Sunnyside 12 care staff + 1 nurse on the early,
# 10 + 1 on the late and 6 + 1 at night.
DEPENDENCY_TOOL: dict[str, Any] = {
    "hours_per_day": {
        "independent": 0.5,
        "low": 1.0,
        "medium": 2.0,
        "high": 2.5,
        "very_high": 3.5,
    },
    "nursing_needs_extra_hours": 0.5,
    "end_of_life_extra_hours": 2.0,
    "indirect_allowance": 0.15,
    "productivity": 0.85,
}

SHIFT_PAID_HOURS = {t["code"]: t["paid_minutes"] / 60 for t in SHIFT_TYPES}
NIGHT_CODES = {t["code"] for t in SHIFT_TYPES if t.get("night")}
DAY_CODES = [t["code"] for t in SHIFT_TYPES if not t.get("night")]

# Barthel score ranges that map onto each band (rota.domain.resident.band_from_barthel).
BARTHEL_RANGE = {
    "very_high": (5, 20),
    "high": (25, 60),
    "medium": (65, 90),
    "low": (91, 99),
    "independent": (100, 100),
}

MANAGER = "Helen Carter (registered manager)"
DEPUTY = "Michael Adeyemi (deputy manager)"

# Names by background, roughly in proportion to the English adult social care workforce
# (mostly British, with many colleagues from Europe, Africa, the Philippines and South Asia).
# Each entry: (weight, women's first names, men's first names, surnames).
NAME_GROUPS: list[tuple[int, list[str], list[str], list[str]]] = [
    (50,
     ["Amelia", "Olivia", "Grace", "Sophie", "Chloe", "Emily", "Jessica", "Hannah", "Lauren",
      "Charlotte", "Megan", "Rebecca", "Natalie", "Gemma", "Kerry", "Donna", "Tracey", "Julie",
      "Sandra", "Karen", "Paula", "Lisa", "Michelle", "Claire", "Joanne", "Rachel", "Nicola",
      "Zoe", "Leanne", "Stacey", "Bethany", "Ellie", "Holly", "Jade", "Kirsty", "Siobhan",
      "Bridget", "Carol", "Denise", "Wendy"],
     ["James", "Daniel", "Thomas", "Ryan", "Liam", "Connor", "Jordan", "Adam", "Mark", "Paul",
      "Lee", "Craig", "Gareth", "Rhys", "Owen", "Kieran", "Dylan", "Stephen"],
     ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
      "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
      "Wood", "Jackson", "Clarke", "Hughes", "Lewis", "Harrison", "Turner", "Cooper", "Hill",
      "Ward", "Morgan", "Baker", "O'Brien", "Murphy", "Kelly", "Doyle", "Fraser", "Campbell",
      "Stewart", "Reid", "Pritchard", "Griffiths", "Price", "Lloyd", "Marsh", "Holmes"]),
    (8,
     ["Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Monika", "Ewelina"],
     ["Tomasz", "Piotr", "Krzysztof"],
     ["Nowak", "Wojcik", "Kowalczyk", "Mazur", "Krawczyk", "Wozniak", "Pawlak"]),
    (7,
     ["Ioana", "Andreea", "Elena", "Mihaela", "Daniela", "Alina"],
     ["Marius", "Andrei", "Florin"],
     ["Popescu", "Ionescu", "Stan", "Dumitru", "Constantin", "Moldovan"]),
    (12,
     ["Chiamaka", "Ngozi", "Funmilayo", "Blessing", "Adaeze", "Folasade", "Abena", "Akosua",
      "Esther", "Comfort"],
     ["Chinedu", "Emeka", "Oluwaseun", "Kwame", "Kofi", "Samuel"],
     ["Okafor", "Okonkwo", "Adebayo", "Oyelaran", "Eze", "Mensah", "Boateng", "Asante",
      "Adeyemi", "Nwosu", "Owusu"]),
    (6,
     ["Tendai", "Rutendo", "Chipo", "Nyasha", "Tatenda", "Rumbidzai"],
     ["Tafadzwa", "Farai", "Tinashe"],
     ["Moyo", "Ncube", "Chikwanha", "Mutasa", "Sibanda", "Dube"]),
    (8,
     ["Maricel", "Rowena", "Jocelyn", "Liza", "Maria", "Cristina", "Rosalie"],
     ["Jomar", "Reynaldo", "Mark Anthony"],
     ["Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Garcia", "Mendoza", "Villanueva"]),
    (5,
     ["Priya", "Anjali", "Deepa", "Harpreet", "Simran", "Pooja"],
     ["Rajesh", "Arjun", "Sanjay"],
     ["Patel", "Shah", "Sharma", "Mistry", "Gill", "Sandhu"]),
    (4,
     ["Aisha", "Fatima", "Sadia", "Nusrat", "Shabana", "Rukhsana"],
     ["Imran", "Bilal", "Tariq"],
     ["Khan", "Hussain", "Begum", "Ahmed", "Mahmood", "Rahman", "Akhtar"]),
    (4,
     ["Anitha", "Mini", "Jincy", "Jisha", "Sheeba", "Reshma"],
     ["Jibin", "Shibu", "Anoop"],
     ["Nair", "Varghese", "George", "Joseph", "Thomas", "Mathew", "Kurian"]),
]


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------

def iso(d: date) -> str:
    return d.isoformat()


def day(n: int) -> date:
    """Date of day n of the horizon (0 = Monday 23 Nov 2026)."""
    return START + timedelta(days=n)


class NamePool:
    """Unique, plausible names: first name and surname from the same background, about four
    in five women (as in the care workforce), and no surname used more than twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.used_first: set[str] = set()
        self.used_last: dict[str, int] = defaultdict(int)

    def take(self) -> str:
        weights = [g[0] for g in NAME_GROUPS]
        while True:
            _, women, men, surnames = self.rng.choices(NAME_GROUPS, weights=weights)[0]
            first = self.rng.choice(women if self.rng.random() < 0.8 else men)
            last = self.rng.choice(surnames)
            if first in self.used_first or self.used_last[last] >= 2:
                continue
            self.used_first.add(first)
            self.used_last[last] += 1
            return f"{first} {last}"


@dataclass
class Person:
    """Spec of one staff member before it becomes JSON."""

    role: str
    home: str
    units: list[str]
    hours: float
    pattern: str  # "D" day only, "N" night only, "B" both
    employment: str = "permanent"
    max_hours: float | None = None
    skills: dict[str, str | None] = field(default_factory=dict)  # skill -> expiry (ISO) or None
    rag: dict[str, Any] | None = None
    cost: float = 0.0
    name: str = ""
    id: str = ""
    opted_out: bool = False
    under_18: bool = False
    new_starter_since: date | None = None
    note: str = ""  # generator-only, not written
    leave: list[dict[str, str]] = field(default_factory=list)
    unavailable: list[date] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def night_ok(self) -> bool:
        return self.pattern in ("N", "B") and not self.under_18

    @property
    def day_ok(self) -> bool:
        return self.pattern in ("D", "B")

    def off_on(self, d: date) -> bool:
        if d in self.unavailable:
            return True
        return any(date.fromisoformat(a["start"]) <= d <= date.fromisoformat(a["end"])
                   for a in self.leave)

    def to_json(self, horizon_days: int) -> dict[str, Any]:
        end = day(horizon_days - 1)
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "home_unit": self.home,
        }
        if self.units:
            out["units"] = self.units
        out["skills"] = [
            {"skill": s, **({"expires": exp} if exp else {})} for s, exp in self.skills.items()
        ]
        out["contracted_hours"] = self.hours
        if self.max_hours is not None:
            out["max_hours_per_week"] = self.max_hours
        out["employment"] = self.employment
        out["hourly_cost"] = self.cost
        if self.rag is not None:
            out["rag"] = self.rag
        out["night_worker"] = self.night_ok
        out["day_worker"] = self.day_ok
        if self.opted_out:
            out["opted_out_48h"] = True
        if self.under_18:
            out["under_18"] = True
        if self.new_starter_since is not None:
            out["start_date"] = iso(self.new_starter_since)
            out["care_certificate_complete"] = False
        leave = [a for a in self.leave
                 if date.fromisoformat(a["start"]) <= end]
        if leave:
            out["leave"] = [
                {**a, "end": min(a["end"], iso(end))} for a in leave
            ]
        unavailable = [iso(d) for d in sorted(self.unavailable) if d <= end]
        if unavailable:
            out["unavailable"] = unavailable
        requests = [r for r in self.requests if r["date"] <= iso(end)]
        if requests:
            out["requests"] = requests
        return out


def assign_ids_names(people: list[Person], names: NamePool) -> None:
    for i, p in enumerate(people, start=1):
        p.id = f"S{i:03d}"
        p.name = names.take()


def expiry(rng: random.Random, horizon_days: int = 28) -> str:
    """A valid expiry: somewhere between two months after the horizon and a year out."""
    return iso(day(horizon_days) + timedelta(days=rng.randint(60, 360)))


def give_skills(rng: random.Random, p: Person, *, med: bool, first_aid: float, fire: float,
                extra: list[str] = ()) -> None:
    """Skills with realistic expiry dates. first_aid / fire are probabilities of holding them."""
    if med:
        p.skills["medication"] = expiry(rng)
    p.skills["moving_assisting"] = expiry(rng)
    if rng.random() < first_aid:
        p.skills["first_aid"] = expiry(rng)
    if rng.random() < fire:
        p.skills["fire_marshal"] = expiry(rng)
    for s in extra:
        p.skills[s] = expiry(rng)


def pay(rng: random.Random, p: Person) -> None:
    if p.employment == "agency":
        p.cost = round(rng.uniform(42.0, 45.0) if p.role == "rn" else rng.uniform(28.0, 32.0), 2)
    elif p.role == "rn":
        p.cost = round(rng.uniform(22.0, 26.0), 2)
    elif p.role == "senior":
        p.cost = round(rng.uniform(13.80, 15.00), 2)
    elif p.under_18:
        p.cost = 10.40  # apprentice rate (April 2026: GBP 8.00 + on-costs)
    else:
        p.cost = round(rng.uniform(12.71, 13.60), 2)
    if p.employment == "bank" and p.role != "rn":
        p.cost = round(p.cost + 0.40, 2)


GREEN_REASONS = [
    "Quarterly review: positive supervision and resident feedback",
    "Consistent practice; no incidents this quarter",
    "Supervision up to date; good feedback from families",
    "Observed practice good; mentors new starters",
]
AMBER_REASONS = [
    "Late for handover three times in October; supervision booked",
    "Moving and handling refresher overdue; observed practice needs improvement",
    "Gaps in fluid and repositioning charts in October",
    "Raised a concern about attitude to a resident; reflective supervision held",
    "Sickness pattern under review (Bradford factor 250); return-to-work plan",
    "Struggles with prioritising on busy shifts; buddy support in place",
]


def rate(rng: random.Random, p: Person, rating: str, reason: str | None = None) -> None:
    assessed = day(-rng.randint(10, 80))
    if p.new_starter_since is not None:  # first review two weeks after starting
        assessed = p.new_starter_since + timedelta(days=14)
    p.rag = {
        "rating": rating,
        "assessed_on": iso(assessed),
        "assessor": rng.choice([MANAGER, DEPUTY]),
    }
    if reason is None:
        reason = rng.choice(GREEN_REASONS if rating == "green" else AMBER_REASONS)
    p.rag["reason"] = reason


def plan_leave_and_requests(rng: random.Random, people: list[Person], days: int,
                            leave_per_week: dict[str, int], requests_per_week: int,
                            unavailable_per_week: int, sickness_per_week: int) -> None:
    """Spread leave, odd unavailable days and requests over the horizon.

    leave_per_week: group name -> annual-leave spells per week (groups: 'rn_day', 'rn_night',
    'senior_day', 'senior_night', 'carer_day', 'carer_night'). A group has at most one person
    on leave on any day so that cover stays plausible.
    """
    def group(p: Person) -> str | None:
        if p.employment != "permanent" or p.new_starter_since is not None:
            return None
        kind = p.role if p.role in ("rn", "senior") else "carer"
        return f"{kind}_{'night' if p.pattern == 'N' else 'day'}"

    by_group: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        g = group(p)
        if g:
            by_group[g].append(p)

    weeks = (days + 6) // 7
    taken: set[str] = set()
    for w in range(weeks):
        for g, count in leave_per_week.items():
            for _ in range(count):
                for _attempt in range(50):
                    p = rng.choice(by_group[g])
                    if p.id in taken:
                        continue
                    length = rng.choice([3, 4, 5, 7])
                    first = w * 7 + rng.randint(0, 6)
                    span = [day(first + i) for i in range(length)]
                    limit = 2 if g == "carer_day" else 1
                    if any(sum(1 for q in by_group[g] if q.off_on(d)) >= limit for d in span):
                        continue
                    if first + length > days + 3:
                        continue
                    p.leave.append({"start": iso(span[0]), "end": iso(span[-1]),
                                    "kind": "annual_leave"})
                    taken.add(p.id)
                    break
        for _ in range(sickness_per_week):
            for _attempt in range(50):
                p = rng.choice([q for q in people if group(q) in ("carer_day", "carer_night")])
                first = w * 7 + rng.randint(0, 6)
                length = rng.choice([2, 3, 4])
                span = [day(first + i) for i in range(length) if first + i < days]
                if not span or any(p.off_on(d) for d in span):
                    continue
                p.leave.append({"start": iso(span[0]), "end": iso(span[-1]),
                                "kind": "sickness"})
                break
        for _ in range(unavailable_per_week):
            for _attempt in range(50):
                p = rng.choice([q for q in people if group(q)])
                d = day(w * 7 + rng.randint(0, 6))
                if d >= day(days) or p.off_on(d):
                    continue
                p.unavailable.append(d)
                break
        for _ in range(requests_per_week):
            for _attempt in range(50):
                p = rng.choice([q for q in people if q.employment != "agency"])
                d = day(w * 7 + rng.randint(0, 6))
                if d >= day(days) or p.off_on(d) or any(r["date"] == iso(d) for r in p.requests):
                    continue
                roll = rng.random()
                weight = rng.choice([1, 1, 2, 2, 3, 3, 4, 5])
                if roll < 0.5:
                    req = {"kind": "day_off", "date": iso(d), "weight": weight}
                else:
                    options = (["N"] if p.night_ok else []) + (DAY_CODES if p.day_ok else [])
                    kind = "shift_wanted" if roll < 0.75 else "shift_not_wanted"
                    req = {"kind": kind, "date": iso(d), "shift": rng.choice(options),
                           "weight": weight}
                p.requests.append(req)
                break
    for p in people:
        p.leave.sort(key=lambda a: a["start"])
        p.requests.sort(key=lambda r: r["date"])


def make_residents(rng: random.Random, unit: str, bands: list[str], *, start_index: int,
                   barthel_share: float, hoist: int, one_to_one: dict[int, float],
                   nursing: bool, end_of_life: int = 0) -> list[dict[str, Any]]:
    bands = list(bands)
    rng.shuffle(bands)
    heavy = [i for i, b in enumerate(bands) if b in ("high", "very_high")]
    hoisted = set(rng.sample(heavy, hoist)) if hoist else set()
    eol = set(rng.sample([i for i in heavy if bands[i] == "very_high"] or heavy, end_of_life))
    residents = []
    for i, band in enumerate(bands):
        r: dict[str, Any] = {"id": f"R{start_index + i:03d}", "unit": unit}
        if rng.random() < barthel_share:
            lo, hi = BARTHEL_RANGE[band]
            r["barthel"] = rng.randint(lo, hi)
        else:
            r["band"] = band
        if i in one_to_one:
            r["one_to_one_hours"] = one_to_one[i]
        if i in hoisted:
            r["two_person_transfer"] = True
        if nursing:
            r["nursing_needs"] = True
        if i in eol:
            r["end_of_life"] = True
        residents.append(r)
    return residents


def scenario_dict(home_id: str, home_name: str, days: int, units: list[dict[str, Any]],
                  people: list[Person], residents: list[dict[str, Any]],
                  fixed: list[dict[str, str]] | None = None) -> dict[str, Any]:
    end = day(days - 1)
    shown = []
    for r in residents:
        if "admitted" in r and r["admitted"] > iso(end):
            continue
        r = dict(r)
        if "discharged" in r and r["discharged"] > iso(end):
            del r["discharged"]
        shown.append(r)
    data: dict[str, Any] = {
        "home": {"id": home_id, "name": home_name},
        "horizon": {"start": iso(START), "days": days},
        "units": units,
        "shift_types": SHIFT_TYPES,
        "roles": ROLES,
        "skills": SKILLS,
        "staff": [p.to_json(days) for p in people],
        "residents": shown,
        "dependency_tool": DEPENDENCY_TOOL,
    }
    if fixed:
        data["fixed_assignments"] = fixed
    return data


# --------------------------------------------------------------------------------------
# Sunnyside Care Home: 60 beds, residential + nursing + dementia
# --------------------------------------------------------------------------------------

def sunnyside_people(rng: random.Random) -> list[Person]:
    R, NU, DE = "residential", "nursing", "dementia"
    P = Person
    people: list[Person] = []

    # Registered nurses: 7 permanent (about 5.5 FTE), all based on the nursing unit.
    nurses = [
        P("rn", NU, [DE], 37.5, "D", note="clinical lead"),
        P("rn", NU, [], 37.5, "D"),
        P("rn", NU, [DE], 24, "D", max_hours=30),
        P("rn", NU, [], 30, "B"),
        P("rn", NU, [], 36, "N", opted_out=True, max_hours=48),
        P("rn", NU, [], 36, "N"),
        P("rn", NU, [DE], 18, "N", max_hours=27),
    ]
    for n in nurses:
        give_skills(rng, n, med=True, first_aid=0.9, fire=0.5, extra=["peg_feeding"])
    people += nurses

    # Senior carers: 8 on days, 4 on nights; all medication-competent.
    seniors = [
        P("senior", R, [DE], 37.5, "D"),
        P("senior", R, [], 30, "D"),
        P("senior", R, [NU], 22.5, "D", max_hours=30),
        P("senior", NU, [R], 37.5, "D"),
        P("senior", NU, [], 30, "D"),
        P("senior", DE, [R], 37.5, "D", opted_out=True, max_hours=50),
        P("senior", DE, [], 37.5, "D"),
        P("senior", DE, [NU], 22.5, "D", max_hours=30),
        P("senior", R, [DE], 36, "N"),
        P("senior", R, [NU], 27, "N", max_hours=36),
        P("senior", DE, [R], 36, "N"),
        P("senior", DE, [], 36, "N"),
    ]
    for s in seniors:
        give_skills(rng, s, med=True, first_aid=0.8, fire=0.6,
                    extra=["dementia_care"] if s.home == DE else [])
    people += seniors

    # Carers: 26 day, 3 day-or-night, 9 night, plus 2 new starters (40 in all).
    day_carers = [
        # residential
        P("carer", R, [DE], 37.5, "D"), P("carer", R, [], 37.5, "D"),
        P("carer", R, [NU], 30, "D"), P("carer", R, [], 24, "D", max_hours=30),
        P("carer", R, [DE], 22.5, "D"), P("carer", R, [], 16, "D", max_hours=24),
        P("carer", R, [], 30, "D", under_18=True, note="apprentice"),
        P("carer", R, [NU], 20, "D"),
        # nursing
        P("carer", NU, [], 37.5, "D"), P("carer", NU, [R], 37.5, "D"),
        P("carer", NU, [], 37.5, "D", opted_out=True, max_hours=50),
        P("carer", NU, [DE], 30, "D"), P("carer", NU, [], 30, "D"),
        P("carer", NU, [], 24, "D"), P("carer", NU, [R], 22.5, "D", max_hours=30),
        P("carer", NU, [], 16, "D", max_hours=24), P("carer", NU, [], 37.5, "D"),
        # dementia
        P("carer", DE, [], 37.5, "D"), P("carer", DE, [R], 37.5, "D"),
        P("carer", DE, [], 30, "D"), P("carer", DE, [NU], 30, "D"),
        P("carer", DE, [], 24, "D", max_hours=30), P("carer", DE, [R], 22.5, "D"),
        P("carer", DE, [], 16, "D", max_hours=24), P("carer", DE, [], 37.5, "D"),
        P("carer", DE, [NU], 20, "D"),
        P("carer", R, [DE], 30, "D"), P("carer", NU, [DE], 24, "D"),
    ]
    both_carers = [
        P("carer", NU, [R], 30, "B"),
        P("carer", DE, [R], 37.5, "B"),
        P("carer", R, [DE], 24, "B", max_hours=30),
    ]
    night_carers = [
        P("carer", R, [DE], 36, "N"),
        P("carer", R, [], 27, "N"),
        P("carer", NU, [], 36, "N"),
        P("carer", NU, [R], 36, "N"),
        P("carer", NU, [], 27, "N"),
        P("carer", NU, [DE], 36, "N"),
        P("carer", DE, [], 36, "N"),
        P("carer", DE, [R], 27, "N"),
        P("carer", DE, [NU], 36, "N"),
    ]
    starters = [
        P("carer", NU, [], 37.5, "D", new_starter_since=day(-35)),
        P("carer", DE, [], 30, "D", new_starter_since=day(-19)),
    ]
    for c in day_carers + both_carers + night_carers + starters:
        extra = ["dementia_care"] if c.home == DE or DE in c.units else []
        if c.home == NU and rng.random() < 0.3:
            extra.append("peg_feeding")
        give_skills(rng, c, med=False, first_aid=0.45, fire=0.35, extra=extra)
        if c.new_starter_since is not None:
            c.skills.pop("first_aid", None)
            c.skills.pop("fire_marshal", None)
    # Some experienced carers are medication-trained (they back up the seniors).
    for c in (day_carers[0], day_carers[9], day_carers[17], night_carers[0], night_carers[6],
              both_carers[1]):
        c.skills["medication"] = expiry(rng)
    # Nights need a first-aider and a fire marshal in the building every night.
    for c in night_carers[::2]:
        c.skills["first_aid"] = expiry(rng)
    for c in night_carers[1::3]:
        c.skills["fire_marshal"] = expiry(rng)
    people += day_carers + both_carers + night_carers + starters

    # Bank: one nurse and five carers, no contracted hours, capped weekly hours.
    bank = [
        P("rn", NU, [DE], 0, "B", employment="bank", max_hours=24),
        P("carer", R, [NU, DE], 0, "D", employment="bank", max_hours=30),
        P("carer", NU, [R, DE], 0, "B", employment="bank", max_hours=36),
        P("carer", DE, [R, NU], 0, "D", employment="bank", max_hours=24),
        P("senior", R, [NU, DE], 0, "B", employment="bank", max_hours=30),
        P("carer", DE, [R], 0, "N", employment="bank", max_hours=27),
    ]
    for b in bank:
        give_skills(rng, b, med=b.role in ("rn", "senior"), first_aid=0.6, fire=0.3,
                    extra=["peg_feeding"] if b.role == "rn" else ["dementia_care"])
    people += bank

    # Agency: a nurse and two carers from the usual agency (unrated: no RAG).
    agency = [
        P("rn", NU, [], 0, "B", employment="agency", max_hours=36),
        P("carer", NU, [R, DE], 0, "B", employment="agency", max_hours=48),
        P("carer", DE, [R], 0, "D", employment="agency", max_hours=36),
    ]
    for a in agency:
        give_skills(rng, a, med=a.role == "rn", first_aid=0.5, fire=0.0,
                    extra=["peg_feeding"] if a.role == "rn" else [])
    people += agency

    assign_ids_names(people, NamePool(rng))
    for p in people:
        pay(rng, p)

    # Lapsed competences (expired before the horizon): do not count for cover.
    seniors[1].skills["medication"] = "2026-10-01"   # reassessment overdue
    seniors[7].skills["first_aid"] = "2026-09-30"
    day_carers[3].skills["moving_assisting"] = "2026-08-31"
    day_carers[12].skills["first_aid"] = "2026-11-15"
    night_carers[4].skills["fire_marshal"] = "2026-07-31"
    # Expires mid-way through the four-week horizon (valid all of week 1).
    seniors[10].skills["medication"] = "2026-12-09"
    if "first_aid" not in seniors[10].skills:
        seniors[10].skills["first_aid"] = expiry(rng)

    # Staff-safety ratings: most green, several amber, two red; agency unrated.
    for p in people:
        if p.employment != "agency":
            rate(rng, p, "green")
    rate(rng, seniors[6], "red", "Two medication errors in October; on improvement plan, "
         "medication round observed weekly")
    seniors[6].skills["medication"] = "2026-10-31"  # competency suspended pending reassessment
    rate(rng, day_carers[13], "red", "Poor moving and handling practice observed twice; "
         "retraining booked, works alongside an experienced colleague")
    for p in (day_carers[2], day_carers[10], day_carers[20], night_carers[3], night_carers[7],
              seniors[4], both_carers[2], bank[3]):
        rate(rng, p, "amber")
    for s in starters:
        rate(rng, s, "amber", "New starter: Care Certificate in progress, shadowing")

    plan_leave_and_requests(
        rng, people, 28,
        leave_per_week={"rn_day": 1, "rn_night": 0, "senior_day": 1, "senior_night": 0,
                        "carer_day": 3, "carer_night": 1},
        requests_per_week=16, unavailable_per_week=5, sickness_per_week=1,
    )
    # Night nurses and night seniors take leave too, in weeks 2 and 4 (not week 1).
    nurses[5].leave.append({"start": iso(day(9)), "end": iso(day(12)), "kind": "annual_leave"})
    seniors[11].leave.append({"start": iso(day(22)), "end": iso(day(25)),
                              "kind": "annual_leave"})
    # A mandatory training day in week 1 for two day seniors.
    for s in (seniors[0], seniors[3]):
        if not s.off_on(day(2)):
            s.leave.append({"start": iso(day(2)), "end": iso(day(2)), "kind": "training"})
    for p in people:
        p.leave.sort(key=lambda a: a["start"])
    return people


def sunnyside_residents(rng: random.Random) -> list[dict[str, Any]]:
    residential = ["independent"] * 2 + ["low"] * 10 + ["medium"] * 7 + ["high"] * 2   # 21/22
    nursing = ["medium"] * 4 + ["high"] * 9 + ["very_high"] * 6                          # 19/20
    dementia = ["medium"] * 8 + ["high"] * 7 + ["very_high"] * 2                         # 17/18
    res = make_residents(rng, "residential", residential, start_index=1, barthel_share=0.3,
                         hoist=1, one_to_one={}, nursing=False)
    nur = make_residents(rng, "nursing", nursing, start_index=31, barthel_share=0.3,
                         hoist=4, one_to_one={}, nursing=True, end_of_life=1)
    dem = make_residents(rng, "dementia", dementia, start_index=61, barthel_share=0.25,
                         hoist=2, one_to_one={3: 8.0}, nursing=False)
    # Not every nursing-unit resident has nursing needs recorded (two are there by choice).
    for r in nur:
        if r.get("band") == "medium" or 61 <= r.get("barthel", 0) <= 90:
            r.pop("nursing_needs", None)
    # A residential resident on a respite stay that ends in week 2 ...
    res[4]["discharged"] = iso(day(11))
    # ... and an admission from hospital into the vacant nursing bed in week 3.
    nur.append({"id": "R050", "unit": "nursing", "band": "very_high",
                "two_person_transfer": True, "nursing_needs": True, "admitted": iso(day(15))})
    return res + nur + dem


SUNNYSIDE_UNITS = [
    {"id": "residential", "name": "Residential", "kind": "residential", "beds": 22},
    {"id": "nursing", "name": "Nursing", "kind": "nursing", "beds": 20},
    {"id": "dementia", "name": "Dementia", "kind": "dementia", "beds": 18},
]


# --------------------------------------------------------------------------------------
# Meadow View: a small 20-bed residential home
# --------------------------------------------------------------------------------------

def meadow_people(rng: random.Random) -> list[Person]:
    H = "main"
    P = Person
    seniors = [
        P("senior", H, [], 37.5, "D"), P("senior", H, [], 37.5, "D"),
        P("senior", H, [], 30, "D"), P("senior", H, [], 22.5, "D", max_hours=30),
        P("senior", H, [], 36, "N"), P("senior", H, [], 36, "N"),
    ]
    day_carers = [
        P("carer", H, [], 37.5, "D"), P("carer", H, [], 37.5, "D"),
        P("carer", H, [], 30, "D"), P("carer", H, [], 30, "D"),
        P("carer", H, [], 24, "D"), P("carer", H, [], 22.5, "D", max_hours=30),
        P("carer", H, [], 16, "D", max_hours=24),
        P("carer", H, [], 30, "B"),
    ]
    night_carers = [P("carer", H, [], 36, "N"), P("carer", H, [], 27, "N"),
                    P("carer", H, [], 27, "N")]
    starter = P("carer", H, [], 30, "D", new_starter_since=day(-21))
    others = [
        P("carer", H, [], 0, "B", employment="bank", max_hours=24),
        P("senior", H, [], 0, "B", employment="bank", max_hours=24),
        P("carer", H, [], 0, "D", employment="agency", max_hours=36),
    ]
    people = seniors + day_carers + night_carers + [starter] + others
    for p in people:
        give_skills(rng, p, med=p.role == "senior", first_aid=0.5, fire=0.4,
                    extra=["dementia_care"] if rng.random() < 0.4 else [])
    # Night cover for first aid / fire marshal, and a medication-trained carer on each side.
    for p in (seniors[4], seniors[5], night_carers[0], seniors[0], seniors[2]):
        p.skills["first_aid"] = expiry(rng)
    for p in (seniors[4], night_carers[1], seniors[0], seniors[1]):
        p.skills["fire_marshal"] = expiry(rng)
    for p in (night_carers[0], day_carers[0]):
        p.skills["medication"] = expiry(rng)
    starter.skills.pop("first_aid", None)
    starter.skills.pop("fire_marshal", None)
    assign_ids_names(people, NamePool(rng))
    for p in people:
        pay(rng, p)
        if p.employment != "agency":
            rate(rng, p, "green")
    rate(rng, day_carers[3], "amber")
    rate(rng, night_carers[1], "amber")
    rate(rng, starter, "amber", "New starter: Care Certificate in progress, shadowing")
    day_carers[5].skills["first_aid"] = "2026-10-20"  # lapsed
    plan_leave_and_requests(
        rng, people, 7,
        leave_per_week={"senior_day": 1, "carer_day": 1},
        requests_per_week=10, unavailable_per_week=2, sickness_per_week=0,
    )
    return people


def meadow_residents(rng: random.Random) -> list[dict[str, Any]]:
    bands = ["independent"] * 1 + ["low"] * 5 + ["medium"] * 9 + ["high"] * 4
    return make_residents(rng, "main", bands, start_index=1, barthel_share=0.3, hoist=1,
                          one_to_one={}, nursing=False)


MEADOW_UNITS = [{"id": "main", "name": "Meadow View", "kind": "residential", "beds": 20}]


# --------------------------------------------------------------------------------------
# Harbour Lodge: deliberately short-staffed (nursing + residential, 26 beds)
# --------------------------------------------------------------------------------------

def harbour_people(rng: random.Random) -> list[Person]:
    NU, R = "nursing", "residential"
    P = Person
    nurses = [
        # Two nurses for a nursing unit that needs one on every shift; one is on leave all week.
        P("rn", NU, [], 37.5, "B", opted_out=True, max_hours=48),
        P("rn", NU, [], 36, "B"),
    ]
    seniors = [
        P("senior", R, [NU], 37.5, "D"), P("senior", NU, [R], 30, "D"),
        P("senior", R, [NU], 22.5, "D", max_hours=30),
        P("senior", R, [NU], 36, "N"), P("senior", NU, [R], 27, "N"),
    ]
    day_carers = [
        P("carer", NU, [R], 37.5, "D"), P("carer", NU, [R], 37.5, "D"),
        P("carer", NU, [], 30, "D"), P("carer", NU, [R], 24, "D"),
        P("carer", R, [NU], 37.5, "D"), P("carer", R, [], 30, "D"),
        P("carer", R, [NU], 22.5, "D"), P("carer", R, [NU], 16, "D", max_hours=24),
        P("carer", NU, [R], 37.5, "D"), P("carer", R, [NU], 30, "D"),
    ]
    night_carers = [
        P("carer", NU, [R], 36, "N"), P("carer", NU, [R], 36, "N"),
        P("carer", R, [NU], 27, "N"), P("carer", R, [NU], 36, "N"),
    ]
    both = [P("carer", NU, [R], 30, "B")]
    # One bank carer; no bank or agency nurse could be booked this week.
    bank = [P("carer", R, [NU], 0, "D", employment="bank", max_hours=16)]
    people = nurses + seniors + day_carers + night_carers + both + bank
    for p in people:
        give_skills(rng, p, med=p.role in ("rn", "senior"), first_aid=0.6, fire=0.5,
                    extra=["peg_feeding"] if p.role == "rn" else [])
    for p in (seniors[3], night_carers[0], day_carers[0], seniors[0]):
        p.skills["first_aid"] = expiry(rng)
    for p in (night_carers[1], seniors[0], day_carers[4]):
        p.skills["fire_marshal"] = expiry(rng)
    for p in (day_carers[5], night_carers[3]):   # medication-trained carers
        p.skills["medication"] = expiry(rng)
    assign_ids_names(people, NamePool(rng))
    for p in people:
        pay(rng, p)
        rate(rng, p, "green")
    rate(rng, seniors[1], "amber")
    rate(rng, day_carers[5], "amber")
    rate(rng, day_carers[3], "red", "Poor moving and handling practice observed twice; "
         "retraining booked")
    # The week's absences: a nurse on annual leave all week, a senior and three carers sick,
    # a carer on annual leave.
    nurses[1].leave.append({"start": iso(day(0)), "end": iso(day(6)), "kind": "annual_leave"})
    seniors[1].leave.append({"start": iso(day(1)), "end": iso(day(4)), "kind": "sickness"})
    day_carers[1].leave.append({"start": iso(day(0)), "end": iso(day(6)), "kind": "sickness"})
    day_carers[4].leave.append({"start": iso(day(2)), "end": iso(day(6)), "kind": "annual_leave"})
    day_carers[6].leave.append({"start": iso(day(3)), "end": iso(day(5)), "kind": "sickness"})
    night_carers[1].leave.append({"start": iso(day(3)), "end": iso(day(5)), "kind": "sickness"})
    day_carers[7].unavailable.append(day(5))
    day_carers[2].requests.append({"kind": "day_off", "date": iso(day(5)), "weight": 3})
    day_carers[5].requests.append({"kind": "shift_not_wanted", "date": iso(day(2)),
                                   "shift": "L", "weight": 2})
    night_carers[2].requests.append({"kind": "shift_wanted", "date": iso(day(4)),
                                     "shift": "N", "weight": 1})
    nurses[0].requests.append({"kind": "day_off", "date": iso(day(6)), "weight": 4})
    return people


def harbour_residents(rng: random.Random) -> list[dict[str, Any]]:
    nursing = ["medium"] * 2 + ["high"] * 6 + ["very_high"] * 5        # 13/14
    residential = ["low"] * 4 + ["medium"] * 6 + ["high"] * 2          # 12/12
    nur = make_residents(rng, "nursing", nursing, start_index=1, barthel_share=0.3, hoist=3,
                         one_to_one={}, nursing=True, end_of_life=1)
    res = make_residents(rng, "residential", residential, start_index=21, barthel_share=0.3,
                         hoist=1, one_to_one={}, nursing=False)
    return nur + res


HARBOUR_UNITS = [
    {"id": "nursing", "name": "Nursing", "kind": "nursing", "beds": 14},
    {"id": "residential", "name": "Residential", "kind": "residential", "beds": 12},
]


def harbour_conflicts(people: list[Person]) -> list[dict[str, str]]:
    """Fixed shifts that contradict hard rules, so that the case is infeasible."""
    # the nurse on annual leave all week
    on_leave = next(p for p in people if p.role == "rn" and p.off_on(day(2)))
    # a day carer based on the nursing unit, available all week
    tired = next(p for p in people if p.role == "carer" and p.home == "nursing"
                 and p.pattern == "D" and not p.leave and not p.unavailable)
    return [
        # 1. pencilled in on a day of annual leave
        {"date": iso(day(2)), "shift": "E", "unit": "nursing", "staff_id": on_leave.id},
        # 2. a late finishing 22:00 Tuesday then an early at 07:00 Wednesday: 9 h rest < 11 h
        {"date": iso(day(1)), "shift": "L", "unit": "nursing", "staff_id": tired.id},
        {"date": iso(day(2)), "shift": "E", "unit": "nursing", "staff_id": tired.id},
    ]


# --------------------------------------------------------------------------------------
# Calibration: demand against supply
# --------------------------------------------------------------------------------------

def span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low}" if low == high else f"{low}-{high}"


def calibrate(title: str, scenario: Scenario) -> dict[str, float]:
    """Print required heads per unit-shift against the staff able to work there."""
    demand = compute_demand(scenario)
    roles = {r.id: r for r in scenario.roles}
    dates = scenario.horizon.dates
    weeks = len(dates) / 7

    print(f"\n== {title}: {scenario.home.name}, {len(dates)} days, "
          f"{len(scenario.staff)} staff, {len(scenario.residents)} residents ==")
    print(f"{'unit':<12}{'shift':<6}{'care/day':>10}{'+RN':>5}{'med':>5}"
          f"{'elig care':>11}{'elig RN':>9}{'elig med':>10}")
    required = 0
    night_required = 0
    for unit in scenario.units:
        for t in scenario.shift_types:
            rows = [d for d in demand.unit_shifts if d.unit == unit.id and d.shift == t.code]
            if not rows:
                continue
            care = [d.care_staff_needed for d in rows]
            rn = [d.total_heads_needed - d.care_staff_needed for d in rows]
            required += sum(care) + sum(rn)
            if t.night:
                night_required += sum(care) + sum(rn)
            med = [r.minimum for d in rows for r in d.requirements
                   if r.kind == RequirementKind.SKILL and r.target == "medication"]

            def able(m, t=t, unit=unit) -> bool:
                ok = m.night_worker and not m.under_18 if t.night else m.day_worker
                return ok and unit.id in m.allowed_units

            elig = [m for m in scenario.staff if able(m)]
            elig_care = sum(1 for m in elig if roles[m.role].care_staff
                            and m.care_certificate_complete)
            elig_rn = sum(1 for m in elig if roles[m.role].registered_nurse)
            elig_med = sum(1 for m in elig if m.has_skill("medication", dates[0]))
            print(f"{unit.id:<12}{t.code:<6}{span(care):>10}{span(rn):>5}"
                  f"{span(med) if med else '0':>5}{elig_care:>11}{elig_rn:>9}{elig_med:>10}")

    for t in scenario.shift_types:
        able = [m for m in scenario.staff
                if (m.night_worker and not m.under_18 if t.night else m.day_worker)]
        counts = {k: sum(1 for m in able if m.has_skill(k, dates[0]))
                  for k in ("first_aid", "fire_marshal")}
        print(f"home-wide {t.code}: 1 first aider + 1 fire marshal needed; eligible "
              f"{counts['first_aid']} first aiders, {counts['fire_marshal']} fire marshals")

    per_shift = defaultdict(int)
    for d in demand.unit_shifts:
        if d.day == 0:
            per_shift[d.shift] += d.total_heads_needed
    print("whole home, day 1: " + ", ".join(
        f"{code} {n} heads" for code, n in per_shift.items()))

    # Supply: shifts per week from contracts (permanent) or caps (bank); agency shown apart.
    nominal = 0.0          # contracted_hours / 7.5 (the brief's rule of thumb)
    realistic = 0.0        # by the paid length of the shifts the person can work, less leave
    night_supply = 0.0
    agency = 0.0
    for m in scenario.staff:
        if m.is_new_starter():
            continue
        hours = m.contracted_hours if m.employment.value == "permanent" else (
            m.max_hours_per_week or 0)
        per_week_nominal = hours / 7.5
        shift_hours = 9.0 if not m.day_worker else 7.5
        present = sum(1 for d in dates if m.absent_on(d) is None) / len(dates)
        per_week = hours / shift_hours * present
        if m.employment.value == "agency":
            agency += per_week * weeks
            continue
        nominal += per_week_nominal * weeks
        realistic += per_week * weeks
        if m.night_worker and not m.day_worker:
            night_supply += per_week * weeks
    print(f"required heads (care staff + RN), whole horizon: {required} "
          f"(nights {night_required})")
    print(f"capacity, contracted/7.5 incl. bank: {nominal:.0f} shifts -> "
          f"{required / nominal:.0%} of capacity")
    print(f"capacity, by shift length and less leave: {realistic:.0f} shifts -> "
          f"{required / realistic:.0%}; night-only staff supply {night_supply:.0f} nights "
          f"for {night_required} night heads; agency could add {agency:.0f}")
    return {"required": required, "nominal": nominal, "realistic": realistic,
            "night_required": night_required, "night_supply": night_supply}


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------

def build() -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}

    rng = random.Random(SEED)
    people = sunnyside_people(rng)
    residents = sunnyside_residents(rng)
    files["sunnyside/week.json"] = scenario_dict(
        "sunnyside", "Sunnyside Care Home", 7, SUNNYSIDE_UNITS, people, residents)
    files["sunnyside/four-weeks.json"] = scenario_dict(
        "sunnyside", "Sunnyside Care Home", 28, SUNNYSIDE_UNITS, people, residents)

    rng = random.Random(SEED + 1)
    people = meadow_people(rng)
    files["small/week.json"] = scenario_dict(
        "meadow-view", "Meadow View", 7, MEADOW_UNITS, people, meadow_residents(rng))

    rng = random.Random(SEED + 2)
    people = harbour_people(rng)
    residents = harbour_residents(rng)
    files["overstretched/week.json"] = scenario_dict(
        "harbour-lodge", "Harbour Lodge (short-staffed)", 7, HARBOUR_UNITS, people, residents)
    files["overstretched/conflict.json"] = scenario_dict(
        "harbour-lodge", "Harbour Lodge (short-staffed, conflicting fixed shifts)", 7,
        HARBOUR_UNITS, people, residents, fixed=harbour_conflicts(people))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if a committed file differs from what would be generated")
    args = parser.parse_args(argv)

    stale = []
    for rel, data in build().items():
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        scenario = Scenario.model_validate_json(text)
        path = HERE / rel
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        calibrate(rel, scenario)
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
