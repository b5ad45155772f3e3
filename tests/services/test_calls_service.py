"""The calls, shifts and specialists services: typed snapshots out, queries from store/queries."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlmodel import SQLModel

from focco247 import paths
from focco247.domain.instants import parse_instant
from focco247.domain.policy import Policy
from focco247.services import calls, shifts, specialists
from focco247.services.base import Ctx
from focco247.store.db import transaction
from focco247.store.queries import calls as call_queries
from focco247.store.queries import specialists as specialist_queries

POLICY = Policy.default()
NIGHT = parse_instant("2026-11-25 22:00", POLICY.timezone)


def ctx_at(session, when: datetime = NIGHT) -> Ctx:
    return Ctx(session, POLICY, when, "tester")


@pytest.fixture
def night(cli, acme, beta) -> Iterator[str]:
    """Calls 1 open, 2 queued (ACME, add-on), 3 queued (BETA's one exceptional service),
    4 refused (BETA again)."""
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "a")
    cli.run("call", "open", "ACME", "--caller", "Bob", "--summary", "b")
    cli.run("call", "open", "BETA", "--caller", "Cid", "--summary", "c")  # exceptional
    cli.run("call", "open", "BETA", "--caller", "Dan", "--summary", "d", code=3)  # refused
    yield paths.db_location()


def plain(value: object) -> None:
    """No store row anywhere inside a result."""
    assert not isinstance(value, SQLModel), value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            plain(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for item in value:
            plain(item)


def test_call_views_are_frozen_snapshots_that_outlive_a_read_only_transaction(night) -> None:
    with transaction(night, write=False) as session:
        shown = calls.show(ctx_at(session), 1)
        found = calls.list_calls(ctx_at(session))
        queue = calls.queue(ctx_at(session))
    # The transaction rolled back: the results are still whole.
    assert shown.call.caller == "Ana" and shown.events[0].action == "opened"
    assert [v.id for v in found.calls] == [1, 2, 3, 4] and found.total == 4
    assert queue.active is not None and [v.id for v in queue.calls] == [2, 3]
    for result in (shown, found, queue):
        plain(result)
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.total = 0  # type: ignore[misc,union-attr]


def test_shift_and_specialist_results_hold_plain_values(night) -> None:
    with transaction(night, write=True) as session:
        shifts.start(ctx_at(session), "Carla")
    with transaction(night, write=True) as session:
        handed = shifts.handover(ctx_at(session), "Diego")
    with transaction(night, write=False) as session:
        who = shifts.who_is_on(ctx_at(session))
        directory = specialists.list_specialists(ctx_at(session))
    assert who.attendant == "Diego" and who.queued == 2
    assert handed.active is not None and handed.active.id == 1
    assert [v.name for v in directory] == ["Bruno Lima"]
    for result in (who, handed, directory):
        plain(result)


def test_queued_call_waits_and_a_refused_one_carries_the_sales_contact(night) -> None:
    later = parse_instant("2026-11-25 22:25", POLICY.timezone)
    with transaction(night, write=False) as session:
        queued, refused = calls.views(
            ctx_at(session, later),
            [calls.get_call(ctx_at(session), 2), calls.get_call(ctx_at(session), 4)],
        )
    assert queued.waiting_minutes == 25 and queued.sales is None
    assert refused.waiting_minutes is None
    assert refused.sales == calls.SalesContact(POLICY.sales_phone, POLICY.sales_email)


def test_r11_overdue_minutes_are_computed_into_the_view(night, cli) -> None:
    cli.run("call", "level", "1", "3", "--reason", "restore")
    late = parse_instant("2026-11-26 00:45", POLICY.timezone)  # due 00:00
    with transaction(night, write=False) as session:
        (view,) = calls.overdue(ctx_at(session, late))
    assert view.id == 1 and view.overdue and view.overdue_minutes == 45


def test_completion_offers_served_calls_in_progress_first_newest_first(night, cli) -> None:
    cli.run("call", "park", "1", "--reason", "wait")
    cli.run("call", "take", "2")
    cli.run("call", "resolve", "2", "--resolution", "ok")
    with transaction(night, write=False) as session:
        ids = call_queries.call_ids_to_complete(session)
        names = specialist_queries.active_names(session)
        codes = call_queries.client_codes(session)
    # 3 (queued) and 1 (parked) are in progress, 2 is resolved; 4 was refused: not offered.
    assert ids == [3, 1, 2]
    assert names == ["Bruno Lima"] and codes == ["ACME", "BETA"]


def test_find_calls_with_a_limit_keeps_the_most_recent_oldest_first(night) -> None:
    with transaction(night, write=False) as session:
        everything = call_queries.CallFilter()
        newest = call_queries.find_calls(session, everything, newest=2)
        acme = call_queries.CallFilter(client_id=1)
        assert call_queries.count_calls(session, acme) == 2
        assert [c.id for c in call_queries.find_calls(session, acme)] == [1, 2]
        assert [c.id for c in newest] == [3, 4]


def test_month_filter_uses_the_policy_time_zone(night) -> None:
    with transaction(night, write=False) as session:
        november = calls.list_calls(ctx_at(session), month="2026-11")
        december = calls.list_calls(ctx_at(session), month="2026-12")
    assert november.total == 4 and december.total == 0
    assert all(v.call.opened_at.astimezone(POLICY.timezone).date() <= date(2026, 11, 30)
               for v in november.calls)  # fmt: skip
