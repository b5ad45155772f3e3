"""The configuration file (SPEC §2): read with tomllib, written with tomli-w, atomically."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from focco247.domain.policy import DEFAULTS, Policy
from focco247.errors import ConfigError


def read_overrides(path: Path) -> dict[str, Any]:
    """What the file sets (empty when there is no file)."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        where = _key_at_error(path, str(exc))
        raise ConfigError(
            f"The configuration file {path} is not valid TOML{where}: {exc}."
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(f"The configuration file {path} is not UTF-8 text.") from None
    except OSError as exc:
        raise ConfigError(f"Cannot read the configuration file {path}: {exc.strerror}.") from None


_ERROR_LINE = re.compile(r"at line (\d+)")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*=")
_TABLE_LINE = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")


def _key_at_error(path: Path, message: str) -> str:
    """Name the key on the line tomllib complains about, so the user knows what to fix."""
    match = _ERROR_LINE.search(message)
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    number = int(match.group(1)) if match else len(lines)
    table = ""
    for text in lines[: number - 1]:
        header = _TABLE_LINE.match(text)
        if header:
            table = header.group(1) + "."
    if 0 < number <= len(lines):
        key = _KEY_LINE.match(lines[number - 1])
        if key:
            return f" (key {table + key.group(1).strip()!r})"
    return ""


def load_policy(path: Path) -> Policy:
    return Policy.from_mapping(read_overrides(path), source=f"configuration file {path}")


def parse_value(key: str, text: str) -> Any:
    """Turn `config set` text into the type the default has (list, bool, int, text)."""
    default = _lookup(DEFAULTS, key)
    if isinstance(default, bool):
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1", "on"):
            return True
        if lowered in ("false", "no", "0", "off"):
            return False
        raise ConfigError(f"{key} takes true or false, not {text!r}.")
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{key} takes a whole number, not {text!r}.") from None
    if isinstance(default, list):
        # A TOML array written inline, e.g. ["08:00-12:00", "13:30-18:00"] or [].
        try:
            return tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            raise ConfigError(
                f'{key} takes a TOML list such as ["public"], not {text!r}.'
            ) from None
    return text


def _lookup(table: dict[str, Any], key: str) -> Any:
    node: Any = table
    parts = key.split(".")
    for index, part in enumerate(parts):
        if not isinstance(node, dict) or part not in node:
            # products.<name> may name a new product (covered or not).
            if index == 1 and parts[0] == "products" and len(parts) == 2:
                return True
            raise ConfigError(f"Unknown configuration key {key!r}.")
        node = node[part]
    if isinstance(node, dict):
        raise ConfigError(
            f"{key!r} is a table; set one of its keys, e.g. {key}.{next(iter(node))}."
        )
    return node


def set_value(path: Path, key: str, text: str) -> Policy:
    """Validate the whole resulting configuration, then write the file atomically."""
    value = parse_value(key, text)
    overrides = read_overrides(path)
    node = overrides
    parts = key.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    policy = Policy.from_mapping(overrides, source=f"config set {key} (file {path} unchanged)")
    write_atomic(path, overrides)
    return policy


def write_atomic(path: Path, data: dict[str, Any]) -> None:
    import tomli_w

    from focco247 import atomic

    atomic.ensure_folder(path.parent)
    atomic.write_bytes(path, tomli_w.dumps(data).encode("utf-8"))
