"""Report figures for the service manager and sales: pure functions over plain facts.

The store is read elsewhere; this module only counts, sorts and measures. A period is a
half-open UTC interval [start, end) matching local calendar days in the policy time zone.

What falls in a period (one rule per figure, so a call is never counted twice in a figure):
- contacts, calls, levels, heat map, level-3 follow-up, exceptional services, sales leads:
  by the instant the contact was opened;
- time to resolution: by the instant the call was resolved;
- ratings: by the instant the call was closed (the requester rates it when closing, R17);
- escalations: by the instant of the escalation;
- hours logged: by the instant the time was worked (reversals included, R14);
- revenue: by the invoice month, issued invoices only (void ones released their items).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from itertools import pairwise
from math import ceil
from zoneinfo import ZoneInfo

VERDICTS = ("covered", "exceptional", "grace", "refused", "business_hours")
LEVELS = (1, 2, 3)
RATINGS = (1, 2, 3, 4, 5)
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Rows kept for sales and reports but never served by the 24|7 line.
NOT_SERVED_STATUSES = frozenset({"refused", "redirected"})
LEAD_VERDICTS = ("refused", "exceptional")
REVENUE_KINDS = ("fee_247", "chargeable_hours", "adjustment")


# --- the facts a report is computed from --------------------------------------------------


@dataclass(frozen=True)
class CallFact:
    """One contact on the 24|7 line as the report needs it."""

    id: int
    client: str
    client_name: str
    opened_at: datetime
    verdict: str
    status: str
    level: int = 1
    product: str = "FoccoERP"
    caller: str = ""
    chargeable: bool = False
    addon_in_force: bool = False  # on the local date the contact was opened
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    strengths: str | None = None
    weaknesses: str | None = None
    updates: tuple[datetime, ...] = ()  # progress updates given to the requester (R11)
    minutes_in_period: int = 0  # time worked inside the period, reversals included

    @property
    def served(self) -> bool:
        return self.status not in NOT_SERVED_STATUSES


@dataclass(frozen=True)
class EscalationFact:
    call_id: int
    specialist: str
    area: str
    at: datetime


@dataclass(frozen=True)
class RevenueFact:
    """Issued invoice lines of one kind for one invoice month, summed."""

    month: str
    kind: str
    amount_cents: int
    minutes_billed: int = 0


@dataclass(frozen=True)
class Period:
    """What a report covers: a label (`2026-11` or `2026`), local days and UTC bounds."""

    label: str
    first_day: date
    last_day: date
    start: datetime
    end: datetime
    months: tuple[str, ...]

    def holds(self, instant: datetime | None) -> bool:
        return instant is not None and self.start <= instant < self.end


def month_period(year: int, month: int, tz: ZoneInfo) -> Period:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    label = f"{year:04d}-{month:02d}"
    return Period(
        label, first, nxt - timedelta(days=1), _midnight(first, tz), _midnight(nxt, tz), (label,)
    )


def year_period(year: int, tz: ZoneInfo) -> Period:
    first, nxt = date(year, 1, 1), date(year + 1, 1, 1)
    months = tuple(f"{year:04d}-{m:02d}" for m in range(1, 13))
    return Period(
        f"{year:04d}",
        first,
        nxt - timedelta(days=1),
        _midnight(first, tz),
        _midnight(nxt, tz),
        months,
    )


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    from datetime import UTC, time

    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


# --- the figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolutionStats:
    calls: int
    median_minutes: int | None
    p90_minutes: int | None


@dataclass(frozen=True)
class Level3Item:
    call_id: int
    client: str
    opened_at: datetime
    updates: int
    overdue_gaps: int
    longest_gap_minutes: int
    still_open: bool


@dataclass(frozen=True)
class SpecialistCount:
    specialist: str
    area: str
    escalations: int


@dataclass(frozen=True)
class Comment:
    call_id: int
    client: str
    rating: int
    strengths: str | None
    weaknesses: str | None


@dataclass(frozen=True)
class ExceptionalUse:
    call_id: int
    client: str
    client_name: str
    at: datetime
    product: str
    caller: str


@dataclass(frozen=True)
class Lead:
    """A client without the add-on who called off-hours: someone sales should call back."""

    client: str
    client_name: str
    refused: int
    exceptional: int
    contacts: tuple[datetime, ...]

    @property
    def total(self) -> int:
        return self.refused + self.exceptional


@dataclass(frozen=True)
class Revenue:
    fees_cents: int = 0
    chargeable_cents: int = 0
    adjustments_cents: int = 0
    billed_minutes: int = 0

    @property
    def total_cents(self) -> int:
        return self.fees_cents + self.chargeable_cents + self.adjustments_cents


@dataclass(frozen=True)
class Figures:
    """Every figure of one period."""

    period: Period
    contacts_by_verdict: dict[str, int]
    calls_by_level: dict[int, int]
    heatmap: tuple[tuple[int, ...], ...]  # [weekday Mon..Sun][hour 0..23], local time
    resolution_by_level: dict[int, ResolutionStats]
    resolution_all: ResolutionStats
    update_every_minutes: int
    level3: tuple[Level3Item, ...]
    escalations_by_specialist: tuple[SpecialistCount, ...]
    escalations_by_area: tuple[tuple[str, int], ...]
    logged_minutes: int
    chargeable_minutes: int
    rating_distribution: dict[int, int]
    rating_average: Decimal | None
    comments: tuple[Comment, ...]
    quoted_strengths: tuple[tuple[str, int], ...]  # the same words from several requesters
    quoted_weaknesses: tuple[tuple[str, int], ...]
    exceptional: tuple[ExceptionalUse, ...]
    leads: tuple[Lead, ...]
    revenue: Revenue

    @property
    def contacts(self) -> int:
        return sum(self.contacts_by_verdict.values())

    @property
    def calls(self) -> int:
        return sum(self.calls_by_level.values())

    @property
    def escalations(self) -> int:
        return sum(count for _, count in self.escalations_by_area)

    @property
    def ratings(self) -> int:
        return sum(self.rating_distribution.values())

    @property
    def level3_overdue_gaps(self) -> int:
        return sum(item.overdue_gaps for item in self.level3)

    @property
    def level3_calls_overdue(self) -> int:
        return sum(1 for item in self.level3 if item.overdue_gaps)


@dataclass(frozen=True)
class YearFigures:
    """A year: the whole-year figures plus the same figures for each month."""

    year: Figures
    months: tuple[Figures, ...] = field(default_factory=tuple)


# --- pure measures ----------------------------------------------------------------------------


def whole_minutes(start: datetime, end: datetime) -> int:
    """Elapsed whole minutes (never negative)."""
    return max(0, int((end - start).total_seconds()) // 60)


def median_minutes(values: Sequence[int]) -> int | None:
    """The median; with an even count, the mean of the two middle values rounded half up."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid] + 1) // 2


