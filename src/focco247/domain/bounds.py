"""Sane bounds for what people type: policy numbers in ranges that make sense for a support
line, free text of a readable length, and no control characters in configuration strings.

A value outside its bounds is refused with one sentence before anything is computed or
stored (a minimum of 9999999999999 minutes would bill trillions of reais).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from focco247.errors import ConfigError, InputError
from focco247.i18n import _

MAX_MINIMUM_CHARGEABLE_MINUTES = 24 * 60
ROUNDING_MINUTES = (1, 60)
FEE_PERCENT = (Decimal(0), Decimal(100))
FEE_PERCENT_DECIMALS = 2
LEVEL3_UPDATE_EVERY_MINUTES = (5, 7 * 24 * 60)

NAME_LIMIT = 200  # names of clients, callers, specialists
TEXT_LIMIT = 2_000  # summaries, notes, reasons, resolutions

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline are text
_CONFIG_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # one-line settings: none at all


class PolicyNumbers(Protocol):
    @property
    def fee_percent(self) -> Decimal: ...
    @property
    def minimum_chargeable_minutes(self) -> int: ...
    @property
    def rounding_minutes(self) -> int: ...
    @property
    def level3_update_every_minutes(self) -> int: ...


def _out_of_range(source: str, key: str, low: object, high: object) -> ConfigError:
    return ConfigError(
        _("{source}: key {key!r} must be between {low} and {high}.").format(
            source=source, key=key, low=low, high=high
        )
    )


def check_policy(policy: PolicyNumbers, source: str) -> None:
    """The numbers of a policy are in the ranges a support line can mean."""
    fee = policy.fee_percent
    if not FEE_PERCENT[0] <= fee <= FEE_PERCENT[1]:
        raise _out_of_range(source, "fee_percent", *FEE_PERCENT)
    exponent = fee.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -FEE_PERCENT_DECIMALS:
        raise ConfigError(
            _("{source}: key 'fee_percent' takes at most two decimals.").format(source=source)
        )
    if not 0 <= policy.minimum_chargeable_minutes <= MAX_MINIMUM_CHARGEABLE_MINUTES:
        raise _out_of_range(source, "minimum_chargeable_minutes", 0, MAX_MINIMUM_CHARGEABLE_MINUTES)
    if not ROUNDING_MINUTES[0] <= policy.rounding_minutes <= ROUNDING_MINUTES[1]:
        raise _out_of_range(source, "rounding_minutes", *ROUNDING_MINUTES)
    low, high = LEVEL3_UPDATE_EVERY_MINUTES
    if not low <= policy.level3_update_every_minutes <= high:
        raise _out_of_range(source, "level3_update_every", "5m", "7d")


def check_config_strings(value: Any, source: str, key: str = "") -> None:
    """No NUL, ESC or other control character anywhere in a configuration's keys or texts."""
    if isinstance(value, Mapping):
        for name, item in value.items():
            where = f"{key}.{name}" if key else str(name)
            if isinstance(name, str) and _CONFIG_CONTROL.search(name):
                raise _control_in_config(source, where)
            check_config_strings(item, source, where)
    elif isinstance(value, list | tuple):
        for item in value:
            check_config_strings(item, source, key)
    elif isinstance(value, str) and _CONFIG_CONTROL.search(value):
        raise _control_in_config(source, key)


def _control_in_config(source: str, key: str) -> ConfigError:
    return ConfigError(
        _("{source}: key {key!r} holds a control character (such as NUL or ESC).").format(
            source=source, key=key
        )
    )


def check_text(label: str, value: str, limit: int = TEXT_LIMIT) -> str:
    """Free text typed by a person: at most `limit` characters, no NUL."""
    if len(value) > limit:
        raise InputError(
            _("{label} is {length:,} characters long; the most accepted is {limit:,}.").format(
                label=label, length=len(value), limit=limit
            )
        )
    if "\x00" in value:
        raise InputError(_("{label} holds a NUL character.").format(label=label))
    return value


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value))
