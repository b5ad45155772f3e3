"""Where things live: every environment variable the tool reads is read here."""

from __future__ import annotations

import getpass
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "focco247"


def config_path() -> Path:
    """The configuration file: $FOCCO247_CONFIG, else the platform's user config dir."""
    env = os.environ.get("FOCCO247_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def db_location() -> str:
    """The store: $FOCCO247_DB (a path or a SQLAlchemy URL), else the machine config's `db`,
    else a file in the user data dir."""
    env = os.environ.get("FOCCO247_DB")
    if env:
        return env
    configured = _machine_key("db")
    if configured:
        return configured
    from platformdirs import user_data_dir

    return str(Path(user_data_dir(APP_NAME, appauthor=False)) / "focco247.db")


def cache_dir() -> Path:
    """Disposable data (holiday tables): $FOCCO247_CACHE, else the user cache dir."""
    env = os.environ.get("FOCCO247_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def now_override() -> str | None:
    """$FOCCO247_NOW replaces the clock (an ISO instant), for tests and replays."""
    return os.environ.get("FOCCO247_NOW") or None


def _machine_key(key: str) -> str | None:
    """One text key of the machine config, read quietly (a broken file is reported by the
    command that reads it whole)."""
    import tomllib

    try:
        with config_path().open("rb") as handle:
            value = tomllib.load(handle).get(key)
    except (OSError, ValueError):
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None


def user_override() -> str | None:
    """$FOCCO247_USER, when set."""
    return os.environ.get("FOCCO247_USER", "").strip() or None


def default_actor() -> str:
    """Who is making a change: $FOCCO247_USER, else the operating-system user."""
    env = user_override()
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): still record something honest
        return "unknown"


def data_file(name: str) -> Traversable:
    """A file shipped with the tool (the demo book, the default policy, a sample config): in
    an installed wheel it sits in the package's `data` folder; in a source checkout it is the
    top-level `data/` folder."""
    packaged = resources.files("focco247").joinpath("data")
    if packaged.is_dir():
        return packaged.joinpath(name)
    return Path(__file__).resolve().parents[2].joinpath("data", name)
