"""The machine's configuration file (SPEC §2): read with tomllib, written with tomli-w,
atomically. It holds only what belongs to one machine (store location, interface language,
user name, machine id); the policy lives in the store (R20). `parse_value` and
`policy_of_file` also serve `focco247 policy set/import`, whose TOML has the same keys."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from focco247.domain.bounds import check_config_strings
from focco247.domain.policy import DEFAULTS, MACHINE_KEYS, Policy
from focco247.errors import ConfigError
from focco247.i18n import _


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
            _("The configuration file {path} is not valid TOML{where}: {exc}.").format(
                path=path, where=where, exc=exc
            )
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            _("The configuration file {path} is not UTF-8 text.").format(path=path)
        ) from None
    except OSError as exc:
        raise ConfigError(
            _("Cannot read the configuration file {path}: {strerror}.").format(
                path=path, strerror=exc.strerror
            )
        ) from None


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


@dataclass(frozen=True)
class MachineConfig:
    """What one machine keeps: where the store is, the interface language, who uses it, and
    the random id that ties a shift started here to this machine (R18)."""

    db: str | None = None
    language: str | None = None
    user: str | None = None
    machine_id: str | None = None


def read_machine(path: Path, *, allow_policy: bool = False) -> MachineConfig:
    """The machine keys; policy keys found in the file are refused (they live in the store)
    unless `allow_policy` (`policy import` of this very file, `db upgrade`)."""
    data = read_overrides(path)
    policy = sorted(key for key in data if key in DEFAULTS)
    if allow_policy:
        data = {key: value for key, value in data.items() if key not in DEFAULTS}
    elif policy:
        raise ConfigError(
            _(
                "The configuration file {path} holds policy settings ({keys}), which live in "
                "the store now: move them there with `focco247 policy import {path}`."
            ).format(path=path, keys=", ".join(policy))
        )
    unknown = sorted(key for key in data if key not in MACHINE_KEYS)
    if unknown:
        raise ConfigError(
            _("The configuration file {path}: unknown key {key!r}.").format(
                path=path, key=unknown[0]
            )
        )
    check_config_strings(data, _("The configuration file {path}").format(path=path))
    values: dict[str, str | None] = {}
    for key in MACHINE_KEYS:
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(
                _("The configuration file {path}: key {key!r} must be a non-empty text.").format(
                    path=path, key=key
                )
            )
        values[key] = value.strip() if isinstance(value, str) else None
    return MachineConfig(**values)


def policy_of_file(path: Path) -> dict[str, Any]:
    """The policy keys of a TOML file (a policy file, or an old configuration file), validated
    as a whole policy would be; machine keys are left out."""
    data = {key: value for key, value in read_overrides(path).items() if key not in MACHINE_KEYS}
    Policy.from_mapping(data, source=_("file {path}").format(path=path))
    return data


def without_policy(path: Path) -> bool:
    """Rewrite the configuration file keeping only its machine keys (after they were
    imported into the store). True when something was removed."""
    data = read_overrides(path)
    kept = {key: value for key, value in data.items() if key in MACHINE_KEYS}
    if kept == data:
        return False
    write_atomic(path, kept)
    return True


def ensure_machine_id(path: Path) -> str:
    """This machine's id, created (random) and written on first need."""
    data = read_overrides(path)
    current = data.get("machine_id")
    if isinstance(current, str) and current.strip():
        return current.strip()
    import uuid

    data["machine_id"] = uuid.uuid4().hex
    write_atomic(path, data)
    return str(data["machine_id"])


def parse_value(key: str, text: str) -> Any:
    """Turn `policy set` text into the type the default has (list, bool, int, text); a
    product takes true/false or an inline table `{covered = false, hours = {...}}`."""
    parts = key.split(".")
    if len(parts) == 2 and parts[0] == "products":
        if text.strip().startswith("{"):
            try:
                return tomllib.loads(f"v = {text}")["v"]
            except tomllib.TOMLDecodeError:
                raise ConfigError(
                    _(
                        "{key} takes true, false or a TOML table such as "
                        '{{covered = false, hours = {{saturday = ["08:00-12:00"]}}}}, not {text!r}.'
                    ).format(key=key, text=text)
                ) from None
        return {"covered": _boolean(key, text)}
    default = _lookup(DEFAULTS, key)
    if isinstance(default, bool):
        return _boolean(key, text)
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ConfigError(
                _("{key} takes a whole number, not {text}.").format(key=key, text=repr(text))
            ) from None
    if isinstance(default, list):
        # A TOML array written inline, e.g. ["08:00-12:00", "13:30-18:00"] or [].
        try:
            return tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            raise ConfigError(
                _('{key} takes a TOML list such as ["public"], not {text}.').format(
                    key=key, text=repr(text)
                )
            ) from None
    return text


def _boolean(key: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "1", "on"):
        return True
    if lowered in ("false", "no", "0", "off"):
        return False
    raise ConfigError(_("{key} takes true or false, not {text}.").format(key=key, text=repr(text)))


def _lookup(table: dict[str, Any], key: str) -> Any:
    node: Any = table
    parts = key.split(".")
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            raise ConfigError(_("Unknown configuration key {key}.").format(key=repr(key)))
        node = node[part]
    if isinstance(node, dict):
        raise ConfigError(
            _("{key} is a table; set one of its keys, e.g. {key2}.{node}.").format(
                key=repr(key), key2=key, node=next(iter(node))
            )
        )
    return node


def set_value(path: Path, key: str, text: str) -> MachineConfig:
    """Set one machine key (db, language, user); the file is written atomically."""
    if key not in MACHINE_KEYS or key == "machine_id":
        if key.split(".")[0] in DEFAULTS:
            raise ConfigError(
                _(
                    "{key!r} is a policy setting, kept in the store: "
                    "use `focco247 policy set {key} VALUE`."
                ).format(key=key)
            )
        raise ConfigError(
            _("Unknown configuration key {key!r}; this machine's keys are: {keys}.").format(
                key=key, keys=", ".join(k for k in MACHINE_KEYS if k != "machine_id")
            )
        )
    if not text.strip():
        raise ConfigError(_("{key} takes a non-empty text.").format(key=key))
    data = read_overrides(path)
    data[key] = text.strip()
    read_machine_data = {k: v for k, v in data.items() if k in DEFAULTS}
    if read_machine_data:
        read_machine(path)  # raises: policy keys must be moved to the store first
    write_atomic(path, data)
    return read_machine(path)


def write_atomic(path: Path, data: dict[str, Any]) -> None:
    import tomli_w

    from focco247 import atomic

    # Folders 0700 whatever the umask, the file 0600 (atomic): the machine id and store URL
    # are this user's.
    atomic.ensure_folder(path.parent)
    atomic.write_bytes(path, tomli_w.dumps(data).encode("utf-8"))
