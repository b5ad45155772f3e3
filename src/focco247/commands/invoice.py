"""focco247 invoice: Monthly invoices: the 24|7 fee and chargeable hours."""

from __future__ import annotations

import typer

app = typer.Typer(help="Monthly invoices: the 24|7 fee and chargeable hours.", no_args_is_help=True)
