"""Views of invoices: the month, one invoice, the list, the CSV export and the JSON shapes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from focco247.domain import billing
from focco247.domain.instants import iso_local
from focco247.domain.money import money_str
from focco247.i18n import N_, _, ngettext
from focco247.output import dates
from focco247.output.console import brl, line, table
from focco247.output.csv import to_csv

if TYPE_CHECKING:  # the results' types only: output imports no store
    from focco247.services.invoices import InvoiceDoc, InvoiceList, MonthResult

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
    "issue_date",
    "invoice_total",
)
INVOICE_CSV_NUMERIC = {
    "call_id",
    "minutes_logged",
    "minutes_billed",
    "hourly_rate",
    "amount",
    "invoice_total",
}


# --- JSON (SPEC §3) ---------------------------------------------------------------------------


def line_json(item: billing.DraftLine) -> dict[str, object]:
    """One invoice line as SPEC §3 shapes it (call details only where a call is billed)."""
    doc: dict[str, object] = {
        "kind": item.kind.value,
        "description": item.description,
        "amount": money_str(item.amount),
    }
    if item.call_id is not None:
        doc["call_id"] = item.call_id
    if item.kind in (billing.LineKind.CHARGEABLE_HOURS, billing.LineKind.ADJUSTMENT):
        doc["minutes_logged"] = item.minutes_logged
        doc["minutes_billed"] = item.minutes_billed
        doc["hourly_rate"] = money_str(item.hourly_rate) if item.hourly_rate else None
    if item.kind is billing.LineKind.ADJUSTMENT and item.adjusts_month is not None:
        doc["adjusts_month"] = item.adjusts_month
        doc["reason"] = item.reason
    return doc


def invoice_json(inv: InvoiceDoc) -> dict[str, object]:
    doc: dict[str, object] = {
        "client": inv.client,
        "client_name": inv.client_name,
        "month": inv.month,
        "number": inv.number,
        "status": inv.status,
        "currency": "BRL",
        "lines": [line_json(item) for item in inv.lines],
        "total": money_str(inv.total),
    }
    if inv.status != "draft":
        doc["issued_at"] = iso_local(inv.issued_at, inv.tz)
    if inv.status == "void":
        doc["void_reason"] = inv.void_reason
    return doc


def month_json(result: MonthResult, voided: Sequence[InvoiceDoc] = ()) -> dict[str, object]:
    """The month; void invoices of the month follow the live ones as rows with their
    status (an importing system learns of the cancellation), left out of `total`."""
    # True when every (live) invoice in the document is issued, by this run or earlier.
    issued = result.issued or (
        bool(result.invoices) and all(inv.status == "issued" for inv in result.invoices)
    )
    return {
        "month": result.month,
        "issued": issued,
        "currency": "BRL",
        "invoices": [invoice_json(inv) for inv in (*result.invoices, *voided)],
        "total": money_str(result.total),
    }


def invoice_list_json(result: InvoiceList) -> dict[str, object]:
    return {"invoices": [invoice_json(inv) for inv in result.invoices]}


def month_json_text(result: MonthResult, voided: Sequence[InvoiceDoc] = ()) -> str:
    """The month as one JSON document, for a file or a pipe."""
    return json.dumps(month_json(result, voided), ensure_ascii=False, indent=2) + "\n"


# --- CSV --------------------------------------------------------------------------------------


def _issue_date(inv: InvoiceDoc) -> str:
    if inv.issued_at is None:
        return ""
    return inv.issued_at.astimezone(inv.tz).date().isoformat()


def month_csv(result: MonthResult, dialect: str = "rfc", voided: Sequence[InvoiceDoc] = ()) -> str:
    """One row per invoice line, spreadsheet-safe (see output.csv.to_csv); each row carries
    its invoice's status, issue date and total; void invoices of the month come last."""
    rows = [
        (
            inv.client,
            inv.client_name,
            inv.number or "",
            inv.month,
            inv.status,
            item.kind,
            item.description,
            item.call_id,
            item.minutes_logged,
            item.minutes_billed,
            item.hourly_rate,
            item.amount,
            "BRL",
            _issue_date(inv),
            inv.total,
        )
        for inv in (*result.invoices, *voided)
        for item in inv.lines
    ]
    return to_csv(INVOICE_CSV_HEADER, rows, INVOICE_CSV_NUMERIC, dialect)


