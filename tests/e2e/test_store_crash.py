"""Crash safety: a process killed (SIGKILL) in the middle of issuing leaves the whole invoice
or none, and an export is either the old file, the new file, or absent, never a part."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tests.support import pausing_cli

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the process ended before pausing: {proc.returncode} {out} {err}")
        assert time.monotonic() < deadline, "the process never reached the pause point"
        time.sleep(0.02)


# The real CLI, with the issuing engine wrapped: once the first invoice is written (rows
# flushed, transaction still open), it announces the pause in the marker and waits.
PAUSING_CLI = pausing_cli("focco247.services.invoices", "issue_draft")


def paused(args: list[str], marker: Path) -> subprocess.Popen:
    """Start focco247 so that it stops inside the issuing transaction (hook from the test)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSING_CLI, str(marker), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(marker, proc)
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def october(cli) -> list[int]:
    """Two subscribed clients; ACME has a chargeable call resolved in October 2026."""
    for code, monthly in (("ACME", "5000"), ("BETA", "3200")):
        cli.run("client", "add", code, "--name", code.title())
        cli.run(
            "contract", "glt", code, "--monthly", monthly, "--hourly-rate", "180",
            "--since", "2020-01-01",
        )  # fmt: skip
        cli.run("contract", "subscribe", code, "--since", "2026-01-01")
    cid = cli.json(
        "call", "open", "ACME", "--caller", "Ana", "--summary", "x", "--at", "2026-10-10 23:00"
    )["id"]
    cli.run("call", "chargeable", str(cid), "--reason", "client-caused")
    cli.run("call", "log", str(cid), "1h30m", "--at", "2026-10-10 23:30")
    cli.run("call", "resolve", str(cid), "--resolution", "ok", "--at", "2026-10-11 00:30")
    return [cid]


def test_killed_mid_issue_leaves_no_invoice_and_nothing_billed(cli, tmp_path, october):
    marker = tmp_path / "paused"
    proc = paused(["invoice", "month", "2026-10", "--issue"], marker)
    # While the issuer holds its transaction open, readers see nothing of it.
    assert cli.json("invoice", "list")["invoices"] == []
    kill(proc)

    assert cli.json("invoice", "list")["invoices"] == []
    assert cli.json("db", "check")["clean"] is True
    # The killed transaction used no number: the next issue starts at 1, items intact.
    result = cli.json("invoice", "month", "2026-10", "--issue")
    assert [i["number"] for i in result["invoices"]] == ["F247-000001", "F247-000002"]
    lines = [line for inv in result["invoices"] for line in inv["lines"]]
    assert [line["call_id"] for line in lines if line["kind"] == "chargeable_hours"] == october
    assert cli.json("db", "check")["clean"] is True


def test_issue_let_through_the_pause_commits_every_invoice_whole(cli, tmp_path, october):
    marker = tmp_path / "paused"
    proc = paused(["invoice", "month", "2026-10", "--issue", "--json"], marker)
    Path(f"{marker}.go").touch()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    issued = json.loads(out)["invoices"]
    listed = cli.json("invoice", "list")["invoices"]
    assert [(i["number"], i["total"], len(i["lines"])) for i in listed] == [
        (i["number"], i["total"], len(i["lines"])) for i in issued
    ]
    assert len(listed) == 2
    assert cli.json("db", "check")["clean"] is True


def test_cron_export_killed_mid_issue_writes_no_file(cli, tmp_path, october):
    out = tmp_path / "october.csv"
    marker = tmp_path / "paused"
    args = ["invoice", "month", "2026-10", "--issue", "--format", "csv", "--output", str(out)]
    proc = paused(args, marker)
    kill(proc)
    assert not out.exists()
    assert cli.json("invoice", "list")["invoices"] == []
    # The next cron run does the whole job.
    cli.run(*args)
    assert out.read_bytes().count(b"fee_247") == 2


@pytest.mark.no_store
def test_export_killed_between_write_and_rename_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "export.csv"
    target.write_bytes(b"old content\r\n")
    marker = tmp_path / "paused"
    script = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        import focco247.atomic as atomic
        import focco247.export as export

        def stall(src, dst):
            Path({str(marker)!r}).touch()
            time.sleep(120)

        atomic.os.replace = stall  # export writes through focco247.atomic
        export.write_output(Path({str(target)!r}), "x.csv", "new " * 200_000, force=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, "the writer ended before the rename"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert target.read_bytes() == b"old content\r\n"
    # Only a hidden temporary file may remain; it never has the export's name.
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith(".")} == {
        "export.csv",
        "paused",
    }
