"""Options every command takes, whatever its module: `--quiet` (SPEC §5, placed like --json).

cli.py adds `--quiet` to every command it builds (`add_quiet`), so a command module needs
nothing to get it; a command may still name `QuietOpt` in its signature.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from typer._click import Command, Parameter


def _quiet(value: bool) -> bool:
    if value:
        from focco247.output.console import set_quiet

        set_quiet(True)
    return value


QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        callback=_quiet,
        expose_value=False,
        help="Print nothing on success (for cron); a failure is still one sentence on stderr.",
    ),
]


@cache
def quiet_param() -> Parameter:
    """The `--quiet` option as the CLI framework builds it, shared by every command."""
    holder = typer.Typer()

    @holder.command()
    def _holder(quiet: QuietOpt = False) -> None:
        """Builds the option."""

    built = typer.main.get_command(holder)
    return next(param for param in built.params if param.name == "quiet")


def add_quiet(command: Command) -> None:
    """Give `command` and every command under it a `--quiet` option (unless it has one)."""
    sub = getattr(command, "commands", None)
    if isinstance(sub, dict):
        for child in sub.values():
            add_quiet(child)
        return
    if not any(param.name == "quiet" for param in command.params):
        command.params.append(quiet_param())
