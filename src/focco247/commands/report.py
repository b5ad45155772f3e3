"""focco247 report: Reports for the service manager and sales."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from focco247.commands._common import JsonOpt, store
from focco247.errors import InputError
from focco247.i18n import _

if TYPE_CHECKING:
    from focco247.export import Target
    from focco247.services.reports import MonthReport, YearReport

app = typer.Typer(help="Reports for the service manager and sales.", no_args_is_help=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    html = "html"


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="table (terminal), json or html (one self-contained file)."
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file, - for stdout, or into this existing folder (a trailing / "
        "means a folder).",
    ),
]
ClientOpt = Annotated[
    str | None, typer.Option("--client", help="Only this client's contacts and invoices.")
]


@app.command("month")
def month(
    month: Annotated[
        str | None, typer.Argument(help="Month YYYY-MM (default: the current month).")
    ] = None,
    previous: Annotated[
        bool, typer.Option("--previous", help="The month before the current one.")
    ] = False,
    client: ClientOpt = None,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Report one month: contacts, levels, resolution times, ratings, sales leads, revenue.

    Example: focco247 report month --previous --format html --output ~/reports
    """
    from focco247.services.reports import month_report

    chosen = _format(format_, json_)
    target = _target(output)
    with store() as ctx:
        result = month_report(ctx, month, previous=previous, client=client)
    _deliver(result, chosen, target, f"report-{result.figures.period.label}")


@app.command("year")
def year(
    year: Annotated[str, typer.Argument(help="Year YYYY.")],
    client: ClientOpt = None,
    format_: FormatOpt = None,
    output: OutputOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Report one year month by month, with the 24|7 revenue from issued invoices.

    Example: focco247 report year 2026 --format json
    """
    from focco247.services.reports import year_report

    chosen = _format(format_, json_)
    target = _target(output)
    with store() as ctx:
        result = year_report(ctx, year, client=client)
    _deliver(result, chosen, target, f"report-{result.figures.year.period.label}")


def _format(format_: Format | None, json_: bool) -> Format:
    if json_ and format_ is not None and format_ is not Format.json:
        raise InputError(
            _("--json and --format {value} disagree; give only one.").format(value=format_.value)
        )
    return Format.json if json_ else (format_ or Format.table)


def _target(output: str | None) -> Target | None:
    """The `--output` target, checked before the report is computed."""
    if output is None:
        return None
    from focco247 import export

    return export.resolve_target(output)


def _deliver(
    result: MonthReport | YearReport, chosen: Format, target: Target | None, stem: str
) -> None:
    """Render the report in the chosen format, to stdout or atomically to a file."""
    from focco247 import export
    from focco247.output import console, jsonout
    from focco247.output import reports as reports_out

    if target is None:
        if chosen is Format.table:
            reports_out.show_report(result)
        elif chosen is Format.json:
            jsonout.emit_json(reports_out.report_json(result))
        else:
            import sys

            sys.stdout.write(_text(result, chosen))
        return
    suffix = {Format.table: "txt", Format.json: "json", Format.html: "html"}[chosen]
    plan = export.plan_replace(target, f"{stem}.{suffix}", _text(result, chosen))
    export.carry_out(plan)
    if plan.path is not None:
        console.raw(reports_out.wrote_sentence(plan.path) + "\n")  # a path is never wrapped


def _text(result: MonthReport | YearReport, chosen: Format) -> str:
    import io
    from contextlib import redirect_stdout

    from focco247.output import reports as reports_out

    if chosen is Format.json:
        return reports_out.report_json_text(result)
    if chosen is Format.html:
        from focco247.output.report_html import render_html

        return render_html(result)
    buffer = io.StringIO()  # not a terminal: the plain-text view
    with redirect_stdout(buffer):
        reports_out.show_report(result)
    return buffer.getvalue()
