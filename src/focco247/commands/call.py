"""focco247 call: Calls on the 24|7 line: open, level, escalate, log time, resolve, close."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Calls on the 24|7 line: open, level, escalate, log time, resolve, close.",
    no_args_is_help=True,
)
