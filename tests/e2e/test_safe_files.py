"""Fail safe for the operator and for cron (issue 11): output files, --quiet, terminals,
faults and bounds, through the installed executable."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import pty
import select
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tests.support import executable

pytestmark = pytest.mark.e2e

TRACEBACK = "Traceback"


def run(
    *args: str | bytes, code: int = 0, timeout: float = 60, **kw
) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [executable(), *args], capture_output=True, text=True, timeout=timeout, **kw
    )
    assert done.returncode == code, (args, done.returncode, done.stdout, done.stderr)
    assert TRACEBACK not in done.stderr
    return done


def one_sentence(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    return lines[0]


def faulty(fault: str, *args: str) -> subprocess.CompletedProcess:
    """focco247 with a fault injected into the one file writer (CI runs as root, so full
    disks and read-only media are simulated)."""
    script = textwrap.dedent(
        f"""
        import errno, os, sys
        import focco247.atomic as atomic
        from contextlib import contextmanager

        def fail(*a, **k):
            raise OSError(errno.{fault}, os.strerror(errno.{fault}))

        atomic.write_bytes = fail
        atomic.replacing = contextmanager(lambda *a, **k: (yield fail()))
        from focco247.cli import main
        sys.argv = ["focco247", *sys.argv[1:]]
        main()
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def book(isolated_env) -> None:
    """ACME: GLT R$ 5.000,00 and the add-on, so October bills R$ 1.500,00."""
    subprocess.run([executable(), "db", "init"], capture_output=True, timeout=60)
    run("client", "add", "ACME", "--name", "Acme Metalúrgica", "--state", "RS")
    run("contract", "glt", "ACME", "--monthly", "5000", "--hourly-rate", "180",
        "--since", "2025-01-01")  # fmt: skip
    run("contract", "subscribe", "ACME", "--since", "2025-06-01")


def invoice_numbers() -> dict[str, str]:
    doc = json.loads(run("invoice", "list", "--json").stdout)
    return {inv["number"]: inv["status"] for inv in doc["invoices"]}


# --- 5. a trailing slash means a folder --------------------------------------------------------


def test_5_output_with_a_trailing_slash_names_a_folder_and_a_missing_one_is_refused(book, tmp_path):
    missing = tmp_path / "nodir"
    done = run("invoice", "month", "2026-10", "--issue", "--format", "csv",
               "--output", f"{missing}/", code=1)  # fmt: skip
    assert "does not exist" in one_sentence(done)
    assert not missing.exists()
    assert invoice_numbers() == {}
    done = run("report", "month", "2026-10", "--output", f"{missing}/", code=1)
    assert not missing.exists()
    plain = tmp_path / "afile"
    plain.write_text("x")
    done = run("invoice", "month", "2026-10", "--format", "csv", "--output", f"{plain}/", code=1)
    assert "not a folder" in one_sentence(done)
    assert plain.read_text() == "x"


# --- 6. only regular files ---------------------------------------------------------------------


