"""The life of a call on the 24|7 line (R8, R9, R11, R12, R14, R17), as pure rules.

Statuses:

- ``queued``   a callback waiting its turn (R8): the call came in while the attendant was busy.
- ``open``     the attendant's active call: they are on it now.
- ``parked``   still in progress, but the attendant is free (e.g. a level-3 call waiting on a
               specialist); it comes back with ``call take ID``.
- ``resolved`` resolved or worked around (R12); awaiting the requester's close and rating.
- ``closed``   closed, optionally rated 1-5 (R17).
- ``refused``  a contact the 24|7 line does not serve (kept so sales can follow it up).
- ``redirected`` a business-hours contact, sent to the regular channels; never opened.

The attendant is **busy** while a call is ``open``: from ``call open`` (when free) or
``call take`` until that call is resolved or parked (or closed). There is one phone and one
attendant, so at most one call is ``open`` at a time; a call opened while busy is ``queued``,
and the queue is returned oldest first.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from focco247.errors import InputError, StateError
from focco247.i18n import N_, _


class Status(StrEnum):
    QUEUED = "queued"
    OPEN = "open"
    PARKED = "parked"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REFUSED = "refused"
    REDIRECTED = "redirected"
    # Opened by mistake (R19): out of the queue, billing and reports; kept in the audit.
    CANCELLED = "cancelled"


class Action(StrEnum):
    TAKE = "take"
    PARK = "park"
    LEVEL = "level"
    ESCALATE = "escalate"
    UPDATE = "update"
    LOG = "log"
    UNLOG = "unlog"
    TIMER_START = "timer_start"
    TIMER_STOP = "timer_stop"
    CHARGEABLE = "chargeable"
    UNCHARGEABLE = "unchargeable"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CLOSE = "close"
    RATE = "rate"


IN_PROGRESS = frozenset({Status.QUEUED, Status.OPEN, Status.PARKED})
# Contacts the 24|7 line kept but did not serve: never busy, never queued, never billed.
NOT_SERVED = frozenset({Status.REFUSED, Status.REDIRECTED})
SERVED = frozenset(Status) - NOT_SERVED - {Status.CANCELLED}
STATUSES = tuple(s.value for s in Status)
LEVELS = (1, 2, 3)

# Where each action may start, and where it leads (None: the status does not change).
_RULES: dict[Action, tuple[frozenset[Status], Status | None]] = {
    Action.TAKE: (frozenset({Status.QUEUED, Status.PARKED}), Status.OPEN),
    Action.PARK: (frozenset({Status.OPEN}), Status.PARKED),
    Action.LEVEL: (IN_PROGRESS, None),
    Action.ESCALATE: (IN_PROGRESS, None),
    Action.UPDATE: (IN_PROGRESS, None),
    Action.LOG: (frozenset({Status.OPEN, Status.PARKED, Status.RESOLVED}), None),
    # A correction is not new work: a closed call takes one without being reopened (which
    # would clear the requester's rating).
    Action.UNLOG: (frozenset({Status.OPEN, Status.PARKED, Status.RESOLVED, Status.CLOSED}), None),
    Action.TIMER_START: (frozenset({Status.OPEN, Status.PARKED}), None),
    Action.TIMER_STOP: (frozenset({Status.OPEN, Status.PARKED, Status.RESOLVED}), None),
    Action.CHARGEABLE: (SERVED, None),
    Action.UNCHARGEABLE: (SERVED, None),
    Action.RESOLVE: (IN_PROGRESS, Status.RESOLVED),
    Action.REOPEN: (frozenset({Status.RESOLVED, Status.CLOSED}), Status.OPEN),
    Action.CLOSE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.RATE: (frozenset({Status.CLOSED}), None),
}

# The status as the sentence names it (the enum value stays in JSON).
_STATUS_WORDS = {
    Status.QUEUED: N_("queued"),
    Status.OPEN: N_("open"),
    Status.PARKED: N_("parked"),
    Status.RESOLVED: N_("resolved"),
    Status.CLOSED: N_("closed"),
    Status.REFUSED: N_("refused"),
    Status.REDIRECTED: N_("redirected"),
    Status.CANCELLED: N_("cancelled"),
}

_DOING = {
    Action.TAKE: N_("it cannot be taken"),
    Action.PARK: N_("only the active call can be parked"),
    Action.LEVEL: N_("its level cannot change"),
    Action.ESCALATE: N_("it cannot be escalated"),
    Action.UPDATE: N_("it takes no progress updates"),
    Action.LOG: N_("time cannot be logged on it"),
    Action.UNLOG: N_("its time entries cannot be reversed"),
    Action.TIMER_START: N_("a timer cannot start on it"),
    Action.TIMER_STOP: N_("its timer cannot stop"),
    Action.CHARGEABLE: N_("it cannot be marked client-caused"),
    Action.UNCHARGEABLE: N_("it cannot be unmarked client-caused"),
    Action.RESOLVE: N_("it cannot be resolved"),
    Action.REOPEN: N_("only a resolved or closed call can be reopened"),
    Action.CLOSE: N_("only a resolved call can be closed"),
    Action.RATE: N_("only a closed call can be rated"),
}

_HINT = {
    Status.QUEUED: N_("take it first (focco247 call take {id})"),
    Status.CLOSED: N_("reopen it first (focco247 call reopen {id} --reason ...)"),
    Status.RESOLVED: N_("reopen it first (focco247 call reopen {id} --reason ...)"),
    Status.REFUSED: N_("it was a refused contact, not a 24|7 call"),
    Status.REDIRECTED: N_("it was a business-hours contact sent to the regular channels"),
    Status.OPEN: N_("resolve it first (focco247 call resolve {id} --resolution ...)"),
    Status.PARKED: N_("take it back first (focco247 call take {id})"),
    Status.CANCELLED: N_("it was cancelled as opened by mistake"),
}


def allowed(status: Status | str, action: Action) -> bool:
    return Status(status) in _RULES[action][0]


def transition(status: Status | str, action: Action, call_id: int | None = None) -> Status:
    """The status after `action`, or a StateError in one clear sentence."""
    current = Status(status)
    sources, target = _RULES[action]
    name = _("Call #{call_id}").format(call_id=call_id) if call_id is not None else _("The call")
    if current is Status.OPEN and action is Action.TAKE:
        raise StateError(_("{name} is already the active call.").format(name=name))
    if current is Status.PARKED and action is Action.PARK:
        raise StateError(_("{name} is already parked.").format(name=name))
    if current not in sources:
        hint = _(_HINT[current]).format(id=call_id if call_id is not None else "ID")
        raise StateError(
            _("{name} is {status}, so {doing}; {hint}.").format(
                name=name, status=_(_STATUS_WORDS[current]), doing=_(_DOING[action]), hint=hint
            )
        )
    return target or current


def parse_call_id(text: str | int) -> int:
    """A call or entry number as typed: `12` or `#12`."""
    raw = str(text).strip().lstrip("#")
    if not raw.isdigit() or int(raw) <= 0:
        raise InputError(
            _("{text!r} is not a call number; write it as 12 or #12.").format(text=text)
        )
    return int(raw)


def initial_status(verdict: str, busy: bool) -> Status:
    """Where a new contact starts: served verdicts open (or queue when busy, R8)."""
    if verdict == "business_hours":
        return Status.REDIRECTED
    if verdict == "refused":
        return Status.REFUSED
    return Status.QUEUED if busy else Status.OPEN


def parse_status(text: str) -> Status:
    try:
        return Status(text.strip().lower())
    except ValueError:
        raise InputError(
            _("Status {text!r} is not known; use one of {known}.").format(
                text=text, known=", ".join(STATUSES)
            )
        ) from None


def parse_level(value: int | str) -> int:
    """A level (R9): 1 quick, 2 intermediate, 3 complex."""
    try:
        level = int(str(value).strip())
    except ValueError:
        level = 0
    if level not in LEVELS:
        raise InputError(
            _("Level {value!r} is not valid; use 1 (quick), 2 or 3 (complex).").format(value=value)
        )
    return level


def parse_limit(value: int | str | None) -> int | None:
    """How many calls a list shows: a whole number, 1 or more (None: no limit)."""
    if value is None:
        return None
    try:
        limit = int(str(value).strip())
    except ValueError:
        limit = 0
    if limit < 1:
        raise InputError(
            _("Limit {value!r} is not valid; give a whole number of calls, 1 or more.").format(
                value=value
            )
        )
    return limit


def change_level(current: int, new: int | str, call_id: int | None = None) -> int:
    level = parse_level(new)
    if level == current:
        raise StateError(
            _("Call #{call_id} is already level {level}.").format(call_id=call_id, level=level)
        )
    return level


def escalated_level(current: int) -> int:
    """Escalating to a specialist raises the call to at least level 2 (R10)."""
    return max(current, 2)


def parse_rating(value: int | str | None) -> int | None:
    """The requester's rating (R17) as typed: a whole number from 1 to 5."""
    if value is None:
        return None
    try:
        rating = int(str(value).strip())
    except ValueError:
        rating = 0
    if rating not in (1, 2, 3, 4, 5):
        raise InputError(
            _("Rating {value!r} is not valid; the requester rates from 1 to 5.").format(value=value)
        )
    return rating


