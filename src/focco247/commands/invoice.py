"""focco247 invoice: monthly invoices with the 24|7 fee and chargeable hours (R15, R16)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from focco247.commands._common import JsonOpt, store
from focco247.i18n import _

app = typer.Typer(help="Monthly invoices: the 24|7 fee and chargeable hours.", no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Dialect(StrEnum):
    rfc = "rfc"
    br = "br"


@app.command("month")
def month(
    month_: Annotated[str | None, typer.Argument(metavar="[YYYY-MM]", help="Month.")] = None,
    previous: Annotated[
        bool, typer.Option("--previous", help="The month before today (for cron).")
    ] = False,
    client: Annotated[str | None, typer.Option("--client", help="Only this client.")] = None,
    issue: Annotated[
        bool, typer.Option("--issue", help="Freeze the drafts: number and issue them.")
    ] = False,
    format_: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    dialect: Annotated[
        Dialect,
        typer.Option(
            "--dialect",
            "--csv-dialect",
            help="CSV style: rfc (, and .) or br (UTF-8 with BOM, ; and decimal comma).",
        ),
    ] = Dialect.rfc,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            help="A file, - for stdout, or an existing folder (a trailing / means a folder).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an output file with different content.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Compute the month's invoices: drafts by default (nothing changes); --issue freezes them.

    Issuing is safe to repeat: a client+month already issued returns the same invoice.
    Into a folder the file is invoices-YYYY-MM.csv; when that file holds other content (a
    void since), the new version goes beside it as invoices-YYYY-MM.1.csv, never over it.
    Example: focco247 invoice month --previous --issue --format csv --output /srv/invoices/
    """
    from focco247 import export
    from focco247.output import console
    from focco247.output import invoices as invoices_out
    from focco247.services.invoices import list_invoices, month_invoices, resolve_month

    fmt = Format.json if json_ else format_
    if output is not None and fmt is Format.table:
        raise typer.BadParameter("--output needs --format csv or json.", param_hint="--output")
    # The target is checked before anything is issued (a missing folder, a FIFO, a device).
    target = export.resolve_target(output) if output is not None else export.Target("stdout")
    with store(write=issue) as ctx:
        year, number = resolve_month(ctx, month_, previous)
        with console.progress(_("Issuing invoices"), enabled=issue and fmt is Format.table) as tick:
            result = month_invoices(ctx, year, number, client, issue=issue, progress=tick)
        if fmt is Format.table:
            plan = None
        else:
            voided = list_invoices(ctx, result.month, client, "void").invoices
            content = (
                invoices_out.month_csv(result, dialect.value, voided)
                if fmt is Format.csv
                else invoices_out.month_json_text(result, voided)
            )
            # Decided inside the transaction: a refusal here leaves nothing issued.
            if target.kind == "folder":
                plan = export.plan_versioned(target, f"invoices-{result.month}", fmt.value, content)
            else:
                plan = export.plan_file(
                    target, f"invoices-{result.month}.{fmt.value}", content, force=force
                )
    if plan is None:
        invoices_out.show_month(result)
        return
    try:
        export.carry_out(plan)
    except export.WriteError as exc:
        if result.newly_issued:
            raise export.WriteError(invoices_out.issued_but_not_written(result, str(exc))) from None
        raise
    if plan.path is not None:
        console.note(invoices_out.export_sentence(plan.path, plan.write))


@app.command("show")
def show(
    number: Annotated[str, typer.Argument(help="Invoice number (or its sequence).")],
    json_: JsonOpt = False,
) -> None:
    """Show one issued (or void) invoice line by line.

    Example: focco247 invoice show F247-000012
    """
    from focco247.output import invoices as invoices_out
    from focco247.output import jsonout
    from focco247.services.invoices import show_invoice

    with store() as ctx:
        doc = show_invoice(ctx, number)
    if json_:
        jsonout.emit_json(invoices_out.invoice_json(doc))
    else:
        invoices_out.show_invoice(doc)


@app.command("list")
def list_(
    month_: Annotated[str | None, typer.Option("--month", help="YYYY-MM.")] = None,
    client: Annotated[str | None, typer.Option("--client", help="Client code.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="issued or void.")] = None,
    json_: JsonOpt = False,
) -> None:
    """List issued and void invoices.

    Example: focco247 invoice list --month 2026-10 --json
    """
    from focco247.output import invoices as invoices_out
    from focco247.output import jsonout
    from focco247.services.invoices import list_invoices

    with store() as ctx:
        result = list_invoices(ctx, month_, client, status)
    if json_:
        jsonout.emit_json(invoices_out.invoice_list_json(result))
    else:
        invoices_out.show_invoice_list(result)


@app.command("void")
def void(
    number: Annotated[str, typer.Argument(help="Invoice number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is void (kept on record).")],
    json_: JsonOpt = False,
) -> None:
    """Void an issued invoice: it keeps its number; its items go on the next invoice issued.

    Example: focco247 invoice void F247-000012 --reason "Wrong GLT value"
    """
    from focco247.output import console, jsonout
    from focco247.output import invoices as invoices_out
    from focco247.services.invoices import void_invoice

    with store(write=True) as ctx:
        doc = void_invoice(ctx, number, reason)
    if json_:
        jsonout.emit_json(invoices_out.invoice_json(doc))
    else:
        console.line(invoices_out.void_sentence(doc), "yellow")
