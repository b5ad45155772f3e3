"""focco247 call link: the requester's link to a call's page (the `call` group's `link`)."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247.commands._common import JsonOpt, store


def link(
    call_id: Annotated[str, typer.Argument(help="Call number (12 or #12).")],
    revoke: Annotated[
        bool,
        typer.Option("--revoke", help="Revoke the link: its URL shows a neutral page from now."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Print the requester's link to the call's page (the same URL until --revoke).

    The requester follows the call there, then closes it and rates it (R17). The link opens
    until portal.link_ttl after the call is closed.

    Example: focco247 call link 12
    """
    from focco247.domain.calls import parse_call_id
    from focco247.output import jsonout
    from focco247.output import portal as portal_out
    from focco247.services import portal

    number = parse_call_id(call_id)
    with store(write=True) as ctx:
        result = portal.revoke(ctx, number) if revoke else portal.link(ctx, number)
        tz = ctx.tz
    if json_:
        jsonout.emit_json(portal_out.link_json(result, tz))
    else:
        for line in portal_out.link_lines(result, tz):
            print(line)
