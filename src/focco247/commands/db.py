"""focco247 db: where the store lives and how it is kept."""

from __future__ import annotations

import typer

from focco247 import paths
from focco247.commands._common import JsonOpt

app = typer.Typer(help="The store: location and maintenance.", no_args_is_help=True)


@app.command("path")
def path(json_: JsonOpt = False) -> None:
    """Print where the store lives ($FOCCO247_DB overrides it).

    Example: focco247 db path
    """
    from focco247 import render

    location = paths.db_location()
    shown = location
    if "://" in location:
        from focco247.store.db import display_location

        shown = display_location(location)
    if json_:
        render.emit_json({"store": shown})
    else:
        print(shown)
