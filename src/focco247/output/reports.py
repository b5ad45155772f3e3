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
from focco247.i18n import _
from focco247.output.console import brl, is_plain, line, panel, table, when

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
    from focco247.domain.report import WEEKDAY_NAMES

    top = max((n for row in grid for n in row), default=0)
    shades = " ░▒▓█"

    def cell(n: int) -> str:
        if is_plain():
            return "." if n == 0 else (str(n) if n < 10 else "+")
        if n == 0:
            return "·"
        return shades[max(1, min(4, round(4 * n / top)))]

    lines = ["      " + "".join(f"{h:<3}" for h in range(0, 24, 3)).rstrip()]
    for name, row in zip(WEEKDAY_NAMES, grid, strict=True):
        lines.append(f"{name:<5} " + "".join(cell(n) for n in row) + f"  {sum(row):>4}")
    lines.append(
        "(local time; " + ("'.' none, '+' 10 or more)" if is_plain() else "darker = more)")
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
        _show_figures(result.figures, result, f"24|7 report {result.figures.period.label}")


def _scope(result: MonthReport | YearReport) -> str:
    return f"{result.client} ({result.client_name})" if result.client else "all clients"


def _show_figures(f: rpt.Figures, result: MonthReport | YearReport, title: str) -> None:
    _headline(f, result, title)
    _details(f, result)


def _headline(f: rpt.Figures, result: MonthReport | YearReport, title: str) -> None:
    avg = f"{f.rating_average} from {f.ratings} ratings" if f.ratings else "no ratings"
    panel(
        title,
        [
            f"Clients:    {_scope(result)}"[:76],
            f"Period:     {f.period.first_day} to {f.period.last_day} ({result.tz.key})",
            f"Contacts:   {f.contacts} ({f.calls} served by the 24|7 line)",
            f"Hours:      {_mins(f.logged_minutes)} logged, "
            f"{_mins(f.chargeable_minutes)} chargeable",
            f"Ratings:    {avg}",
            f"Level 3:    {len(f.level3)} calls, {f.level3_overdue_gaps} overdue gaps "
            f"(update every {_mins(f.update_every_minutes)})",
            f"Revenue:    {_cents(f.revenue.total_cents)} (issued invoices)",
        ],
    )


def _details(f: rpt.Figures, result: MonthReport | YearReport) -> None:
    tz = result.tz
    verdicts = [(v.replace("_", " "), n) for v, n in f.contacts_by_verdict.items()]
    panel("Contacts by verdict", _bars(verdicts))
    panel("Calls by level", _bars([(f"level {k}", n) for k, n in f.calls_by_level.items()]))
    panel("Contacts by weekday and hour", _heat_lines(f.heatmap))
    table(
        "Time from opening to resolution",
        ["level", "calls", "median", "90th percentile"],
        [
            (label, s.calls, _mins(s.median_minutes), _mins(s.p90_minutes))
            for label, s in [
                *((f"level {k}", v) for k, v in f.resolution_by_level.items()),
                ("all", f.resolution_all),
            ]
        ],
        justify={"calls": "right", "median": "right", "90th percentile": "right"},
    )
    overdue = sorted(
        (i for i in f.level3 if i.overdue_gaps),
        key=lambda i: (-i.overdue_gaps, -i.longest_gap_minutes, i.call_id),
    )
    if overdue:
        shown = overdue[:TERMINAL_ROWS]
        more = len(overdue) - len(shown)
        table(
            f"Level-3 calls left without an update for more than {_mins(f.update_every_minutes)}",
            ["call", "client", "opened", "updates", "overdue", "longest gap"],
            [
                (
                    f"#{i.call_id}",
                    i.client,
                    when(i.opened_at, tz),
                    i.updates,
                    i.overdue_gaps,
                    _mins(i.longest_gap_minutes) + (" (open)" if i.still_open else ""),
                )
                for i in shown
            ],
            justify={"updates": "right", "overdue": "right", "longest gap": "right"},
            caption=f"... and {more} more (--format html or json lists them all)" if more else None,
        )
    if f.escalations_by_specialist:
        panel(
            "Escalations by specialist",
            _bars(
                [
                    (f"{s.specialist} ({s.area})", s.escalations)
                    for s in f.escalations_by_specialist
                ],
                label=34,
                width=26,
            ),
        )
        panel("Escalations by area", _bars(list(f.escalations_by_area)))
    if f.ratings:
        lines = _bars([(f"{'*' * k:<5} {k}", f.rating_distribution[k]) for k in (5, 4, 3, 2, 1)])
        for heading, quoted in (
            ("Strengths", f.quoted_strengths),
            ("To improve", f.quoted_weaknesses),
        ):
            if quoted:
                lines.append(f"{heading} (most quoted):")
                for text, count in quoted[:5]:
                    lines += _wrap(f'"{text}"' + (f" x{count}" if count > 1 else ""))
        worst = sorted(f.comments, key=lambda c: (c.rating, c.call_id))[: TERMINAL_ROWS // 2]
        if worst:
            lines.append("Lowest-rated comments:")
        for c in worst:
            lines.append(f"  #{c.call_id} {c.client} rated {c.rating}:")
            if c.strengths:
                lines += _wrap(f'+ "{c.strengths}"')
            if c.weaknesses:
                lines += _wrap(f'- "{c.weaknesses}"')
        if len(f.comments) > len(worst):
            lines.append(f"({len(f.comments)} comments in all: --format html or json)")
        panel(f"Ratings (average {f.rating_average})", lines)
    if f.exceptional:
        table(
            "Exceptional services used",
            ["call", "client", "at", "product", "caller"],
            [
                (f"#{x.call_id}", x.client, when(x.at, tz), x.product, x.caller)
                for x in f.exceptional
            ],
        )
    if f.leads:
        table(
            "Sales leads: no 24|7 add-on, called off-hours",
            ["client", "name", "refused", "exceptional", "dates"],
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
            justify={"refused": "right", "exceptional": "right"},
            caption=f"Sales: {result.sales_phone}, {result.sales_email}",
        )
    else:
        line("Sales leads: none this period.")
    r = f.revenue
    panel(
        "24|7 revenue (issued invoices)",
        [
            f"24|7 fees:         {_cents(r.fees_cents):>16}",
            f"Chargeable hours:  {_cents(r.chargeable_cents):>16}  "
            f"({_mins(r.billed_minutes)} billed)",
            f"Adjustments:       {_cents(r.adjustments_cents):>16}",
            f"Total:             {_cents(r.total_cents):>16}",
        ],
    )


def _show_year(result: YearReport) -> None:
    y = result.figures
    _headline(y.year, result, f"24|7 report {y.year.period.label}")
    table(
        "Month by month",
        ["month", "contacts", "calls", "L3 gaps", "logged", "rating", "leads", "revenue"],
        [
            (
                m.period.label,
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
        justify={
            k: "right"
            for k in ("contacts", "calls", "L3 gaps", "logged", "rating", "leads", "revenue")
        },
    )
    panel("Contacts by month", _bars([(m.period.label, m.contacts) for m in y.months], label=8))
    top = max((m.revenue.total_cents for m in y.months), default=0)
    panel(
        "Revenue by month",
        [
            f"{m.period.label}  {_cents(m.revenue.total_cents):>14}  "
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
    import json

    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"


def wrote_sentence(path: Path) -> str:
    return _("Wrote {path}.").format(path=path)
