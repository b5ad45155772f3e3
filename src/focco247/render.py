"""Output in one place: rich on a terminal, plain text when piped or NO_COLOR, JSON on request.

rich is imported inside functions so that `--help` never pays for it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# --- the machinery -----------------------------------------------------------------------


def is_plain() -> bool:
    """Plain text when stdout is not a terminal or NO_COLOR is set (any value)."""
    return "NO_COLOR" in os.environ or not sys.stdout.isatty()


def console(stderr: bool = False):
    from rich.console import Console

    plain = is_plain()
    return Console(
        stderr=stderr,
        no_color=plain,
        highlight=False,
        soft_wrap=False,
        emoji=False,
        force_terminal=None if plain else True,
        width=None if not plain else max(80, _env_columns()),
    )


def _env_columns() -> int:
    # Plain output is read in logs and mail too: 80 columns unless $COLUMNS says wider.
    try:
        return int(os.environ.get("COLUMNS", "80"))
    except ValueError:
        return 80


def emit_json(document: Any) -> None:
    """Exactly one JSON document on stdout."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=_json_default))
    sys.stdout.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def error(message: str) -> None:
    """One clear sentence on stderr."""
    sys.stderr.write(f"Error: {message}\n")


def warn(message: str) -> None:
    sys.stderr.write(f"Warning: {message}\n")


def note(message: str) -> None:
    """A status line for people on stderr, so stdout stays clean for scripts."""
    sys.stderr.write(f"{message}\n")


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    justify: dict[str, str] | None = None,
    styles: Sequence[str | None] | None = None,
    caption: str | None = None,
) -> None:
    """A table: boxed and coloured on a terminal, aligned columns when plain."""
    from rich import box
    from rich.table import Table

    plain = is_plain()
    out = Table(
        title=title,
        box=None if plain else box.SIMPLE_HEAVY,
        show_edge=not plain,
        pad_edge=False,
        title_justify="left",
        caption=caption,
        caption_justify="left",
    )
    for name in columns:
        out.add_column(name, justify=(justify or {}).get(name, "left"), overflow="fold")
    for index, row in enumerate(rows):
        style = styles[index] if styles else None
        out.add_row(*("" if cell is None else str(cell) for cell in row), style=style)
    console().print(out)


def panel(title: str, lines: Sequence[str], style: str = "cyan") -> None:
    """A titled block: a rich panel on a terminal, a heading and lines when plain."""
    if is_plain():
        # Plain text needs no rich at all (it is most of a short command's start-up).
        _write_plain(title)
        for text in lines:
            # Continuations stay indented under the block.
            _write_plain(text, initial="  ", subsequent="    ", fold_words=False)
        return
    from rich.panel import Panel
    from rich.text import Text

    body = Text("\n".join(lines))
    console().print(Panel(body, title=title, title_align="left", border_style=style, expand=False))


def line(text: str = "", style: str | None = None) -> None:
    if is_plain():
        _write_plain(text)
        return
    console().print(text, style=style, markup=False)


def _write_plain(
    text: str, initial: str = "", subsequent: str = "", fold_words: bool = True
) -> None:
    """Plain lines wrapped at the plain width; a word longer than a line is folded (as rich
    does) unless `fold_words` is off."""
    import textwrap

    width = max(80, _env_columns())
    for part in text.split("\n") or [""]:
        if len(initial) + len(part) <= width:
            sys.stdout.write(f"{initial}{part}".rstrip() + "\n")
            continue
        wrapped = textwrap.fill(
            part,
            width=width,
            initial_indent=initial,
            subsequent_indent=subsequent,
            break_long_words=fold_words,
            break_on_hyphens=False,
        )
        sys.stdout.write(wrapped + "\n")


# --- formatting helpers ------------------------------------------------------------------


