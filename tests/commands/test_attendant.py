"""What the attendant needs on the phone (issue 12, points 8-10 and 12): a number to call
back, the client's preferred contact, a product's own support hours, one escalation per
specialist, a warning for a call resolved without time, overdue in days, and a handover that
says what each open call is about and what its requester was last told."""

from __future__ import annotations

import sqlite3

LOJAS_HOURS = """
[products.FoccoLOJAS]
covered = false
[products.FoccoLOJAS.hours]
monday = ["08:00-20:00"]
tuesday = ["08:00-20:00"]
wednesday = ["08:00-20:00"]
thursday = ["08:00-20:00"]
friday = ["08:00-20:00"]
saturday = ["09:00-13:00"]
"""


def open_call(cli, code="ACME", caller="Ana", summary="NF-e rejected", *extra, exit=0):
    return cli.json("call", "open", code, "--caller", caller, "--summary", summary, *extra,
                    code=exit)  # fmt: skip


def one_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def with_contact(cli, code="ACME"):
    cli.run("client", "add", code, "--name", "Acme Metalúrgica", "--contact-name",
            "Ana Souza", "--contact-phone", "(54) 99876-5432")  # fmt: skip
    cli.run("contract", "glt", code, "--monthly", "5000", "--hourly-rate", "180",
            "--since", "2025-01-01")  # fmt: skip
    cli.run("contract", "subscribe", code, "--since", "2025-06-01")
    return code


# --- 8. a number to call back -----------------------------------------------------------------


def test_the_number_to_call_back_is_stored_on_the_call_and_shown_by_show(cli, acme, tmp_path):
    doc = open_call(cli, "ACME", "Ana", "NF-e", "--phone", " (54)  99876-5432 ")
    assert doc["phone"] == "(54) 99876-5432"
    assert cli.json("call", "show", "1")["phone"] == "(54) 99876-5432"
    assert "Phone:    (54) 99876-5432" in cli.run("call", "show", "1").stdout
    with sqlite3.connect(tmp_path / "store.db") as db:
        assert db.execute("SELECT phone FROM call").fetchall() == [("(54) 99876-5432",)]


def test_the_callback_queue_shows_each_number_to_call_back(cli, acme):
    open_call(cli, "ACME", "Ana", "active one")
    open_call(cli, "ACME", "Bob", "waits", "--phone", "+55 54 3025 9000 ramal 12")
    open_call(cli, "ACME", "Cid", "waits without a number")
    queue = cli.json("call", "queue")
    assert [(c["caller"], c["phone"]) for c in queue["calls"]] == [
        ("Bob", "+55 54 3025 9000 ramal 12"),
        ("Cid", None),
    ]
    out = cli.run("call", "queue").stdout.splitlines()
    assert "phone" in out[2]
    assert "+55 54 3025 9000 ramal 12" in out[3]
    assert out[4].split()[4] == "-"


def test_a_call_without_a_phone_has_phone_null_in_every_json_form(cli, acme):
    assert open_call(cli)["phone"] is None
    assert cli.json("call", "list")["calls"][0]["phone"] is None


def test_a_phone_that_is_not_a_number_is_refused_and_nothing_is_recorded(cli, acme):
    for bad in ("Ana", "123", "54 9999-99999-99999", "(54) 9876-5432 call me"):
        result = cli.invoke("call", "open", "ACME", "--caller", "Ana", "--summary", "x",
                            "--phone", bad)  # fmt: skip
        one_error(result, "is not a phone number")
    assert cli.json("call", "list")["calls"] == []


def test_the_preferred_contact_calling_without_a_number_is_called_back_on_theirs(cli):
    with_contact(cli)
    assert open_call(cli, "ACME", "ana souza", "x")["phone"] == "(54) 99876-5432"
    assert open_call(cli, "ACME", "Bruno", "y")["phone"] is None
    assert open_call(cli, "ACME", "Ana", "z", "--phone", "54 3025 9000")["phone"] == "54 3025 9000"


# --- 9. the preferred contact -----------------------------------------------------------------


def test_client_add_records_the_preferred_contact_in_the_audit(cli, tmp_path):
    with_contact(cli)
    with sqlite3.connect(tmp_path / "store.db") as db:
        stored = db.execute("SELECT contact_name, contact_phone FROM client").fetchall()
        detail = db.execute("SELECT detail FROM event WHERE action = 'added'").fetchone()[0]
    assert stored == [("Ana Souza", "(54) 99876-5432")]
    assert '"contact_name": "Ana Souza"' in detail


def test_a_contact_phone_without_a_contact_name_is_refused(cli):
    one_error(
        cli.invoke("client", "add", "ACME", "--name", "Acme", "--contact-phone", "54 3025 9000"),
        "--contact-name",
    )
    one_error(
        cli.invoke(
            "client",
            "add",
            "ACME",
            "--name",
            "Acme",
            "--contact-name",
            "Ana",
            "--contact-phone",
            "Ana",
        ),
        "is not a phone number",
    )
    assert cli.json("client", "list")["clients"] == []