def test_6_output_onto_a_fifo_is_refused_at_once_and_never_opened(book, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (
        ("invoice", "month", "2026-10", "--issue", "--format", "csv"),
        ("report", "month", "2026-10", "--format", "json"),
    ):
        done = run(*args, "--output", str(fifo), code=1, timeout=30)
        assert "FIFO" in one_sentence(done)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert invoice_numbers() == {}


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_6_output_onto_a_device_is_refused_and_the_device_stays_a_device(book, device):
    before = os.stat(device)
    done = run("invoice", "month", "2026-10", "--issue", "--format", "csv",
               "--output", device, code=1, timeout=30)  # fmt: skip
    assert "device" in one_sentence(done)
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert invoice_numbers() == {}


@pytest.mark.sqlite_only
def test_6_backup_onto_a_device_is_refused_even_with_force(book):
    before = os.stat("/dev/null")
    for extra in ((), ("--force",)):
        assert "device" in one_sentence(
            run("db", "backup", "/dev/null", *extra, code=1, timeout=30)
        )
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.sqlite_only
def test_5_backup_with_a_trailing_slash_names_a_folder_and_a_missing_one_is_refused(book, tmp_path):
    area = tmp_path / "area"  # apart from the store's own files
    area.mkdir()
    missing = area / "nodir"
    done = run("db", "backup", f"{missing}/", code=1, timeout=30)
    assert "does not exist" in one_sentence(done)
    assert not missing.exists()
    assert list(area.iterdir()) == []
    plain = area / "afile"
    plain.write_text("x")
    assert "not a folder" in one_sentence(run("db", "backup", f"{plain}/", code=1))
    assert plain.read_text() == "x"


@pytest.mark.sqlite_only
def test_5_backup_into_an_existing_folder_writes_a_dated_file_inside_it(book, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    doc = json.loads(run("db", "backup", f"{folder}/", "--json").stdout)
    written = Path(doc["backup"])
    assert written.parent == folder
    assert written.name.startswith("focco247-") and written.suffix == ".db"
    assert [p.name for p in folder.iterdir()] == [written.name]


@pytest.mark.sqlite_only
def test_6_backup_onto_a_fifo_is_refused_at_once_and_never_opened(book, tmp_path):
    area = tmp_path / "area"  # apart from the store's own files
    area.mkdir()
    fifo = area / "pipe"
    os.mkfifo(fifo)
    for extra in ((), ("--force",)):
        done = run("db", "backup", str(fifo), *extra, code=1, timeout=30)
        assert "FIFO" in one_sentence(done)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert list(area.iterdir()) == [fifo]


def test_6_dash_writes_to_stdout(book, tmp_path):
    done = run("invoice", "month", "2026-10", "--format", "json", "--output", "-", cwd=tmp_path)
    assert json.loads(done.stdout)["total"] == "1500.00"
    assert done.stderr == ""
    assert list(tmp_path.glob("-*")) == []


# --- 7. check before you issue -----------------------------------------------------------------


def test_7_a_bad_target_is_refused_before_anything_is_issued(book, tmp_path):
    run("invoice", "month", "2026-10", "--issue", "--format", "csv",
        "--output", str(tmp_path / "no" / "such" / "x.csv"), code=1)  # fmt: skip
    other = tmp_path / "x.csv"
    other.write_text("finance already has this")
    done = run("invoice", "month", "2026-10", "--issue", "--format", "csv",
               "--output", str(other), code=1)  # fmt: skip
    assert "--force" in one_sentence(done)
    assert other.read_text() == "finance already has this"
    assert invoice_numbers() == {}


def test_7_a_write_that_fails_after_issuing_says_the_invoices_were_issued(book, tmp_path):
    done = faulty("ENOSPC", "invoice", "month", "2026-10", "--issue", "--format", "csv",
                  "--output", f"{tmp_path}/")  # fmt: skip
    assert done.returncode == 1, done.stderr
    sentence = one_sentence(done)
    assert "were issued (F247-000001)" in sentence and "again" in sentence
    assert TRACEBACK not in done.stderr
    assert invoice_numbers() == {"F247-000001": "issued"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("invoices")] == []
    run("invoice", "month", "2026-10", "--issue", "--format", "csv", "--output", f"{tmp_path}/")
    assert (tmp_path / "invoices-2026-10.csv").is_file()
    assert invoice_numbers() == {"F247-000001": "issued"}


# --- 8. exports after a void -------------------------------------------------------------------


def test_8_nightly_export_after_a_void_writes_a_new_version_beside_the_old(
    book, tmp_path, monkeypatch
):
    monkeypatch.setenv("FOCCO247_NOW", "2026-11-02T03:00:00-03:00")  # cron, the month after
    nightly = ("invoice", "month", "--previous", "--issue", "--format", "csv",
               "--output", f"{tmp_path}/")  # fmt: skip
    first = run(*nightly)
    base = tmp_path / "invoices-2026-10.csv"
    assert first.stderr == f"Wrote: {base}\n"
    imported = base.read_bytes()
    run("invoice", "void", "F247-000001", "--reason", "wrong rate")
    second = run(*nightly)
    version = tmp_path / "invoices-2026-10.1.csv"
    assert second.stderr == f"Wrote: {version}\n"
    assert base.read_bytes() == imported  # never overwritten
    rows = list(csv.DictReader(io.StringIO(version.read_text("utf-8"))))
    by_number = {row["invoice"]: row for row in rows}
    assert by_number["F247-000001"]["status"] == "void"
    assert by_number["F247-000002"]["status"] == "issued"
    assert by_number["F247-000002"]["issue_date"] == "2026-11-02"
    assert by_number["F247-000002"]["invoice_total"] == "1500.00"
    third = run(*nightly)
    assert third.stderr == f"Unchanged (same content): {version}\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("invoices")) == [
        "invoices-2026-10.1.csv",
        "invoices-2026-10.csv",
    ]
    doc = json.loads(run("invoice", "month", "2026-10", "--json").stdout)
    assert [(i["number"], i["status"]) for i in doc["invoices"]] == [
        ("F247-000002", "issued"),
        ("F247-000001", "void"),
    ]
    assert doc["total"] == "1500.00"  # the void invoice is a row, not money
    assert doc["issued"] is True


# --- 9. --quiet --------------------------------------------------------------------------------


def test_9_quiet_prints_nothing_on_success_and_one_sentence_on_failure(book, tmp_path):
    for args in (
        ("client", "add", "BETA", "--name", "Beta", "--quiet"),
        ("client", "list", "--quiet"),
        ("check", "ACME", "--quiet"),
        (
            "invoice",
            "month",
            "2026-10",
            "--issue",
            "--format",
            "csv",
            "--output",
            f"{tmp_path}/",
            "--quiet",
        ),
        ("report", "month", "2026-10", "--output", f"{tmp_path}/", "--quiet"),
        ("--quiet", "invoice", "list"),
    ):
        done = run(*args)
        assert (done.stdout, done.stderr) == ("", ""), args
    assert (tmp_path / "invoices-2026-10.csv").is_file()
    failed = run("client", "show", "NOPE", "--quiet", code=1)
    assert failed.stdout == ""
    one_sentence(failed)
    usage = run("invoice", "month", "--quiet", "--format", "nope", code=2)
    assert "nope" in usage.stderr


# --- 10. CSV for finance -----------------------------------------------------------------------


def test_10_brazilian_csv_has_a_bom_semicolons_decimal_commas_and_invoice_columns(book):
    run("invoice", "month", "2026-10", "--issue")
    raw = run("invoice", "month", "2026-10", "--format", "csv", "--csv-dialect", "br").stdout
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff")), delimiter=";"))
    (row,) = rows
    assert row["status"] == "issued"
    assert row["issue_date"] == "2026-11-25"
    assert row["invoice_total"] == "1500,00"
    assert row["amount"] == "1500,00"
    rfc = run("invoice", "month", "2026-10", "--format", "csv").stdout
    assert not rfc.startswith("\ufeff")
    (row,) = list(csv.DictReader(io.StringIO(rfc)))
    assert (row["status"], row["issue_date"], row["invoice_total"]) == (
        "issued",
        "2026-11-25",
        "1500.00",
    )


# --- 11. control characters on a terminal ------------------------------------------------------

TITLE = "\x1b]0;pwned\x1b\\"
CLEAR = "\x1b[2J"


def on_a_terminal(*args: str, color: bool) -> str:
    """Run focco247 with stdout and stderr on a pseudo-terminal; what the terminal got."""
    env = {**os.environ, "COLUMNS": "250", "LINES": "50", "TERM": "xterm-256color"}
    if color:
        env.pop("NO_COLOR", None)
    else:
        env["NO_COLOR"] = "1"
    master, slave = pty.openpty()
    proc = subprocess.Popen([executable(), *args], stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("color", [True, False], ids=["rich", "plain"])
def test_11_control_characters_typed_by_users_never_reach_the_terminal(book, color):
    run("client", "add", "EVIL", "--name", f"Evil{CLEAR}Corp", "--state", "RS")
    opened = run("call", "open", "ACME", "--caller", f"Ana{TITLE}", "--summary", f"Down{CLEAR}",
                 "--json")  # fmt: skip
    call = json.loads(opened.stdout)
    for args in (("call", "show", str(call["id"])), ("call", "list"), ("client", "list")):
        seen = on_a_terminal(*args, color=color)
        assert TITLE not in seen and CLEAR not in seen and "\x1b]" not in seen, args
        assert "\\x1b" in seen, args
    # JSON keeps the stored text.
    shown = json.loads(run("call", "show", str(call["id"]), "--json").stdout)
    assert (shown["caller"], shown["summary"]) == (f"Ana{TITLE}", f"Down{CLEAR}")


# --- 13. no traceback reaches users ------------------------------------------------------------


def test_13_an_argument_that_is_not_utf8_is_one_sentence_and_changes_nothing(book):
    done = subprocess.run(
        [executable(), "client", "add", b"B\xffD", "--name", b"Caf\xe9"],
        capture_output=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert done.stderr.count(b"\n") == 1 and done.stderr.startswith(b"Error: ")
    assert [c["code"] for c in json.loads(run("client", "list", "--json").stdout)["clients"]] == [
        "ACME"
    ]


@pytest.mark.parametrize("fault", ["ENOSPC", "EROFS"])
def test_13_a_full_disk_or_read_only_media_on_export_is_one_sentence(book, tmp_path, fault):
    done = faulty(fault, "invoice", "month", "2026-10", "--format", "csv",
                  "--output", str(tmp_path / "x.csv"))  # fmt: skip
    assert done.returncode == 1
    assert os.strerror(getattr(errno, fault)) in one_sentence(done)
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("fault", ["ENOSPC", "EROFS"])
def test_13_a_full_disk_or_read_only_media_on_backup_is_one_sentence(book, tmp_path, fault):
    done = faulty(fault, "db", "backup", str(tmp_path / "b.db"))
    assert done.returncode == 1
    one_sentence(done)
    assert not (tmp_path / "b.db").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("call", "show", "9" * 20),
        ("invoice", "show", "9" * 20),
        ("call", "list", "--limit", "9" * 20),
    ],
)
def test_13_a_number_too_large_for_the_store_is_one_sentence(book, args):
    assert "too large" in one_sentence(run(*args, code=1))


def test_13_a_huge_number_in_the_policy_is_one_sentence(book, isolated_env):
    done = run("policy", "set", "minimum_chargeable_minutes", "99999999999999999999", code=1)
    assert "minimum_chargeable_minutes" in one_sentence(done)
    tmp = Path(os.environ["FOCCO247_CONFIG"]).parent / "huge.toml"
    tmp.write_text("minimum_chargeable_minutes = 99999999999999999999\n")
    done = run("policy", "import", str(tmp), code=1)
    assert "minimum_chargeable_minutes" in one_sentence(done)
    run("invoice", "month", "2026-10", "--issue")
    assert len(invoice_numbers()) > 0  # the policy in force was never changed


# --- 15. bounds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("minimum_chargeable_minutes", "1441"),
        ("minimum_chargeable_minutes", "9999999999999"),
        ("rounding_minutes", "0"),
        ("rounding_minutes", "61"),
        ("fee_percent", "100.01"),
        ("fee_percent", "30.125"),
        ("level3_update_every", "4m"),
        ("level3_update_every", "8d"),
    ],
)
def test_15_policy_numbers_out_of_range_are_refused(isolated_env, key, value):
    done = run("config", "set", key, value, code=1)
    assert key in one_sentence(done)
    assert not Path(os.environ["FOCCO247_CONFIG"]).exists()


