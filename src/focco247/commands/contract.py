"""focco247 contract: GLT terms and the 24|7 add-on (R4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from focco247.commands._common import JsonOpt, store

if TYPE_CHECKING:
    from collections.abc import Callable

    from focco247.services.contracts import ClientView

app = typer.Typer(help="Contracts: GLT terms over time and the 24|7 add-on.", no_args_is_help=True)

Code = Annotated[str, typer.Argument(help="Client code.")]


def _done(view: ClientView, json_: bool, say: Callable[[ClientView], None]) -> None:
    from focco247.output import clients as clients_out
    from focco247.output import jsonout

    if json_:
        jsonout.emit_json(clients_out.change_json(view))
    else:
        say(view)


@app.command("glt")
def glt(
    code: Code,
    monthly: Annotated[str, typer.Option("--monthly", help="Monthly value: 5000, 5.000,00.")],
    hourly_rate: Annotated[str, typer.Option("--hourly-rate", help="Standard hourly rate.")],
    since: Annotated[str, typer.Option("--since", help="Date the terms take effect.")],
    json_: JsonOpt = False,
) -> None:
    """Record GLT terms taking effect on a date (earlier terms still apply before it).

    Example: focco247 contract glt ACME --monthly 5.000,00 --hourly-rate 180 --since 2026-01-01
    """
    from focco247.domain.instants import parse_date
    from focco247.domain.money import parse_money
    from focco247.output import clients as clients_out
    from focco247.services.contracts import set_glt

    with store(write=True) as ctx:
        view = set_glt(ctx, code, parse_money(monthly), parse_money(hourly_rate), parse_date(since))
    _done(view, json_, lambda v: clients_out.glt_recorded(v, since))


@app.command("subscribe")
def subscribe(
    code: Code,
    since: Annotated[str, typer.Option("--since", help="First covered day.")],
    until: Annotated[str | None, typer.Option("--until", help="Last covered day.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Start the 24|7 add-on (requires a GLT in force on its first day).

    Example: focco247 contract subscribe ACME --since 2026-12-01
    """
    from focco247.domain.instants import parse_date
    from focco247.output import clients as clients_out
    from focco247.services.contracts import subscribe as run

    with store(write=True) as ctx:
        view = run(ctx, code, parse_date(since), parse_date(until) if until else None)
    _done(view, json_, lambda v: clients_out.subscribed(v, since))


@app.command("unsubscribe")
def unsubscribe(
    code: Code,
    last_day: Annotated[str, typer.Option("--last-day", help="Last covered day.")],
    json_: JsonOpt = False,
) -> None:
    """End the 24|7 add-on: the last day given is still covered.

    Example: focco247 contract unsubscribe ACME --last-day 2027-03-31
    """
    from focco247.domain.instants import parse_date
    from focco247.output import clients as clients_out
    from focco247.services.contracts import unsubscribe as run

    with store(write=True) as ctx:
        view = run(ctx, code, parse_date(last_day))
    _done(view, json_, lambda v: clients_out.unsubscribed(v, last_day))


@app.command("show")
def show(code: Code, json_: JsonOpt = False) -> None:
    """Show a client's contracts.

    Example: focco247 contract show ACME --json
    """
    from focco247.output import clients as clients_out
    from focco247.output import jsonout
    from focco247.services.contracts import show_client

    with store() as ctx:
        view = show_client(ctx, code)
    if json_:
        jsonout.emit_json(clients_out.client_json(view))
    else:
        clients_out.show_client(view)


@app.command("amend")
def amend(
    code: Code,
    reason: Annotated[str, typer.Option("--reason", help="Why the fact was wrong.")],
    glt_since: Annotated[
        str | None, typer.Option("--glt-since", help="Start date of the GLT terms to amend.")
    ] = None,
    monthly: Annotated[str | None, typer.Option("--monthly", help="Right monthly value.")] = None,
    hourly_rate: Annotated[
        str | None, typer.Option("--hourly-rate", help="Right hourly rate.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Right start date of the GLT terms.")
    ] = None,
    addon_first_day: Annotated[
        str | None,
        typer.Option("--addon-first-day", help="First day of the add-on period to amend."),
    ] = None,
    first_day: Annotated[
        str | None, typer.Option("--first-day", help="Right first day of the add-on period.")
    ] = None,
    last_day: Annotated[
        str | None,
        typer.Option("--last-day", help="Right last day of the add-on period ('open': none)."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Correct a contract fact entered wrong; the old value stays in the history.
    A correction that reaches an issued month is settled on the next draft.

    Example: focco247 contract amend ACME --glt-since 2026-01-01 --monthly 5000 --reason typo
    """
    from focco247.domain.instants import parse_date
    from focco247.domain.money import parse_money
    from focco247.output import clients as clients_out
    from focco247.services.contracts import amend_contract

    open_ended = last_day is not None and last_day.strip().lower() == "open"
    with store(write=True) as ctx:
        view = amend_contract(
            ctx,
            code,
            reason=reason,
            glt_since=parse_date(glt_since) if glt_since else None,
            monthly=parse_money(monthly) if monthly else None,
            hourly_rate=parse_money(hourly_rate) if hourly_rate else None,
            since=parse_date(since) if since else None,
            addon_first_day=parse_date(addon_first_day) if addon_first_day else None,
            first_day=parse_date(first_day) if first_day else None,
            last_day=parse_date(last_day) if last_day and not open_ended else None,
            open_ended=open_ended,
        )
    say = clients_out.glt_amended if glt_since else clients_out.addon_amended
    _done(view, json_, say)
