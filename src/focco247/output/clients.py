"""Views of clients, contracts and the entitlement check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from focco247.output.console import brl, line, panel, table, when

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
