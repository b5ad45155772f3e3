"""focco247 config: the policy settings (SPEC §2)."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247 import paths
from focco247.commands._common import JsonOpt

app = typer.Typer(help="Configuration: show, locate and change settings.", no_args_is_help=True)


@app.command("show")
def show(json_: JsonOpt = False) -> None:
    """Show every setting in force (defaults merged with the configuration file).

    Example: focco247 config show --json
    """
    from focco247.commands._common import load_policy
    from focco247.output import config as config_out
    from focco247.output import jsonout

    policy = load_policy()
    if json_:
        jsonout.emit_json(policy.raw)
    else:
        config_out.show_settings(paths.config_path(), policy.raw)


@app.command("path")
def path(json_: JsonOpt = False) -> None:
    """Print where the configuration file lives ($FOCCO247_CONFIG overrides it).

    Example: focco247 config path
    """
    from focco247.output import config as config_out
    from focco247.output import jsonout

    location = paths.config_path()
    if json_:
        jsonout.emit_json({"path": str(location), "exists": location.exists()})
    else:
        config_out.show_location(location)


@app.command("set")
def set_(
    key: Annotated[str, typer.Argument(help="Dotted key, e.g. sales.phone or fee_percent.")],
    value: Annotated[str, typer.Argument(help="New value; lists as TOML, e.g. '[\"public\"]'.")],
) -> None:
    """Change one setting; the whole configuration is validated before the file is written.

    Example: focco247 config set holidays.subdivision SC
    """
    from focco247.config import set_value
    from focco247.output import config as config_out

    set_value(paths.config_path(), key, value)
    config_out.setting_changed(key, value, paths.config_path())
