"""The report as one self-contained HTML file: inline CSS and SVG, no script, no network.

Every piece of text from the store (client names, callers, ratings' words) goes through
`html.escape`, so a client named `<img src=x onerror=alert(1)>` is shown, never run. The
output is also well-formed XML (void elements self-closed, only XML-safe entities), so it
can be checked with a strict parser.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from focco247 import i18n
from focco247.domain.durations import format_minutes
from focco247.domain.money import format_brl, from_centavos
from focco247.domain.report import Figures
from focco247.i18n import _, ngettext
from focco247.output import dates
from focco247.output.labels import WEEKDAYS, verdict_label

if TYPE_CHECKING:  # the results' types only: output imports no store
    from focco247.services.reports import MonthReport, YearReport

VERDICT_COLOURS = {
    "covered": "#2e7d32",
    "exceptional": "#f9a825",
    "grace": "#66bb6a",
    "refused": "#c62828",
    "business_hours": "#1565c0",
}
ACCENT = "#00695c"
HTML_ROWS = 100  # a year can hold thousands of level-3 calls: the page shows the worst

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1c2430; background: #f4f6f8; }
main { max-width: 980px; margin: 0 auto; padding: 16px; }
header h1 { margin: 0 0 4px; font-size: 1.5em; color: #0b3d36; }
header p { margin: 0; color: #4a5563; }
section { background: #fff; border-radius: 10px; padding: 14px 16px; margin: 14px 0;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
h2 { font-size: 1.1em; margin: 0 0 10px; color: #0b3d36; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; }
.card { background: #fff; border-radius: 10px; padding: 10px 12px;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
.card b { display: block; font-size: 1.45em; color: #0b3d36; }
.card span { color: #4a5563; font-size: 0.9em; }
svg { width: 100%; height: auto; display: block; }
.wide svg { min-width: 520px; }
svg text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: #1c2430; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e7eb;
  vertical-align: top; }
th { color: #4a5563; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: 6px 0; padding: 6px 10px; border-left: 4px solid #b2dfdb;
  background: #f7fbfa; }
blockquote.weak { border-left-color: #ffcdd2; background: #fff8f8; }
.muted { color: #6b7684; }
h3 { font-size: 0.95em; margin: 12px 0 4px; color: #4a5563; }
ul { margin: 0; padding-left: 20px; }
summary { cursor: pointer; color: #0b3d36; margin: 8px 0; }
footer { color: #6b7684; font-size: 0.85em; margin: 18px 0; }
"""


def e(value: object) -> str:
    """Escape any text for HTML content and attributes."""
    return html.escape("" if value is None else str(value), quote=True)


def money(cents: int) -> str:
    return format_brl(from_centavos(cents)).replace("\xa0", " ")


def mins(value: int | None) -> str:
    return "–" if value is None else format_minutes(value)


# --- charts -----------------------------------------------------------------------------------


