"""focco247 check: is this contact served by the 24|7 line? (R7)"""

from __future__ import annotations

from typing import Annotated

import typer

from focco247.commands._common import AtOpt, JsonOpt, instant_or_none, store
from focco247.errors import EXIT_NOT_SERVED
from focco247.i18n import in_documents_language


def check(
    code: Annotated[str, typer.Argument(help="Client code.")],
    at: AtOpt = None,
    product: Annotated[
        str | None, typer.Option("--product", help="Product (default FoccoERP).")
    ] = None,
    caller: Annotated[
        str | None,
        typer.Option("--caller", help="Who is calling: compared with the preferred contact."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Check whether a client is served by the 24|7 line now (or --at an instant).

    Exit 0 when served (covered, grace, exceptional); 3 when not (business hours, refused).
    Read-only: the exceptional service is used only when a call is opened. Shows the
    client's preferred contact, and says so when --caller is someone else.

    Example: focco247 check ACME --at "2026-11-29 23:40" --product FoccoERP
    """
    from focco247.output import clients as clients_out
    from focco247.output import jsonout
    from focco247.services.check import check as run

    with store(lite=True) as ctx:
        result = run(ctx, code, instant_or_none(ctx, at), product, caller)
    if json_:
        # The prose inside JSON (reason, holiday) is the documents' language (SPEC §5).
        with in_documents_language():
            jsonout.emit_json(clients_out.check_json(result))
    else:
        clients_out.show_check(result)
    if not result.verdict.served:
        raise typer.Exit(EXIT_NOT_SERVED)