def test_check_shows_the_preferred_contact(cli):
    with_contact(cli)
    doc = cli.json("check", "ACME")
    assert doc["preferred_contact"] == {"name": "Ana Souza", "phone": "(54) 99876-5432"}
    assert doc["caller"] is None and doc["caller_is_preferred_contact"] is None
    out = cli.run("check", "ACME").stdout
    assert "Contact:  Ana Souza, (54) 99876-5432 (preferred contact)" in out
    assert "Note:" not in out


def test_check_says_so_when_the_caller_is_not_the_preferred_contact(cli):
    with_contact(cli)
    doc = cli.json("check", "ACME", "--caller", "Bruno")
    assert doc["caller"] == "Bruno" and doc["caller_is_preferred_contact"] is False
    out = cli.run("check", "ACME", "--caller", "Bruno").stdout
    assert "Bruno is not the preferred contact" in out and "through Ana Souza" in out
    assert cli.json("check", "ACME", "--caller", "ANA")["caller_is_preferred_contact"] is True
    assert "Note:" not in cli.run("check", "ACME", "--caller", "Ana Souza").stdout


def test_call_open_shows_the_preferred_contact_and_whether_they_are_calling(cli):
    with_contact(cli)
    doc = open_call(cli, "ACME", "Ana Souza", "x")
    assert doc["preferred_contact"] == {"name": "Ana Souza", "phone": "(54) 99876-5432"}
    assert doc["caller_is_preferred_contact"] is True
    doc = open_call(cli, "ACME", "Bruno Lima", "y")
    assert doc["caller_is_preferred_contact"] is False
    out = cli.run("call", "open", "ACME", "--caller", "Carlos", "--summary", "z").stdout
    assert "Contact:  Ana Souza, (54) 99876-5432 (preferred contact)" in out
    assert "Carlos is not the preferred contact" in out


def test_a_client_without_a_preferred_contact_shows_none_and_no_note(cli, acme):
    doc = open_call(cli)
    assert doc["preferred_contact"] is None
    assert doc["caller_is_preferred_contact"] is False
    assert cli.json("check", "ACME", "--caller", "Ana")["preferred_contact"] is None
    out = cli.run("call", "open", "ACME", "--caller", "Bob", "--summary", "x").stdout
    assert "Contact:" not in out and "Note:" not in out


# --- 10. FoccoLOJAS has its own support hours ------------------------------------------------


def test_a_refused_foccolojas_contact_is_told_its_own_hours_not_the_addon(cli, beta, tmp_path):
    (tmp_path / "lojas.toml").write_text(LOJAS_HOURS)
    cli.run("policy", "import", str(tmp_path / "lojas.toml"))
    doc = cli.json("check", "BETA", "--product", "FoccoLOJAS", code=3)
    assert doc["verdict"] == "refused"
    assert doc["sales"] is None
    assert doc["product_hours"]["saturday"] == ["09:00-13:00"]
    assert doc["product_hours"]["sunday"] == []
    # JSON prose follows documents.language (pt_BR by default, SPEC §5).
    assert doc["reason"] == (
        "FoccoLOJAS não é coberto pelo adicional 24|7; seu próprio horário de atendimento é "
        "Seg-Sex 08:00-20:00; Sáb 09:00-13:00."
    )
    out = cli.run("check", "BETA", "--product", "FoccoLOJAS", code=3).stdout
    assert "FoccoLOJAS has its own support hours: Mon-Fri 08:00-20:00; Sat 09:00-13:00." in out
    assert "sales" not in out.lower() and "(54) 3025 9000" not in out


def test_call_open_for_foccolojas_gives_its_hours_and_no_sales_pitch(cli, beta, tmp_path):
    (tmp_path / "lojas.toml").write_text(LOJAS_HOURS)
    cli.run("policy", "import", str(tmp_path / "lojas.toml"))
    doc = open_call(cli, "BETA", "Ana", "PDV", "--product", "FoccoLOJAS", exit=3)
    assert doc["status"] == "refused" and "sales" not in doc
    assert doc["product_hours"]["monday"] == ["08:00-20:00"]
    out = cli.run("call", "open", "BETA", "--caller", "Ana", "--summary", "PDV",
                  "--product", "FoccoLOJAS", code=3).stdout  # fmt: skip
    assert "FoccoLOJAS has its own support hours" in out and "(54) 3025 9000" not in out
    shown = cli.json("call", "show", "1")
    assert "sales" not in shown and shown["product_hours"]["saturday"] == ["09:00-13:00"]


def test_a_product_not_covered_without_hours_is_not_offered_the_addon(cli, beta):
    doc = cli.json("check", "BETA", "--product", "FoccoLOJAS", code=3)
    assert doc["sales"] is None and doc["product_hours"] is None
    assert "próprio horário" in doc["reason"]  # JSON prose: documents.language (pt_BR)