def hbar_chart(
    title: str, rows: Sequence[tuple[str, int]], colours: Sequence[str] | None = None
) -> str:
    """Horizontal bars: one row per label, scaled to the largest value."""
    row_h, label_w, bar_w = 28, 150, 210
    height = max(1, len(rows)) * row_h + 6
    top = max((v for _, v in rows), default=0)
    parts = [
        f'<svg viewBox="0 0 400 {height}" role="img" aria-label="{e(title)}" '
        f"><title>{e(title)}</title>"
    ]
    for index, (label, value) in enumerate(rows):
        y = index * row_h + 4
        width = 0 if top <= 0 else max(2 if value else 0, round(bar_w * value / top))
        colour = colours[index] if colours else ACCENT
        short = label if len(label) <= 20 else label[:19] + "…"
        parts.append(
            f'<text x="0" y="{y + 17}">{e(short)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="{row_h - 10}" '
            f'rx="3" fill="{colour}"/>'
            f'<text x="{label_w + width + 6}" y="{y + 17}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap_chart(grid: Sequence[Sequence[int]]) -> str:
    """Weekday × hour-of-day grid, darker for more contacts."""
    cell, left, topm = 22, 42, 20
    top = max((n for row in grid for n in row), default=0)
    width, height = left + 24 * cell + 4, topm + 7 * cell + 4
    title = e(_("Contacts by weekday and hour of day"))
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{title}" '
        f"><title>{title}</title>"
    ]
    for hour in range(0, 24, 3):
        parts.append(f'<text x="{left + hour * cell + 3}" y="14">{hour:02d}h</text>')
    for day, row in enumerate(grid):
        y = topm + day * cell
        weekday = _(WEEKDAYS[day])
        parts.append(f'<text x="0" y="{y + 16}">{e(weekday)}</text>')
        for hour, count in enumerate(row):
            opacity = 0.0 if top == 0 or count == 0 else 0.15 + 0.85 * count / top
            parts.append(
                f'<rect x="{left + hour * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'rx="3" fill="{ACCENT}" fill-opacity="{opacity:.2f}" stroke="#e3e7eb">'
                f"<title>{e(weekday)} {hour:02d}h: {count}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


def vbar_chart(title: str, rows: Sequence[tuple[str, int]], fmt: Callable[[int], str] = str) -> str:
    """Vertical bars for the twelve months of a year."""
    slot, chart_h, base = 48, 160, 190
    width = len(rows) * slot + 10
    top = max((v for _, v in rows), default=0)
    parts = [
        f'<svg viewBox="0 0 {width} 215" role="img" aria-label="{e(title)}" '
        f"><title>{e(title)}</title>"
    ]
    for index, (label, value) in enumerate(rows):
        x = 10 + index * slot
        h = 0 if top <= 0 or value <= 0 else max(2, round(chart_h * value / top))
        parts.append(
            f'<rect x="{x}" y="{base - h}" width="{slot - 12}" height="{h}" rx="3" '
            f'fill="{ACCENT}"><title>{e(label)}: {e(fmt(value))}</title></rect>'
            f'<text x="{x}" y="{base + 18}">{e(label[-2:])}</text>'
        )
    parts.append(f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#9aa5b1"/></svg>')
    return "".join(parts)


# --- blocks -----------------------------------------------------------------------------------


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]], numeric: set[int]) -> str:
    head = "".join(
        f'<th class="n">{e(h)}</th>' if i in numeric else f"<th>{e(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{e(c)}</td>' if i in numeric else f"<td>{e(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>'


def _section(title: str, body: str) -> str:
    return f"<section><h2>{e(title)}</h2>{body}</section>"


def _cards(items: Sequence[tuple[str, str]]) -> str:
    return (
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{e(v)}</b><span>{e(k)}</span></div>' for k, v in items)
        + "</div>"
    )


def _when(instant: datetime, tz: ZoneInfo) -> str:
    return dates.when(instant, tz)


def figures_sections(f: Figures, report: MonthReport | YearReport) -> list[str]:
    tz = report.tz
    out = []
    verdicts = list(f.contacts_by_verdict.items())
    out.append(
        _section(
            _("Contacts by verdict"),
            hbar_chart(
                _("Contacts by verdict"),
                [(verdict_label(v), n) for v, n in verdicts],
                [VERDICT_COLOURS.get(v, ACCENT) for v, _ in verdicts],
            ),
        )
    )
    level = _("level {level}")
    out.append(
        _section(
            _("Calls by level"),
            hbar_chart(
                _("Calls by level"),
                [(level.format(level=k), n) for k, n in f.calls_by_level.items()],
            ),
        )
    )
    out.append(
        _section(
            _("When the phone rings (local time)"),
            f'<div class="scroll wide">{heatmap_chart(f.heatmap)}</div>'
            f'<p class="muted">{e(_("{zone}; every contact counts.").format(zone=tz.key))}</p>',
        )
    )
    res_rows = [
        (level.format(level=k), s.calls, mins(s.median_minutes), mins(s.p90_minutes))
        for k, s in f.resolution_by_level.items()
    ]
    res_rows.append(
        (
            _("all"),
            f.resolution_all.calls,
            mins(f.resolution_all.median_minutes),
            mins(f.resolution_all.p90_minutes),
        )
    )
    out.append(
        _section(
            _("Time from opening to resolution"),
            _table(
                [_("level"), _("calls"), _("median"), _("90th percentile")], res_rows, {1, 2, 3}
            ),
        )
    )
    every = mins(f.update_every_minutes)
    if f.level3:
        worst = sorted(
            f.level3, key=lambda i: (-i.overdue_gaps, -i.longest_gap_minutes, i.call_id)
        )[:HTML_ROWS]
        summary = _(
            "{calls} level-3 calls; {overdue} had at least one gap longer than {every} "
            "without an update ({gaps} gaps)."
        ).format(
            calls=len(f.level3),
            overdue=f.level3_calls_overdue,
            every=every,
            gaps=f.level3_overdue_gaps,
        )
        body = (
            f"<p>{e(summary)}</p>"
            + _table(
                [
                    *(_("call"), _("client"), _("opened"), _("updates")),
                    *(_("overdue gaps"), _("longest gap")),
                ],
                [
                    (
                        f"#{i.call_id}",
                        i.client,
                        _when(i.opened_at, tz),
                        i.updates,
                        i.overdue_gaps,
                        mins(i.longest_gap_minutes) + (_(" (open)") if i.still_open else ""),
                    )
                    for i in worst
                ],
                {3, 4, 5},
            )
            + (
                _muted(
                    _(
                        "The {shown} longest silences of {calls} calls; the JSON output lists "
                        "every call."
                    ).format(shown=len(worst), calls=len(f.level3))
                )
                if len(worst) < len(f.level3)
                else ""
            )
        )
    else:
        body = _muted(_("No level-3 calls."))
    out.append(_section(_("Level-3 follow-up (an update every {every})").format(every=every), body))
    if f.escalations_by_specialist:
        body = hbar_chart(
            _("Escalations by specialist"),
            [(f"{s.specialist} ({s.area})", s.escalations) for s in f.escalations_by_specialist],
        ) + hbar_chart(_("Escalations by area"), list(f.escalations_by_area))
    else:
        body = _muted(_("No escalations."))
    out.append(_section(_("Escalations"), body))
    out.append(
        _section(
            _("Hours"),
            _cards(
                [
                    (_("logged"), mins(f.logged_minutes)),
                    (_("chargeable (client-caused)"), mins(f.chargeable_minutes)),
                    (_("billed on issued invoices"), mins(f.revenue.billed_minutes)),
                ]
            ),
        )
    )
    if f.ratings:
        quotes = []
        for c in sorted(f.comments, key=lambda c: (c.rating, c.call_id)):
            who = _("#{call_id} {client}, rated {rating}").format(
                call_id=c.call_id, client=c.client, rating=c.rating
            )
            if c.strengths:
                quotes.append(
                    f"<blockquote>“{e(c.strengths)}”<br/>"
                    f'<span class="muted">{e(_("{who}: strength").format(who=who))}</span>'
                    "</blockquote>"
                )
            if c.weaknesses:
                quotes.append(
                    f'<blockquote class="weak">“{e(c.weaknesses)}”<br/>'
                    f'<span class="muted">{e(_("{who}: to improve").format(who=who))}</span>'
                    "</blockquote>"
                )
        lists = "".join(
            f"<h3>{e(heading)}</h3><ul>"
            + "".join(
                f"<li>“{e(text)}”" + (f" <b>×{count}</b>" if count > 1 else "") + "</li>"
                for text, count in quoted[:10]
            )
            + "</ul>"
            for heading, quoted in (
                (_("Strengths, most quoted"), f.quoted_strengths),
                (_("To improve, most quoted"), f.quoted_weaknesses),
            )
            if quoted
        )
        average = ngettext(
            "Average {average} from {n} rating.", "Average {average} from {n} ratings.", f.ratings
        ).format(average=f"<b>{e(f.rating_average)}</b>", n=f.ratings)
        every_comment = _("All {count} comments, lowest rating first").format(count=len(f.comments))
        body = (
            f"<p>{average}</p>"
            + hbar_chart(
                _("Ratings"), [(f"{k} ★", f.rating_distribution[k]) for k in (5, 4, 3, 2, 1)]
            )
            + lists
            + (
                f"<details><summary>{e(every_comment)}</summary>{''.join(quotes)}</details>"
                if quotes
                else ""
            )
        )
    else:
        body = _muted(_("No ratings."))
    out.append(_section(_("Ratings"), body))
    if f.exceptional:
        body = _table(
            [_("call"), _("client"), _("name"), _("at"), _("product"), _("caller")],
            [
                (f"#{x.call_id}", x.client, x.client_name, _when(x.at, tz), x.product, x.caller)
                for x in f.exceptional
            ],
            set(),
        )
    else:
        body = _muted(_("No exceptional services used."))
    out.append(_section(_("Exceptional services used"), body))
    if f.leads:
        leads = _("Clients without the 24|7 add-on who called off-hours. Sales: {phone}, {email}.")
        body = (
            f"<p>{e(leads.format(phone=report.sales_phone, email=report.sales_email))}</p>"
            + _table(
                [_("client"), _("name"), _("refused"), _("exceptional"), _("dates")],
                [
                    (
                        lead.client,
                        lead.client_name,
                        lead.refused,
                        lead.exceptional,
                        ", ".join(_when(d, tz) for d in lead.contacts),
                    )
                    for lead in f.leads
                ],
                {2, 3},
            )
        )
    else:
        body = _muted(_("No sales leads."))
    out.append(_section(_("Sales leads"), body))
    r = f.revenue
    out.append(
        _section(
            _("24|7 revenue (issued invoices)"),
            _table(
                ["", _("amount")],
                [
                    (_("24|7 fees"), money(r.fees_cents)),
                    (_("chargeable hours"), money(r.chargeable_cents)),
                    (_("adjustments"), money(r.adjustments_cents)),
                    (_("total"), money(r.total_cents)),
                ],
                {1},
            ),
        )
    )
    return out


def _muted(text: str) -> str:
    return f'<p class="muted">{e(text)}</p>'


def _key_cards(f: Figures) -> str:
    rating = str(f.rating_average) if f.rating_average is not None else "–"
    return _cards(
        [
            (_("contacts"), str(f.contacts)),
            (_("served calls"), str(f.calls)),
            (_("median resolution"), mins(f.resolution_all.median_minutes)),
            (_("average rating"), rating),
            (_("sales leads"), str(len(f.leads))),
            (_("24|7 revenue"), money(f.revenue.total_cents)),
        ]
    )


def render_html(report: MonthReport | YearReport) -> str:
    """The whole document for a month or year report, in the documents' language (SPEC §5:
    it goes to clients and managers whoever runs the command)."""
    with i18n.in_language(report.documents_language):
        return _document(report)


def _document(report: MonthReport | YearReport) -> str:
    if report.kind == "year":
        f = report.figures.year
        months = report.figures.months
    else:
        f, months = report.figures, ()
    scope = f"{report.client} – {report.client_name}" if report.client else _("all clients")
    label = f.period.label if report.kind == "year" else dates.month(f.period.label)
    title = _("24|7 report {period}").format(period=label)
    period = _("{first} to {last}").format(
        first=dates.day(f.period.first_day), last=dates.day(f.period.last_day)
    )
    body = [
        f"<header><h1>{e(title)}</h1><p>{e(scope)} · {e(period)} · {e(report.tz.key)}</p></header>",
        _key_cards(f),
    ]
    if months:
        body.append(
            _section(
                _("Contacts by month"),
                vbar_chart(_("Contacts by month"), [(m.period.label, m.contacts) for m in months]),
            )
        )
        body.append(
            _section(
                _("24|7 revenue by month"),
                vbar_chart(
                    _("Revenue by month"),
                    [(m.period.label, m.revenue.total_cents) for m in months],
                    money,
                )
                + _table(
                    [
                        *(_("month"), _("contacts"), _("calls"), _("L3 gaps"), _("logged")),
                        *(_("rating"), _("leads"), _("fees"), _("hours"), _("adjust.")),
                        _("total"),
                    ],
                    [
                        (
                            dates.month(m.period.label),
                            m.contacts,
                            m.calls,
                            m.level3_overdue_gaps,
                            mins(m.logged_minutes),
                            m.rating_average if m.rating_average is not None else "–",
                            len(m.leads),
                            money(m.revenue.fees_cents),
                            money(m.revenue.chargeable_cents),
                            money(m.revenue.adjustments_cents),
                            money(m.revenue.total_cents),
                        )
                        for m in months
                    ],
                    set(range(1, 11)),
                ),
            )
        )
    body.extend(figures_sections(f, report))
    footer = _("focco247 · figures computed from the store; amounts in BRL.")
    body.append(f"<footer>{e(footer)}</footer>")
    lang = "pt-BR" if i18n.current_language() == i18n.PORTUGUESE else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>{e(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
