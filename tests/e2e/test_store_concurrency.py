"""Ten to twenty real processes writing at once: nothing lost, nothing duplicated, no
lock errors.

Each process is the installed executable, so every one opens its own connection and
transaction, as attendants' laptops and a cron job would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CLIENTS = [f"C{i:02d}" for i in range(6)]


def executable() -> str:
    beside = Path(sys.executable).with_name("focco247")
    found = str(beside) if beside.exists() else shutil.which("focco247")
    assert found, "focco247 is not installed in this environment"
    return found


def start(*args: str, user: str = "tester") -> subprocess.Popen:
    return subprocess.Popen(
        [executable(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "FOCCO247_USER": user},
    )


def finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        results.append((proc.returncode, out, err))
    return results


def assert_no_lock_errors(results: list[tuple[int, str, str]]) -> None:
    for code, _, err in results:
        assert "locked" not in err.lower(), err
        assert "busy" not in err.lower(), err
        assert "Traceback" not in err, err
        assert code == 0, err


def book_with_october_calls(cli) -> list[int]:
    """Six subscribed clients, each with one chargeable call resolved in October 2026."""
    calls = []
    for n, code in enumerate(CLIENTS):
        cli.run("client", "add", code, "--name", f"Client {n}")
        cli.run(
            "contract", "glt", code, "--monthly", f"{2000 + n}", "--hourly-rate", "120",
            "--since", "2020-01-01",
        )  # fmt: skip
        cli.run("contract", "subscribe", code, "--since", "2026-01-01")
        at = f"2026-10-{10 + n} 23:00"
        cid = cli.json("call", "open", code, "--caller", "Ana", "--summary", "x", "--at", at)["id"]
        cli.run("call", "chargeable", str(cid), "--reason", "client-caused")
        cli.run("call", "log", str(cid), "45m", "--at", f"2026-10-{10 + n} 23:10")
        cli.run(
            "call", "resolve", str(cid), "--resolution", "fixed", "--at", f"2026-10-{10 + n} 23:59"
        )
        calls.append(cid)
    return calls


def test_mixed_writers_at_once_lose_nothing_and_duplicate_nothing(cli):
    october = book_with_october_calls(cli)
    opens = [
        start(
            "call",
            "open",
            CLIENTS[i % len(CLIENTS)],
            "--caller",
            f"Caller {i}",
            "--summary",
            f"contact {i}",
            "--at",
            "2026-11-20 23:00",
            "--json",
            user=f"att{i}",
        )
        for i in range(10)
    ]
    logs = [
        start("call", "log", str(october[i]), "15m", "--at", "2026-10-31 23:00", "--json")
        for i in range(6)
    ]
    issuers = [start("invoice", "month", "2026-10", "--issue", "--json") for _ in range(3)]
    adds = [start("client", "add", "NEW0", "--name", "New 0")]
    results = finish(opens + logs + issuers + adds)
    assert_no_lock_errors(results)

    # Every call opened exactly once, with its own id.
    opened = [json.loads(out) for _, out, _ in results[:10]]
    ids = [doc["id"] for doc in opened]
    assert len(set(ids)) == 10
    listed = cli.json("call", "list", "--month", "2026-11")["calls"]
    assert sorted(c["id"] for c in listed) == sorted(ids)
    assert sorted(c["caller"] for c in listed) == sorted(f"Caller {i}" for i in range(10))

    # Every time entry kept: 45 min at setup plus the 15 min logged during the race.
    for cid in october:
        shown = cli.json("call", "show", str(cid))
        assert shown["total_minutes"] == 45 + 15
        assert len(shown["time_entries"]) == 2

    # One invoice per client for October, gapless numbers, all issuers saw the same ones.
    issued = [json.loads(out) for _, out, _ in results[16:19]]
    assert all(doc["invoices"] == issued[0]["invoices"] for doc in issued)
    invoices = cli.json("invoice", "list", "--month", "2026-10")["invoices"]
    assert [i["number"] for i in invoices] == [f"F247-{n:06d}" for n in range(1, 7)]
    assert sorted(i["client"] for i in invoices) == CLIENTS
    charged = [
        line["call_id"]
        for inv in invoices
        for line in inv["lines"]
        if line["kind"] == "chargeable_hours"
    ]
    assert sorted(charged) == sorted(october)

    assert "NEW0" in {c["code"] for c in cli.json("client", "list")["clients"]}
    check = cli.json("db", "check")
    assert check["clean"] is True, check["problems"]


def test_twelve_attendants_opening_at_once_leave_one_active_call_and_a_queue(cli):
    cli.run("client", "add", "ACME", "--name", "Acme")
    cli.run(
        "contract", "glt", "ACME", "--monthly", "5000", "--hourly-rate", "180",
        "--since", "2020-01-01",
    )  # fmt: skip
    cli.run("contract", "subscribe", "ACME", "--since", "2026-01-01")
    procs = [
        start("call", "open", "ACME", "--caller", f"Caller {i}", "--summary", "down", "--json")
        for i in range(12)
    ]
    results = finish(procs)
    assert_no_lock_errors(results)
    statuses = sorted(json.loads(out)["status"] for _, out, _ in results)
    # One phone, one attendant (R8): whoever committed first holds it, the rest wait.
    assert statuses == ["open"] + ["queued"] * 11
    assert len(cli.json("call", "list", "--status", "open")["calls"]) == 1
    assert len(cli.json("call", "list", "--status", "queued")["calls"]) == 11
    assert cli.json("call", "queue")["active"] is not None
    assert cli.json("db", "check")["clean"] is True


def test_issuers_and_voiders_racing_keep_numbers_gapless_and_items_billed_once(cli):
    october = book_with_october_calls(cli)
    cli.run("invoice", "month", "2026-10", "--issue")
    voids = [start("invoice", "void", f"F247-{n:06d}", "--reason", "re-issue") for n in range(1, 4)]
    reissuers = [start("invoice", "month", "2026-10", "--issue", "--json") for _ in range(6)]
    results = finish(voids + reissuers)
    assert_no_lock_errors(results)
    invoices = cli.json("invoice", "list", "--month", "2026-10")["invoices"]
    numbers = sorted(i["number"] for i in invoices)
    assert numbers == [f"F247-{n:06d}" for n in range(1, len(numbers) + 1)]
    # A void that lost the race to every re-issuer leaves its client for the next run.
    cli.run("invoice", "month", "2026-10", "--issue")
    invoices = cli.json("invoice", "list", "--month", "2026-10")["invoices"]
    assert [i["number"] for i in invoices] == [f"F247-{n:06d}" for n in range(1, 10)]
    live = [i for i in invoices if i["status"] == "issued"]
    assert sorted(i["client"] for i in live) == CLIENTS
    charged = [
        line["call_id"]
        for inv in live
        for line in inv["lines"]
        if line["kind"] == "chargeable_hours"
    ]
    assert sorted(charged) == sorted(october)
    check = cli.json("db", "check")
    assert check["clean"] is True, check["problems"]


@pytest.mark.sqlite_only
def test_backups_taken_while_writers_run_are_consistent_clean_stores(cli, tmp_path):
    october = book_with_october_calls(cli)
    writers = [
        start("call", "log", str(october[i % 6]), "10m", "--at", "2026-10-31 23:00")
        for i in range(8)
    ]
    issuer = [start("invoice", "month", "2026-10", "--issue")]
    copies = [tmp_path / f"copy{i}.db" for i in range(3)]
    backups = [start("db", "backup", str(path)) for path in copies]
    assert_no_lock_errors(finish(writers + issuer + backups))
    for path in copies:
        env = {"FOCCO247_DB": str(path)}
        assert cli.json("db", "check", env=env)["clean"] is True
        # Each copy is one moment: some of the entries, all or none of the invoices.
        entries = cli.json("db", "stats", env=env)["rows"]["time_entry"]
        assert 6 <= entries <= 6 + 8
        invoices = cli.json("invoice", "list", env=env)["invoices"]
        assert len(invoices) in (0, 6)


def test_ten_processes_on_a_brand_new_store_create_it_once_and_keep_every_write(cli):
    procs = [start("client", "add", f"N{i}", "--name", f"New {i}") for i in range(10)]
    assert_no_lock_errors(finish(procs))
    codes = sorted(c["code"] for c in cli.json("client", "list")["clients"])
    assert codes == sorted(f"N{i}" for i in range(10))
    assert cli.json("db", "upgrade")["upgraded"] is False  # created at the newest revision
    assert cli.json("db", "check")["clean"] is True
