"""Views of calls, the queue, specialists, shifts and the handover."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from focco247.output.clients import VERDICT_STYLE
from focco247.output.console import console, is_plain, line, panel, table, warn, when

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
    """One line of user text, shortened on a terminal (never when piped), with rich markup
    neutralised (table cells)."""
    from rich.markup import escape

    text = " ".join(str(text or "").split())
    if width and len(text) > width and sys.stdout.isatty():
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
    if is_plain() and not sys.stdout.isatty():
        # Scripts and logs get every word: nothing is cut off a terminal.
        return [(*row[:-1], _short(row[-1])) for row in rows], styles
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
