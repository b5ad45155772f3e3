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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from itertools import pairwise
from math import ceil
from typing import TypeVar
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


def median_minutes(values: Iterable[int]) -> int | None:
    """The median; with an even count, the mean of the two middle values rounded half up."""
    return median_of_counts(Counter(values))


def percentile_minutes(values: Iterable[int], percent: int) -> int | None:
    """Nearest-rank percentile: the smallest value with at least `percent`% at or below it."""
    return percentile_of_counts(Counter(values), percent)


def median_of_counts(counts: Mapping[int, int]) -> int | None:
    """`median_minutes` of the values `counts` holds ({value: how many times})."""
    total = sum(counts.values())
    if not total:
        return None
    mid = total // 2
    if total % 2:
        return _nth(counts, mid)
    return (_nth(counts, mid - 1) + _nth(counts, mid) + 1) // 2


def percentile_of_counts(counts: Mapping[int, int], percent: int) -> int | None:
    """`percentile_minutes` of the values `counts` holds ({value: how many times})."""
    total = sum(counts.values())
    if not total:
        return None
    return _nth(counts, max(1, ceil(total * percent / 100)) - 1)


def _nth(counts: Mapping[int, int], index: int) -> int:
    """The value at 0-based `index` of the sorted values `counts` holds."""
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if index < seen:
            return value
    raise IndexError(index)


def resolution_stats(counts: Mapping[int, int]) -> ResolutionStats:
    """How many calls, their median and 90th percentile, from {whole minutes: calls}."""
    return ResolutionStats(
        sum(counts.values()), median_of_counts(counts), percentile_of_counts(counts, 90)
    )


