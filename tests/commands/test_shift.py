"""`focco247 shift ...`: who holds the phone, and the handover to the next attendant."""

from __future__ import annotations

import sqlite3

LATE = {"FOCCO247_NOW": "2026-11-26T06:00:00-03:00"}


def one_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_shift_start_and_who_json_shape(cli, acme):
    doc = cli.json("shift", "start", "Carla")
    assert doc == {
        "shift_id": 1,
        "attendant": "Carla",
        "since": "2026-11-25T22:00:00-03:00",
        "active_call": None,
        "queued": 0,
        "overdue": 0,
    }
    cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "x", "--level", "3")
    cli.run("call", "open", "ACME", "--caller", "Bob", "--summary", "y")
    doc = cli.json("shift", "who", env=LATE)
    assert doc["attendant"] == "Carla"
    assert doc["active_call"]["id"] == 1
    assert (doc["queued"], doc["overdue"]) == (1, 1)
    out = cli.run("shift", "who").stdout
    assert "On shift: Carla since 2026-11-25 22:00." in out
    assert "Callbacks waiting: 1." in out


def test_shift_who_when_nobody_is_on_shift(cli):
    assert "Nobody is on shift" in cli.run("shift", "who").stdout
    assert cli.json("shift", "who")["attendant"] is None


def test_shift_start_while_someone_holds_the_phone_is_refused(cli):
    cli.run("shift", "start", "Carla")
    one_error(cli.invoke("shift", "start", "Diego"), "Carla is on shift", "handover")
    one_error(cli.invoke("shift", "start", "carla"), "already on shift")
    one_error(cli.invoke("shift", "start", " "), "name")


def test_handover_lists_and_records_what_the_next_attendant_inherits(cli, acme, tmp_path):
    cli.run("shift", "start", "Carla")
    # 1: level 3, updated, parked; 2: resolved awaiting rating; 3: active; 4: queued;
    # 5: level 3 never updated (overdue by morning); 6: parked level 2.
    cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "restore", "--level", "3")
    cli.run("call", "update", "1", "--note", "restoring", "--eta", "2026-11-26 05:00")
    cli.run("call", "park", "1", "--reason", "restore running")
    cli.run("call", "open", "ACME", "--caller", "Bob", "--summary", "b")
    cli.run("call", "resolve", "2", "--resolution", "ok")
    cli.run("call", "open", "ACME", "--caller", "Cid", "--summary", "c", "--level", "2")
    cli.run("call", "park", "3", "--reason", "specialist on the way")
    cli.run("call", "open", "ACME", "--caller", "Dora", "--summary", "d")
    cli.run("call", "open", "ACME", "--caller", "Edu", "--summary", "e", "--level", "3")
    doc = cli.json("shift", "handover", "--to", "Diego", env={"FOCCO247_NOW": LATE["FOCCO247_NOW"]})
    assert (doc["from"], doc["to"]) == ("Carla", "Diego")
    assert doc["active_call"]["id"] == 4
    assert [c["id"] for c in doc["queue"]] == [5]
    assert [c["id"] for c in doc["level3"]] == [1, 5]
    assert doc["level3"][0]["eta"] == "2026-11-26T05:00:00-03:00"
    assert doc["overdue"] == [1, 5]
    assert [c["id"] for c in doc["parked"]] == [3]
    assert [c["id"] for c in doc["unrated"]] == [2]
    assert cli.json("shift", "who")["attendant"] == "Diego"
    with sqlite3.connect(tmp_path / "store.db") as db:
        shifts = db.execute(
            "SELECT attendant, ended_at IS NOT NULL, handed_to FROM shift"
        ).fetchall()
        event = db.execute("SELECT actor, detail FROM event WHERE action = 'handover'").fetchone()
    assert shifts == [("Carla", 1, "Diego"), ("Diego", 0, None)]
    assert '"overdue": [1, 5]' in event[1]


def test_handover_plain_output_is_whole_lines(cli, acme):
    cli.run("shift", "start", "Carla")
    cli.run("call", "open", "ACME", "--caller", "Ana Maria dos Santos", "--summary", "x" * 120,
            "--level", "3")  # fmt: skip
    cli.run("call", "update", "1", "--note", "n", "--eta", "1h")
    cli.run("call", "open", "ACME", "--caller", "Bob", "--summary", "y")
    out = cli.run("shift", "handover", "--to", "Diego", env={"COLUMNS": "80", **LATE}).stdout
    assert "Handover from Carla to Diego" in out
    assert "OVERDUE" in out
    assert "Callback queue" in out
    assert "\x1b[" not in out
    assert "…" not in out


def test_handover_lists_unrated_calls_most_recent_first_and_cuts_them_on_screen(
    cli, acme, monkeypatch
):
    monkeypatch.setattr("focco247.output.calls.HANDOVER_ROWS", 2)
    cli.run("shift", "start", "Carla")
    resolved = [("1", "2025-12-30 23:00"), ("2", "2026-11-25 21:00"), ("3", "2026-11-25 21:30")]
    for number, at in resolved:
        cli.run("call", "open", "ACME", "--caller", f"Caller {number}", "--summary", "s",
                "--at", at)  # fmt: skip
        cli.run("call", "resolve", number, "--resolution", "ok", "--at", at)
    doc = cli.json("shift", "handover", "--to", "Diego")
    assert [c["id"] for c in doc["unrated"]] == [3, 2, 1]
    out = cli.run("shift", "handover", "--to", "Eva").stdout
    assert out.index("Caller 3") < out.index("Caller 2")
    assert "Caller 1" not in out
    assert "1 older: call list --status resolved" in out


def test_handover_to_the_attendant_on_shift_is_refused(cli):
    cli.run("shift", "start", "Carla")
    one_error(cli.invoke("shift", "handover", "--to", "carla"), "already on shift")


def test_handover_with_nobody_on_shift_is_from_the_actor(cli):
    doc = cli.json("shift", "handover", "--to", "Diego")
    assert doc["from"] == "tester"
    assert doc["queue"] == [] and doc["active_call"] is None
    assert "none" in cli.run("shift", "handover", "--to", "Eva").stdout
