"""Views of the configuration: the settings in force, where the file is, what changed."""

from __future__ import annotations

from pathlib import Path

from focco247.output.console import line


def show_settings(location: Path, settings: dict[str, object]) -> None:
    """The settings as the TOML a configuration file would hold, under the file's path."""
    import tomli_w

    line(f"# {location}")
    line(tomli_w.dumps(settings).rstrip())


def show_location(location: Path) -> None:
    print(location)


def setting_changed(key: str, value: str, location: Path) -> None:
    line(f"{key} = {value}  ({location})", style="green")
