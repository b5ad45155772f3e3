"""Views of the policy (R20): the settings in force on a date, and what a change recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from focco247.i18n import _
from focco247.output.console import line

if TYPE_CHECKING:
    from focco247.services.policy import PolicyChange, PolicyShown


def shown_json(shown: PolicyShown) -> dict[str, object]:
    return {
        "at": shown.at.isoformat(),
        "settings": shown.settings,
        "since": {key: day.isoformat() if day else None for key, day in shown.since.items()},
    }


def show(shown: PolicyShown) -> None:
    """The settings as the TOML a policy file would hold, headed by the date."""
    import tomli_w

    line("# " + _("Policy in force on {day}").format(day=shown.at.isoformat()))
    line(tomli_w.dumps(shown.settings).rstrip())


def change_json(change: PolicyChange) -> dict[str, object]:
    return {
        "since": change.since.isoformat() if change.since else None,
        "added": change.added,
        "unchanged": list(change.unchanged),
    }


def show_change(change: PolicyChange) -> None:
    import json

    since = change.since.isoformat() if change.since else _("the beginning")
    for key, value in change.added.items():
        text = json.dumps(value, ensure_ascii=False)
        line(_("{key} = {value} from {since}").format(key=key, value=text, since=since), "green")
    if not change.added:
        line(
            _("Nothing changed: every value named is already in force on {since}.").format(
                since=since
            )
        )
    elif change.unchanged:
        line(_("Already in force: {keys}.").format(keys=", ".join(change.unchanged)))


def config_cleaned(path: str) -> None:
    line(_("Policy keys removed from {path}: it keeps this machine's keys only.").format(path=path))