def percentile_minutes(values: Sequence[int], percent: int) -> int | None:
    """Nearest-rank percentile: the smallest value with at least `percent`% at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, ceil(len(ordered) * percent / 100))
    return ordered[rank - 1]


def resolution_stats(values: Sequence[int]) -> ResolutionStats:
    return ResolutionStats(len(values), median_minutes(values), percentile_minutes(values, 90))


def average_rating(ratings: Iterable[int]) -> Decimal | None:
    values = list(ratings)
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def level3_gaps(
    opened_at: datetime,
    updates: Iterable[datetime],
    until: datetime,
) -> list[int]:
    """The silences the requester lived through (R11), in whole minutes: opening → first
    update, update → update, last update → `until` (resolution or the report's end)."""
    points = [opened_at, *sorted(u for u in updates if opened_at <= u <= until), until]
    return [whole_minutes(a, b) for a, b in pairwise(points)]


def overdue_count(gaps: Iterable[int], every_minutes: int) -> int:
    """Gaps longer than the update interval: at that point the call was overdue (R11)."""
    return sum(1 for gap in gaps if gap > every_minutes)


# --- the report -------------------------------------------------------------------------------


def compute(
    period: Period,
    calls: Sequence[CallFact],
    escalations: Sequence[EscalationFact],
    revenue: Sequence[RevenueFact],
    *,
    tz: ZoneInfo,
    now: datetime,
    update_every_minutes: int,
    covered_products: Iterable[str],
) -> Figures:
    """Every figure of `period` from the facts (facts outside the period are ignored)."""
    covered = set(covered_products)
    opened = sorted(
        (c for c in calls if period.holds(c.opened_at)), key=lambda c: (c.opened_at, c.id)
    )
    served = [c for c in opened if c.served]
    report_end = min(period.end, now)

    by_verdict = {v: 0 for v in VERDICTS}
    for c in opened:
        by_verdict[c.verdict] = by_verdict.get(c.verdict, 0) + 1

    by_level = {level: 0 for level in LEVELS}
    for c in served:
        by_level[c.level] = by_level.get(c.level, 0) + 1

    # The heat map shows when the phone rings: every contact, in the policy time zone.
    grid = [[0] * 24 for _ in WEEKDAY_NAMES]
    for c in opened:
        local = c.opened_at.astimezone(tz)
        grid[local.weekday()][local.hour] += 1

    resolved = [c for c in calls if c.served and period.holds(c.resolved_at)]
    durations: dict[int, list[int]] = defaultdict(list)
    for c in resolved:
        assert c.resolved_at is not None
        durations[c.level].append(whole_minutes(c.opened_at, c.resolved_at))
    resolution_by_level = {level: resolution_stats(durations.get(level, [])) for level in LEVELS}
    resolution_all = resolution_stats([m for values in durations.values() for m in values])

    level3 = []
    for c in served:
        if c.level != 3:
            continue
        ended = c.resolved_at is not None and c.resolved_at <= report_end
        until = c.resolved_at if ended and c.resolved_at is not None else report_end
        gaps = level3_gaps(c.opened_at, c.updates, max(until, c.opened_at))
        level3.append(
            Level3Item(
                c.id,
                c.client,
                c.opened_at,
                sum(1 for u in c.updates if c.opened_at <= u <= until),
                overdue_count(gaps, update_every_minutes),
                max(gaps, default=0),
                not ended,
            )
        )

    # A specialist named twice on one call is one escalation (stores written before a repeat
    # became a note in the call's story may hold both).
    first: dict[tuple[int, str], EscalationFact] = {}
    for e in sorted(escalations, key=lambda e: e.at):
        first.setdefault((e.call_id, e.specialist), e)
    in_escalations = [e for e in first.values() if period.holds(e.at)]
    per_specialist = Counter((e.specialist, e.area) for e in in_escalations)
    specialists = tuple(
        SpecialistCount(name, area, count)
        for (name, area), count in sorted(per_specialist.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    per_area = Counter(e.area for e in in_escalations)
    areas = tuple(sorted(per_area.items(), key=lambda kv: (-kv[1], kv[0])))

    logged = sum(c.minutes_in_period for c in calls)
    chargeable = sum(c.minutes_in_period for c in calls if c.chargeable)

    closed = sorted(
        (c for c in calls if period.holds(c.closed_at) and c.rating is not None),
        key=lambda c: (c.closed_at, c.id),
    )
    distribution = {r: 0 for r in RATINGS}
    for c in closed:
        assert c.rating is not None
        distribution[c.rating] = distribution.get(c.rating, 0) + 1
    comments = tuple(
        Comment(c.id, c.client, c.rating, _text(c.strengths), _text(c.weaknesses))
        for c in closed
        if c.rating is not None and (_text(c.strengths) or _text(c.weaknesses))
    )

    exceptional = tuple(
        ExceptionalUse(c.id, c.client, c.client_name, c.opened_at, c.product, c.caller)
        for c in opened
        if c.verdict == "exceptional"
    )

    return Figures(
        period=period,
        contacts_by_verdict=by_verdict,
        calls_by_level=by_level,
        heatmap=tuple(tuple(row) for row in grid),
        resolution_by_level=resolution_by_level,
        resolution_all=resolution_all,
        update_every_minutes=update_every_minutes,
        level3=tuple(level3),
        escalations_by_specialist=specialists,
        escalations_by_area=areas,
        logged_minutes=logged,
        chargeable_minutes=chargeable,
        rating_distribution=distribution,
        rating_average=average_rating(c.rating for c in closed if c.rating is not None),
        comments=comments,
        quoted_strengths=most_quoted(c.strengths for c in comments),
        quoted_weaknesses=most_quoted(c.weaknesses for c in comments),
        exceptional=exceptional,
        leads=sales_leads(opened, covered),
        revenue=revenue_of(r for r in revenue if r.month in period.months),
    )


def most_quoted(texts: Iterable[str | None]) -> tuple[tuple[str, int], ...]:
    """Each distinct remark with how many requesters made it (case and spacing ignored),
    most frequent first; the first wording seen is kept."""
    counts: Counter[str] = Counter()
    wording: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        key = " ".join(text.split()).casefold()
        wording.setdefault(key, text)
        counts[key] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], wording[kv[0]]))
    return tuple((wording[key], count) for key, count in ranked)