# --- text -------------------------------------------------------------------------------------

LINE_LABEL = {
    "fee_247": N_("24|7 fee"),
    "chargeable_hours": N_("hours"),
    "adjustment": N_("adjustment"),
    "exceptional_service": N_("exceptional"),
}


def _invoice_rows(inv: InvoiceDoc) -> list[tuple[str, str, str, str]]:
    rows = []
    for item in inv.lines:
        minutes = ""
        if item.minutes_billed is not None:
            from focco247.domain.durations import format_minutes

            minutes = format_minutes(item.minutes_billed)
        label = _(LINE_LABEL[item.kind]) if item.kind in LINE_LABEL else item.kind
        rows.append((label, item.description, minutes, brl(item.amount)))
    return rows


def _invoice_title(inv: InvoiceDoc) -> str:
    number = inv.number or _("draft")
    state = _(" (VOID)") if inv.status == "void" else ""
    return f"{inv.client} {inv.client_name} | {dates.month(inv.month)} | {number}{state}"


def show_invoice(inv: InvoiceDoc) -> None:
    columns = [_("kind"), _("description"), _("billed"), _("amount")]
    void = _("  | void: {reason}").format(reason=inv.void_reason) if inv.status == "void" else ""
    table(
        _invoice_title(inv),
        columns,
        _invoice_rows(inv),
        justify={columns[3]: "right", columns[2]: "right"},
        caption=_("Total {amount}").format(amount=brl(inv.total)) + void,
    )


def show_month(result: MonthResult) -> None:
    """Lines grouped per client with subtotals, then the grand total, money in pt-BR."""
    month = dates.month(result.month)
    if not result.invoices:
        line(_("Nothing to bill for {month}.").format(month=month))
        return
    for inv in result.invoices:
        show_invoice(inv)
    if result.issued:
        state = _("issued")
    elif any(inv.status == "issued" for inv in result.invoices):
        state = _("partly issued (the drafts are not)")
    else:
        state = _("draft (nothing was issued)")
    count = len(result.invoices)
    line(
        ngettext(
            "{month}: {count} invoice, total {total}, {state}",
            "{month}: {count} invoices, total {total}, {state}",
            count,
        ).format(month=month, count=count, total=brl(result.total), state=state),
        style="bold",
    )


def show_invoice_list(result: InvoiceList) -> None:
    if not result.invoices:
        line(_("No invoices issued yet."))
        return
    columns = [_("number"), _("month"), _("client"), _("status"), _("total")]
    statuses = {"issued": _("issued"), "void": _("void")}
    table(
        None,
        columns,
        [
            (
                i.number,
                dates.month(i.month),
                i.client,
                statuses.get(i.status, i.status),
                brl(i.total),
            )
            for i in result.invoices
        ],
        justify={columns[4]: "right"},
        styles=["dim" if i.status == "void" else None for i in result.invoices],
    )


def void_sentence(inv: InvoiceDoc) -> str:
    return _("Invoice {number} is void; its items will be billed again.").format(number=inv.number)


def export_sentence(path: Path, written: bool) -> str:
    if written:
        return _("Wrote: {path}").format(path=path)
    return _("Unchanged (same content): {path}").format(path=path)


def issued_but_not_written(result: MonthResult, reason: str) -> str:
    return _(
        "The invoices of {month} were issued ({numbers}), but the file was not written: "
        "{reason} Run the same command again to write it."
    ).format(month=result.month, numbers=", ".join(result.newly_issued), reason=reason)
