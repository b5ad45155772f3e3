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
        jsonout.emit_json(clients_out.client_json(view))
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
