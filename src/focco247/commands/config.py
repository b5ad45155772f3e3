"""focco247 config: this machine's settings (SPEC §2); the policy lives in the store."""

from __future__ import annotations

from typing import Annotated

import typer

from focco247 import paths
from focco247.commands._common import JsonOpt

app = typer.Typer(
    help="This machine's configuration: store location, language, user.", no_args_is_help=True
)


@app.command("show")
def show(json_: JsonOpt = False) -> None:
    """Show this machine's settings (the policy is shown by `focco247 policy show`).

    Example: focco247 config show --json
    """
    from dataclasses import asdict

    from focco247.commands._common import machine
    from focco247.output import config as config_out
    from focco247.output import jsonout

    settings = asdict(machine())
    if json_:
        jsonout.emit_json(settings)
    else:
        config_out.show_settings(
            paths.config_path(), {k: v for k, v in settings.items() if v is not None}
        )


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
    key: Annotated[str, typer.Argument(help="db, language or user.")],
    value: Annotated[str, typer.Argument(help="New value.")],
) -> None:
    """Change one of this machine's settings: db (store location), language, user.

    Example: focco247 config set user "Carla Souza"
    """
    from focco247.config import set_value
    from focco247.output import config as config_out

    set_value(paths.config_path(), key, value)
    config_out.setting_changed(key, value, paths.config_path())
