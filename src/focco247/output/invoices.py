"""Views of invoices: the month, one invoice, the list and the CSV export."""

from __future__ import annotations

from typing import Any

from focco247.output.console import brl, line, table

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
