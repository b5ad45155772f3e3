"""Translation markers: every sentence a person reads goes through `_()`.

`N_()` marks a text for extraction where it is defined and translated later, where shown.
Both return the message unchanged for now; importable from domain (no dependencies).
"""

from __future__ import annotations


def _(message: str) -> str:
    """The message in the user's language (placeholders are filled after translation)."""
    return message


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message