def sales_leads(opened: Iterable[CallFact], covered_products: set[str]) -> tuple[Lead, ...]:
    """Clients without the add-on who called off-hours about a product the add-on covers
    (refused or served once as an exceptional service): the add-on would have served them."""
    found: dict[str, list[CallFact]] = defaultdict(list)
    for c in opened:
        if c.verdict in LEAD_VERDICTS and not c.addon_in_force and c.product in covered_products:
            found[c.client].append(c)
    leads = [
        Lead(
            code,
            items[0].client_name,
            sum(1 for c in items if c.verdict == "refused"),
            sum(1 for c in items if c.verdict == "exceptional"),
            tuple(sorted(c.opened_at for c in items)),
        )
        for code, items in found.items()
    ]
    return tuple(sorted(leads, key=lambda lead: (-lead.total, lead.client)))


def revenue_of(facts: Iterable[RevenueFact]) -> Revenue:
    sums = {kind: 0 for kind in REVENUE_KINDS}
    minutes = 0
    for fact in facts:
        sums[fact.kind] = sums.get(fact.kind, 0) + fact.amount_cents
        if fact.kind == "chargeable_hours":
            minutes += fact.minutes_billed
    return Revenue(sums["fee_247"], sums["chargeable_hours"], sums["adjustment"], minutes)


