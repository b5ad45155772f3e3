"""focco247 specialist: Specialists the attendant can bring into a call."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247.commands._common import JsonOpt, store
from focco247.commands.call import complete_specialist

app = typer.Typer(help="Specialists the attendant can bring into a call.", no_args_is_help=True)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The specialist's full name.")],
    area: Annotated[str, typer.Option("--area", help="Area, e.g. fiscal, database, network.")],
    phone: Annotated[str | None, typer.Option("--phone", help="Phone to reach them.")] = None,
    json_: JsonOpt = False,
) -> None:
    """Add a specialist to the directory (R10).

    Example: focco247 specialist add "Bruno Lima" --area fiscal --phone "(54) 99999-0000"
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.specialists import add_specialist

    with store(write=True) as ctx:
        view = add_specialist(ctx, name, area, phone)
    if json_:
        jsonout.emit_json(calls_json.specialist(view))
    else:
        calls_out.specialist_added(view)


@app.command("list")
def list_(
    area: Annotated[str | None, typer.Option("--area", help="Only this area.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include removed specialists.")] = False,
    json_: JsonOpt = False,
) -> None:
    """List the specialists, by area.

    Example: focco247 specialist list --area fiscal
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.specialists import list_specialists

    with store() as ctx:
        found = list_specialists(ctx, area, all_)
    if json_:
        jsonout.emit_json(calls_json.specialists(found))
    else:
        calls_out.show_specialists(found)


@app.command("remove")
def remove(
    name: Annotated[
        str, typer.Argument(help="The specialist's name.", autocompletion=complete_specialist)
    ],
    json_: JsonOpt = False,
) -> None:
    """Remove a specialist from the directory (past escalations still name them).

    Example: focco247 specialist remove "Bruno Lima"
    """
    from focco247.output import calls as calls_out
    from focco247.output import calls_json, jsonout
    from focco247.services.specialists import remove_specialist

    with store(write=True) as ctx:
        view = remove_specialist(ctx, name)
    if json_:
        jsonout.emit_json(calls_json.specialist(view))
    else:
        calls_out.specialist_removed(view)
