"""focco247 client: the book of clients."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247.commands._common import JsonOpt, store

app = typer.Typer(help="Clients: add, edit, retire, list and show.", no_args_is_help=True)


@app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Client code, e.g. ACME (stored in upper case).")],
    name: Annotated[str, typer.Option("--name", help="The client's company name.")],
    state: Annotated[str | None, typer.Option("--state", help="Brazilian UF, e.g. RS.")] = None,
    contact_name: Annotated[
        str | None,
        typer.Option("--contact-name", help="The preferred contact: who should call the line."),
    ] = None,
    contact_phone: Annotated[
        str | None, typer.Option("--contact-phone", help="The preferred contact's phone.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Add a client, with its preferred contact (the person who should call, preferably IT).

    Example: focco247 client add ACME --name Acme --contact-name Ana --contact-phone 5499876543
    """
    from focco247.output import clients as clients_out
    from focco247.output import jsonout
    from focco247.services.contracts import add_client

    with store(write=True) as ctx:
        view = add_client(ctx, code, name, state, contact_name, contact_phone)
    if json_:
        jsonout.emit_json(clients_out.client_json(view))
    else:
        clients_out.client_added(view)


@app.command("list")
def list_(
    json_: JsonOpt = False,
    all_: Annotated[bool, typer.Option("--all", help="Retired clients too.")] = False,
) -> None:
    """List clients with their GLT and 24|7 status today (retired ones with --all).

    Example: focco247 client list --json
    """
    from focco247.output import clients as clients_out
    from focco247.output import jsonout
    from focco247.services.contracts import list_clients

    with store() as ctx:
        views = list_clients(ctx, include_retired=all_)
    if json_:
        jsonout.emit_json(clients_out.clients_json(views))
    else:
        clients_out.show_clients(views)


@app.command("show")
def show(
    code: Annotated[str, typer.Argument(help="Client code.")],
    json_: JsonOpt = False,
) -> None:
    """Show a client: contracts over time, add-on, exceptional service.

    Example: focco247 client show ACME
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


@app.command("edit")
def edit(
    code: Annotated[str, typer.Argument(help="Client code.")],
    name: Annotated[str | None, typer.Option("--name", help="Right company name.")] = None,
    state: Annotated[str | None, typer.Option("--state", help="Right Brazilian UF.")] = None,
    contact_name: Annotated[
        str | None, typer.Option("--contact-name", help="Preferred contact's name.")
    ] = None,
    contact_phone: Annotated[
        str | None, typer.Option("--contact-phone", help="Preferred contact's phone.")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (kept in history).")] = None,
    json_: JsonOpt = False,
) -> None:
    """Correct a client's name, state or contact; the old values stay in the history.

    Example: focco247 client edit ACME --name "Acme Metalúrgica Ltda"
    """
    from focco247.output import clients as clients_out
    from focco247.output import jsonout
    from focco247.services.contracts import edit_client

    with store(write=True) as ctx:
        view = edit_client(
            ctx,
            code,
            name=name,
            state=state,
            contact_name=contact_name,
            contact_phone=contact_phone,
            reason=reason,
        )
    if json_:
        jsonout.emit_json(clients_out.client_json(view))
    else:
        clients_out.client_edited(view)


@app.command("retire")
def retire(
    code: Annotated[str, typer.Argument(help="Client code.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the client left.")],
    json_: JsonOpt = False,
) -> None:
    """Retire a client who left: kept for history and billing, out of lists (see --all).

    Example: focco247 client retire ACME --reason "contract ended"
    """
    from focco247.output import clients as clients_out
    from focco247.output import jsonout
    from focco247.services.contracts import retire_client

    with store(write=True) as ctx:
        view = retire_client(ctx, code, reason)
    if json_:
        jsonout.emit_json(clients_out.client_json(view))
    else:
        clients_out.client_retired(view)
