"""focco247 call cancel: a call opened by mistake (R19). Registered on the `call` app."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247.commands._common import JsonOpt, store


def cancel(
    call_id: Annotated[int, typer.Argument(help="Call number.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the call was a mistake.")],
    json_: JsonOpt = False,
) -> None:
    """Cancel a call opened by mistake: it leaves the queue, billing and reports, stays in
    the history, and an exceptional service it used is given back. A call with billed time
    is credited instead (call chargeable ID --undo).

    Example: focco247 call cancel 12 --reason "opened for the wrong client"
    """
    from focco247.output import cancel as cancel_out
    from focco247.output import jsonout
    from focco247.services.cancel import cancel_call

    with store(write=True) as ctx:
        result = cancel_call(ctx, call_id, reason)
    if json_:
        jsonout.emit_json(cancel_out.cancel_json(result))
    else:
        cancel_out.call_cancelled(result)
