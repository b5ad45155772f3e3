"""Reports: read one month (or year) from the store in a handful of aggregate queries and
hand the facts to `domain.report`, which computes every figure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import select

from focco247.domain import report as rpt
from focco247.domain.contracts import AddonPeriod, addon_in_force
from focco247.domain.instants import iso_local, parse_month, previous_month
from focco247.domain.money import from_centavos, money_str
from focco247.errors import InputError
from focco247.services.base import Ctx, get_client
from focco247.store.models import (
    Call,
    Client,
    Escalation,
    Invoice,
    InvoiceLine,
    ProgressUpdate,
    Specialist,
    Subscription,
    TimeEntry,
)


@dataclass
class MonthReport:
    figures: rpt.Figures
    client: str | None
    client_name: str | None
    tz: ZoneInfo
    sales_phone: str
    sales_email: str

    kind = "month"

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "month",
            "month": self.figures.period.label,
            **_scope_json(self),
            **figures_json(self.figures, self.tz),
        }


@dataclass
class YearReport:
    figures: rpt.YearFigures
    client: str | None
    client_name: str | None
    tz: ZoneInfo
    sales_phone: str
    sales_email: str

    kind = "year"

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "year",
            "year": self.figures.year.period.label,
            **_scope_json(self),
            **figures_json(self.figures.year, self.tz),
            "months": [month_row_json(m) for m in self.figures.months],
        }


# --- queries ----------------------------------------------------------------------------------


def _scope(ctx: Ctx, row: Client | None) -> dict[str, Any]:
    """What both reports carry besides their figures: the client (if one) and the contacts."""
    return {
        "client": row.code if row else None,
        "client_name": row.name if row else None,
        "tz": ctx.tz,
        "sales_phone": ctx.policy.sales_phone,
        "sales_email": ctx.policy.sales_email,
    }


def month_report(
    ctx: Ctx, month: str | None, *, previous: bool = False, client: str | None = None
) -> MonthReport:
    """The report of one month: `month` (YYYY-MM), the previous one, or the current one."""
    if month is not None and previous:
        raise InputError("Give either a month or --previous, not both.")
    today = ctx.now.astimezone(ctx.tz).date()
    if month is not None:
        year, number = parse_month(month)
    elif previous:
        year, number = previous_month(today)
    else:
        year, number = today.year, today.month
    row = get_client(ctx, client) if client else None
    period = rpt.month_period(year, number, ctx.tz)
    calls, escalations, revenue, _ = _facts(ctx, period, row.id if row else None)
    figures = rpt.compute(period, calls, escalations, revenue, **_options(ctx))
    return MonthReport(figures, **_scope(ctx, row))


def year_report(ctx: Ctx, year: str, *, client: str | None = None) -> YearReport:
    """The report of one year, as a whole and month by month, with the 24|7 revenue."""
    text = year.strip()
    if not (len(text) == 4 and text.isdigit() and int(text) >= 1900):
        raise InputError(f"Year {year!r} is not valid; write it as YYYY (e.g. 2026).")
    row = get_client(ctx, client) if client else None
    period = rpt.year_period(int(text), ctx.tz)
    calls, escalations, revenue, by_month = _facts(ctx, period, row.id if row else None)
    figures = rpt.compute_year(
        int(text), calls, escalations, revenue, minutes_by_month=by_month, **_options(ctx)
    )
    return YearReport(figures, **_scope(ctx, row))


def _options(ctx: Ctx) -> dict[str, Any]:
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

    def scoped(stmt):
        return stmt.where(Call.client_id == client_id) if client_id is not None else stmt

    worked = scoped(
        select(TimeEntry.call_id)
        .join(Call, Call.id == TimeEntry.call_id)
        .where(TimeEntry.worked_at >= s, TimeEntry.worked_at < e)
    )

    def within(column):
        return sa.and_(column >= s, column < e)

    call_rows = session.exec(
        scoped(
            select(*_CALL_COLUMNS, Client.code, Client.name)
            .join(Client, Client.id == Call.client_id)
            .where(
                sa.or_(
                    within(Call.opened_at),
                    within(Call.resolved_at),
                    within(Call.closed_at),
                    Call.id.in_(worked),
                )
            )
        ).order_by(Call.opened_at, Call.id)
    ).all()

    # Minutes worked inside the period per call, and per local month for the year view.
    minutes: dict[int, int] = defaultdict(int)
    by_month: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    entry_rows = session.exec(
        scoped(
            select(TimeEntry.call_id, TimeEntry.worked_at, TimeEntry.minutes)
            .join(Call, Call.id == TimeEntry.call_id)
            .where(TimeEntry.worked_at >= s, TimeEntry.worked_at < e)
        )
    ).all()
    for call_id, worked_at, mins in entry_rows:
        minutes[call_id] += mins
        local = worked_at.astimezone(ctx.tz)
        by_month[f"{local.year:04d}-{local.month:02d}"][call_id] += mins

    # Progress updates of the level-3 calls opened in the period (R11).
    updates: dict[int, list] = defaultdict(list)
    for call_id, at in session.exec(
        scoped(
            select(ProgressUpdate.call_id, ProgressUpdate.at)
            .join(Call, Call.id == ProgressUpdate.call_id)
            .where(Call.level == 3, within(Call.opened_at))
        )
    ).all():
        updates[call_id].append(at)

    client_ids = {row.client_id for row in call_rows}
    periods: dict[int, list[AddonPeriod]] = defaultdict(list)
    if client_ids:
        for sub in session.exec(
            select(Subscription).where(Subscription.client_id.in_(client_ids))
        ).all():
            periods[sub.client_id].append(AddonPeriod(sub.first_day, sub.last_day))

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
        for call_id, specialist, area, at in session.exec(
            scoped(
                select(Escalation.call_id, Specialist.name, Specialist.area, Escalation.at)
                .join(Specialist, Specialist.id == Escalation.specialist_id)
                .join(Call, Call.id == Escalation.call_id)
                .where(Escalation.at >= s, Escalation.at < e)
            )
        ).all()
    ]

    revenue_stmt = (
        select(
            Invoice.month,
            InvoiceLine.kind,
            sa.func.sum(InvoiceLine.amount_cents),
            sa.func.coalesce(sa.func.sum(InvoiceLine.minutes_billed), 0),
        )
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.status == "issued", Invoice.month.in_(period.months))
        .group_by(Invoice.month, InvoiceLine.kind)
    )
    if client_id is not None:
        revenue_stmt = revenue_stmt.where(Invoice.client_id == client_id)
    revenue = [
        rpt.RevenueFact(month, kind, int(amount or 0), int(billed or 0))
        for month, kind, amount, billed in session.exec(revenue_stmt).all()
    ]
    return calls, escalations, revenue, {k: dict(v) for k, v in by_month.items()}


# Plain columns, not ORM objects: a year of calls loads several times faster.
_CALL_COLUMNS = (
    Call.id,
    Call.client_id,
    Call.product,
    Call.caller,
    Call.opened_at,
    Call.verdict,
    Call.status,
    Call.level,
    Call.chargeable,
    Call.resolved_at,
    Call.closed_at,
    Call.rating,
    Call.strengths,
    Call.weaknesses,
)


def _addon_on(periods: list[AddonPeriod], day: date) -> bool:
    return addon_in_force(periods, day) is not None


# --- JSON (SPEC §3: money strings + currency, integer minutes, ISO instants) -------------------


def _scope_json(report: MonthReport | YearReport) -> dict[str, Any]:
    period = (
        report.figures.period if isinstance(report, MonthReport) else report.figures.year.period
    )
    return {
        "client": report.client,
        "client_name": report.client_name,
        "timezone": report.tz.key,
        "from": period.first_day.isoformat(),
        "to": period.last_day.isoformat(),
        "currency": "BRL",
        "sales": {"phone": report.sales_phone, "email": report.sales_email},
    }


def _stats_json(stats: rpt.ResolutionStats) -> dict[str, Any]:
    return {
        "calls": stats.calls,
        "median_minutes": stats.median_minutes,
        "p90_minutes": stats.p90_minutes,
    }


def _revenue_json(revenue: rpt.Revenue) -> dict[str, Any]:
    return {
        "currency": "BRL",
        "fees": money_str(from_centavos(revenue.fees_cents)),
        "chargeable_hours": money_str(from_centavos(revenue.chargeable_cents)),
        "adjustments": money_str(from_centavos(revenue.adjustments_cents)),
        "total": money_str(from_centavos(revenue.total_cents)),
        "billed_minutes": revenue.billed_minutes,
    }


def _average(value) -> float | None:
    # A rating average is not money: a JSON number with two decimals.
    return None if value is None else float(value)


def figures_json(f: rpt.Figures, tz: ZoneInfo) -> dict[str, Any]:
    return {
        "contacts": {"total": f.contacts, "by_verdict": dict(f.contacts_by_verdict)},
        "calls": {
            "total": f.calls,
            "by_level": {str(k): v for k, v in f.calls_by_level.items()},
        },
        "heatmap": {
            "weekdays": list(rpt.WEEKDAY_NAMES),
            "hours": list(range(24)),
            "counts": [list(row) for row in f.heatmap],
        },
        "resolution": {
            "all": _stats_json(f.resolution_all),
            "by_level": {str(k): _stats_json(v) for k, v in f.resolution_by_level.items()},
        },
        "level3": {
            "update_every_minutes": f.update_every_minutes,
            "calls": len(f.level3),
            "calls_overdue": f.level3_calls_overdue,
            "overdue_gaps": f.level3_overdue_gaps,
            "items": [
                {
                    "call_id": i.call_id,
                    "client": i.client,
                    "opened_at": iso_local(i.opened_at, tz),
                    "updates": i.updates,
                    "overdue_gaps": i.overdue_gaps,
                    "longest_gap_minutes": i.longest_gap_minutes,
                    "still_open": i.still_open,
                }
                for i in f.level3
            ],
        },
        "escalations": {
            "total": f.escalations,
            "by_specialist": [
                {"specialist": s.specialist, "area": s.area, "escalations": s.escalations}
                for s in f.escalations_by_specialist
            ],
            "by_area": [{"area": a, "escalations": n} for a, n in f.escalations_by_area],
        },
        "hours": {
            "logged_minutes": f.logged_minutes,
            "chargeable_minutes": f.chargeable_minutes,
        },
        "ratings": {
            "count": f.ratings,
            "average": _average(f.rating_average),
            "distribution": {str(k): v for k, v in f.rating_distribution.items()},
            "comments": [
                {
                    "call_id": c.call_id,
                    "client": c.client,
                    "rating": c.rating,
                    "strengths": c.strengths,
                    "weaknesses": c.weaknesses,
                }
                for c in f.comments
            ],
            "strengths": [{"text": t, "count": n} for t, n in f.quoted_strengths],
            "weaknesses": [{"text": t, "count": n} for t, n in f.quoted_weaknesses],
        },
        "exceptional": [
            {
                "call_id": x.call_id,
                "client": x.client,
                "client_name": x.client_name,
                "at": iso_local(x.at, tz),
                "product": x.product,
                "caller": x.caller,
            }
            for x in f.exceptional
        ],
        "sales_leads": [
            {
                "client": lead.client,
                "client_name": lead.client_name,
                "contacts": lead.total,
                "refused": lead.refused,
                "exceptional": lead.exceptional,
                "dates": sorted({d.astimezone(tz).date().isoformat() for d in lead.contacts}),
                "at": [iso_local(d, tz) for d in lead.contacts],
            }
            for lead in f.leads
        ],
        "revenue": _revenue_json(f.revenue),
    }


def month_row_json(f: rpt.Figures) -> dict[str, Any]:
    """One month of the year report: the same figures, in their summary form."""
    return {
        "month": f.period.label,
        "contacts": f.contacts,
        "by_verdict": dict(f.contacts_by_verdict),
        "calls": f.calls,
        "by_level": {str(k): v for k, v in f.calls_by_level.items()},
        "resolution": {
            "all": _stats_json(f.resolution_all),
            "by_level": {str(k): _stats_json(v) for k, v in f.resolution_by_level.items()},
        },
        "level3_calls": len(f.level3),
        "level3_overdue_gaps": f.level3_overdue_gaps,
        "escalations": f.escalations,
        "logged_minutes": f.logged_minutes,
        "chargeable_minutes": f.chargeable_minutes,
        "ratings": f.ratings,
        "rating_average": _average(f.rating_average),
        "exceptional": len(f.exceptional),
        "sales_leads": len(f.leads),
        "revenue": _revenue_json(f.revenue),
    }