def brl(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    from focco247.domain.money import format_brl

    return format_brl(amount).replace("\xa0", " ")


def when(instant: datetime | None, tz: Any) -> str:
    """An instant for people: local time in the policy zone, minutes precision."""
    if instant is None:
        return ""
    return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M")


# --- views of the foundation nouns ----------------------------------------------------------

VERDICT_STYLE = {
    "covered": "bold green",
    "grace": "bold green",
    "exceptional": "bold yellow",
    "business_hours": "bold blue",
    "refused": "bold red",
}


def show_check(result: Any) -> None:
    """The verdict prominent and coloured, then why, the holiday and the next opening."""
    j = result.judgement
    verdict = j.verdict.value
    style = VERDICT_STYLE.get(verdict, "bold")
    label = verdict.upper().replace("_", " ")
    lines = [
        f"Client:   {result.client} ({result.client_name})",
        f"Product:  {result.product}",
        f"At:       {when(result.at, result.tz)} ({result.tz.key})",
        f"Why:      {j.reason}",
    ]
    if j.holiday:
        lines.append(f"Holiday:  {j.holiday}")
    if j.verdict.value != "business_hours":
        lines.append(f"Regular support opens: {when(j.next_business_open, result.tz)}")
    if verdict == "refused":
        lines.append(f"To buy the 24|7 add-on, sales: {result.sales_phone}, {result.sales_email}")
    if verdict == "business_hours":
        lines.append("Use the regular support channels.")
    panel(f"{label}", lines, style=style.split()[-1])


def show_client(view: Any) -> None:
    glt = view.glt_today
    lines = [f"Name:   {view.name}", f"State:  {view.state or '-'}"]
    if glt:
        lines.append(
            f"GLT in force: {brl(glt.monthly)}/month, {brl(glt.hourly_rate)}/hour "
            f"(since {glt.since.isoformat()})"
        )
    else:
        lines.append("GLT in force: none")
    lines.append(f"24|7 add-on today: {'yes' if view.addon_today else 'no'}")
    if view.exceptional_used_call is not None:
        lines.append(f"Exceptional service used: call #{view.exceptional_used_call}")
    else:
        lines.append("Exceptional service: not used")
    panel(view.code, lines)
    if view.glt:
        table(
            "GLT terms",
            ["since", "monthly", "hourly rate"],
            [(t.since.isoformat(), brl(t.monthly), brl(t.hourly_rate)) for t in view.glt],
            justify={"monthly": "right", "hourly rate": "right"},
        )
    if view.addon:
        table(
            "24|7 add-on",
            ["first day", "last day"],
            [
                (p.first_day.isoformat(), p.last_day.isoformat() if p.last_day else "open")
                for p in view.addon
            ],
        )


def show_clients(views: Sequence[Any]) -> None:
    if not views:
        line("No clients yet. Add one with: focco247 client add CODE --name NAME")
        return
    table(
        None,
        ["code", "name", "state", "GLT monthly", "24|7", "exceptional"],
        [
            (
                v.code,
                v.name,
                v.state or "",
                brl(v.glt_today.monthly) if v.glt_today else "-",
                "yes" if v.addon_today else "no",
                "used" if v.exceptional_used_call is not None else "",
            )
            for v in views
        ],
        justify={"GLT monthly": "right"},
    )


# --- views: calls, specialists, shifts ------------------------------------------------------

STATUS_STYLE = {
    "open": "bold green",
    "queued": "yellow",
    "parked": "magenta",
    "resolved": "cyan",
    "closed": "dim",
    "refused": "red",
    "redirected": "blue",
}


def _call_mins(minutes: int | None) -> str:
    """Minutes as typed (`1h30m`); none is 0m (the reports views have their own `_mins`)."""
    from focco247.domain.durations import format_minutes

    return format_minutes(minutes or 0)


def _short(text: str | None, width: int = 0) -> str:
    """One line of user text, shortened, with rich markup neutralised (table cells)."""
    from rich.markup import escape

    text = " ".join(str(text or "").split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return escape(text)


def _recent(instant: Any, view: Any) -> str:
    """A short instant for lists: 'MM-DD HH:MM' this year, the full date for older ones."""
    if instant is None:
        return ""
    if instant.astimezone(view.tz).year == view.now.astimezone(view.tz).year:
        return when(instant, view.tz)[5:]
    return when(instant, view.tz)[:10]


def _overdue_label(view: Any) -> str:
    from focco247.services.calls import overdue_minutes

    return f"OVERDUE by {_call_mins(overdue_minutes(view))}" if view.overdue else ""


def call_opened(view: Any) -> None:
    """What the attendant needs while the requester is still on the line."""
    c = view.call
    style = VERDICT_STYLE.get(c.verdict, "bold")
    lines = [
        f"Client:   {view.client} ({view.client_name})",
        f"Caller:   {c.caller}",
        f"Product:  {c.product}",
        f"At:       {when(c.opened_at, view.tz)}",
        f"Verdict:  {c.verdict} - {c.verdict_reason}",
    ]
    if c.status == "open":
        lines.append(f"Level {c.level}; this is now your active call.")
    elif c.status == "queued":
        behind = f" (you are on call #{view.queued_behind})" if view.queued_behind else ""
        lines.append(f"Level {c.level}; QUEUED for a callback{behind}.")
    elif c.status == "refused":
        lines.append("Not served by the 24|7 line; the contact is recorded for sales.")
        if view.sales:
            lines.append(
                f"To buy the 24|7 add-on, sales: {view.sales['phone']}, {view.sales['email']}"
            )
    else:
        lines.append("Inside business hours: use the regular support channels. Not opened.")
    panel(f"Call #{c.id}: {c.status.upper()}", lines, style=style.split()[-1])
    if view.warning:
        warn(view.warning)


def call_done(view: Any, message: str) -> None:
    c = view.call
    extra = [f"status {c.status}", f"level {c.level}", f"time {_call_mins(view.total_minutes)}"]
    if c.chargeable:
        extra.append("chargeable")
    if view.overdue:
        extra.append(_overdue_label(view))
    line(message, style="green")
    line(f"  #{c.id} {view.client}: " + ", ".join(extra))


def show_call(view: Any) -> None:
    """The call at a glance, then its time entries and its story (R18)."""
    c, tz = view.call, view.tz
    lines = [
        f"Client:   {view.client} ({view.client_name})",
        f"Caller:   {c.caller}",
        f"Product:  {c.product}",
        f"Summary:  {c.summary}",
        f"Opened:   {when(c.opened_at, tz)}",
        f"Verdict:  {c.verdict} - {c.verdict_reason}",
        f"Level:    {c.level}",
        f"Time:     {_call_mins(view.total_minutes)}"
        + (f" (timer running since {when(c.timer_started_at, tz)})" if c.timer_started_at else ""),
        "Charge:   "
        + (f"client-caused: {c.chargeable_reason}" if c.chargeable else "not chargeable"),
    ]
    if view.sales:
        lines.append(f"Sales:    {view.sales['phone']}, {view.sales['email']}")
    if view.escalations:
        names = ", ".join(f"{s.name} ({s.area})" for _e, s in view.escalations)
        lines.append(f"Experts:  {names}")
    if view.update_due_at is not None:
        due = f"Next update due {when(view.update_due_at, tz)}"
        lines.append(f"Updates:  {due}" + (f" - {_overdue_label(view)}" if view.overdue else ""))
    if view.eta is not None:
        lines.append(f"ETA:      {when(view.eta, tz)}")
    if c.resolved_at:
        how = "Worked around" if c.workaround else "Resolved"
        lines.append(f"{how}: {when(c.resolved_at, tz)} - {c.resolution}")
    if c.closed_at:
        lines.append(f"Closed:   {when(c.closed_at, tz)}")
    if c.rating:
        lines.append(f"Rating:   {c.rating}/5")
        if c.strengths:
            lines.append(f"  + {c.strengths}")
        if c.weaknesses:
            lines.append(f"  - {c.weaknesses}")
    style = "red" if view.overdue else STATUS_STYLE.get(c.status, "cyan").split()[-1]
    panel(f"Call #{c.id}: {c.status.upper()}", lines, style=style)
    if view.entries:
        table(
            "Time entries",
            ["entry", "worked at", "time", "note"],
            [
                (e.id, when(e.worked_at, tz), _call_mins(e.minutes), _short(e.note, 40))
                for e in view.entries
            ],
            justify={"time": "right"},
        )
    from focco247.services.calls import describe

    table(
        "Story",
        ["when", "who", "what"],
        [
            (when(e.at, tz), _short(e.actor, 12), _short(describe(e.action, json.loads(e.detail))))
            for e in view.events
        ],
    )


CALL_COLUMNS = ["#", "client", "status", "lv", "opened", "time", "flag", "summary"]


def _call_rows(views: Sequence[Any]) -> tuple[list[tuple[Any, ...]], list[str | None]]:
    rows, styles = [], []
    for v in views:
        c = v.call
        flag = "OVERDUE" if v.overdue else ("$" if c.chargeable else "")
        rows.append(
            (
                c.id,
                v.client,
                c.status,
                c.level,
                _recent(c.opened_at, v),
                _call_mins(v.total_minutes),
                flag,
                c.summary,
            )
        )
        styles.append("bold red" if v.overdue else STATUS_STYLE.get(c.status))
    # One line per call: the summary gets what the other columns leave of the width.
    fixed = [
        max(len(CALL_COLUMNS[i]), *(len(str(row[i])) for row in rows))
        for i in range(len(CALL_COLUMNS) - 1)
    ]
    gaps = 2 * len(fixed) if is_plain() else 3 * len(fixed) + 2
    room = max(12, console().width - sum(fixed) - gaps)
    return [(*row[:-1], _short(row[-1], room)) for row in rows], styles


def show_calls(views: Sequence[Any], total: int | None = None) -> None:
    if not views:
        line("No calls match.")
        return
    rows, styles = _call_rows(views)
    overdue = sum(1 for v in views if v.overdue)
    notes = []
    earlier = (total or len(views)) - len(views)
    if earlier > 0:
        notes.append(f"{earlier} earlier not shown: --all, or --client/--status/--month")
    if overdue:
        notes.append(f"{overdue} overdue level-3 call(s): run focco247 call overdue")
    table(
        None,
        CALL_COLUMNS,
        rows,
        justify={"#": "right", "time": "right"},
        styles=None if is_plain() else styles,
        caption="\n".join(notes) or None,
    )


def show_queue(result: Any) -> None:
    if result.active is not None:
        a = result.active
        line(f"Active: #{a.id} {a.client} {a.call.caller}: {_short(a.call.summary, 40)}", "green")
    else:
        line("Active: none (you are free).")
    if not result.calls:
        line("No callbacks waiting.")
        return
    table(
        "Callbacks, oldest first",
        ["pos", "#", "client", "caller", "waiting", "lv", "summary"],
        [
            (
                i,
                v.id,
                v.client,
                _short(v.call.caller, 14),
                _call_mins(v.waiting_minutes),
                v.call.level,
                _short(v.call.summary, 24),
            )
            for i, v in enumerate(result.calls, 1)
        ],
        justify={"waiting": "right"},
    )
    if result.active is None:
        line("Take the next one with: focco247 call take")


def show_overdue(views: Sequence[Any]) -> None:
    if not views:
        line("No level-3 call is owed an update.")
        return
    table(
        "Level-3 calls owed an update",
        ["#", "client", "caller", "status", "due", "late by", "eta"],
        [
            (
                v.id,
                v.client,
                _short(v.call.caller, 14),
                v.call.status,
                when(v.update_due_at, v.tz)[5:],
                _overdue_label(v).removeprefix("OVERDUE by "),
                when(v.eta, v.tz)[5:] if v.eta else "-",
            )
            for v in views
        ],
        styles=None if is_plain() else ["bold red"] * len(views),
    )


def show_specialists(views: Sequence[Any]) -> None:
    if not views:
        line("No specialists. Add one with: focco247 specialist add NAME --area AREA")
        return
    table(
        None,
        ["name", "area", "phone", "status"],
        [
            (_short(v.name), _short(v.area), _short(v.phone), "" if v.active else "removed")
            for v in views
        ],
    )


def show_shift(view: Any) -> None:
    if view.attendant is None:
        line("Nobody is on shift. Start one with: focco247 shift start NAME")
    else:
        line(f"On shift: {view.attendant} since {when(view.started_at, view.tz)}.")
    if view.active is not None:
        a = view.active
        line(f"Active call: #{a.id} {a.client} {a.call.caller}: {_short(a.call.summary, 36)}")
    else:
        line("Active call: none.")
    line(f"Callbacks waiting: {view.queued}. Overdue level-3 calls: {view.overdue}.")


HANDOVER_ROWS = 10  # resolved calls awaiting a rating shown at handover (--json has all)


def show_handover(result: Any) -> None:
    """What the next attendant inherits, most urgent first."""
    tz = result.tz
    line(
        f"Handover from {result.from_attendant} to {result.to_attendant} at {when(result.at, tz)}.",
        style="bold",
    )
    if result.active is not None:
        a = result.active
        line(
            f"Active call: #{a.id} {a.client} {a.call.caller}, level {a.call.level}: "
            f"{_short(a.call.summary, 30)}"
        )
    else:
        line("Active call: none.")
    sections = [
        ("Callback queue", result.queue, lambda v: f"waiting {_call_mins(v.waiting_minutes)}"),
        (
            "Open level-3 calls",
            result.level3,
            lambda v: (
                f"{v.call.status}, ETA {when(v.eta, tz) if v.eta else '-'}"
                + (
                    f", {_overdue_label(v)}"
                    if v.overdue
                    else f", update due {when(v.update_due_at, tz)[11:]}"
                )
            ),
        ),
        ("Parked calls", result.parked, lambda v: f"level {v.call.level}"),
        (
            "Resolved, awaiting rating",
            result.unrated,
            lambda v: f"resolved {_recent(v.call.resolved_at, v)}",
        ),
    ]
    for title, items, state in sections:
        if not items:
            line(f"{title}: none.")
            continue
        # Unrated calls pile up over months; the most recent are the ones to chase.
        shown = items[:HANDOVER_ROWS] if items is result.unrated else items
        more = len(items) - len(shown)
        table(
            title,
            ["#", "client", "caller", "state"],
            [(v.id, v.client, _short(v.call.caller, 14), state(v)) for v in shown],
            styles=None if is_plain() else ["bold red" if v.overdue else None for v in shown],
            caption=f"... {more} older: call list --status resolved" if more else None,
        )


# --- views: invoices ------------------------------------------------------------------------


INVOICE_CSV_HEADER = (
    "client",
    "client_name",
    "invoice",
    "month",
    "status",
    "kind",
    "description",
    "call_id",
    "minutes_logged",
    "minutes_billed",
    "hourly_rate",
    "amount",
    "currency",
)
INVOICE_CSV_NUMERIC = {"call_id", "minutes_logged", "minutes_billed", "hourly_rate", "amount"}


def json_text(result: Any) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"


def raw(text: str) -> None:
    sys.stdout.write(text)


def month_csv(result: Any, dialect: str = "rfc") -> str:
    """One row per invoice line, spreadsheet-safe (see export.to_csv)."""
    from focco247.export import to_csv

    rows = [
        (
            inv.client,
            inv.client_name,
            inv.number or "",
            inv.month,
            inv.status,
            line.kind,
            line.description,
            line.call_id,
            line.minutes_logged,
            line.minutes_billed,
            line.hourly_rate,
            line.amount,
            "BRL",
        )
        for inv in result.invoices
        for line in inv.lines
    ]
    return to_csv(INVOICE_CSV_HEADER, rows, INVOICE_CSV_NUMERIC, dialect)


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def progress(label: str, enabled: bool = True):
    """A progress bar on a terminal; a no-op when plain. Yields a (done, total) callback."""
    if not enabled or is_plain():
        return _NoProgress()
    from contextlib import contextmanager

    from rich.progress import Progress

    @contextmanager
    def bar():
        with Progress(console=console(stderr=True), transient=True) as prog:
            task = prog.add_task(label, total=None)

            def tick(done: int, total: int) -> None:
                prog.update(task, completed=done, total=total)

            yield tick

    return bar()


LINE_LABEL = {
    "fee_247": "24|7 fee",
    "chargeable_hours": "hours",
    "adjustment": "adjustment",
    "exceptional_service": "exceptional",
}


def _invoice_rows(inv: Any) -> list[tuple[str, str, str, str]]:
    rows = []
    for item in inv.lines:
        minutes = ""
        if item.minutes_billed is not None:
            from focco247.domain.durations import format_minutes

            minutes = format_minutes(item.minutes_billed)
        label = LINE_LABEL.get(item.kind, item.kind)
        rows.append((label, item.description, minutes, brl(item.amount)))
    return rows


def _invoice_title(inv: Any) -> str:
    number = inv.number or "draft"
    state = " (VOID)" if inv.status == "void" else ""
    return f"{inv.client} {inv.client_name} | {inv.month} | {number}{state}"


def show_invoice(inv: Any) -> None:
    table(
        _invoice_title(inv),
        ["kind", "description", "billed", "amount"],
        _invoice_rows(inv),
        justify={"amount": "right", "billed": "right"},
        caption=f"Total {brl(inv.total)}"
        + (f"  | void: {inv.void_reason}" if inv.status == "void" else ""),
    )


def show_month(result: Any) -> None:
    """Lines grouped per client with subtotals, then the grand total, money in pt-BR."""
    if not result.invoices:
        line(f"Nothing to bill for {result.month}.")
        return
    for inv in result.invoices:
        show_invoice(inv)
    state = "issued" if result.issued else "draft (nothing was issued)"
    count = len(result.invoices)
    line(
        f"{result.month}: {count} invoice{'s' if count != 1 else ''}, "
        f"total {brl(result.total)}, {state}",
        style="bold",
    )


def show_invoice_list(result: Any) -> None:
    if not result.invoices:
        line("No invoices issued yet.")
        return
    table(
        None,
        ["number", "month", "client", "status", "total"],
        [(i.number, i.month, i.client, i.status, brl(i.total)) for i in result.invoices],
        justify={"total": "right"},
        styles=["dim" if i.status == "void" else None for i in result.invoices],
    )


# --- views: reports -------------------------------------------------------------------------


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


def show_report(result: Any) -> None:
    """The month (or year) report: panels and bar charts that fit 80 columns."""
    if result.kind == "year":
        _show_year(result)
    else:
        _show_figures(result.figures, result, f"24|7 report {result.figures.period.label}")


def _scope(result: Any) -> str:
    return f"{result.client} ({result.client_name})" if result.client else "all clients"


def _show_figures(f: Any, result: Any, title: str) -> None:
    _headline(f, result, title)
    _details(f, result)


def _headline(f: Any, result: Any, title: str) -> None:
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


def _details(f: Any, result: Any) -> None:
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


def _show_year(result: Any) -> None:
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
