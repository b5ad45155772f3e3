"""The call state machine (R8, R9, R11, R12, R14, R17): every transition, legal and illegal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from focco247.domain import calls
from focco247.domain.calls import Action, Status
from focco247.errors import InputError, StateError

Q, OP, P, R, C, X, D = (
    Status.QUEUED,
    Status.OPEN,
    Status.PARKED,
    Status.RESOLVED,
    Status.CLOSED,
    Status.REFUSED,
    Status.REDIRECTED,
)

# The whole machine, written out by hand: (action, from) -> to. Anything absent is illegal.
LEGAL: dict[tuple[Action, Status], Status] = {
    (Action.TAKE, Q): OP,
    (Action.TAKE, P): OP,
    (Action.PARK, OP): P,
    **{(Action.LEVEL, s): s for s in (Q, OP, P)},
    **{(Action.ESCALATE, s): s for s in (Q, OP, P)},
    **{(Action.UPDATE, s): s for s in (Q, OP, P)},
    **{(Action.LOG, s): s for s in (OP, P, R)},
    **{(Action.UNLOG, s): s for s in (OP, P, R, C)},
    **{(Action.TIMER_START, s): s for s in (OP, P)},
    **{(Action.TIMER_STOP, s): s for s in (OP, P, R)},
    **{(Action.CHARGEABLE, s): s for s in (Q, OP, P, R, C)},
    **{(Action.UNCHARGEABLE, s): s for s in (Q, OP, P, R, C)},
    **{(Action.RESOLVE, s): R for s in (Q, OP, P)},
    (Action.REOPEN, R): OP,
    (Action.REOPEN, C): OP,
    (Action.CLOSE, R): C,
    (Action.RATE, C): C,
}

ALL = [(a, s) for a in Action for s in Status]


@pytest.mark.parametrize(("action", "status"), [k for k in ALL if k in LEGAL])
def test_legal_transition_leads_to_its_status(action: Action, status: Status) -> None:
    assert calls.transition(status, action, 7) is LEGAL[(action, status)]
    assert calls.allowed(status, action)


@pytest.mark.parametrize(("action", "status"), [k for k in ALL if k not in LEGAL])
def test_illegal_transition_is_refused_with_one_sentence(action: Action, status: Status) -> None:
    with pytest.raises(StateError) as err:
        calls.transition(status, action, 7)
    message = str(err.value)
    assert message.startswith("Call #7 ")
    assert message.endswith(".")
    assert "\n" not in message
    assert not calls.allowed(status, action)


def test_r12_close_an_unresolved_call_is_refused() -> None:
    with pytest.raises(StateError, match="only a resolved call can be closed"):
        calls.transition(Status.OPEN, Action.CLOSE, 3)


def test_r14_a_closed_call_takes_a_reversing_entry_without_being_reopened() -> None:
    assert calls.transition(Status.CLOSED, Action.UNLOG, 3) is Status.CLOSED


def test_r14_log_on_a_closed_call_is_refused_and_says_to_reopen() -> None:
    with pytest.raises(StateError, match="reopen it first"):
        calls.transition(Status.CLOSED, Action.LOG, 3)


def test_taking_the_active_call_says_it_is_already_active() -> None:
    with pytest.raises(StateError, match="already the active call"):
        calls.transition(Status.OPEN, Action.TAKE, 3)


def test_parking_a_parked_call_says_so() -> None:
    with pytest.raises(StateError, match="already parked"):
        calls.transition(Status.PARKED, Action.PARK, 3)


def test_refused_contact_accepts_no_call_action() -> None:
    for action in Action:
        with pytest.raises(StateError, match="refused contact"):
            calls.transition(Status.REFUSED, action, 4)


@pytest.mark.parametrize(
    ("verdict", "busy", "status"),
    [
        ("covered", False, Status.OPEN),
        ("grace", False, Status.OPEN),
        ("exceptional", False, Status.OPEN),
        ("covered", True, Status.QUEUED),
        ("grace", True, Status.QUEUED),
        ("exceptional", True, Status.QUEUED),
        ("refused", False, Status.REFUSED),
        ("refused", True, Status.REFUSED),
        ("business_hours", False, Status.REDIRECTED),
        ("business_hours", True, Status.REDIRECTED),
    ],
)
def test_r8_initial_status_queues_served_calls_while_busy(
    verdict: str, busy: bool, status: Status
) -> None:
    assert calls.initial_status(verdict, busy) is status


@pytest.mark.parametrize("level", [1, 2, 3, "2", " 3 "])
def test_r9_levels_one_to_three(level: int | str) -> None:
    assert calls.parse_level(level) == int(str(level).strip())


@pytest.mark.parametrize("level", [0, 4, -1, "x", ""])
def test_r9_other_levels_are_refused(level: int | str) -> None:
    with pytest.raises(InputError, match="Level"):
        calls.parse_level(level)


def test_r9_level_change_to_the_same_level_is_refused() -> None:
    with pytest.raises(StateError, match="already level 2"):
        calls.change_level(2, 2, 9)
    assert calls.change_level(2, 3, 9) == 3
    assert calls.change_level(3, 1, 9) == 1


@pytest.mark.parametrize(("current", "after"), [(1, 2), (2, 2), (3, 3)])
def test_r10_escalation_raises_to_at_least_level_two(current: int, after: int) -> None:
    assert calls.escalated_level(current) == after


T0 = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("level", "status", "last_update", "now", "overdue"),
    [
        (3, Status.OPEN, None, T0 + timedelta(hours=2), False),  # exactly 2 h: not older
        (3, Status.OPEN, None, T0 + timedelta(hours=2, minutes=1), True),
        (3, Status.QUEUED, None, T0 + timedelta(hours=3), True),
        (3, Status.PARKED, None, T0 + timedelta(hours=3), True),
        (3, Status.PARKED, T0 + timedelta(hours=2), T0 + timedelta(hours=3), False),
        (3, Status.OPEN, T0 + timedelta(minutes=30), T0 + timedelta(hours=2, minutes=31), True),
        (2, Status.OPEN, None, T0 + timedelta(hours=9), False),
        (1, Status.OPEN, None, T0 + timedelta(hours=9), False),
        (3, Status.RESOLVED, None, T0 + timedelta(hours=9), False),
        (3, Status.CLOSED, None, T0 + timedelta(hours=9), False),
    ],
)
def test_r11_level3_overdue_when_last_update_or_opening_is_older_than_interval(
    level: int, status: Status, last_update: datetime | None, now: datetime, overdue: bool
) -> None:
    assert (
        calls.is_overdue(
            level=level,
            status=status,
            opened_at=T0,
            last_update_at=last_update,
            now=now,
            every_minutes=120,
        )
        is overdue
    )


def test_r11_update_due_counts_from_last_update_else_opening() -> None:
    assert calls.update_due_at(T0, None, 120) == T0 + timedelta(hours=2)
    later = T0 + timedelta(minutes=45)
    assert calls.update_due_at(T0, later, 120) == later + timedelta(hours=2)


@given(st.integers(min_value=0, max_value=600), st.integers(min_value=1, max_value=600))
def test_r11_an_update_always_clears_overdue_for_the_next_interval(
    since_open: int, every: int
) -> None:
    updated = T0 + timedelta(minutes=since_open)
    assert not calls.is_overdue(
        level=3,
        status=Status.OPEN,
        opened_at=T0,
        last_update_at=updated,
        now=updated + timedelta(minutes=every),
        every_minutes=every,
    )


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 0), (1, 1), (59, 1), (60, 1), (61, 2), (5400, 90)]
)
def test_r14_timer_counts_a_started_minute_as_whole(seconds: int, minutes: int) -> None:
    assert calls.elapsed_minutes(T0, T0 + timedelta(seconds=seconds)) == minutes


def test_r14_timer_backwards_counts_nothing() -> None:
    assert calls.elapsed_minutes(T0, T0 - timedelta(minutes=5)) == 0


def test_r14_reversal_is_the_opposite_entry() -> None:
    assert calls.reversal_minutes(45, False, False, 1) == -45


def test_r14_an_entry_is_reversed_only_once() -> None:
    with pytest.raises(StateError, match="already reversed"):
        calls.reversal_minutes(45, True, False, 1)


def test_r14_reversing_a_reversal_is_refused() -> None:
    with pytest.raises(StateError, match="itself a reversal"):
        calls.reversal_minutes(-45, False, True, 2)


def test_future_instant_beyond_tolerance_is_refused() -> None:
    assert calls.not_in_future(T0 + timedelta(minutes=5), T0, 5, "It") == T0 + timedelta(minutes=5)
    with pytest.raises(InputError, match="in the future"):
        calls.not_in_future(T0 + timedelta(minutes=6), T0, 5, "It")


def test_instant_before_opening_is_refused() -> None:
    with pytest.raises(InputError, match="comes before the call's opening"):
        calls.not_before(T0 - timedelta(minutes=1), T0, "The entry", "the call's opening")


@pytest.mark.parametrize("rating", [1, 2, 3, 4, 5, None])
def test_r17_ratings_one_to_five(rating: int | None) -> None:
    assert calls.parse_rating(rating) == rating


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_r17_other_ratings_are_refused(rating: int) -> None:
    with pytest.raises(InputError, match="1 to 5"):
        calls.parse_rating(rating)


@pytest.mark.parametrize(("text", "rating"), [("5", 5), (" 3 ", 3), ("1", 1)])
def test_r17_a_rating_typed_as_text_is_read_as_its_number(text: str, rating: int) -> None:
    assert calls.parse_rating(text) == rating


@pytest.mark.parametrize("text", ["abc", "4.5", "", "five"])
def test_r17_a_rating_that_is_not_a_whole_number_is_bad_input(text: str) -> None:
    with pytest.raises(InputError, match="1 to 5"):
        calls.parse_rating(text)


SAO_PAULO = ZoneInfo("America/Sao_Paulo")


@pytest.mark.parametrize(
    ("now", "text", "eta"),
    [
        ("2026-11-25T23:59", "02:00", "2026-11-26T02:00"),  # after midnight: tomorrow
        ("2026-11-26T01:00", "2:00", "2026-11-26T02:00"),  # later today
        ("2026-11-25T23:59", "23:59", "2026-11-26T23:59"),  # now is not the future
        ("2026-11-30T22:00", "08:00", "2026-12-01T08:00"),  # across a month end
    ],
)
def test_r11_an_eta_typed_as_a_time_of_day_is_its_next_occurrence(
    now: str, text: str, eta: str
) -> None:
    local_now = datetime.fromisoformat(now).replace(tzinfo=SAO_PAULO)
    got = calls.next_clock_time(text, local_now.astimezone(UTC), SAO_PAULO)
    assert got == datetime.fromisoformat(eta).replace(tzinfo=SAO_PAULO)


@pytest.mark.parametrize("text", ["2h", "1h30m", "2026-11-26 02:00", "90"])
def test_r11_an_eta_that_is_not_a_time_of_day_is_left_to_the_other_forms(text: str) -> None:
    assert calls.next_clock_time(text, T0, SAO_PAULO) is None


@pytest.mark.parametrize("text", ["24:00", "12:60", "99:99"])
def test_r11_an_impossible_time_of_day_is_bad_input(text: str) -> None:
    with pytest.raises(InputError, match="time of day"):
        calls.next_clock_time(text, T0, SAO_PAULO)


@pytest.mark.parametrize(("text", "number"), [("12", 12), ("#12", 12), (" #3 ", 3)])
def test_call_numbers_accept_a_hash(text: str, number: int) -> None:
    assert calls.parse_call_id(text) == number


@pytest.mark.parametrize("text", ["", "#", "abc", "0", "-2", "1.5"])
def test_bad_call_numbers_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="not a call number"):
        calls.parse_call_id(text)


@pytest.mark.parametrize(("text", "status"), [("open", OP), ("QUEUED", Q), (" parked ", P)])
def test_status_filter_is_forgiving_about_case(text: str, status: Status) -> None:
    assert calls.parse_status(text) is status


def test_unknown_status_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="queued, open, parked"):
        calls.parse_status("pending")


def test_empty_text_is_refused() -> None:
    with pytest.raises(InputError, match="The resolution must not be empty"):
        calls.require_text("The resolution", "  ")


# --- not served, overdue minutes, waiting minutes --------------------------------------------


def test_refused_and_redirected_are_the_statuses_not_served_and_the_rest_are_served() -> None:
    assert {Status.REFUSED, Status.REDIRECTED} == calls.NOT_SERVED
    # A call cancelled as opened by mistake (R19) is neither: it left the line's work.
    assert set(Status) == calls.SERVED | calls.NOT_SERVED | {Status.CANCELLED}
    assert Status.CANCELLED not in calls.SERVED
    assert not calls.SERVED & calls.NOT_SERVED
    assert "refused" in calls.NOT_SERVED and "open" not in calls.NOT_SERVED


_T0 = datetime(2026, 11, 25, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("due", "now", "minutes"),
    [
        (None, _T0, 0),  # nothing due
        (_T0, _T0, 0),  # due this instant: not late yet
        (_T0, _T0 + timedelta(seconds=59), 0),  # late minutes are whole minutes
        (_T0, _T0 + timedelta(minutes=1), 1),
        (_T0, _T0 + timedelta(hours=2, minutes=5, seconds=30), 125),
        (_T0, _T0 - timedelta(minutes=30), 0),  # not yet due
    ],
)
def test_r11_minutes_overdue_counts_whole_minutes_past_the_due_update(due, now, minutes) -> None:
    assert calls.minutes_overdue(due, now) == minutes


def test_r8_only_a_queued_call_has_waiting_minutes_counted_from_the_contact() -> None:
    later = _T0 + timedelta(minutes=17, seconds=40)
    assert calls.waiting_minutes(Status.QUEUED, _T0, later) == 17
    assert calls.waiting_minutes("queued", _T0, _T0 - timedelta(minutes=1)) == 0
    for status in set(Status) - {Status.QUEUED}:
        assert calls.waiting_minutes(status, _T0, later) is None
