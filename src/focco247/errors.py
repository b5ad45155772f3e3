"""The tool's own errors and the exit codes they map to (one place, listed in the README)."""

from __future__ import annotations

# Exit codes scripts rely on (SPEC §3).
EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_NOT_SERVED = 3


class Focco247Error(Exception):
    """Base error: its message is one clear sentence for the user."""

    exit_code = EXIT_BAD_INPUT


class InputError(Focco247Error):
    """The user typed something we cannot accept (bad money, date, duration...)."""


class NotFoundError(Focco247Error):
    """A client, call, invoice or specialist that does not exist."""


class StateError(Focco247Error):
    """An operation not allowed in the current state (close an unresolved call...)."""


class ConfigError(Focco247Error):
    """The configuration file is unreadable or holds an invalid value."""


class StoreError(Focco247Error):
    """The store cannot be opened or used (not a database, newer than the code...)."""
