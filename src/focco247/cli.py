"""The focco247 command line: sub-apps, global options, and the one place errors become exit codes.

Only typer and the thin command modules are imported here; the store, rules and rich load
when a command runs, so `--help` and `--version` stay quick.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

# Piped output or NO_COLOR: plain help and usage errors, as for every other output. Typer's
# rich help formatter imports rich.markdown and pygments (about 0.2 s) and draws boxes that
# logs and pipes do not need. Typer reads this when it is first imported.
if "NO_COLOR" in os.environ or not sys.stdout.isatty():
    os.environ.setdefault("TYPER_USE_RICH", "0")

import typer
from typer.core import TyperGroup

from focco247 import __version__
from focco247.errors import Focco247Error


class _Group(TyperGroup):
    """Turns the tool's own errors into one sentence on stderr and their exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Focco247Error as exc:
            from focco247.render import error

            error(str(exc))
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="focco247",
    help="Focco 24|7 support: entitlement, on-call calls, monthly invoicing.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"focco247 {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="FOCCO247_USER",
            help="Who is making the change (recorded in the audit trail); default: OS user.",
        ),
    ] = None,
) -> None:
    """Focco 24|7 support: entitlement, on-call calls, monthly invoicing.

    The store is $FOCCO247_DB (default: a SQLite file in the user data dir); the
    configuration is $FOCCO247_CONFIG; $FOCCO247_NOW replaces the clock.
    """
    from focco247.commands._common import set_actor

    set_actor(as_)


def _wire() -> None:
    from focco247.commands import (
        call,
        check,
        client,
        config,
        contract,
        db,
        demo,
        invoice,
        report,
        shift,
        specialist,
    )

    app.command("check", rich_help_panel="Attendant")(check.check)
    app.add_typer(call.app, name="call", rich_help_panel="Attendant")
    app.add_typer(specialist.app, name="specialist", rich_help_panel="Attendant")
    app.add_typer(shift.app, name="shift", rich_help_panel="Attendant")
    app.add_typer(invoice.app, name="invoice", rich_help_panel="Finance")
    app.add_typer(report.app, name="report", rich_help_panel="Finance")
    app.add_typer(client.app, name="client", rich_help_panel="Admin")
    app.add_typer(contract.app, name="contract", rich_help_panel="Admin")
    app.add_typer(config.app, name="config", rich_help_panel="Admin")
    app.add_typer(db.app, name="db", rich_help_panel="Admin")
    app.add_typer(demo.app, name="demo", rich_help_panel="Admin")


_wire()


def main() -> None:
    app()
