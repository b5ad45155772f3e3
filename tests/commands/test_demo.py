"""focco247 demo: loads the demo book once, into a demo store only, and shows a tour of every
verdict. Demo data never mixes with real data (SPEC §5 "Stores")."""

from __future__ import annotations

import os

import pytest

from focco247.services.demo import demo_book
from focco247.store import db

pytestmark = pytest.mark.no_store  # the quickstart: no store yet, `demo` makes its own


def test_demo_loads_the_book_and_tours_every_verdict(cli):
    doc = cli.json("demo")
    assert doc["loaded"] == [c.code for c in demo_book().clients]
    assert doc["skipped"] == []
    verdicts = {stop["verdict"] for stop in doc["tour"]}
    assert verdicts == {"covered", "business_hours", "refused", "exceptional", "grace"}
    for stop in doc["tour"]:
        assert stop["story"] and stop["client"] and stop["at"]
    codes = [c["code"] for c in cli.json("client", "list")["clients"]]
    assert sorted(codes) == sorted(doc["loaded"])


def test_demo_twice_loads_nothing_twice_and_tour_is_read_only(cli):
    first = cli.json("demo")
    second = cli.json("demo")
    assert second["loaded"] == []
    assert second["skipped"] == first["loaded"]
    assert [s["verdict"] for s in second["tour"]] == [s["verdict"] for s in first["tour"]]
    clients = cli.json("client", "list")["clients"]
    assert len(clients) == len(first["loaded"])
    assert all(len(c["glt"]) >= 1 for c in clients)


@pytest.mark.demo_store
def test_demo_keeps_a_client_already_in_the_store(cli, acme):
    doc = cli.json("demo")
    assert doc["skipped"] == ["ACME"]
    assert cli.json("contract", "show", "ACME")["glt"][0]["monthly"] == "5000.00"


def test_demo_human_output_is_a_plain_table_of_whole_lines(cli):
    out = cli.run("demo").stdout
    assert "Loaded demo clients" in out
    assert "exceptional" in out and "grace" in out
    assert "\x1b[" not in out and "…" not in out


def test_demo_on_a_missing_store_creates_a_demo_store(cli):
    result = cli.run("demo")
    assert "Created a demo store at" in result.stderr
    assert "focco247 db init --replace-demo" in result.stdout
    assert cli.json("db", "stats")["demo"] is True
    assert cli.json("db", "path")["demo"] is True
    assert db.probe(os.environ["FOCCO247_DB"]).demo


@pytest.mark.demo_store
def test_demo_uses_an_existing_demo_store_again(cli):
    assert cli.json("demo")["loaded"]
    assert cli.json("demo")["loaded"] == []
    assert cli.json("db", "stats")["demo"] is True


def test_demo_refuses_a_store_for_real_work_naming_where_to_run_it(cli):
    db.create_store(os.environ["FOCCO247_DB"])  # as `focco247 db init` makes it
    cli.run("client", "add", "REAL", "--name", "Real Client")
    result = cli.run("demo", code=1)
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "FOCCO247_DB=/tmp/focco247-demo.db focco247 demo" in result.stderr
    assert [c["code"] for c in cli.json("client", "list")["clients"]] == ["REAL"]
    assert cli.json("db", "stats")["demo"] is False


def test_demo_inside_the_transaction_refuses_a_store_that_is_not_a_demo_store(cli):
    """Checked again under the write lock: a real store slipped in after the probe is
    still refused."""
    from focco247.commands._common import store
    from focco247.errors import StateError
    from focco247.services.demo import load_demo

    db.create_store(os.environ["FOCCO247_DB"])
    with pytest.raises(StateError, match="not a demo store"), store(write=True) as ctx:
        load_demo(ctx)
    assert cli.json("client", "list")["clients"] == []
