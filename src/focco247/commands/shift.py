"""focco247 shift: On-call shifts and handover."""

from __future__ import annotations

import typer

app = typer.Typer(help="On-call shifts and handover.", no_args_is_help=True)
