"""A whole on-call night through the installed executable, as the attendant lives it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.support import executable

pytestmark = pytest.mark.e2e


class Night:
    """Runs focco247 with the store, config and clock under tmp_path; checks every output
    carries no colour codes (stdout is a pipe); plain lines are whole, never folded."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = {
            **os.environ,
            "FOCCO247_DB": str(tmp_path / "night.db"),
            "FOCCO247_CONFIG": str(tmp_path / "config.toml"),
            "FOCCO247_USER": "carla",
            "COLUMNS": "80",
        }
        self.env.pop("NO_COLOR", None)  # plain because stdout is not a terminal
        self.clock("22:00")

    def clock(self, hhmm: str, day: str = "2026-11-25") -> None:
        self.env["FOCCO247_NOW"] = f"{day}T{hhmm}:00-03:00"

    def run(self, *args: str, code: int = 0) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [executable(), *args], capture_output=True, text=True, env=self.env, timeout=60
        )
        assert done.returncode == code, (args, done.returncode, done.stdout, done.stderr)
        if "--json" not in args:
            assert "\x1b[" not in done.stdout, args
        return done

    def json(self, *args: str, code: int = 0) -> dict:
        return json.loads(self.run(*args, "--json", code=code).stdout)


def test_a_whole_night_on_call(tmp_path: Path) -> None:
    # One process per step the attendant takes; steps that would only repeat what the
    # command tests prove in-process are left out (CI runs this twice).
    n = Night(tmp_path)
    # The back office set things up in the afternoon: the demo book (ACME and GAMA with the
    # add-on, BETA without) and the specialists on call.
    assert "ACME" in n.run("demo").stdout  # the quickstart: it creates a demo store
    n.run("specialist", "add", "Bruno Lima", "--area", "fiscal", "--phone", "(54) 99111-0000")
    n.run("specialist", "add", "Bia Souza", "--area", "database")

    n.clock("21:55")
    n.run("shift", "start", "Carla")

    # 22:00 Ana (ACME): NF-e rejected. The attendant is free: it opens as the active call.
    n.clock("22:00")
    ana = n.json("call", "open", "ACME", "--caller", "Ana", "--summary", "NF-e rejected")
    assert (ana["id"], ana["status"], ana["verdict"]) == (1, "open", "covered")

    # 22:05 Gil (GAMA): nightly MRP stuck, complex. Busy with Ana: queued.
    n.clock("22:05")
    gil = n.json("call", "open", "gama", "--caller", "Gil", "--summary", "MRP run stuck",
                 "--level", "3")  # fmt: skip
    assert gil["status"] == "queued"

    # 22:06 Beto (BETA, no add-on): the exceptional service, queued too, with a warning.
    n.clock("22:06")
    beto = n.run("call", "open", "BETA", "--caller", "Beto", "--summary", "cannot print")
    assert "exceptional" in beto.stdout and "QUEUED" in beto.stdout
    assert "next off-hours contact will be refused" in beto.stderr

    # 22:07 Ana again, about FoccoLOJAS: refused, recorded, exit 3; ACME has the add-on and
    # the add-on does not cover FoccoLOJAS, so no sales pitch: FoccoLOJAS has its own hours.
    n.clock("22:07")
    refused = n.run("call", "open", "ACME", "--caller", "Ana", "--summary", "PDV offline",
                    "--product", "FoccoLOJAS", code=3)  # fmt: skip
    # The reason is kept with the call in the documents' language (pt_BR by default, SPEC §5);
    # a subscriber is told the product's own hours, never offered the add-on.
    assert "não está coberto" in refused.stdout and "próprio horário" in refused.stdout
    assert "(54) 3025 9000" not in refused.stdout

    # A business-hours contact typed after the fact: redirected, exit 3, never queued.
    n.run("call", "open", "ACME", "--caller", "Rui", "--summary", "question",
          "--at", "2026-11-25 15:00", code=3)  # fmt: skip

    queue = n.json("call", "queue")
    assert queue["active"]["id"] == 1
    assert [(c["id"], c["waiting_minutes"]) for c in queue["calls"]] == [(2, 2), (3, 1)]

    # Ana's call: a fiscal specialist, the client changed the CFOP table: chargeable.
    n.clock("22:10")
    n.run("call", "escalate", "1", "--to", "bruno", "--reason", "CFOP rules")
    n.run("call", "chargeable", "1", "--reason", "client edited the CFOP table")
    n.run("call", "log", "1", "25m", "--note", "fixed the CFOP table")
    n.clock("22:35")
    n.run("call", "resolve", "1", "--resolution", "CFOP table restored, NF-e reissued")

    # Free again: call back the oldest (Gil), post an update, bring in the DBA and park it.
    n.clock("22:36")
    assert n.json("call", "take")["id"] == 2
    n.run("call", "update", "2", "--note", "reindexing the MRP tables", "--eta", "1h30m")
    n.run("--as", "carla.m", "call", "escalate", "2", "--to", "Bia Souza",
          "--reason", "index corruption")  # fmt: skip
    n.run("call", "park", "2", "--reason", "reindex running")

    # Then Beto: a timer while on the phone; resolved, he will rate it tomorrow.
    n.clock("22:40")
    assert n.json("call", "take")["id"] == 3
    n.run("call", "start", "3")
    n.clock("22:55")
    stopped = n.json("call", "stop", "3")
    assert (stopped["entry"]["minutes"], stopped["total_minutes"]) == (15, 15)
    assert stopped["verdict"] == "exceptional"
    n.run("call", "resolve", "3", "--resolution", "printer queue purged")

    # Ana rates her call when called back.
    n.clock("23:00")
    n.run("call", "close", "1", "--rating", "4", "--strengths", "quick",
          "--weaknesses", "hard to reach at first")  # fmt: skip
    n.run("call", "close", "1", "--rating", "5", code=1)  # rating twice is refused

    # 23:05 Beto calls again: the exceptional service is used up, so it is refused.
    n.clock("23:05")
    again = n.run("call", "open", "BETA", "--caller", "Beto", "--summary", "printer again",
                  code=3)  # fmt: skip
    assert "já foi usado" in again.stdout and "(54) 3025 9000" in again.stdout

    # 01:30: Gil's call is owed an update (last one at 22:36, every 2 h).
    n.clock("01:30", day="2026-11-26")
    late = n.json("call", "overdue")["calls"]
    assert [(c["id"], c["overdue_minutes"]) for c in late] == [(2, 54)]
    listed = n.run("call", "list")
    assert "OVERDUE" in listed.stdout
    n.clock("01:31", day="2026-11-26")
    night_call = n.json("call", "open", "GAMA", "--caller", "Gil", "--summary", "any news?")
    assert (night_call["id"], night_call["status"]) == (7, "open")

    # The stories.
    story1 = n.run("call", "show", "1").stdout
    for fragment in ("Call #1: CLOSED", "Bruno Lima (fiscal)", "client-caused",
                     "Rating:   4/5", "CFOP table restored", "Logged 25m"):  # fmt: skip
        assert fragment in story1, fragment
    doc1 = n.json("call", "show", "1")
    assert (doc1["chargeable"], doc1["total_minutes"], doc1["rating"]) == (True, 25, 4)
    assert [e["action"] for e in doc1["events"]] == [
        "opened", "escalated", "chargeable", "logged", "resolved", "closed",
    ]  # fmt: skip

    story2 = n.run("call", "show", "2").stdout
    for fragment in ("Call #2: PARKED", "OVERDUE", "reindexing the MRP tables", "Bia Souza",
                     "queued for a callback", "Parked"):  # fmt: skip
        assert fragment in story2, fragment
    doc2 = n.json("call", "show", "2")
    assert doc2["level"] == 3 and doc2["overdue"] is True
    assert [s["name"] for s in doc2["specialists"]] == ["Bia Souza"]
    assert doc2["eta"] == "2026-11-26T00:06:00-03:00"
    assert {e["actor"] for e in doc2["events"]} == {"carla", "carla.m"}

    # Morning: Carla hands over to Diego; he inherits what is open.
    n.clock("06:00", day="2026-11-26")
    handover = n.run("shift", "handover", "--to", "Diego").stdout
    assert "Handover from Carla to Diego" in handover
    assert "Active call: #7 GAMA Gil" in handover
    assert "OVERDUE" in handover
    assert "Resolved, awaiting rating" in handover and "Beto" in handover
    who = n.json("shift", "who")
    assert who["attendant"] == "Diego" and who["active_call"]["id"] == 7
    calls = n.json("call", "list")["calls"]
    assert [(c["id"], c["client"], c["status"]) for c in calls] == [
        (5, "ACME", "redirected"),  # typed after the fact: 15:00
        (1, "ACME", "closed"),
        (2, "GAMA", "parked"),
        (3, "BETA", "resolved"),
        (4, "ACME", "refused"),
        (6, "BETA", "refused"),
        (7, "GAMA", "open"),
    ]


def test_shell_completion_offers_call_ids_and_client_codes_from_the_store(tmp_path: Path) -> None:
    n = Night(tmp_path)
    n.run("demo")
    n.run("call", "open", "ACME", "--caller", "Ana", "--summary", "x")

    def complete(words: str) -> list[str]:
        env = {**n.env, "_FOCCO247_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(len(words.split(" ")) - 1)}  # fmt: skip
        done = subprocess.run([executable()], capture_output=True, text=True, env=env)
        return done.stdout.split()

    assert complete("focco247 call open ") == ["ACME", "BETA", "DELTA", "GAMA"]
    assert complete("focco247 call open B") == ["BETA"]
    assert complete("focco247 call show ") == ["1"]
