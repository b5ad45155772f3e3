"""focco247 specialist: Specialists the attendant can bring into a call."""

from __future__ import annotations

import typer

app = typer.Typer(help="Specialists the attendant can bring into a call.", no_args_is_help=True)