def test_a_client_that_has_the_addon_is_never_offered_it(cli, acme):
    doc = cli.json("check", "ACME", "--product", "FoccoLOJAS", code=3)
    assert doc["verdict"] == "refused" and doc["sales"] is None
    out = cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "PDV",
                  "--product", "FoccoLOJAS", code=3).stdout  # fmt: skip
    assert "To buy the 24|7 add-on" not in out


def test_a_client_without_the_addon_refused_for_want_of_it_is_still_offered_it(cli, beta):
    open_call(cli, "BETA", "Ana", "the exceptional one")
    doc = cli.json("check", "BETA", code=3)
    assert doc["verdict"] == "refused" and doc["sales"]["phone"] == "(54) 3025 9000"


# --- 12. escalations, resolving without time, overdue in days, handover -----------------------


def test_escalating_twice_to_the_same_specialist_records_it_once(cli, acme):
    cli.run("specialist", "add", "Marina Costa", "--area", "database")
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    open_call(cli)
    cli.run("call", "escalate", "1", "--to", "Marina", "--reason", "slow queries")
    again = cli.run("call", "escalate", "1", "--to", "marina costa", "--reason", "still slow")
    assert "already on it" in again.stdout
    cli.run("call", "escalate", "1", "--to", "Bruno", "--reason", "tax rules")
    doc = cli.json("call", "show", "1")
    assert [s["name"] for s in doc["specialists"]] == ["Marina Costa", "Bruno Lima"]
    actions = [e["action"] for e in doc["events"]]
    assert actions == ["opened", "escalated", "escalated_again", "escalated"]
    assert "still slow" in doc["events"][2]["text"]
    report = cli.json("report", "month", "2026-11")
    assert report["escalations"]["total"] == 2
    assert report["escalations"]["by_specialist"][0]["escalations"] == 1


def test_resolving_a_call_with_no_time_logged_warns_and_still_resolves(cli, acme):
    open_call(cli)
    result = cli.run("call", "resolve", "1", "--resolution", "ok")
    assert "Warning: No time is logged on call #1" in result.stderr
    assert "focco247 call log 1" in result.stderr
    assert cli.json("call", "show", "1")["status"] == "resolved"
    open_call(cli, "ACME", "Bob", "y")
    doc = cli.json("call", "resolve", "2", "--resolution", "ok")
    assert doc["status"] == "resolved"


def test_resolving_a_call_with_time_logged_does_not_warn(cli, acme):
    open_call(cli)
    cli.run("call", "log", "1", "30m")
    assert cli.run("call", "resolve", "1", "--resolution", "ok").stderr == ""


def test_overdue_beyond_a_day_reads_in_days_and_hours(cli, acme):
    open_call(cli, "ACME", "Ana", "restore", "--level", "3")
    # Opened 2026-11-25 22:00; the update was due at 00:00; 498h20m later:
    later = {"FOCCO247_NOW": "2026-12-16T18:20:00-03:00"}
    assert cli.json("call", "show", "1", env=later)["overdue_minutes"] == 498 * 60 + 20
    assert "OVERDUE by 20d 18h" in cli.run("call", "show", "1", env=later).stdout
    assert "20d 18h" in cli.run("call", "overdue", env=later).stdout
    within_a_day = {"FOCCO247_NOW": "2026-11-26T03:30:00-03:00"}
    assert "OVERDUE by 3h30m" in cli.run("call", "show", "1", env=within_a_day).stdout


def test_handover_shows_each_open_calls_summary_and_last_update_note(cli, acme):
    cli.run("shift", "start", "Carla")
    open_call(cli, "ACME", "Ana", "database restore", "--level", "3")
    cli.run("call", "update", "1", "--note", "restore at 40 percent", "--eta", "3h")
    cli.run("call", "update", "1", "--note", "restore at 80 percent")
    cli.run("call", "park", "1", "--reason", "restore running")
    open_call(cli, "ACME", "Bob", "printer queue stuck")
    open_call(cli, "ACME", "Cid", "NF-e rejected", "--phone", "54 99876-5432")
    doc = cli.json("shift", "handover", "--to", "Diego")
    assert doc["active_call"]["summary"] == "printer queue stuck"
    assert doc["active_call"]["last_update"] is None
    assert doc["level3"][0]["last_update"]["note"] == "restore at 80 percent"
    assert doc["queue"][0]["summary"] == "NF-e rejected"
    assert doc["queue"][0]["phone"] == "54 99876-5432"
    out = cli.run("shift", "handover", "--to", "Carla").stdout
    lines = out.splitlines()
    level3 = next(line for line in lines if line.startswith("1 "))
    assert "database restore" in level3 and "restore at 80 percent" in level3
    queued = next(line for line in lines if line.startswith("3 "))
    assert "NF-e rejected" in queued and "54 99876-5432" in queued
    assert "printer queue stuck" in out