def average_rating(distribution: Mapping[int, int]) -> Decimal | None:
    """The mean rating from {rating: how many}, to the hundredth, half up."""
    total = sum(distribution.values())
    if not total:
        return None
    points = sum(rating * count for rating, count in distribution.items())
    return (Decimal(points) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


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


def served(status: str) -> bool:
    """A contact the 24|7 line served (refused and redirected ones are kept for sales)."""
    return status not in NOT_SERVED_STATUSES


# --- the tally: every figure's one definition ----------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A contact opened in the period that a figure lists by name (exceptional services and
    sales leads): every contact whose verdict is one of LEAD_VERDICTS."""

    id: int
    client: str
    client_name: str
    opened_at: datetime
    verdict: str
    product: str
    caller: str
    addon_in_force: bool


@dataclass(frozen=True)
class Level3Call:
    """A level-3 call opened in the period, with the progress updates it was given (R11)."""

    id: int
    client: str
    status: str
    opened_at: datetime
    resolved_at: datetime | None
    updates: tuple[datetime, ...]


class Tally:
    """One period's figures, fed what belongs to the period: counts (with how many times, so
    the store may hand them over grouped) and the few things a figure lists call by call.

    Which instant puts a call in the period is each feeder's business (see the module's
    docstring): `add` for one CallFact, the store's grouped queries for a whole book; a
    property test holds the two equal. What is counted, and how, is decided here only."""

    def __init__(
        self,
        period: Period,
        *,
        tz: ZoneInfo,
        now: datetime,
        update_every_minutes: int,
        covered_products: Iterable[str],
    ) -> None:
        self.period = period
        self.tz = tz
        self.report_end = min(period.end, now)
        self.every = update_every_minutes
        self.covered = set(covered_products)
        self.by_verdict: Counter[str] = Counter()
        self.by_level: Counter[int] = Counter()
        self.grid = [[0] * 24 for _ in WEEKDAY_NAMES]
        self.durations: dict[int, Counter[int]] = defaultdict(Counter)
        self.distribution: Counter[int] = Counter()
        self.logged = 0
        self.chargeable = 0
        self.per_specialist: Counter[tuple[str, str]] = Counter()
        self.level3_items: list[Level3Item] = []
        self.exceptional: list[ExceptionalUse] = []
        self.lead_contacts: list[Contact] = []
        self.comments: list[tuple[datetime, Comment]] = []

    # -- counts ---------------------------------------------------------------------------

    def opened(self, verdict: str, status: str, level: int, count: int = 1) -> None:
        """Contacts opened in the period: every one by verdict, the served ones by level."""
        self.by_verdict[verdict] += count
        if served(status):
            self.by_level[level] += count

    def rang(self, at: datetime, count: int = 1) -> None:
        """The heat map shows when the phone rings: every contact, in the policy time zone."""
        local = at.astimezone(self.tz)
        self.grid[local.weekday()][local.hour] += count

    def resolved(self, status: str, level: int, minutes: int, count: int = 1) -> None:
        """Served calls resolved in the period, taking `minutes` from opening to resolution."""
        if served(status):
            self.durations[level][minutes] += count

    def rated(self, rating: int, count: int = 1) -> None:
        """Ratings given when closing a call in the period (R17)."""
        self.distribution[rating] += count

    def worked(self, minutes: int, *, chargeable: bool) -> None:
        """Time worked inside the period (reversals included, R14)."""
        self.logged += minutes
        if chargeable:
            self.chargeable += minutes

    def escalated(self, specialist: str, area: str, count: int = 1) -> None:
        """Escalations in the period, one per specialist and call (see `first_escalations`)."""
        self.per_specialist[(specialist, area)] += count

    # -- what is listed call by call ------------------------------------------------------------

    def commented(
        self,
        closed_at: datetime,
        call_id: int,
        client: str,
        rating: int,
        strengths: str | None,
        weaknesses: str | None,
    ) -> None:
        """A rated call closed in the period; listed when the requester wrote a remark."""
        strengths, weaknesses = _text(strengths), _text(weaknesses)
        if strengths or weaknesses:
            self.comments.append(
                (closed_at, Comment(call_id, client, rating, strengths, weaknesses))
            )

    def contacted(self, c: Contact) -> None:
        """A contact opened in the period with a verdict that sales or the manager follow."""
        if c.verdict == "exceptional":
            self.exceptional.append(
                ExceptionalUse(c.id, c.client, c.client_name, c.opened_at, c.product, c.caller)
            )
        if c.verdict in LEAD_VERDICTS and not c.addon_in_force and c.product in self.covered:
            self.lead_contacts.append(c)

    def level3(self, c: Level3Call) -> None:
        """A level-3 call opened in the period: the silences its requester lived through,
        up to its resolution or the report's end (R11)."""
        if not served(c.status):
            return
        ended = c.resolved_at is not None and c.resolved_at <= self.report_end
        until = c.resolved_at if ended and c.resolved_at is not None else self.report_end
        gaps = level3_gaps(c.opened_at, c.updates, max(until, c.opened_at))
        self.level3_items.append(
            Level3Item(
                c.id,
                c.client,
                c.opened_at,
                sum(1 for u in c.updates if c.opened_at <= u <= until),
                overdue_count(gaps, self.every),
                max(gaps, default=0),
                not ended,
            )
        )

    # -- one call at a time ---------------------------------------------------------------

    def add(self, c: CallFact) -> None:
        """One call, with its minutes worked in the period, in every figure whose rule puts
        it in the period."""
        period = self.period
        if period.holds(c.opened_at):
            self.opened(c.verdict, c.status, c.level)
            self.rang(c.opened_at)
            if c.verdict in LEAD_VERDICTS:
                self.contacted(
                    Contact(
                        c.id,
                        c.client,
                        c.client_name,
                        c.opened_at,
                        c.verdict,
                        c.product,
                        c.caller,
                        c.addon_in_force,
                    )
                )
            if c.level == 3:
                self.level3(
                    Level3Call(c.id, c.client, c.status, c.opened_at, c.resolved_at, c.updates)
                )
        if c.resolved_at is not None and period.holds(c.resolved_at):
            self.resolved(c.status, c.level, whole_minutes(c.opened_at, c.resolved_at))
        if c.closed_at is not None and c.rating is not None and period.holds(c.closed_at):
            self.rated(c.rating)
            self.commented(c.closed_at, c.id, c.client, c.rating, c.strengths, c.weaknesses)
        self.worked(c.minutes_in_period, chargeable=c.chargeable)

    # -- the figures ----------------------------------------------------------------------

    def figures(self, revenue: Iterable[RevenueFact]) -> Figures:
        durations = self.durations
        every_duration: Counter[int] = Counter()
        for counts in durations.values():
            every_duration.update(counts)
        specialists = tuple(
            SpecialistCount(name, area, count)
            for (name, area), count in sorted(
                self.per_specialist.items(), key=lambda kv: (-kv[1], kv[0])
            )
        )
        per_area: Counter[str] = Counter()
        for (_, area), count in self.per_specialist.items():
            per_area[area] += count
        comments = tuple(
            comment for _, comment in sorted(self.comments, key=lambda kc: (kc[0], kc[1].call_id))
        )
        return Figures(
            period=self.period,
            contacts_by_verdict=_known_first(self.by_verdict, VERDICTS),
            calls_by_level=_known_first(self.by_level, LEVELS),
            heatmap=tuple(tuple(row) for row in self.grid),
            resolution_by_level={
                level: resolution_stats(durations.get(level, {})) for level in LEVELS
            },
            resolution_all=resolution_stats(every_duration),
            update_every_minutes=self.every,
            level3=tuple(sorted(self.level3_items, key=lambda i: (i.opened_at, i.call_id))),
            escalations_by_specialist=specialists,
            escalations_by_area=tuple(sorted(per_area.items(), key=lambda kv: (-kv[1], kv[0]))),
            logged_minutes=self.logged,
            chargeable_minutes=self.chargeable,
            rating_distribution=_known_first(self.distribution, RATINGS),
            rating_average=average_rating(self.distribution),
            comments=comments,
            quoted_strengths=most_quoted(c.strengths for c in comments),
            quoted_weaknesses=most_quoted(c.weaknesses for c in comments),
            exceptional=tuple(sorted(self.exceptional, key=lambda x: (x.at, x.call_id))),
            leads=sales_leads(self.lead_contacts),
            revenue=revenue_of(r for r in revenue if r.month in self.period.months),
        )


