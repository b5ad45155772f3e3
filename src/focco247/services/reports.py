"""Reports: read one month (or year) from the store in a handful of aggregate queries and
hand the facts to `domain.report`, which computes every figure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
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
    period = rpt.month_period(year, number, ctx.tz)
    calls, escalations, revenue, _by_month = _facts(ctx, period, row.id if row else None)
    figures = rpt.compute(period, calls, escalations, revenue, **_options(ctx))
    return MonthReport(figures, **_scope(ctx, row))


def year_report(ctx: Ctx, year: str, *, client: str | None = None) -> YearReport:
    """The report of one year, as a whole and month by month, with the 24|7 revenue."""
    text = year.strip()
    if not (len(text) == 4 and text.isdigit() and int(text) >= 1900):
        raise InputError(
            _("Year {year!r} is not valid; write it as YYYY (e.g. 2026).").format(year=year)
        )
    row = get_client(ctx, client) if client else None
    period = rpt.year_period(int(text), ctx.tz)
    calls, escalations, revenue, by_month = _facts(ctx, period, row.id if row else None)
    figures = rpt.compute_year(
        int(text), calls, escalations, revenue, minutes_by_month=by_month, **_options(ctx)
    )
    return YearReport(figures, **_scope(ctx, row))


def _options(ctx: Ctx) -> _Options:
    return {
        "tz": ctx.tz,
        "now": ctx.now,
        "update_every_minutes": ctx.policy.level3_update_every_minutes,
        "covered_products": [name for name, covered in ctx.policy.products.items() if covered],
    }


def _facts(
    ctx: Ctx, period: rpt.Period, client_id: int | None
) -> tuple[
    list[rpt.CallFact],
    list[rpt.EscalationFact],
    list[rpt.RevenueFact],
    dict[str, dict[int, int]],
]:
    """Five queries whatever the number of calls: calls, time, updates, escalations, revenue."""
    s, e = period.start, period.end
    session = ctx.session
    call_rows = q.calls_in_period(session, s, e, client_id)

    # Minutes worked inside the period per call, and per local month for the year view.
    minutes: dict[int, int] = defaultdict(int)
    by_month: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for call_id, worked_at, mins in q.time_entries_in_period(session, s, e, client_id):
        minutes[call_id] += mins
        local = worked_at.astimezone(ctx.tz)
        by_month[f"{local.year:04d}-{local.month:02d}"][call_id] += mins

    # Progress updates of the level-3 calls opened in the period (R11).
    updates: dict[int, list[datetime]] = defaultdict(list)
    for call_id, at in q.level3_updates(session, s, e, client_id):
        updates[call_id].append(at)

    periods: dict[int, list[AddonPeriod]] = defaultdict(list)
    for cid, first_day, last_day in q.addon_periods_of(session, client_id):
        periods[cid].append(AddonPeriod(first_day, last_day))

    calls = [
        rpt.CallFact(
            id=row.id,
            client=row.code,
            client_name=row.name,
            opened_at=row.opened_at,
            verdict=row.verdict,
            status=row.status,
            level=row.level,
            product=row.product,
            caller=row.caller,
            chargeable=row.chargeable,
            addon_in_force=_addon_on(
                periods[row.client_id], row.opened_at.astimezone(ctx.tz).date()
            ),
            resolved_at=row.resolved_at,
            closed_at=row.closed_at,
            rating=row.rating,
            strengths=row.strengths,
            weaknesses=row.weaknesses,
            updates=tuple(sorted(updates.get(row.id, ()))),
            minutes_in_period=minutes.get(row.id, 0),
        )
        for row in call_rows
    ]
    escalations = [
        rpt.EscalationFact(call_id, specialist, area, at)
        for call_id, specialist, area, at in q.escalations_in_period(session, s, e, client_id)
    ]
    revenue = [
        rpt.RevenueFact(month, kind, amount, billed)
        for month, kind, amount, billed in q.issued_revenue(session, period.months, client_id)
    ]
    return calls, escalations, revenue, {k: dict(v) for k, v in by_month.items()}


def _addon_on(periods: list[AddonPeriod], day: date) -> bool:
    return addon_in_force(periods, day) is not None
