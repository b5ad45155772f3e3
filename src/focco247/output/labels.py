"""Enum values as people read them: verdicts, call statuses, weekdays.

JSON, CSV headers and the store keep the values themselves (`covered`, `queued`); these
labels are for terminal tables, sentences and documents, in the active language.
"""

from __future__ import annotations

from focco247.i18n import N_, _

# The weekdays, Monday first (domain.report.WEEKDAY_NAMES in English).
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))

VERDICTS = {
    "business_hours": N_("business hours"),
    "covered": N_("covered"),
    "grace": N_("grace"),
    "exceptional": N_("exceptional"),
    "refused": N_("refused"),
    "redirected": N_("redirected"),
}

STATUSES = {
    "queued": N_("queued"),
    "open": N_("open"),
    "parked": N_("parked"),
    "resolved": N_("resolved"),
    "closed": N_("closed"),
    "refused": N_("refused"),
    "redirected": N_("redirected"),
    "cancelled": N_("cancelled"),
}


def verdict_label(verdict: str) -> str:
    """A verdict (or a not-served status) in the active language: `business hours`."""
    label = VERDICTS.get(verdict)
    return _(label) if label else verdict.replace("_", " ")


def status_label(status: str) -> str:
    """A call status in the active language."""
    label = STATUSES.get(status)
    return _(label) if label else status
