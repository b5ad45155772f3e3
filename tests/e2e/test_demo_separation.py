"""Demo data never mixes with real data, through the installed executable (issue 11 point 2,
SPEC §5 "Stores"): the quickstart's `focco247 demo` makes a demo store of its own, whose
invoices are numbered DEMO-...; starting real work takes one command (`focco247 db init
--replace-demo`); and a store for real work is never written by the demo, byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.support import executable, one_sentence, snapshot

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only, pytest.mark.no_store]


def run(store: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FOCCO247_DB": str(store)}
    return subprocess.run(
        [executable(), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_quickstart_demo_then_one_command_starts_real_work(tmp_path):
    store = tmp_path / "store.db"
    demo = run(store, "demo")
    assert demo.returncode == 0, demo.stderr
    assert "ACME" in demo.stdout and "focco247 db init --replace-demo" in demo.stdout
    assert json.loads(run(store, "db", "stats", "--json").stdout)["demo"] is True
    issued = run(store, "invoice", "month", "--previous", "--issue", "--json")
    assert issued.returncode == 0, issued.stderr
    numbers = [i["number"] for i in json.loads(issued.stdout)["invoices"]]
    assert numbers and all(n.startswith("DEMO-") for n in numbers)

    refused = run(store, "db", "init")
    assert refused.returncode == 1
    assert "focco247 db init --replace-demo" in one_sentence(refused.stderr)

    replaced = run(store, "db", "init", "--replace-demo")
    assert replaced.returncode == 0, replaced.stderr
    assert json.loads(run(store, "client", "list", "--json").stdout)["clients"] == []
    assert json.loads(run(store, "db", "path", "--json").stdout)["demo"] is False
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store.db")) in (
        ["store.db"],
        ["store.db", "store.db-shm", "store.db-wal"],
    )


def test_demo_and_demo_seed_leave_a_real_store_byte_for_byte_untouched(tmp_path):
    store = tmp_path / "store.db"
    assert run(store, "db", "init").returncode == 0
    assert run(store, "client", "add", "REAL", "--name", "Real Client").returncode == 0
    before = snapshot(tmp_path)
    for args in (("demo",), ("demo", "seed", "--clients", "5", "--months", "2")):
        done = run(store, *args)
        assert done.returncode == 1
        sentence = one_sentence(done.stderr)
        assert f"FOCCO247_DB=/tmp/focco247-demo.db focco247 {' '.join(args[:2])}" in sentence
        assert snapshot(tmp_path) == before
    refused = run(store, "db", "init", "--replace-demo")
    assert refused.returncode == 1
    one_sentence(refused.stderr)
    assert snapshot(tmp_path) == before
