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
    try:
        return int(os.environ.get("COLUMNS", "100"))
    except ValueError:
        return 100


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
    out = console()
    if is_plain():
        out.print(title, markup=False)
        for line in lines:
            out.print(f"  {line}", markup=False)
        return
    from rich.panel import Panel
    from rich.text import Text

    body = Text("\n".join(lines))
    out.print(Panel(body, title=title, title_align="left", border_style=style, expand=False))


def line(text: str = "", style: str | None = None) -> None:
    console().print(text, style=None if is_plain() else style, markup=False)


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


# --- views: invoices ------------------------------------------------------------------------


# --- views: reports -------------------------------------------------------------------------
