"""Invoicing through the installed executable: cron runs and concurrent issuers."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from tests.support import executable

pytestmark = pytest.mark.e2e


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [executable(), *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def book(clients: int) -> None:
    for i in range(clients):
        code = f"C{i:03d}"
        assert run("client", "add", code, "--name", f"Client {i}").returncode == 0
        assert (
            run(
                "contract", "glt", code, "--monthly", f"{1000 + i}", "--hourly-rate", "100",
                "--since", "2020-01-01",
            ).returncode
            == 0
        )  # fmt: skip
        if i % 2 == 0:
            assert run("contract", "subscribe", code, "--since", "2026-01-01").returncode == 0


def test_cron_previous_issue_csv_twice_gives_one_file_same_content(tmp_path):
    book(4)
    out = tmp_path / "x.csv"
    args = ("invoice", "month", "--previous", "--issue", "--format", "csv", "--output", str(out))
    first = run(*args)
    assert first.returncode == 0, first.stderr
    content = out.read_bytes()
    second = run(*args)
    assert second.returncode == 0, second.stderr
    assert out.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv") == ["x.csv"]
    assert content.count(b"fee_247") == 2
    listed = json.loads(run("invoice", "list", "--json").stdout)["invoices"]
    assert [i["number"] for i in listed] == ["F247-000001", "F247-000002"]


def test_cron_failure_is_signalled_by_exit_code(tmp_path):
    result = run("invoice", "month", "--previous", "--issue", "--client", "NOPE")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: Unknown client")


def test_concurrent_issuers_make_one_invoice_per_client_with_gapless_numbers(tmp_path):
    book(12)  # 6 subscribed clients → 6 invoices
    procs = [
        subprocess.Popen(
            [executable(), "invoice", "month", "2026-10", "--issue", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    documents = [json.loads(out) for out, _ in outputs]
    # Every process saw the same six invoices, whoever issued them.
    assert all(doc["invoices"] == documents[0]["invoices"] for doc in documents)
    listed = json.loads(run("invoice", "list", "--json").stdout)["invoices"]
    assert [i["number"] for i in listed] == [f"F247-{n:06d}" for n in range(1, 7)]
    assert len({i["client"] for i in listed}) == 6
