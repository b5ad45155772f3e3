"""Reports: read one month (or year) from the store in a handful of aggregate queries and
hand the facts to `domain.report`, which computes every figure."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar, Literal, TypedDict
from zoneinfo import ZoneInfo

from focco247.domain import report as rpt
from focco247.domain.contracts import AddonPeriod, addon_in_force
from focco247.domain.instants import parse_month, previous_month
from focco247.errors import InputError
from focco247.i18n import _
from focco247.services.base import Ctx, get_client
from focco247.store.models import Client
from focco247.store.queries import reports as q


@dataclass(frozen=True)
class MonthReport:
    figures: rpt.Figures
    client: str | None
    client_name: str | None
    tz: ZoneInfo
    sales_phone: str
    sales_email: str
    documents_language: str = "pt_BR"  # the HTML page's language (policy documents.language)

    kind: ClassVar[Literal["month"]] = "month"

    @property
    def period(self) -> rpt.Period:
        return self.figures.period


@dataclass(frozen=True)
class YearReport:
    figures: rpt.YearFigures
    client: str | None
    client_name: str | None
    tz: ZoneInfo
    sales_phone: str
    sales_email: str
    documents_language: str = "pt_BR"  # the HTML page's language (policy documents.language)

    kind: ClassVar[Literal["year"]] = "year"

    @property
    def period(self) -> rpt.Period:
        return self.figures.year.period


class _Scope(TypedDict):
    client: str | None
    client_name: str | None
    tz: ZoneInfo
    sales_phone: str
    sales_email: str
    documents_language: str


class _Options(TypedDict):
    tz: ZoneInfo
    now: datetime
    update_every_minutes: int
    covered_products: list[str]


def _scope(ctx: Ctx, row: Client | None) -> _Scope:
    """What both reports carry besides their figures: the client (if one) and the contacts."""
    return {
        "client": row.code if row else None,
        "client_name": row.name if row else None,
        "tz": ctx.tz,
        "sales_phone": ctx.policy.sales_phone,
        "sales_email": ctx.policy.sales_email,
        "documents_language": ctx.policy.documents_language,
    }


def month_report(
    ctx: Ctx, month: str | None, *, previous: bool = False, client: str | None = None
) -> MonthReport:
    """The report of one month: `month` (YYYY-MM), the previous one, or the current one."""
    if month is not None and previous:
        raise InputError(_("Give either a month or --previous, not both."))
    today = ctx.now.astimezone(ctx.tz).date()
    if month is not None:
        year, number = parse_month(month)
    elif previous:
        year, number = previous_month(today)
    else:
        year, number = today.year, today.month
    row = get_client(ctx, client) if client else None
    whole, _months = _tally(ctx, rpt.month_period(year, number, ctx.tz), (), row)
    return MonthReport(whole, **_scope(ctx, row))


def year_report(ctx: Ctx, year: str, *, client: str | None = None) -> YearReport:
    """The report of one year, as a whole and month by month, with the 24|7 revenue."""
    text = year.strip()
    if not (len(text) == 4 and text.isdigit() and int(text) >= 1900):
        raise InputError(
            _("Year {year!r} is not valid; write it as YYYY (e.g. 2026).").format(year=year)
        )
    row = get_client(ctx, client) if client else None
    months = tuple(rpt.month_period(int(text), m, ctx.tz) for m in range(1, 13))
    whole, by_month = _tally(ctx, rpt.year_period(int(text), ctx.tz), months, row)
    return YearReport(rpt.YearFigures(whole, by_month), **_scope(ctx, row))


def _tally(
    ctx: Ctx, whole: rpt.Period, parts: tuple[rpt.Period, ...], row: Client | None
) -> tuple[rpt.Figures, tuple[rpt.Figures, ...]]:
    """The figures of `whole` and of each of its `parts` (the months of a year; none for a
    month), read from the store in grouped queries: the database counts, `rpt.Tally`
    decides what the counts mean."""
    options: _Options = {
        "tz": ctx.tz,
        "now": ctx.now,
        "update_every_minutes": ctx.policy.level3_update_every_minutes,
        "covered_products": [name for name, covered in ctx.policy.products.items() if covered],
    }
    bounds = [whole.start] if not parts else [p.start for p in parts]
    feed = _Feed(
        rpt.Tally(whole, **options), [rpt.Tally(p, **options) for p in parts], [*bounds, whole.end]
    )
    client_id = row.id if row else None
    _feed_counts(ctx, feed, client_id)
    _feed_listed(ctx, feed, client_id)
    revenue = [
        rpt.RevenueFact(month, kind, amount, billed)
        for month, kind, amount, billed in q.issued_revenue(ctx.session, whole.months, client_id)
    ]
    return feed.whole.figures(revenue), tuple(t.figures(revenue) for t in feed.parts)


@dataclass(frozen=True)
class _Feed:
    """The tallies of a period and of its parts, and which of them a row belongs to."""

    whole: rpt.Tally
    parts: list[rpt.Tally]
    bounds: list[datetime]  # the parts' starts, then the period's end

    def of_part(self, index: int) -> tuple[rpt.Tally, ...]:
        return (self.whole, self.parts[index]) if self.parts else (self.whole,)

    def at(self, instant: datetime) -> tuple[rpt.Tally, ...]:
        return self.of_part(max(0, bisect_right(self.bounds, instant) - 1))


def _feed_counts(ctx: Ctx, feed: _Feed, client_id: int | None) -> None:
    """What the database counts: contacts, resolutions, ratings, time, escalations."""
    session, bounds = ctx.session, feed.bounds
    # Contacts come counted by UTC quarter hour: the quarter places them in a part of the
    # period (a month's bounds are quarter hours too) and, once per quarter, in the heat map.
    seconds = [int(b.timestamp()) for b in bounds]
    rings: Counter[int] = Counter()
    for quarter, verdict, status, level, count in q.opened_counts(session, bounds, client_id):
        for t in feed.of_part(max(0, bisect_right(seconds, quarter * q.QUARTER_SECONDS) - 1)):
            t.opened(verdict, status, level, count)
        rings[quarter] += count
    for quarter, count in rings.items():
        instant = datetime.fromtimestamp(quarter * q.QUARTER_SECONDS, UTC)
        for t in feed.at(instant):
            t.rang(instant, count)
    for index, status, level, minutes, count in q.resolution_counts(session, bounds, client_id):
        for t in feed.of_part(index):
            t.resolved(status, level, minutes, count)
    for index, rating, count in q.rating_counts(session, bounds, client_id):
        for t in feed.of_part(index):
            t.rated(rating, count)
    for index, chargeable, minutes in q.worked_minutes(session, bounds, client_id):
        for t in feed.of_part(index):
            t.worked(minutes, chargeable=chargeable)
    for index, specialist, area, count in q.escalation_counts(session, bounds, client_id):
        for t in feed.of_part(index):
            t.escalated(specialist, area, count)


def _feed_listed(ctx: Ctx, feed: _Feed, client_id: int | None) -> None:
    """What a figure lists call by call: comments, sales contacts, level-3 follow-up."""
    session, bounds = ctx.session, feed.bounds
    for c in q.comment_rows(session, bounds, client_id):
        for t in feed.at(c.closed_at):
            t.commented(c.closed_at, c.call_id, c.client, c.rating, c.strengths, c.weaknesses)

    periods: dict[int, list[AddonPeriod]] = defaultdict(list)
    for cid, first_day, last_day in q.addon_periods_of(session, client_id):
        periods[cid].append(AddonPeriod(first_day, last_day))
    for r in q.lead_contact_rows(session, bounds, client_id):
        in_force = addon_in_force(periods[r.client_id], r.opened_at.astimezone(ctx.tz).date())
        contact = rpt.Contact(
            r.id, r.client, r.client_name, r.opened_at, r.verdict, r.product, r.caller,
            in_force is not None,
        )  # fmt: skip
        for t in feed.at(r.opened_at):
            t.contacted(contact)

    updates: dict[int, list[datetime]] = defaultdict(list)
    for call_id, update_at in q.level3_updates(session, bounds, client_id):
        updates[call_id].append(update_at)
    for l3 in q.level3_rows(session, bounds, client_id):
        call = rpt.Level3Call(
            l3.id, l3.client, l3.status, l3.opened_at, l3.resolved_at, tuple(sorted(updates[l3.id]))
        )
        for t in feed.at(l3.opened_at):
            t.level3(call)
