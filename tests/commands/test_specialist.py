"""`focco247 specialist ...`: the directory the attendant escalates to (R10)."""

from __future__ import annotations


def one_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_r10_add_json_shape(cli):
    doc = cli.json("specialist", "add", "  Bruno   Lima ", "--area", "fiscal", "--phone", "(54) 9")
    assert doc == {
        "id": 1,
        "name": "Bruno Lima",
        "area": "fiscal",
        "phone": "(54) 9",
        "active": True,
    }
    assert (
        "Added specialist Bia Souza (banco)."
        in cli.run("specialist", "add", "Bia Souza", "--area", "banco").stdout
    )


def test_r10_same_name_twice_is_refused_whatever_the_case(cli):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    one_error(cli.invoke("specialist", "add", "bruno lima", "--area", "x"), "already")


def test_r10_name_and_area_are_required(cli):
    one_error(cli.invoke("specialist", "add", " ", "--area", "fiscal"), "name")
    one_error(cli.invoke("specialist", "add", "Ana", "--area", ""), "area")


def test_r10_list_by_area_json_shape(cli):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("specialist", "add", "Bia Souza", "--area", "Banco de dados")
    cli.run("specialist", "add", "Caio Reis", "--area", "fiscal")
    doc = cli.json("specialist", "list")
    assert [s["name"] for s in doc["specialists"]] == ["Bia Souza", "Bruno Lima", "Caio Reis"]
    doc = cli.json("specialist", "list", "--area", "FISCAL")
    assert [s["name"] for s in doc["specialists"]] == ["Bruno Lima", "Caio Reis"]
    out = cli.run("specialist", "list", "--area", "banco").stdout
    assert "Bia Souza" in out and "Bruno" not in out


def test_r10_empty_directory_says_how_to_add(cli):
    assert "specialist add" in cli.run("specialist", "list").stdout
    assert cli.json("specialist", "list") == {"specialists": []}


def test_r10_remove_keeps_history_and_stops_offering_them(cli, acme):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("call", "open", "ACME", "--caller", "A", "--summary", "x")
    cli.run("call", "escalate", "1", "--to", "Bruno Lima", "--reason", "tax")
    doc = cli.json("specialist", "remove", "bruno lima")
    assert doc["active"] is False
    assert cli.json("specialist", "list")["specialists"] == []
    assert [s["name"] for s in cli.json("specialist", "list", "--all")["specialists"]] == [
        "Bruno Lima"
    ]
    assert cli.json("call", "show", "1")["specialists"][0]["name"] == "Bruno Lima"
    one_error(cli.invoke("call", "escalate", "1", "--to", "Bruno Lima", "--reason", "r"), "removed")
    one_error(cli.invoke("specialist", "remove", "Bruno Lima"), "already removed")


def test_r10_readding_a_removed_specialist_brings_them_back(cli):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("specialist", "remove", "Bruno Lima")
    doc = cli.json("specialist", "add", "Bruno Lima", "--area", "banco")
    assert (doc["id"], doc["area"], doc["active"]) == (1, "banco", True)


def test_r10_remove_needs_the_exact_name_and_suggests(cli):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    one_error(cli.invoke("specialist", "remove", "Bruno"), "Did you mean Bruno Lima?")
    one_error(cli.invoke("specialist", "remove", "Zeca"), "No specialist named 'Zeca'")


def test_r10_escalate_accepts_a_unique_name_prefix_only(cli, acme):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("specialist", "add", "Bruna Costa", "--area", "banco")
    cli.run("call", "open", "ACME", "--caller", "A", "--summary", "x")
    one_error(
        cli.invoke("call", "escalate", "1", "--to", "brun", "--reason", "r"),
        "Bruna Costa",
        "Bruno Lima",
    )
    doc = cli.json("call", "escalate", "1", "--to", "bruno", "--reason", "r")
    assert doc["specialists"][0]["name"] == "Bruno Lima"


def test_r18_specialist_changes_are_audited(cli, tmp_path):
    import sqlite3

    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("specialist", "remove", "Bruno Lima")
    with sqlite3.connect(tmp_path / "store.db") as db:
        actions = db.execute(
            "SELECT action, actor FROM event WHERE entity = 'specialist' ORDER BY id"
        ).fetchall()
    assert actions == [("added", "tester"), ("removed", "tester")]
