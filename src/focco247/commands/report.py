"""focco247 report: Reports for the service manager and sales."""

from __future__ import annotations

import typer

app = typer.Typer(help="Reports for the service manager and sales.", no_args_is_help=True)