K = TypeVar("K", str, int)


def _known_first(counts: Mapping[K, int], known: tuple[K, ...]) -> dict[K, int]:
    """Every known value (zero if none), then any other value met, in its own order."""
    ordered = {value: counts.get(value, 0) for value in known}
    for value in sorted(v for v in counts if v not in ordered):
        ordered[value] = counts[value]
    return ordered


def first_escalations(escalations: Iterable[EscalationFact]) -> list[EscalationFact]:
    """A specialist named twice on one call is one escalation, at the first time (stores
    written before a repeat became a note in the call's story may hold both)."""
    first: dict[tuple[int, str], EscalationFact] = {}
    for e in sorted(escalations, key=lambda e: e.at):
        first.setdefault((e.call_id, e.specialist), e)
    return list(first.values())


# --- the report from plain facts ---------------------------------------------------------------


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
    tally = Tally(
        period,
        tz=tz,
        now=now,
        update_every_minutes=update_every_minutes,
        covered_products=covered_products,
    )
    for c in calls:
        tally.add(c)
    for e in first_escalations(escalations):
        if period.holds(e.at):
            tally.escalated(e.specialist, e.area)
    return tally.figures(revenue)


def most_quoted(texts: Iterable[str | None]) -> tuple[tuple[str, int], ...]:
    """Each distinct remark with how many requesters made it (case and spacing ignored),
    most frequent first; the first wording seen is kept."""
    same = Counter(text for text in texts if text)  # each exact wording once, in order
    counts: Counter[str] = Counter()
    wording: dict[str, str] = {}
    for text, times in same.items():
        key = " ".join(text.split()).casefold()
        wording.setdefault(key, text)
        counts[key] += times
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], wording[kv[0]]))
    return tuple((wording[key], count) for key, count in ranked)


def sales_leads(contacts: Iterable[Contact]) -> tuple[Lead, ...]:
    """Clients without the add-on who called off-hours about a product the add-on covers
    (refused or served once as an exceptional service): the add-on would have served them.
    `contacts` are those contacts (Tally.contacted chooses them)."""
    found: dict[str, list[Contact]] = defaultdict(list)
    for c in sorted(contacts, key=lambda c: (c.opened_at, c.id)):
        found[c.client].append(c)
    leads = [
        Lead(
            code,
            items[0].client_name,
            sum(1 for c in items if c.verdict == "refused"),
            sum(1 for c in items if c.verdict == "exceptional"),
            tuple(c.opened_at for c in items),
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
    year's `minutes_in_period` cannot be split by month without it). Escalations count once
    per specialist and call over the whole year, in the month of the first one.
    """
    figures = partial(
        compute,
        tz=tz,
        now=now,
        update_every_minutes=update_every_minutes,
        covered_products=list(covered_products),
    )
    whole = figures(year_period(year, tz), calls, escalations, revenue)
    firsts = first_escalations(escalations)
    minutes = minutes_by_month or {}
    months = []
    for month in range(1, 13):
        period = month_period(year, month, tz)
        per_call = minutes.get(period.label, {})
        month_calls = [replace(c, minutes_in_period=per_call.get(c.id, 0)) for c in calls]
        months.append(figures(period, month_calls, firsts, revenue))
    return YearFigures(whole, tuple(months))


def _text(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None
