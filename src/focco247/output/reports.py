"""The month and year reports: on a terminal, and their JSON shape (the HTML page is
report_html)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from focco247.domain import report as rpt
from focco247.domain.instants import iso_local
from focco247.domain.money import from_centavos, money_str
from focco247.i18n import _, ngettext
from focco247.output import dates
from focco247.output.console import brl, is_plain, line, panel, table, when
from focco247.output.labels import WEEKDAYS, verdict_label

if TYPE_CHECKING:  # the results' types only: output imports no store
    from focco247.services.reports import MonthReport, YearReport


TERMINAL_ROWS = 12  # longer lists are cut on screen; html and json keep every row


def _bar(value: int, top: int, width: int) -> str:
    """A horizontal bar scaled to `top`: blocks on a terminal, # when plain."""
    if value <= 0 or top <= 0:
        return ""
    cells = max(1, round(value * width / top))
    return ("#" if is_plain() else "█") * cells


def _bars(rows: Sequence[tuple[str, int]], width: int = 40, label: int = 18) -> list[str]:
    """Labelled bars that fit 80 columns: label, count, bar."""
    top = max((count for _, count in rows), default=0)
    return [
        f"{name[:label]:<{label}} {count:>5}  {_bar(count, top, width)}" for name, count in rows
    ]


def _heat_lines(grid: Sequence[Sequence[int]]) -> list[str]:
    """7 x 24 cells, one character each: digits when plain, shades on a terminal."""
    top = max((n for row in grid for n in row), default=0)
    shades = " ░▒▓█"

    def cell(n: int) -> str:
        if is_plain():
            return "." if n == 0 else (str(n) if n < 10 else "+")
        if n == 0:
            return "·"
        return shades[max(1, min(4, round(4 * n / top)))]

    lines = ["      " + "".join(f"{h:<3}" for h in range(0, 24, 3)).rstrip()]
    for name, row in zip(WEEKDAYS, grid, strict=True):
        lines.append(f"{_(name):<5} " + "".join(cell(n) for n in row) + f"  {sum(row):>4}")
    lines.append(
        _("(local time; '.' none, '+' 10 or more)")
        if is_plain()
        else _("(local time; darker = more)")
    )
    return lines


def _mins(value: int | None) -> str:
    from focco247.domain.durations import format_minutes

    return "-" if value is None else format_minutes(value)


def _cents(cents: int) -> str:
    from focco247.domain.money import from_centavos

    return brl(from_centavos(cents))


def _wrap(text: str, indent: str = "    ") -> list[str]:
    import textwrap

    return textwrap.wrap(text, 76, initial_indent=indent, subsequent_indent=indent) or [indent]


def show_report(result: MonthReport | YearReport) -> None:
    """The month (or year) report: panels and bar charts that fit 80 columns."""
    if result.kind == "year":
        _show_year(result)
    else:
        title = _("24|7 report {period}").format(period=dates.month(result.figures.period.label))
        _show_figures(result.figures, result, title)


def _scope(result: MonthReport | YearReport) -> str:
    return f"{result.client} ({result.client_name})" if result.client else _("all clients")


def _show_figures(f: rpt.Figures, result: MonthReport | YearReport, title: str) -> None:
    _headline(f, result, title)
    _details(f, result)


def _headline(f: rpt.Figures, result: MonthReport | YearReport, title: str) -> None:
    avg = (
        ngettext("{average} from {n} rating", "{average} from {n} ratings", f.ratings).format(
            average=f.rating_average, n=f.ratings
        )
        if f.ratings
        else _("no ratings")
    )
    panel(
        title,
        [
            _("Clients:    {scope}").format(scope=_scope(result))[:76],
            _("Period:     {first} to {last} ({zone})").format(
                first=dates.day(f.period.first_day),
                last=dates.day(f.period.last_day),
                zone=result.tz.key,
            ),
            _("Contacts:   {contacts} ({calls} served by the 24|7 line)").format(
                contacts=f.contacts, calls=f.calls
            ),
            _("Hours:      {logged} logged, {chargeable} chargeable").format(
                logged=_mins(f.logged_minutes), chargeable=_mins(f.chargeable_minutes)
            ),
            _("Ratings:    {average}").format(average=avg),
            _("Level 3:    {calls} calls, {gaps} overdue gaps (update every {every})").format(
                calls=len(f.level3),
                gaps=f.level3_overdue_gaps,
                every=_mins(f.update_every_minutes),
            ),
            _("Revenue:    {total} (issued invoices)").format(total=_cents(f.revenue.total_cents)),
        ],
    )


