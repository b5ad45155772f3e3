"""focco247 demo: loads the demo book once and shows a tour of every verdict."""

from __future__ import annotations

from focco247.services.demo import demo_book


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


def test_demo_keeps_a_client_already_in_the_store(cli, acme):
    doc = cli.json("demo")
    assert doc["skipped"] == ["ACME"]
    assert cli.json("contract", "show", "ACME")["glt"][0]["monthly"] == "5000.00"


def test_demo_human_output_is_a_plain_table_of_whole_lines(cli):
    out = cli.run("demo").stdout
    assert "Loaded demo clients" in out
    assert "exceptional" in out and "grace" in out
    assert "\x1b[" not in out and "…" not in out