def require_text(what: str, text: str | None) -> str:
    if text is None or not text.strip():
        raise InputError(_("{what} must not be empty.").format(what=_(what)))
    return text.strip()


def update_baseline(opened_at: datetime, last_update_at: datetime | None) -> datetime:
    """The last update given to the requester or, before any, the opening instant (R11)."""
    return last_update_at or opened_at


def update_due_at(
    opened_at: datetime, last_update_at: datetime | None, every_minutes: int
) -> datetime:
    return update_baseline(opened_at, last_update_at) + timedelta(minutes=every_minutes)


def is_overdue(
    *,
    level: int,
    status: Status | str,
    opened_at: datetime,
    last_update_at: datetime | None,
    now: datetime,
    every_minutes: int,
) -> bool:
    """R11: an in-progress level-3 call whose last update is older than the interval."""
    if level != 3 or Status(status) not in IN_PROGRESS:
        return False
    return now > update_due_at(opened_at, last_update_at, every_minutes)


def minutes_overdue(due_at: datetime | None, now: datetime) -> int:
    """How late a level-3 update is (R11), in whole minutes; 0 when none is due yet."""
    if due_at is None or now <= due_at:
        return 0
    return int((now - due_at).total_seconds() // 60)


def waiting_minutes(status: Status | str, opened_at: datetime, now: datetime) -> int | None:
    """How long a queued callback has waited (R8); None for a call not in the queue."""
    if Status(status) is not Status.QUEUED:
        return None
    return max(0, int((now - opened_at).total_seconds() // 60))


_CLOCK = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")


def next_clock_time(text: str, now: datetime, tz: tzinfo) -> datetime | None:
    """An ETA typed as a time of day (`02:00`): its next occurrence on the local wall clock
    after `now` (R11). None when the text is not a time of day."""
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group("h")), int(match.group("m"))
    if hour > 23 or minute > 59:
        raise InputError(
            _("ETA {text!r} is not a time of day; write it as 02:00.").format(text=text.strip())
        )
    local = now.astimezone(tz)
    day = local.date()
    for _attempt in range(2):
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        if candidate > local:
            return candidate
        day += timedelta(days=1)
    return candidate


def not_in_future(at: datetime, now: datetime, tolerance_minutes: int, what: str) -> datetime:
    """Instants typed by the attendant may be a little ahead (clock skew), never more."""
    if at > now + timedelta(minutes=tolerance_minutes):
        raise InputError(
            _("{what} is in the future; it may be at most {minutes} minutes ahead of now.").format(
                what=_(what), minutes=tolerance_minutes
            )
        )
    return at


def not_before(at: datetime, start: datetime, what: str, start_what: str) -> datetime:
    if at < start:
        raise InputError(
            _("{what} comes before {start}.").format(what=_(what), start=_(start_what))
        )
    return at


def elapsed_minutes(started: datetime, stopped: datetime) -> int:
    """Timer minutes: a started minute counts as a whole one (the attendant was on it)."""
    seconds = (stopped - started).total_seconds()
    if seconds <= 0:
        return 0
    return math.ceil(seconds / 60)


def reversal_minutes(minutes: int, already_reversed: bool, is_reversal: bool, entry_id: int) -> int:
    """A correction (R14) is a new entry with the opposite minutes; each entry once."""
    if is_reversal:
        raise StateError(
            _("Entry {entry_id} is itself a reversal; log the right time instead.").format(
                entry_id=entry_id
            )
        )
    if already_reversed:
        raise StateError(_("Entry {entry_id} was already reversed.").format(entry_id=entry_id))
    return -minutes