def _details(f: rpt.Figures, result: MonthReport | YearReport) -> None:
    tz = result.tz
    verdicts = [(verdict_label(v), n) for v, n in f.contacts_by_verdict.items()]
    level = _("level {level}")
    panel(_("Contacts by verdict"), _bars(verdicts))
    panel(
        _("Calls by level"),
        _bars([(level.format(level=k), n) for k, n in f.calls_by_level.items()]),
    )
    panel(_("Contacts by weekday and hour"), _heat_lines(f.heatmap))
    columns = [_("level"), _("calls"), _("median"), _("90th percentile")]
    table(
        _("Time from opening to resolution"),
        columns,
        [
            (label, s.calls, _mins(s.median_minutes), _mins(s.p90_minutes))
            for label, s in [
                *((level.format(level=k), v) for k, v in f.resolution_by_level.items()),
                (_("all"), f.resolution_all),
            ]
        ],
        justify={name: "right" for name in columns[1:]},
    )
    overdue = sorted(
        (i for i in f.level3 if i.overdue_gaps),
        key=lambda i: (-i.overdue_gaps, -i.longest_gap_minutes, i.call_id),
    )
    if overdue:
        shown = overdue[:TERMINAL_ROWS]
        more = len(overdue) - len(shown)
        columns = [_("call"), _("client"), _("opened"), _("updates"), _("overdue")]
        columns.append(_("longest gap"))
        table(
            _("Level-3 calls left without an update for more than {every}").format(
                every=_mins(f.update_every_minutes)
            ),
            columns,
            [
                (
                    f"#{i.call_id}",
                    i.client,
                    when(i.opened_at, tz),
                    i.updates,
                    i.overdue_gaps,
                    _mins(i.longest_gap_minutes) + (_(" (open)") if i.still_open else ""),
                )
                for i in shown
            ],
            justify={name: "right" for name in columns[3:]},
            caption=_("... and {more} more (--format html or json lists them all)").format(
                more=more
            )
            if more
            else None,
        )
    if f.escalations_by_specialist:
        panel(
            _("Escalations by specialist"),
            _bars(
                [
                    (f"{s.specialist} ({s.area})", s.escalations)
                    for s in f.escalations_by_specialist
                ],
                label=34,
                width=26,
            ),
        )
        panel(_("Escalations by area"), _bars(list(f.escalations_by_area)))
    if f.ratings:
        lines = _bars([(f"{'*' * k:<5} {k}", f.rating_distribution[k]) for k in (5, 4, 3, 2, 1)])
        for heading, quoted in (
            (_("Strengths (most quoted):"), f.quoted_strengths),
            (_("To improve (most quoted):"), f.quoted_weaknesses),
        ):
            if quoted:
                lines.append(heading)
                for text, count in quoted[:5]:
                    lines += _wrap(f'"{text}"' + (f" x{count}" if count > 1 else ""))
        worst = sorted(f.comments, key=lambda c: (c.rating, c.call_id))[: TERMINAL_ROWS // 2]
        if worst:
            lines.append(_("Lowest-rated comments:"))
        for c in worst:
            lines.append(
                _("  #{call_id} {client} rated {rating}:").format(
                    call_id=c.call_id, client=c.client, rating=c.rating
                )
            )
            if c.strengths:
                lines += _wrap(f'+ "{c.strengths}"')
            if c.weaknesses:
                lines += _wrap(f'- "{c.weaknesses}"')
        if len(f.comments) > len(worst):
            lines.append(
                _("({count} comments in all: --format html or json)").format(count=len(f.comments))
            )
        panel(_("Ratings (average {average})").format(average=f.rating_average), lines)
    if f.exceptional:
        table(
            _("Exceptional services used"),
            [_("call"), _("client"), _("at"), _("product"), _("caller")],
            [
                (f"#{x.call_id}", x.client, when(x.at, tz), x.product, x.caller)
                for x in f.exceptional
            ],
        )
    if f.leads:
        columns = [_("client"), _("name"), _("refused"), _("exceptional"), _("dates")]
        table(
            _("Sales leads: no 24|7 add-on, called off-hours"),
            columns,
            [
                (
                    lead.client,
                    lead.client_name,
                    lead.refused,
                    lead.exceptional,
                    ", ".join(sorted({d.astimezone(tz).strftime("%d/%m") for d in lead.contacts})),
                )
                for lead in f.leads
            ],
            justify={columns[2]: "right", columns[3]: "right"},
            caption=_("Sales: {phone}, {email}").format(
                phone=result.sales_phone, email=result.sales_email
            ),
        )
    else:
        line(_("Sales leads: none this period."))
    r = f.revenue
    panel(
        _("24|7 revenue (issued invoices)"),
        [
            _("24|7 fees:         {amount:>16}").format(amount=_cents(r.fees_cents)),
            _("Chargeable hours:  {amount:>16}  ({billed} billed)").format(
                amount=_cents(r.chargeable_cents), billed=_mins(r.billed_minutes)
            ),
            _("Adjustments:       {amount:>16}").format(amount=_cents(r.adjustments_cents)),
            _("Total:             {amount:>16}").format(amount=_cents(r.total_cents)),
        ],
    )


def _show_year(result: YearReport) -> None:
    y = result.figures
    _headline(y.year, result, _("24|7 report {period}").format(period=y.year.period.label))
    columns = [_("month"), _("contacts"), _("calls"), _("L3 gaps"), _("logged"), _("rating")]
    columns += [_("leads"), _("revenue")]
    table(
        _("Month by month"),
        columns,
        [
            (
                dates.month(m.period.label),
                m.contacts,
                m.calls,
                m.level3_overdue_gaps,
                _mins(m.logged_minutes),
                m.rating_average if m.rating_average is not None else "-",
                len(m.leads),
                _cents(m.revenue.total_cents),
            )
            for m in y.months
        ],
        justify={name: "right" for name in columns[1:]},
    )
    panel(
        _("Contacts by month"),
        _bars([(dates.month(m.period.label), m.contacts) for m in y.months], label=8),
    )
    top = max((m.revenue.total_cents for m in y.months), default=0)
    panel(
        _("Revenue by month"),
        [
            f"{dates.month(m.period.label)}  {_cents(m.revenue.total_cents):>14}  "
            f"{_bar(m.revenue.total_cents, top, 40)}"
            for m in y.months
        ],
    )
    _details(y.year, result)


# --- JSON (SPEC §3: money strings + currency, integer minutes, ISO instants) -------------------


def _scope_json(report: MonthReport | YearReport) -> dict[str, object]:
    period = report.period
    return {
        "client": report.client,
        "client_name": report.client_name,
        "timezone": report.tz.key,
        "from": period.first_day.isoformat(),
        "to": period.last_day.isoformat(),
        "currency": "BRL",
        "sales": {"phone": report.sales_phone, "email": report.sales_email},
    }


def _stats_json(stats: rpt.ResolutionStats) -> dict[str, object]:
    return {
        "calls": stats.calls,
        "median_minutes": stats.median_minutes,
        "p90_minutes": stats.p90_minutes,
    }


def _revenue_json(revenue: rpt.Revenue) -> dict[str, object]:
    return {
        "currency": "BRL",
        "fees": money_str(from_centavos(revenue.fees_cents)),
        "chargeable_hours": money_str(from_centavos(revenue.chargeable_cents)),
        "adjustments": money_str(from_centavos(revenue.adjustments_cents)),
        "total": money_str(from_centavos(revenue.total_cents)),
        "billed_minutes": revenue.billed_minutes,
    }


def _average(value: Decimal | None) -> float | None:
    # A rating average is not money: a JSON number with two decimals.
    return None if value is None else float(value)


def figures_json(f: rpt.Figures, tz: ZoneInfo) -> dict[str, object]:
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


def month_row_json(f: rpt.Figures) -> dict[str, object]:
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


def report_json(report: MonthReport | YearReport) -> dict[str, object]:
    """The month or year report as SPEC §3 shapes it."""
    if report.kind == "year":
        return {
            "report": "year",
            "year": report.figures.year.period.label,
            **_scope_json(report),
            **figures_json(report.figures.year, report.tz),
            "months": [month_row_json(m) for m in report.figures.months],
        }
    return {
        "report": "month",
        "month": report.figures.period.label,
        **_scope_json(report),
        **figures_json(report.figures, report.tz),
    }


def report_json_text(report: MonthReport | YearReport) -> str:
    """The report as one JSON document, for a file or a pipe."""
    from focco247.output.jsonout import dumps

    return dumps(report_json(report)) + "\n"


def wrote_sentence(path: Path) -> str:
    return _("Wrote {path}.").format(path=path)
