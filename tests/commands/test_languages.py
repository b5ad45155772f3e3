"""Languages (SPEC §3, §5): LANG changes messages, help and terminal tables; JSON keys, enum
values, exit codes and the prose inside JSON (documents.language) stay the same."""

from __future__ import annotations

import pytest

PT = {"LANG": "pt_BR.UTF-8"}
C = {"LANG": "C"}

# (arguments, exit code): one check of each verdict, then the call, handover and invoices.
CHECKS = [
    (("check", "ACME"), 0),  # covered
    (("check", "ACME", "--at", "2026-11-20 10:00"), 0),  # covered, on a holiday
    (("check", "ACME", "--at", "2026-11-24 10:00"), 3),  # business_hours
    (("check", "ACME", "--product", "FoccoLOJAS"), 3),  # refused
    (("check", "BETA", "--at", "2012-05-10 22:00"), 0),  # grace
    (("check", "BETA"), 0),  # exceptional
]


def _book(cli) -> None:
    """Two clients, a shift and a call with its story, in a fresh store."""
    cli.run("client", "add", "ACME", "--name", "Acme Metalúrgica", "--state", "RS")
    cli.run("contract", "glt", "ACME", "--monthly", "5.000,00", "--hourly-rate", "180",
            "--since", "2025-01-01")  # fmt: skip
    cli.run("contract", "subscribe", "ACME", "--since", "2025-06-01")
    cli.run("client", "add", "BETA", "--name", "Beta Plásticos", "--state", "SC")
    cli.run("contract", "glt", "BETA", "--monthly", "3200", "--hourly-rate", "150",
            "--since", "2011-01-01")  # fmt: skip
    cli.run("shift", "start", "Carla")
    cli.run("call", "open", "ACME", "--caller", "Ana", "--summary", "NF-e rejeitada",
            "--level", "3", "--at", "2026-11-25 21:00")  # fmt: skip
    cli.run("call", "log", "1", "1h30", "--note", "série da NF-e")
    cli.run("call", "update", "1", "--note", "restauração", "--eta", "02:00")


def _outputs(cli, monkeypatch, tmp_path, env: dict[str, str], name: str) -> list[str]:
    monkeypatch.setenv("FOCCO247_DB", str(tmp_path / f"{name}.db"))
    cli.run("db", "init")
    _book(cli)
    out = [cli.run(*args, "--json", code=code, env=env).stdout for args, code in CHECKS]
    out.append(cli.run("call", "show", "1", "--json", env=env).stdout)
    out.append(cli.run("invoice", "month", "2026-11", "--json", env=env).stdout)
    out.append(cli.run("shift", "handover", "--to", "Diego", "--json", env=env).stdout)
    return out


@pytest.mark.sqlite_only
def test_json_is_byte_identical_in_portuguese_and_in_english(cli, monkeypatch, tmp_path):
    portuguese = _outputs(cli, monkeypatch, tmp_path, PT, "pt")
    english = _outputs(cli, monkeypatch, tmp_path, C, "c")
    assert portuguese == english
    # The prose inside JSON is the documents' language (pt_BR by default) in both.
    assert "Dia Nacional de Zumbi" in portuguese[1]
    assert "Adicional 24|7 11/2026" in portuguese[-2]


def test_exit_codes_are_the_same_in_every_language(cli, acme):
    for env in (PT, C):
        cli.run("check", "ACME", "--at", "2026-11-24 10:00", code=3, env=env)
        cli.run("check", "NOPE", code=1, env=env)


def test_errors_are_in_the_interface_language(cli, acme):
    english = cli.invoke("check", "ACME", "--at", "31/02/2026 10:00", env=C)
    portuguese = cli.invoke("check", "ACME", "--at", "31/02/2026 10:00", env=PT)
    assert english.exit_code == portuguese.exit_code == 1
    assert english.stderr.startswith("Error: ")
    assert portuguese.stderr.startswith("Erro: ")


def test_help_is_translated_when_the_command_is_built(cli):
    # (The root's --help, grouped by panel, is tested through the executable: e2e.)
    pt = cli.run("check", "--help", env=PT).stdout
    assert "Verifica se um cliente é atendido pela linha 24|7" in pt
    assert "Código do cliente." in pt
    assert "Check whether a client is served" in cli.run("check", "--help", env=C).stdout


def test_dates_in_human_output_follow_the_language(cli, acme):
    pt = cli.run("check", "ACME", "--at", "2026-11-29 23:40", env=PT).stdout
    assert "29/11/2026 23:40" in pt
    en = cli.run("check", "ACME", "--at", "2026-11-29 23:40", env=C).stdout
    assert "2026-11-29 23:40" in en


def test_a_bare_time_that_rolled_to_yesterday_is_said_so(cli, acme):
    # The clock is 22:00 on 2026-11-25: 23:40 today is still ahead, so it is yesterday's.
    result = cli.run("check", "ACME", "--at", "23:40", "--json", env=C)
    assert "23:40 is taken as yesterday's: 2026-11-24 23:40." in result.stderr
    assert result.stdout.count("\n") >= 1 and '"at": "2026-11-24T23:40:00-03:00"' in result.stdout
    pt = cli.run("check", "ACME", "--at", "23:40", env=PT)
    assert "23:40 foi entendido como ontem: 24/11/2026 23:40." in pt.stderr


def test_a_bare_time_earlier_today_is_not_announced(cli, acme):
    result = cli.run("check", "ACME", "--at", "21:30", env=C)
    assert result.stderr == ""


def test_invoice_lines_follow_documents_language_whoever_runs_the_command(cli, acme, tmp_path):
    pt = cli.run("invoice", "month", "2026-11", env=C).stdout
    assert "Adicional 24|7 11/2026: 30% da GLT de R$\xa05.000,00" in pt
    cli.run("policy", "set", "documents.language", "en")
    en = cli.run("invoice", "month", "2026-11", env=PT).stdout
    assert "24|7 add-on 2026-11: 30% of GLT R$\xa05.000,00" in en
    assert "rascunho (nada foi emitido)" in en  # the terminal's own words: the interface


def test_issued_invoice_lines_keep_their_text_when_the_language_changes(cli, acme, tmp_path):
    cli.run("invoice", "month", "2026-10", "--issue")
    cli.run("policy", "set", "documents.language", "en")
    doc = cli.json("invoice", "month", "2026-10")
    (invoice,) = doc["invoices"]
    assert invoice["lines"][0]["description"].startswith("Adicional 24|7 10/2026")


def test_invoice_csv_keeps_its_header_and_has_documents_language_descriptions(cli, acme):
    out = cli.run("invoice", "month", "2026-11", "--format", "csv", env=PT).stdout
    header = out.splitlines()[0]
    assert header.startswith("client,client_name,invoice,month,status,kind,description")
    assert "Adicional 24|7 11/2026" in out


def test_report_html_is_in_the_documents_language(cli, acme):
    page = cli.run("report", "month", "2026-11", "--format", "html", env=C).stdout
    assert '<html lang="pt-BR">' in page
    assert "Relatório 24|7 11/2026" in page


def test_unknown_documents_language_is_a_configuration_error(cli, acme, tmp_path):
    result = cli.invoke("policy", "set", "documents.language", "de")
    assert result.exit_code == 1
    assert "documents.language" in result.stderr
