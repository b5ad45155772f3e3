"""What every command gets, whatever its module: `--quiet` (SPEC §5, placed like --json)
and the length cap on free text (names, summaries, notes, reasons).

cli.py prepares every command it builds (`prepare`), so a command module needs nothing to
get them; a command may still name `QuietOpt` in its signature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._coercion import RuntimeParam

if TYPE_CHECKING:
    from typer._click import Command, Context, Parameter
    from typer.core import _TyperParameter


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


# Free text typed by people, by parameter name: the most characters accepted.
NAME_PARAMS = ("name", "caller", "area", "to")
TEXT_PARAMS = ("summary", "note", "reason", "resolution", "strengths", "weaknesses")


def _limit(label: str, limit: int) -> Callable[[Context, Parameter, object], object]:
    def check(ctx: Context, param: Parameter, value: object) -> object:
        if isinstance(value, str):
            from focco247.domain.bounds import check_text

            check_text(label, value, limit)
        return value

    return check


def prepare(command: Command) -> None:
    """Give `command` and every command under it `--quiet` (unless it has one) and the
    length caps on its free-text options."""
    sub = getattr(command, "commands", None)
    if isinstance(sub, dict):
        for child in sub.values():
            prepare(child)
        return
    from focco247.domain.bounds import NAME_LIMIT, TEXT_LIMIT

    for param in command.params:
        if param.callback is not None or param.name is None:
            continue
        if param.name in NAME_PARAMS:
            param.callback = _limit(param.opts[0] if param.opts else param.name, NAME_LIMIT)
        elif param.name in TEXT_PARAMS:
            param.callback = _limit(param.opts[0] if param.opts else param.name, TEXT_LIMIT)
    if not any(param.name == "quiet" for param in command.params):
        command.params.append(quiet_param())


def take_values_as_typed() -> None:
    """Every text or yes/no parameter takes the value typed, as it is.

    Typer coerces each value through a pydantic TypeAdapter, built the first time the
    parameter is used, which turns a str into the same str and a bool into the same bool,
    but imports pydantic (about 60 ms of `check`'s 0.2 s) and builds a schema to do it.
    Its own parameters (--help, completion) are made on the fly, hence a hook on the class
    rather than on the commands cli.py builds. Any other value, and any other annotation,
    still goes through typer's own coercion.

    These are typer's internals: a typer whose internals differ keeps its own coercion (the
    same values, only slower), it never stops the command line (tests/test_startup.py
    shows the hook is in place with the typer this project installs)."""
    try:
        from typer._coercion import build_runtime_param  # noqa: F401  (needed by _as_typed)
        from typer.core import _TyperParameter

        typer_own = _TyperParameter.get_runtime_param
    except (ImportError, AttributeError):
        return

    def get_runtime_param(param: _TyperParameter) -> RuntimeParam:
        try:
            if param._runtime_param is None:
                param._runtime_param = _as_typed(param)
        except AttributeError:
            pass
        return typer_own(param)

    # A method replaced on purpose (mypy refuses any assignment to a method): once per
    # process, from cli.py.
    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign,assignment]


def _as_typed(param: _TyperParameter) -> RuntimeParam | None:
    from typer._coercion import build_runtime_param

    descriptor = param.type_descriptor
    if (
        param.multiple
        or param.nargs != 1
        or descriptor.annotation not in (str, bool)
        or descriptor.file_annotation is not None
        or descriptor.parameter_info.parser is not None
    ):
        return None
    return _AsTyped(
        parameter_info=descriptor.parameter_info,
        annotation=descriptor.annotation,
        typer_coercion=lambda: build_runtime_param(descriptor),
    )


@dataclass(frozen=True)
class _AsTyped(RuntimeParam):
    typer_coercion: Callable[[], RuntimeParam]

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if type(value) is self.annotation:
            return value
        return self.typer_coercion()._coerce_value(value, param=param, ctx=ctx)