def test_15_control_characters_in_policy_and_configuration_strings_are_refused(book):
    done = run("policy", "set", "sales.phone", "\x1b[2J0800", code=1)
    assert "sales.phone" in one_sentence(done)
    run("policy", "set", "sales.phone", "08\x0700", code=1)
    config = Path(os.environ["FOCCO247_CONFIG"])
    config.write_text('user = "ana\\u001b[2J"\n')
    assert "user" in one_sentence(run("client", "list", code=1))


def test_15_free_text_has_a_length_cap_with_a_clear_message(book):
    done = run("client", "add", "LONG", "--name", "x" * 201, code=1)
    assert "200" in one_sentence(done)
    done = run("call", "open", "ACME", "--caller", "Ana", "--summary", "y" * 2001, code=1)
    assert "2,000" in one_sentence(done)
    assert json.loads(run("call", "list", "--json").stdout)["calls"] == []


def test_15_folders_the_tool_creates_are_private_whatever_the_umask(isolated_env, tmp_path):
    config = tmp_path / "deep" / "er" / "config.toml"
    done = subprocess.run(
        [executable(), "config", "set", "user", "Carla Souza"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "FOCCO247_CONFIG": str(config)},
        preexec_fn=lambda: os.umask(0),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "deep", tmp_path / "deep" / "er"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