def compute_year(
    year: int,
    calls: Sequence[CallFact],
    escalations: Sequence[EscalationFact],
    revenue: Sequence[RevenueFact],
    *,
    tz: ZoneInfo,
    now: datetime,
    update_every_minutes: int,
    covered_products: Iterable[str],
    minutes_by_month: dict[str, dict[int, int]] | None = None,
) -> YearFigures:
    """The year as a whole and month by month.

    `minutes_by_month` gives, per month, the minutes worked per call id in that month (the
    year's `minutes_in_period` cannot be split by month without it).
    """
    figures = partial(
        compute,
        tz=tz,
        now=now,
        update_every_minutes=update_every_minutes,
        covered_products=list(covered_products),
    )
    whole = figures(year_period(year, tz), calls, escalations, revenue)
    minutes = minutes_by_month or {}
    # Each call goes only to the months it touches, so a year costs about one pass.
    touched: dict[str, list[CallFact]] = defaultdict(list)
    for c in calls:
        labels = {_month_of(i, tz) for i in (c.opened_at, c.resolved_at, c.closed_at) if i}
        labels.update(label for label, per_call in minutes.items() if c.id in per_call)
        for label in labels:
            touched[label].append(c)
    months = []
    for month in range(1, 13):
        period = month_period(year, month, tz)
        per_call = minutes.get(period.label, {})
        month_calls = [
            replace(c, minutes_in_period=per_call.get(c.id, 0)) for c in touched[period.label]
        ]
        months.append(figures(period, month_calls, escalations, revenue))
    return YearFigures(whole, tuple(months))


def _month_of(instant: datetime, tz: ZoneInfo) -> str:
    local = instant.astimezone(tz)
    return f"{local.year:04d}-{local.month:02d}"


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
