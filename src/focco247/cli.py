"""The focco247 command line: sub-apps, global options, and the one place errors become exit codes.

Only typer is imported here; each command module loads when its command runs (the store,
rules and rich load inside the commands), so `--help` and `--version` stay quick.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Annotated, Any

# Help and usage errors are plain text, grouped by who uses the commands (see
# `format_commands`). Typer's rich help formatter imports rich.markdown and pygments (about
# 0.2 s, three times `import typer`) for boxes around the same words. Typer reads this when
# it is first imported; FOCCO247 leaves an explicit TYPER_USE_RICH alone.
os.environ.setdefault("TYPER_USE_RICH", "0")

import typer
from typer.core import TyperGroup

from focco247 import __version__, i18n
from focco247.commands._options import QuietOpt, take_values_as_typed
from focco247.errors import EXIT_BAD_INPUT, EXIT_OK, Focco247Error
from focco247.i18n import N_, _

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter

take_values_as_typed()  # no pydantic to read a str or a bool off the command line

# Each sub-command: its module in focco247.commands, the object there, and its help panel.
# They load when used, so `focco247 check` builds one command, not the fifty of the tree.
_LAZY: dict[str, tuple[str, str, str]] = {
    "check": ("check", "check", "Attendant"),
    "call": ("call", "app", "Attendant"),
    "specialist": ("specialist", "app", "Attendant"),
    "shift": ("shift", "app", "Attendant"),
    "portal": ("portal", "app", "Attendant"),
    "invoice": ("invoice", "app", "Finance"),
    "report": ("report", "app", "Finance"),
    "client": ("client", "app", "Admin"),
    "contract": ("contract", "app", "Admin"),
    "config": ("config", "app", "Admin"),
    "policy": ("policy", "app", "Admin"),
    "db": ("db", "app", "Admin"),
    "demo": ("demo", "app", "Admin"),
}
# The help panels' titles, as the help shows them.
_PANELS = {
    "Attendant": N_("Attendant commands"),
    "Finance": N_("Finance commands"),
    "Admin": N_("Admin commands"),
    "Commands": N_("Commands"),
}


def _target(name: str) -> typer.Typer | Callable[..., Any]:
    module, attribute, _ = _LAZY[name]
    target: typer.Typer | Callable[..., Any] = getattr(
        importlib.import_module(f"focco247.commands.{module}"), attribute
    )
    return target


def _noop() -> None:
    """Makes the holder below a group, so the built command sits in its `.commands`."""


def _build(name: str) -> Command:
    """The click command of one sub-command, built by typer exactly as a registered one."""
    target, panel = _target(name), _LAZY[name][2]
    holder = typer.Typer()
    holder.callback()(_noop)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name, rich_help_panel=panel)
    else:
        holder.command(name, rich_help_panel=panel)(target)
    group = typer.main.get_command(holder)
    assert isinstance(group, TyperGroup)  # a Typer with a callback builds a group
    from focco247.commands._options import prepare

    command = group.commands[name]
    prepare(command)  # --quiet on every command, placed like --json; text length caps
    translate_help(command)
    return command


def _translated(text: str | None) -> str | None:
    """A help text in the interface language; the catalog holds it as written in the code
    (tools/catalog.py extracts docstrings and `help=` literals)."""
    return _(text) if text else text


def translate_help(command: Command, *, beneath: bool = True) -> Command:
    """Replace the help of `command`, its options and arguments, and of every sub-command
    beneath it, with the catalog's translation into the interface language."""
    command.help = _translated(command.help)
    command.short_help = _translated(command.short_help)
    for param in command.params:
        help_text = getattr(param, "help", None)
        if isinstance(help_text, str):
            param.help = _translated(help_text)  # type: ignore[attr-defined]  # Option/Argument
    if beneath and isinstance(command, TyperGroup):
        for sub in command.commands.values():
            translate_help(sub)
    return command


def _short_help(name: str, limit: int) -> str:
    """A sub-command's one-line help without building it (its module is imported)."""
    from typer._click.utils import make_default_short_help

    target = _target(name)
    text: object = target.__doc__
    if isinstance(target, typer.Typer):
        text = target.info.help
        if not isinstance(text, str) and target.registered_callback is not None:
            callback = target.registered_callback.callback
            text = callback.__doc__ if callback is not None else None
    if not isinstance(text, str) or not text:
        return ""
    # Cleaned as typer cleans a docstring, so it is the catalog's message.
    return make_default_short_help(_(inspect.cleandoc(text)), limit)


class _Commands(MutableMapping[str, "Command"]):
    """The root's sub-commands: every name is known, each command is built on first use."""

    def __init__(self, built: MutableMapping[str, Command]) -> None:
        self._built = dict(built)

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            if name not in _LAZY:
                raise KeyError(name)
            self._built[name] = _build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in _LAZY

    def __iter__(self) -> Iterator[str]:
        yield from _LAZY
        yield from (name for name in self._built if name not in _LAZY)

    def __len__(self) -> int:
        return len(set(self._built) | set(_LAZY))


class _Group(TyperGroup):
    """Turns the tool's own errors into one sentence on stderr and their exit code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Sub-commands grouped by who uses them, listed without building them."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        panels: dict[str, list[str]] = {}
        for name in names:
            panels.setdefault(_LAZY[name][2] if name in _LAZY else "Commands", []).append(name)
        for panel, members in panels.items():
            with formatter.section(_(_PANELS.get(panel, panel))):
                formatter.write_dl([(name, _short_help(name, limit)) for name in members])

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Speak the interface language (SPEC §3) from the first word, the help included."""
        i18n.set_language(i18n.interface_language())
        if not getattr(self, "_help_translated", False):
            # The root's own help and options; sub-commands are translated as they are built
            # (`_build`), so `--help` still builds none of them.
            translate_help(self, beneath=False)
            self._help_translated = True
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except Focco247Error as exc:
            from focco247.output.console import error

            error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            _close_stdout()
            _fault(None)
        except (OSError, UnicodeError, OverflowError) as exc:
            # The last resort for faults of the machine or the input that no command
            # foresaw (full disk, read-only media, not UTF-8, a huge number): one sentence.
            _fault(exc)
        finally:
            console = sys.modules.get("focco247.output.console")
            if console is not None:
                console.set_quiet(False)


def _fault(exc: BaseException | None) -> None:
    from focco247.output.console import error
    from focco247.output.faults import broken_pipe_sentence, fault_sentence

    error(broken_pipe_sentence() if exc is None else fault_sentence(exc))
    raise typer.Exit(EXIT_BAD_INPUT) from None


def _close_stdout() -> None:
    """After the reader of a pipe went away, the final flush must not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


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
        raise typer.Exit(EXIT_OK)


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
    quiet: QuietOpt = False,
) -> None:
    """Focco 24|7 support: entitlement, on-call calls, monthly invoicing.

    The store is $FOCCO247_DB (default: a SQLite file in the user data dir); the
    configuration is $FOCCO247_CONFIG; $FOCCO247_NOW replaces the clock.
    """
    from focco247.commands._common import set_actor

    set_actor(as_)


def main() -> None:
    for position, argument in enumerate(sys.argv[1:], start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8 arrive as lone surrogates
            from focco247.output.console import error
            from focco247.output.faults import bad_argument_sentence

            error(bad_argument_sentence(position))
            sys.exit(EXIT_BAD_INPUT)
    app()
