"""focco247 shift: On-call shifts and handover."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247.commands._common import JsonOpt, store
from focco247.i18n import in_documents_language

app = typer.Typer(help="On-call shifts and handover.", no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="The attendant's name.")]


@app.command("start")
def start(name: NameArg, json_: JsonOpt = False) -> None:
    """Start an on-call shift: NAME holds the 24|7 phone.

    Example: focco247 shift start "Carla"
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.shifts import start as run

    with store(write=True) as ctx:
        view = run(ctx, name)
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.shift(view))
    else:
        calls_out.show_shift(view)


@app.command("who")
def who(json_: JsonOpt = False) -> None:
    """Who holds the phone now, their active call and the callbacks waiting.

    Example: focco247 shift who
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.shifts import who_is_on

    with store() as ctx:
        view = who_is_on(ctx)
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.shift(view))
    else:
        calls_out.show_shift(view)


@app.command("handover")
def handover(
    to: Annotated[str, typer.Option("--to", help="The next attendant.")],
    json_: JsonOpt = False,
) -> None:
    """Hand the phone over: print and record what the next attendant inherits.

    Lists the active call, the callback queue, open level-3 calls with their ETA and
    overdue state, parked calls and resolved calls awaiting the requester's rating.

    Example: focco247 shift handover --to "Diego"
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.shifts import handover as run

    with store(write=True) as ctx:
        result = run(ctx, to)
    if json_:
        with in_documents_language():  # prose inside JSON: SPEC §5
            jsonout.emit_json(calls_json.handover(result))
    else:
        calls_out.show_handover(result)
