"""focco247 policy: the rulebook every machine sharing the store follows (R20)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from focco247 import paths
from focco247.commands._common import JsonOpt, store

if TYPE_CHECKING:
    from datetime import date

app = typer.Typer(
    help="The policy in the store: show it, change a key, import a file.", no_args_is_help=True
)

SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Date the values apply from (default: today; the first import: the beginning).",
    ),
]


def _date(text: str | None) -> date | None:
    from focco247.domain.instants import parse_date

    return parse_date(text) if text is not None else None


@app.command("show")
def show(
    at: Annotated[
        str | None, typer.Option("--at", help="Date, e.g. 2026-11-29 (default: today).")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Show every setting in force today (or --at a date): the store's policy over the defaults.

    Example: focco247 policy show --at 2027-01-01 --json
    """
    from focco247.output import jsonout
    from focco247.output import policy as policy_out
    from focco247.services import policy as service

    day = _date(at)
    with store() as ctx:
        shown = service.show(ctx, day)
    if json_:
        jsonout.emit_json(policy_out.shown_json(shown))
    else:
        policy_out.show(shown)


@app.command("set")
def set_(
    key: Annotated[str, typer.Argument(help="Dotted key, e.g. fee_percent or sales.phone.")],
    value: Annotated[str, typer.Argument(help="New value; lists as TOML, e.g. '[\"public\"]'.")],
    since: SinceOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Change one key from --since on (default today), leaving later entries alone.

    A money key (fee_percent, minimum_chargeable_minutes, rounding_minutes, money_rounding)
    cannot change inside or before an issued month.

    Example: focco247 policy set fee_percent 25 --since 2027-01-01
    """
    from focco247.config import parse_value
    from focco247.output import jsonout
    from focco247.output import policy as policy_out
    from focco247.services import policy as service

    day = _date(since)
    parsed = parse_value(key, value)
    with store(write=True) as ctx:
        change = service.set_key(ctx, key, parsed, day)
    if json_:
        jsonout.emit_json(policy_out.change_json(change))
    else:
        policy_out.show_change(change)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="TOML file with policy keys (as data/policy.toml).")],
    since: SinceOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Import the keys a TOML file names from --since on; tables merge key by key.

    Re-importing the same values changes nothing. Given this machine's configuration file,
    its policy keys move into the store and the file keeps only the machine's keys.

    Example: focco247 policy import focco-policy.toml --since 2027-01-01
    """
    from focco247 import config
    from focco247.output import jsonout
    from focco247.output import policy as policy_out
    from focco247.services import policy as service

    day = _date(since)
    mapping = config.policy_of_file(file)
    own = file.expanduser().resolve() == paths.config_path().expanduser().resolve()
    with store(write=True, check_machine=not own) as ctx:
        change = service.import_values(ctx, mapping, day)
    cleaned = own and config.without_policy(file)
    if json_:
        jsonout.emit_json(policy_out.change_json(change))
    else:
        policy_out.show_change(change)
        if cleaned:
            policy_out.config_cleaned(str(file))
