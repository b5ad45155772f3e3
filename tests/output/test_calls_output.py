"""Views of calls without a store: the words and JSON documents output/ owns."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import FrozenInstanceError, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from focco247.output import calls_json
from focco247.output.call_story import describe
from focco247.output.calls import Done, done_message
from focco247.services.calls import (
    CallRecord,
    CallView,
    EntryRecord,
    EscalationRecord,
    EventRecord,
    SalesContact,
)

TZ = ZoneInfo("America/Sao_Paulo")
OPENED = datetime(2026, 11, 25, 22, 0, tzinfo=TZ)


def record(**changes: object) -> CallRecord:
    base = CallRecord(
        id=12,
        product="FoccoERP",
        caller="Ana",
        summary="NF-e rejected",
        opened_at=OPENED,
        verdict="covered",
        verdict_reason="Covered by the 24|7 add-on.",
        status="open",
        level=1,
        chargeable=False,
        chargeable_reason=None,
        resolution=None,
        workaround=False,
        resolved_at=None,
        closed_at=None,
        rating=None,
        strengths=None,
        weaknesses=None,
        last_update_at=None,
        timer_started_at=None,
        created_by="tester",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def view(call: CallRecord | None = None, **changes: object) -> CallView:
    base = CallView(
        call=call or record(),
        client="ACME",
        client_name="Acme",
        total_minutes=0,
        overdue=False,
        overdue_minutes=0,
        update_due_at=None,
        waiting_minutes=None,
        tz=TZ,
        now=OPENED + timedelta(minutes=5),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


ENTRY = EntryRecord(7, 90, OPENED, "fixed", None, "tester")
REVERSAL = EntryRecord(8, -90, OPENED, "reverses entry 7", 7, "tester")


@pytest.mark.parametrize(
    ("done", "the_view", "sentence"),
    [
        (Done.TAKEN, view(), "Call #12 is now your active call; call back Ana."),
        (
            Done.PARKED,
            view(),
            "Call #12 parked; you are free. Take it back with call take.",
        ),
        (
            Done.PARKED,
            view(entry=ENTRY),
            "Call #12 parked; you are free. Take it back with call take. "
            "Timer stopped; logged entry 7.",
        ),
        (Done.LEVEL, view(record(level=3)), "Call #12 is now level 3."),
        (
            Done.ESCALATED,
            view(
                record(level=2),
                escalations=(EscalationRecord("Bruno Lima", "fiscal", None, "rules", OPENED),),
            ),
            "Call #12 escalated to Bruno Lima; level 2.",
        ),
        (Done.UPDATED, view(), "Update recorded on call #12."),
        (Done.LOGGED, view(entry=ENTRY), "Logged entry 7 on call #12."),
        (Done.UNLOGGED, view(entry=REVERSAL), "Entry 7 reversed by entry 8."),
        (Done.TIMER_STARTED, view(), "Timer started on call #12."),
        (Done.TIMER_STOPPED, view(entry=ENTRY), "Timer stopped; logged entry 7."),
        (Done.TIMER_STOPPED, view(), "Timer stopped; nothing logged."),
        (Done.CHARGEABLE, view(record(chargeable=True)), "Call #12 is chargeable (client-caused)."),
        (Done.CHARGEABLE, view(), "Call #12 is not chargeable."),
        (Done.RESOLVED, view(), "Call #12 resolved; ask Ana to close and rate it."),
        (Done.REOPENED, view(), "Call #12 reopened; it is your active call."),
        (Done.CLOSED, view(record(rating=4)), "Call #12 closed, rated 4/5."),
        (Done.CLOSED, view(), "Call #12 closed."),
    ],
)
def test_each_change_to_a_call_is_confirmed_by_one_sentence_of_output(
    done: Done, the_view: CallView, sentence: str
) -> None:
    assert done_message(the_view, done) == sentence


def test_every_kind_of_change_has_its_sentence() -> None:
    for done in Done:
        assert done_message(view(entry=ENTRY), done)


@pytest.mark.parametrize(
    ("action", "detail", "sentence"),
    [
        (
            "opened",
            {"opened_at": "2026-11-25T22:00:00-03:00", "caller": "Ana", "product": "FoccoERP",
             "verdict": "covered", "level": 1, "status": "queued"},
            "Contact at 2026-11-25 22:00 from Ana about FoccoERP: covered, level 1; "
            "queued for a callback (attendant busy).",
        ),
        ("logged", {"minutes": 90, "worked_at": "2026-11-25T22:10:00-03:00", "entry": 3},
         "Logged 1h30m worked at 2026-11-25 22:10 (entry 3)."),
        ("unlogged", {"reverses": 3, "entry": 4, "minutes": -90},
         "Entry 3 reversed by entry 4 (-1h30m)."),
        ("escalated", {"specialist": "Bia", "area": "db", "reason": "restore",
                       "level_from": 1, "level_to": 2},
         "Escalated to Bia (db): restore; level 1 -> 2."),
        ("closed", {"rating": None}, "Closed, not rated."),
        ("something_new", {}, "something_new."),
    ],
)  # fmt: skip
def test_r18_each_audit_event_tells_one_sentence_of_the_story(action, detail, sentence) -> None:
    assert describe(action, detail) == sentence


def test_call_json_list_form_has_no_story_and_full_form_adds_it_in_order() -> None:
    short = calls_json.call(view(), full=False)
    assert list(short)[:4] == ["id", "client", "client_name", "product"]
    assert list(short)[-1] == "created_by"
    assert "events" not in short and "warning" not in short and "sales" not in short
    full = calls_json.call(
        view(
            events=(EventRecord(OPENED, "tester", "timer_started", {}),),
            entry=ENTRY,
            exceptional_used=True,
            sales=SalesContact("(54) 3025 9000", "focco@focco.com.br"),
        )
    )
    assert list(full)[len(short) :] == [
        "specialists", "updates", "time_entries", "events", "entry", "warning", "sales",
    ]  # fmt: skip
    assert full["events"] == [
        {"at": "2026-11-25T22:00:00-03:00", "actor": "tester", "action": "timer_started",
         "detail": {}, "text": "Timer started."}
    ]  # fmt: skip
    assert "ACME has now used its one exceptional service" in str(full["warning"])
    assert full["sales"] == {"phone": "(54) 3025 9000", "email": "focco@focco.com.br"}


def test_a_call_view_is_a_frozen_snapshot() -> None:
    with pytest.raises(FrozenInstanceError):
        view().call.status = "closed"  # type: ignore[misc]


def test_output_of_calls_loads_without_services_or_the_store() -> None:
    code = (
        "import sys\n"
        "import focco247.output.calls, focco247.output.calls_json, focco247.output.call_story\n"
        "bad = sorted(m for m in sys.modules if m.startswith("
        "('focco247.services', 'focco247.store', 'sqlmodel', 'sqlalchemy', 'rich')))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
