"""`focco247 call ...`: every command, its --json shape, and the rules it enforces."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

LATER = "2026-11-26T00:30:00-03:00"


def open_call(cli, code="ACME", caller="Ana", summary="NF-e rejected", *extra, exit=0):
    return cli.json("call", "open", code, "--caller", caller, "--summary", summary, *extra,
                    code=exit)  # fmt: skip


def rows(tmp_path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "store.db") as db:
        return db.execute(sql).fetchall()


def one_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


# --- call open (R7, R8) ---------------------------------------------------------------------


def test_open_json_has_id_verdict_status_and_the_call(cli, acme):
    doc = open_call(cli, "acme", "Ana", "NF-e rejected", "--level", "2")
    assert doc["id"] == 1
    assert doc["verdict"] == "covered"
    assert doc["status"] == "open"
    assert doc["active"] is True
    assert doc["client"] == "ACME"
    assert doc["level"] == 2
    assert doc["product"] == "FoccoERP"
    assert doc["opened_at"] == "2026-11-25T22:00:00-03:00"
    assert doc["total_minutes"] == 0
    assert doc["events"][0]["action"] == "opened"


def test_open_human_output_says_it_is_the_active_call(cli, acme):
    out = cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "x").stdout
    assert "Call #1: OPEN" in out
    assert "active call" in out


def test_r8_call_opened_while_busy_is_queued(cli, acme):
    open_call(cli)
    doc = open_call(cli, "ACME", "Bob", "slow report")
    assert doc["status"] == "queued"
    out = cli.run("call", "open", "ACME", "--caller", "Cid", "--summary", "z").stdout
    assert "QUEUED" in out and "you are on call #1" in out


def test_r7_refused_contact_is_recorded_exits_3_and_gives_the_sales_contact(cli, beta, tmp_path):
    open_call(cli, "BETA", "Ana", "first: exceptional")
    cli.run("call", "resolve", "1", "--resolution", "done")
    result = cli.run("call", "open", "BETA", "--caller", "Ana", "--summary", "ERP down",
                     code=3)  # fmt: skip
    assert "(54) 3025 9000" in result.stdout
    assert "REFUSED" in result.stdout
    doc = open_call(cli, "BETA", "Ana", "ERP", exit=3)
    assert doc["status"] == "refused"
    assert doc["verdict"] == "refused"
    assert doc["sales"]["phone"] == "(54) 3025 9000"
    assert rows(tmp_path, "SELECT status FROM call ORDER BY id") == [
        ("resolved",), ("refused",), ("refused",)
    ]  # fmt: skip


def test_r7_refused_foccolojas_contact_is_recorded_exits_3_without_the_addon_pitch(
    cli, acme, tmp_path
):
    result = cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "PDV down",
                     "--product", "foccolojas", code=3)  # fmt: skip
    assert "REFUSED" in result.stdout
    assert "(54) 3025 9000" not in result.stdout
    doc = open_call(cli, "ACME", "Ana", "PDV", "--product", "FoccoLOJAS", exit=3)
    assert doc["status"] == "refused"
    assert doc["verdict"] == "refused"
    assert "sales" not in doc
    assert rows(tmp_path, "SELECT status FROM call") == [("refused",), ("refused",)]


def test_r7_business_hours_contact_is_redirected_not_opened_and_exits_3(cli, acme):
    result = cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "x",
                     "--at", "2026-11-25 10:00", code=3)  # fmt: skip
    assert "regular support channels" in result.stdout
    doc = open_call(cli, "ACME", "Ana", "x", "--at", "2026-11-25 10:00", exit=3)
    assert doc["status"] == "redirected"
    assert doc["verdict"] == "business_hours"


def test_r8_refused_and_redirected_contacts_neither_make_busy_nor_queue(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--product", "FoccoLOJAS", exit=3)
    open_call(cli, "ACME", "Ana", "x", "--at", "2026-11-25 10:00", exit=3)
    assert cli.json("call", "queue") == {"active": None, "calls": []}
    assert open_call(cli)["status"] == "open"


def test_r7_exceptional_service_is_used_once_then_refused(cli, beta):
    result = cli.run("call", "open", "BETA", "--caller", "Ana", "--summary", "x")
    assert "exceptional" in result.stdout
    assert "next off-hours contact will be refused" in result.stderr
    assert cli.json("client", "show", "BETA")["exceptional_call_id"] == 1
    doc = open_call(cli, "BETA", "Ana", "again", exit=3)
    assert doc["verdict"] == "refused"


def test_r7_exceptional_open_json_carries_the_warning(cli, beta):
    doc = open_call(cli, "BETA")
    assert doc["verdict"] == "exceptional"
    assert "recusado" in doc["warning"]  # JSON prose: documents.language (pt_BR)


def test_open_in_the_future_beyond_tolerance_is_refused_and_writes_nothing(cli, acme, tmp_path):
    one_error(cli.invoke("call", "open", "ACME", "--caller", "A", "--summary", "x",
                         "--at", "2026-11-25 22:06"), "future")  # fmt: skip
    assert rows(tmp_path, "SELECT count(*) FROM call") == [(0,)]
    assert open_call(cli, "ACME", "A", "x", "--at", "2026-11-25 22:05")["id"] == 1


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("NOPE", "--caller", "A", "--summary", "x"), "Unknown client"),
        (("ACME", "--caller", " ", "--summary", "x"), "caller"),
        (("ACME", "--caller", "A", "--summary", ""), "summary"),
        (("ACME", "--caller", "A", "--summary", "x", "--level", "4"), "Level"),
        (("ACME", "--caller", "A", "--summary", "x", "--product", "Excel"), "Unknown product"),
        (("ACME", "--caller", "A", "--summary", "x", "--at", "yesterday"), "not valid"),
    ],
)
def test_open_bad_input_is_one_sentence_and_writes_nothing(cli, acme, tmp_path, args, fragment):
    one_error(cli.invoke("call", "open", *args), fragment)
    assert rows(tmp_path, "SELECT count(*) FROM call") == [(0,)]


# --- queue, take, park (R8) -----------------------------------------------------------------


def test_r8_queue_lists_callbacks_oldest_first_with_waiting_time(cli, acme):
    open_call(cli)
    open_call(cli, "ACME", "Bob", "b", "--at", "2026-11-25 21:50")
    open_call(cli, "ACME", "Cid", "c", "--at", "2026-11-25 21:40")
    doc = cli.json("call", "queue")
    assert doc["active"]["id"] == 1
    assert [c["id"] for c in doc["calls"]] == [3, 2]
    assert [c["position"] for c in doc["calls"]] == [1, 2]
    assert [c["waiting_minutes"] for c in doc["calls"]] == [20, 10]
    out = cli.run("call", "queue").stdout
    assert "Active: #1" in out and "Cid" in out and "20m" in out


def test_r8_take_makes_the_oldest_callback_active_once_free(cli, acme):
    open_call(cli)
    open_call(cli, "ACME", "Bob", "b")
    one_error(cli.invoke("call", "take"), "#1 is the active call")
    cli.run("call", "resolve", "1", "--resolution", "done")
    doc = cli.json("call", "take")
    assert doc["id"] == 2 and doc["status"] == "open"
    one_error(cli.invoke("call", "take"), "#2 is the active call")


def test_r8_take_a_given_call_out_of_order(cli, acme):
    open_call(cli)
    open_call(cli, "ACME", "Bob", "b")
    open_call(cli, "ACME", "Cid", "c")
    cli.run("call", "park", "1", "--reason", "waiting for the DBA")
    assert cli.json("call", "take", "#3")["status"] == "open"
    assert cli.json("call", "queue")["calls"][0]["id"] == 2


def test_r8_take_with_an_empty_queue_is_refused(cli, acme):
    one_error(cli.invoke("call", "take"), "No callbacks")


def test_r8_take_with_an_empty_queue_names_the_parked_calls_to_take_back(cli, acme):
    open_call(cli)
    cli.run("call", "park", "1", "--reason", "waiting for the DBA")
    one_error(cli.invoke("call", "take"), "No callbacks", "parked: #1", "call take 1")
    assert cli.json("call", "show", "1")["status"] == "parked"


def test_r8_take_the_active_call_says_so(cli, acme):
    open_call(cli)
    one_error(cli.invoke("call", "take", "1"), "already the active call")


def test_r8_park_frees_the_attendant_and_take_brings_it_back(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    doc = cli.json("call", "park", "1", "--reason", "restore running")
    assert doc["status"] == "parked" and doc["active"] is False
    assert open_call(cli, "ACME", "Bob", "y")["status"] == "open"
    cli.run("call", "resolve", "2", "--resolution", "ok")
    assert cli.json("call", "take", "1")["status"] == "open"
    actions = [e["action"] for e in cli.json("call", "show", "1")["events"]]
    assert actions == ["opened", "parked", "taken"]


def test_r8_only_the_active_call_can_be_parked(cli, acme):
    open_call(cli)
    open_call(cli, "ACME", "Bob", "b")
    one_error(cli.invoke("call", "park", "2", "--reason", "x"), "queued")
    one_error(cli.invoke("call", "park", "1", "--reason", " "), "reason")


# --- level, escalation, updates (R9-R11) ----------------------------------------------------


def test_r9_level_change_is_kept_with_its_reason(cli, acme):
    open_call(cli)
    doc = cli.json("call", "level", "1", "3", "--reason", "needs a restore")
    assert doc["level"] == 3
    event = doc["events"][-1]
    assert event["action"] == "level"
    assert event["detail"] == {"from": 1, "to": 3, "reason": "needs a restore"}
    assert "Nível 1 -> 3: needs a restore." in event["text"]  # documents.language (pt_BR)


def test_r9_level_change_to_the_same_level_or_out_of_range_is_refused(cli, acme):
    open_call(cli)
    one_error(cli.invoke("call", "level", "1", "1", "--reason", "x"), "already level 1")
    one_error(cli.invoke("call", "level", "1", "5", "--reason", "x"), "Level")
    one_error(cli.invoke("call", "level", "9", "2", "--reason", "x"), "#9 does not exist")


def test_r10_escalation_names_a_specialist_and_raises_to_level_two(cli, acme):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    open_call(cli)
    doc = cli.json("call", "escalate", "1", "--to", "bruno lima", "--reason", "tax rules")
    assert doc["level"] == 2
    assert doc["specialists"][0]["name"] == "Bruno Lima"
    assert doc["specialists"][0]["area"] == "fiscal"
    assert doc["specialists"][0]["reason"] == "tax rules"


def test_r10_escalating_a_level_three_call_keeps_level_three(cli, acme):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    assert cli.json("call", "escalate", "1", "--to", "Bruno", "--reason", "r")["level"] == 3


def test_r10_unknown_specialist_is_an_error_suggesting_close_matches(cli, acme):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    open_call(cli)
    one_error(
        cli.invoke("call", "escalate", "1", "--to", "Bruna Lima", "--reason", "r"),
        "No specialist named 'Bruna Lima'",
        "Did you mean Bruno Lima?",
    )
    assert cli.json("call", "show", "1")["level"] == 1


def test_r11_update_records_note_and_eta_and_resets_the_clock(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    later = {"FOCCO247_NOW": LATER}
    assert cli.json("call", "overdue", env=later)["calls"][0]["id"] == 1
    doc = json.loads(cli.run("call", "update", "1", "--note", "restore at 60%", "--eta",
                             "2026-11-26 02:00", "--json", env=later).stdout)  # fmt: skip
    assert doc["updates"] == [
        {"at": LATER, "note": "restore at 60%", "eta": "2026-11-26T02:00:00-03:00"}
    ]
    assert doc["eta"] == "2026-11-26T02:00:00-03:00"
    assert doc["overdue"] is False
    assert doc["update_due_at"] == "2026-11-26T02:30:00-03:00"
    assert cli.json("call", "overdue", env=later)["calls"] == []


def test_r11_eta_may_be_a_delay_from_now(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    doc = cli.json("call", "update", "1", "--note", "n", "--eta", "1h30m")
    assert doc["updates"][0]["eta"] == "2026-11-25T23:30:00-03:00"


def test_r11_eta_typed_as_a_time_of_day_is_that_time_not_a_delay(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    doc = cli.json("call", "update", "1", "--note", "n", "--eta", "02:00")
    assert doc["updates"][0]["eta"] == "2026-11-26T02:00:00-03:00"
    doc = cli.json("call", "update", "1", "--note", "n", "--eta", "23:30")
    assert doc["eta"] == "2026-11-25T23:30:00-03:00"


def test_r11_an_eta_in_no_known_form_is_one_sentence_naming_the_forms(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    one_error(cli.invoke("call", "update", "1", "--note", "n", "--eta", "soon"),
              "ETA 'soon'", "time of day", "delay")  # fmt: skip
    assert cli.json("call", "show", "1")["updates"] == []


def test_r11_eta_in_the_past_is_refused(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    one_error(cli.invoke("call", "update", "1", "--note", "n", "--eta", "2026-11-25 21:00"),
              "ETA")  # fmt: skip


def test_r11_overdue_level3_calls_stand_out_in_list_and_overdue(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3")
    open_call(cli, "ACME", "Bob", "y", "--level", "2")
    later = {"FOCCO247_NOW": "2026-11-26T00:01:00-03:00"}
    docs = cli.json("call", "list", env=later)["calls"]
    assert [(c["id"], c["overdue"]) for c in docs] == [(1, True), (2, False)]
    assert docs[0]["overdue_minutes"] == 1
    assert [c["id"] for c in cli.json("call", "list", "--overdue", env=later)["calls"]] == [1]
    out = cli.run("call", "list", env=later).stdout
    assert "OVERDUE" in out and "call overdue" in out
    out = cli.run("call", "overdue", env=later).stdout
    assert "Ana" in out and "1m" in out
    assert cli.json("call", "overdue")["calls"] == []
    assert "No level-3 call" in cli.run("call", "overdue").stdout


def test_r11_overdue_counts_from_the_opening_instant_given_by_at(cli, acme):
    open_call(cli, "ACME", "Ana", "x", "--level", "3", "--at", "2026-11-25 19:59")
    assert cli.json("call", "show", "1")["overdue"] is True


# --- time (R14) -----------------------------------------------------------------------------


def test_r14_log_time_in_any_typed_format(cli, acme):
    open_call(cli)
    for text in ("45m", "1h30m", "2h", "1:30"):
        cli.run("call", "log", "1", text)
    doc = cli.json("call", "log", "1", "5m", "--note", "checked", "--at", "2026-11-25 22:01")
    assert doc["total_minutes"] == 45 + 90 + 120 + 90 + 5
    assert doc["entry"]["minutes"] == 5
    assert doc["entry"]["note"] == "checked"
    assert doc["entry"]["worked_at"] == "2026-11-25T22:01:00-03:00"
    assert [e["minutes"] for e in doc["time_entries"]] == [45, 90, 120, 90, 5]


@pytest.mark.parametrize(
    ("duration", "extra", "fragment"),
    [
        ("0m", (), "more than zero"),
        ("25h", (), "at most 24 h"),
        ("abc", (), "Duration"),
        ("10m", ("--at", "2026-11-25 21:00"), "before the call's opening"),
        ("10m", ("--at", "2026-11-25 23:00"), "future"),
    ],
)
def test_r14_bad_time_entries_are_refused(cli, acme, tmp_path, duration, extra, fragment):
    open_call(cli)
    one_error(cli.invoke("call", "log", "1", duration, *extra), fragment)
    assert rows(tmp_path, "SELECT count(*) FROM time_entry") == [(0,)]


def test_r14_unlog_is_a_reversing_entry_never_an_edit(cli, acme, tmp_path):
    open_call(cli)
    cli.run("call", "log", "1", "45m")
    doc = cli.json("call", "unlog", "1", "--reason", "wrong call")
    assert doc["total_minutes"] == 0
    assert doc["entry"] == {
        "id": 2,
        "minutes": -45,
        "worked_at": "2026-11-25T22:00:00-03:00",
        "note": "reverses entry 1: wrong call",
        "reverses_id": 1,
        "actor": "tester",
    }
    assert rows(tmp_path, "SELECT id, minutes, reverses_id FROM time_entry") == [
        (1, 45, None),
        (2, -45, 1),
    ]


def test_r14_an_entry_is_reversed_once_and_a_reversal_never(cli, acme):
    open_call(cli)
    cli.run("call", "log", "1", "45m")
    cli.run("call", "unlog", "1")
    one_error(cli.invoke("call", "unlog", "1"), "already reversed")
    one_error(cli.invoke("call", "unlog", "2"), "itself a reversal")
    one_error(cli.invoke("call", "unlog", "7"), "Time entry 7 does not exist")


def test_r14_timer_logs_the_elapsed_minutes(cli, acme):
    open_call(cli)
    cli.run("call", "start", "1")
    one_error(cli.invoke("call", "start", "1"), "already running since 22:00")
    doc = cli.json("call", "stop", "1", env={"FOCCO247_NOW": "2026-11-25T22:37:10-03:00"})
    assert doc["entry"]["minutes"] == 38
    assert doc["entry"]["worked_at"] == "2026-11-25T22:00:00-03:00"
    assert doc["timer_started_at"] is None
    one_error(cli.invoke("call", "stop", "1"), "No timer is running")


def test_r14_parking_stops_a_running_timer_so_the_next_call_is_not_counted_twice(cli, acme):
    open_call(cli)
    cli.run("call", "start", "1")
    later = {"FOCCO247_NOW": "2026-11-25T22:20:00-03:00"}
    parked = cli.json("call", "park", "1", "--reason", "waiting for the DBA", env=later)
    assert parked["timer_started_at"] is None
    assert (parked["entry"]["minutes"], parked["total_minutes"]) == (20, 20)
    out = cli.run("call", "show", "1").stdout
    assert "timer running" not in out
    taken = cli.json("call", "take", "1", env={"FOCCO247_NOW": "2026-11-26T01:00:00-03:00"})
    assert taken["total_minutes"] == 20


def test_r14_a_forgotten_timer_is_not_logged_as_days_of_work(cli, acme):
    open_call(cli)
    cli.run("call", "start", "1")
    two_days = {"FOCCO247_NOW": "2026-11-27T22:00:00-03:00"}
    one_error(cli.invoke("call", "stop", "1", env=two_days), "--discard")
    doc = cli.json("call", "stop", "1", "--discard", env=two_days)
    assert doc["total_minutes"] == 0 and doc["timer_started_at"] is None
    assert doc["events"][-1]["action"] == "timer_discarded"


def test_r14_resolving_stops_a_running_timer_and_logs_it(cli, acme):
    open_call(cli)
    cli.run("call", "start", "1")
    doc = cli.json("call", "resolve", "1", "--resolution", "ok",
                   env={"FOCCO247_NOW": "2026-11-25T22:20:00-03:00"})  # fmt: skip
    assert doc["total_minutes"] == 20
    assert doc["timer_started_at"] is None


def test_r14_log_on_a_closed_call_is_refused(cli, acme):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    cli.run("call", "close", "1")
    one_error(cli.invoke("call", "log", "1", "10m"), "closed", "reopen it first")


def test_r14_unlog_on_a_closed_call_keeps_it_closed_and_rated(cli, acme):
    open_call(cli)
    cli.run("call", "log", "1", "45m")
    cli.run("call", "resolve", "1", "--resolution", "ok")
    cli.run("call", "close", "1", "--rating", "5", "--strengths", "quick")
    doc = cli.json("call", "unlog", "1", "--reason", "logged on the wrong call")
    assert (doc["status"], doc["rating"], doc["strengths"]) == ("closed", 5, "quick")
    assert doc["total_minutes"] == 0
    assert doc["events"][-1]["action"] == "unlogged"


def test_r14_log_on_a_queued_call_says_take_it_first(cli, acme):
    open_call(cli)
    open_call(cli, "ACME", "Bob", "b")
    one_error(cli.invoke("call", "log", "2", "10m"), "take it first")


# --- client-caused (R13) --------------------------------------------------------------------


def test_r13_chargeable_with_reason_and_undo_with_reason(cli, acme):
    open_call(cli)
    doc = cli.json("call", "chargeable", "1", "--reason", "client edited the tax table")
    assert doc["chargeable"] is True
    assert doc["chargeable_reason"] == "client edited the tax table"
    one_error(cli.invoke("call", "chargeable", "1", "--reason", "again"), "already marked")
    doc = cli.json("call", "chargeable", "1", "--undo", "--reason", "our bug after all")
    assert doc["chargeable"] is False
    one_error(cli.invoke("call", "chargeable", "1", "--undo", "--reason", "x"), "not marked")
    assert [e["action"] for e in doc["events"]][-2:] == ["chargeable", "not_chargeable"]


def test_r13_chargeable_needs_a_reason(cli, acme):
    open_call(cli)
    one_error(cli.invoke("call", "chargeable", "1", "--reason", ""), "reason")


def test_r13_a_refused_contact_cannot_be_chargeable(cli, acme):
    open_call(cli, "ACME", "A", "x", "--product", "FoccoLOJAS", exit=3)
    one_error(cli.invoke("call", "chargeable", "1", "--reason", "x"), "refused")


def test_r13_billable_contract_chargeable_resolved_with_resolved_at(cli, acme, tmp_path):
    open_call(cli)
    cli.run("call", "chargeable", "1", "--reason", "client-caused")
    cli.run("call", "log", "1", "30m")
    cli.run("call", "resolve", "1", "--resolution", "ok", "--at", "2026-11-25 22:03")
    assert rows(tmp_path, "SELECT chargeable, status, resolved_at IS NOT NULL FROM call") == [
        (1, "resolved", 1)
    ]
    cli.run("call", "reopen", "1", "--reason", "it broke again")
    assert rows(tmp_path, "SELECT status, resolved_at FROM call") == [("open", None)]


# --- resolution, reopening, rating (R12, R17) -----------------------------------------------


def test_r12_resolve_records_resolution_instant_and_workaround(cli, acme):
    open_call(cli)
    doc = cli.json("call", "resolve", "1", "--resolution", "restarted the service",
                   "--workaround", "--at", "2026-11-26T01:03:00Z")  # fmt: skip
    assert doc["status"] == "resolved"
    assert doc["workaround"] is True
    assert doc["resolution"] == "restarted the service"
    assert doc["resolved_at"] == "2026-11-25T22:03:00-03:00"


def test_r12_resolve_before_opening_or_in_the_future_is_refused(cli, acme):
    open_call(cli, "ACME", "A", "x", "--at", "2026-11-25 21:00")
    one_error(cli.invoke("call", "resolve", "1", "--resolution", "ok", "--at",
                         "2026-11-25 20:59"), "before")  # fmt: skip
    one_error(cli.invoke("call", "resolve", "1", "--resolution", "ok", "--at",
                         "2026-11-25 23:00"), "future")  # fmt: skip
    one_error(cli.invoke("call", "resolve", "1", "--resolution", " "), "resolution")


def test_r12_resolving_the_active_call_frees_the_attendant(cli, acme):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    assert open_call(cli, "ACME", "B", "y")["status"] == "open"


def test_r12_resolving_twice_is_refused(cli, acme):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    one_error(cli.invoke("call", "resolve", "1", "--resolution", "ok"), "resolved")


def test_r12_reopen_clears_the_resolution_and_makes_it_active(cli, acme):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    cli.run("call", "close", "1", "--rating", "2")
    doc = cli.json("call", "reopen", "1", "--reason", "it came back")
    assert doc["status"] == "open"
    assert doc["resolved_at"] is None and doc["resolution"] is None
    assert doc["closed_at"] is None and doc["rating"] is None
    event = doc["events"][-1]
    assert event["action"] == "reopened"
    assert event["detail"]["rating"] == 2 and event["detail"]["resolution"] == "ok"


def test_r12_reopen_while_busy_or_unresolved_is_refused(cli, acme):
    open_call(cli)
    one_error(cli.invoke("call", "reopen", "1", "--reason", "x"), "only a resolved or closed")
    cli.run("call", "resolve", "1", "--resolution", "ok")
    open_call(cli, "ACME", "B", "y")
    one_error(cli.invoke("call", "reopen", "1", "--reason", "x"), "#2 is the active call")


def test_r17_close_with_rating_strengths_and_weaknesses(cli, acme):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    doc = cli.json("call", "close", "1", "--rating", "4", "--strengths", "quick",
                   "--weaknesses", "hard to reach")  # fmt: skip
    assert doc["status"] == "closed"
    assert (doc["rating"], doc["strengths"], doc["weaknesses"]) == (4, "quick", "hard to reach")
    assert doc["closed_at"] == "2026-11-25T22:00:00-03:00"


def test_r17_closing_an_unresolved_call_is_refused(cli, acme):
    open_call(cli)
    one_error(cli.invoke("call", "close", "1", "--rating", "5"), "only a resolved call")


def test_r17_rating_twice_is_refused(cli, acme):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    cli.run("call", "close", "1", "--rating", "5")
    one_error(cli.invoke("call", "close", "1", "--rating", "3"), "already rated 5/5")


def test_r17_a_closed_call_can_be_rated_later_once(cli, acme):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    cli.run("call", "close", "1")
    one_error(cli.invoke("call", "close", "1"), "already closed")
    doc = cli.json("call", "close", "1", "--rating", "3", "--weaknesses", "slow")
    assert doc["rating"] == 3
    assert doc["events"][-1]["action"] == "rated"


@pytest.mark.parametrize("rating", ["0", "6"])
def test_r17_rating_outside_one_to_five_is_refused(cli, acme, rating):
    open_call(cli)
    cli.run("call", "resolve", "1", "--resolution", "ok")
    one_error(cli.invoke("call", "close", "1", "--rating", rating), "1 to 5")
    assert cli.json("call", "show", "1")["status"] == "resolved"


@pytest.mark.parametrize(
    "args",
    [
        ("call", "close", "2", "--rating", "abc"),
        ("call", "close", "2", "--rating", "4.5"),
        ("call", "level", "1", "x", "--reason", "r"),
        ("call", "list", "--level", "high"),
        ("call", "open", "ACME", "--caller", "Bo", "--summary", "s", "--level", "two"),
    ],
)
def test_a_mistyped_level_or_rating_is_bad_input_exit_1_not_a_usage_error(cli, acme, args):
    open_call(cli)
    open_call(cli, "ACME", "Bia")
    cli.run("call", "resolve", "2", "--resolution", "ok")
    one_error(cli.invoke(*args), "not valid")
    calls = cli.json("call", "list")["calls"]
    assert [(c["status"], c["level"], c["rating"]) for c in calls] == [
        ("open", 1, None),
        ("resolved", 1, None),
    ]


# --- show, list, audit (R18) ----------------------------------------------------------------


def test_r18_show_json_is_the_call_at_top_level_with_its_story(cli, acme):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    open_call(cli)
    cli.run("call", "escalate", "1", "--to", "Bruno", "--reason", "tax")
    cli.run("call", "log", "1", "1h")
    doc = cli.json("call", "show", "#1")
    for key in ("id", "client", "status", "level", "verdict", "total_minutes", "chargeable",
                "rating", "time_entries", "events", "specialists", "updates", "overdue",
                "product", "caller", "summary", "opened_at", "resolved_at"):  # fmt: skip
        assert key in doc, key
    assert doc["total_minutes"] == 60
    assert [e["action"] for e in doc["events"]] == ["opened", "escalated", "logged"]
    assert all(e["actor"] == "tester" and e["at"] and e["text"] for e in doc["events"])


def test_r18_actor_comes_from_as_then_the_environment(cli, acme):
    open_call(cli)
    cli.run("--as", "carla", "call", "log", "1", "10m")
    events = cli.json("call", "show", "1")["events"]
    assert [e["actor"] for e in events] == ["tester", "carla"]
    assert cli.json("call", "show", "1")["time_entries"][0]["actor"] == "carla"


def test_r18_show_tells_the_story_in_words(cli, acme):
    open_call(cli, "ACME", "Ana", "NF-e rejected", "--level", "3")
    cli.run("call", "update", "1", "--note", "waiting for SEFAZ", "--eta", "2h")
    cli.run("call", "resolve", "1", "--resolution", "reissued", "--workaround")
    out = cli.run("call", "show", "1").stdout
    assert "Call #1: RESOLVED" in out
    assert "from Ana about FoccoERP" in out
    assert "waiting for SEFAZ" in out
    assert "Worked around" in out


def test_show_unknown_call_is_one_sentence(cli, acme):
    one_error(cli.invoke("call", "show", "42"), "Call #42 does not exist")
    one_error(cli.invoke("call", "show", "abc"), "not a call number")


def test_list_filters_by_client_status_level_month_and_overdue(cli, acme, beta):
    open_call(cli, "ACME", "Ana", "a", "--at", "2026-10-31 23:00")
    cli.run("call", "resolve", "1", "--resolution", "ok")
    open_call(cli, "ACME", "Bob", "b", "--level", "3")
    open_call(cli, "BETA", "Cid", "c", "--level", "2")

    def ids(*args):
        return [c["id"] for c in cli.json("call", "list", *args)["calls"]]

    assert ids() == [1, 2, 3]
    assert ids("--client", "beta") == [3]
    assert ids("--status", "queued") == [3]
    assert ids("--status", "RESOLVED") == [1]
    assert ids("--level", "3") == [2]
    assert ids("--month", "2026-10") == [1]
    assert ids("--month", "2026-11") == [2, 3]
    assert ids("--month", "2026-11", "--client", "ACME", "--level", "3") == [2]
    assert ids("--overdue") == []
    one_error(cli.invoke("call", "list", "--status", "pending"), "pending")
    one_error(cli.invoke("call", "list", "--month", "2026-13"), "Month")
    one_error(cli.invoke("call", "list", "--level", "7"), "Level")
    one_error(cli.invoke("call", "list", "--client", "ACNE"), "Did you mean ACME?")


def test_list_on_screen_shows_the_most_recent_calls_and_says_how_many_are_hidden(
    cli, acme, monkeypatch
):
    monkeypatch.setattr("focco247.commands.call.SCREEN_ROWS", 2)
    for caller in ("Ana", "Bob", "Cid"):
        open_call(cli, "ACME", caller, f"problem of {caller}")
    out = cli.run("call", "list").stdout
    assert "problem of Ana" not in out
    assert "problem of Bob" in out and "problem of Cid" in out
    assert "1 earlier not shown" in out
    every = cli.run("call", "list", "--all").stdout
    assert "problem of Ana" in every and "earlier" not in every
    one = cli.run("call", "list", "--limit", "1").stdout
    assert "problem of Cid" in one and "2 earlier not shown" in one
    # Scripts get every match unless they ask for fewer.
    assert [c["id"] for c in cli.json("call", "list")["calls"]] == [1, 2, 3]
    assert [c["id"] for c in cli.json("call", "list", "--limit", "2")["calls"]] == [2, 3]


@pytest.mark.parametrize("limit", ["0", "-3", "many"])
def test_list_limit_is_a_whole_number_of_calls(cli, acme, limit):
    one_error(cli.invoke("call", "list", "--limit", limit), "Limit")


def test_list_shows_the_year_of_calls_from_an_earlier_year(cli, acme):
    open_call(cli, "ACME", "Ana", "last year", "--at", "2025-12-30 22:00")
    open_call(cli, "ACME", "Bob", "this year", "--at", "2026-11-25 21:00")
    out = cli.run("call", "list").stdout
    assert "2025-12-30" in out
    assert "11-25 21:00" in out


def test_list_human_output_and_empty_list(cli, acme):
    assert "No calls match." in cli.run("call", "list").stdout
    open_call(cli)
    cli.run("call", "chargeable", "1", "--reason", "r")
    out = cli.run("call", "list").stdout
    assert "NF-e rejected" in out and "$" in out


# --- terminal output ------------------------------------------------------------------------


def test_plain_human_output_keeps_whole_lines_and_no_colour(cli, acme):
    cli.run("specialist", "add", "Bruno Lima de Albuquerque", "--area", "fiscal e tributário")
    long = "Nota fiscal eletrônica rejeitada pela SEFAZ com erro de schema " * 3
    open_call(cli, "ACME", "Ana Maria dos Santos Figueiredo", long, "--level", "3")
    open_call(cli, "ACME", "Bob", long)
    cli.run("call", "escalate", "1", "--to", "Bruno", "--reason", long)
    cli.run("call", "update", "1", "--note", long, "--eta", "3h")
    cli.run("call", "log", "1", "1h", "--note", long)
    env = {"COLUMNS": "80", "FOCCO247_NOW": "2026-11-26T03:00:00-03:00"}
    outputs = [
        cli.run(*args, env=env).stdout
        for args in (
            ("call", "show", "1"),
            ("call", "list"),
            ("call", "queue"),
            ("call", "overdue"),
            ("specialist", "list"),
            ("call", "open", "ACME", "--caller", "Cid", "--summary", long),
        )
    ]
    for out in outputs:
        assert "\x1b[" not in out
        assert "…" not in out  # nothing is cut off a terminal
    assert any(long.strip() in text for text in outputs[0].splitlines())  # whole, one line
    assert any(long.strip() in text for text in outputs[1].splitlines())


def test_list_shows_each_call_whole_on_one_line_when_piped(cli, acme):
    long = "Nota fiscal eletrônica rejeitada pela SEFAZ com erro de schema"
    open_call(cli, "ACME", "Ana", long, "--level", "3")
    open_call(cli, "ACME", "Bob", "short")
    cli.run("call", "chargeable", "2", "--reason", "r")
    env = {"COLUMNS": "80", "FOCCO247_NOW": "2026-11-26T03:00:00-03:00"}
    out = cli.run("call", "list", env=env).stdout.splitlines()
    assert len(out) == 4, out  # header, two calls, the overdue caption
    assert out[1].split()[0] == "1" and "OVERDUE" in out[1] and long in out[1]
    assert out[2].split()[0] == "2" and "short" in out[2]


def test_user_text_with_brackets_is_shown_verbatim(cli, acme):
    open_call(cli, "ACME", "Ana", "error [bold]E42[/bold] on save")
    cli.run("call", "log", "1", "5m", "--note", "[red]checked[/red]")
    out = cli.run("call", "show", "1").stdout
    assert "[red]checked[/red]" in out
    assert "[bold]E42[/bold]" in cli.run("call", "list").stdout


# --- shell completion -----------------------------------------------------------------------


def test_completion_offers_clients_calls_and_specialists_from_the_store(cli, acme, beta):
    from focco247.commands.call import complete_call, complete_client, complete_specialist

    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("specialist", "add", "Bia Souza", "--area", "banco")
    open_call(cli)
    open_call(cli, "ACME", "A", "x", "--product", "FoccoLOJAS", exit=3)
    assert complete_client("") == ["ACME", "BETA"]
    assert complete_client("b") == ["BETA"]
    assert complete_call("") == ["1"]
    assert complete_specialist("b") == ["Bia Souza", "Bruno Lima"]
    assert complete_specialist("bru") == ["Bruno Lima"]


@pytest.mark.no_store
def test_completion_without_a_store_offers_nothing_and_creates_nothing(tmp_path):
    from focco247.commands.call import complete_call, complete_client

    assert complete_client("") == []
    assert complete_call("") == []
    assert not (tmp_path / "store.db").exists()


def test_every_call_command_has_help_with_an_example(cli):
    from focco247.commands import call, shift, specialist

    for sub in (call.app, specialist.app, shift.app):
        for command in sub.registered_commands:
            doc = command.callback.__doc__ or ""
            assert doc.strip(), command.name
            assert re.search(r"^\s*Example: focco247 ", doc, re.M), command.name
