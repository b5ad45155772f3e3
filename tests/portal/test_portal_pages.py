"""The requester's page in every state, its headers, its form and its neutral answer."""

from __future__ import annotations

import html
import logging

import pytest


def rate(portal, path: str, token: str, rating="5", strengths="Rápido", weaknesses="Nenhum"):
    form = {"csrf": token, "strengths": strengths, "weaknesses": weaknesses}
    if rating is not None:
        form["rating"] = rating
    return portal.post(path, data=form, follow_redirects=False)


# --- what the requester sees ----------------------------------------------------------------


def test_open_call_page_shows_number_summary_status_and_level_in_portuguese(book, portal):
    call_id = book.open_call(summary="Faturamento parado")
    page = portal.get(book.link_path(call_id))
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    text = page.text
    assert f"Ocorrência nº {call_id}" in text
    assert "Faturamento parado" in text
    assert "Em atendimento" in text
    assert "1 (rápido" in text
    assert 'lang="pt-BR"' in text
    assert "<form" not in text  # nothing to close or rate before the resolution
    assert "Obrigado" not in portal.get(book.link_path(call_id) + "?m=closed").text


def test_level3_page_lists_every_update_with_its_eta_and_posting_time(
    book, cli, portal, monkeypatch
):
    call_id = book.open_call(level=3)
    cli.run("call", "update", str(call_id), "--note", "Analisando o banco", "--eta", "23:30")
    monkeypatch.setenv("FOCCO247_NOW", "2026-11-25T22:40:00-03:00")
    cli.run("call", "update", str(call_id), "--note", "Índice recriado",
            "--eta", "2026-11-26 01:00")  # fmt: skip
    text = portal.get(book.link_path(call_id)).text
    assert "Analisando o banco" in text and "Índice recriado" in text
    assert "Publicada em 25/11/2026 às 22:00" in text
    assert "Publicada em 25/11/2026 às 22:40" in text
    assert "Previsão de solução: 25/11/2026 às 23:30" in text
    assert "Previsão de solução: 26/11/2026 às 01:00" in text
    # The newest update comes first.
    assert text.index("Índice recriado") < text.index("Analisando o banco")
    assert "Próxima atualização prevista até 26/11/2026 às 00:40" in text
    assert 'id="overdue"' not in text


def test_level3_call_without_a_timely_update_is_shown_overdue(book, portal, monkeypatch):
    call_id = book.open_call(level=3, at="2026-11-25 20:00")  # due at 22:00
    path = book.link_path(call_id)
    assert 'id="overdue"' not in portal.get(path).text  # 22:00 is not past the due time
    monkeypatch.setenv("FOCCO247_NOW", "2026-11-25T22:01:00-03:00")
    text = portal.get(path).text
    assert 'id="overdue"' in text
    assert "Atualização atrasada" in text and "22:00" in text


def test_specialists_are_shown_by_area(book, cli, portal):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal", "--phone", "54 99999-0000")
    cli.run("specialist", "add", "Carla Dias", "--area", "fiscal")
    cli.run("specialist", "add", "Davi Rocha", "--area", "banco de dados")
    call_id = book.open_call()
    for name in ("Bruno Lima", "Carla Dias", "Davi Rocha"):
        cli.run("call", "escalate", str(call_id), "--to", name, "--reason", "ajuda")
    text = portal.get(book.link_path(call_id)).text
    assert '<span class="area">fiscal</span>: Bruno Lima, Carla Dias' in text
    assert '<span class="area">banco de dados</span>: Davi Rocha' in text
    assert "99999" not in text  # a specialist's phone is the attendant's business
    assert "2 (intermediário" in text


def test_user_text_is_escaped_and_control_characters_are_neutralised(book, cli, portal):
    call_id = book.open_call(
        caller="<script>alert(1)</script>", summary="Tela \x1b[31mvermelha\x07 & <b>erro</b>"
    )
    cli.run("call", "update", str(call_id), "--note", '"><img src=x onerror=alert(1)>')
    text = portal.get(book.link_path(call_id)).text
    assert "<script>" not in text and "<img" not in text and "<b>erro" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;erro&lt;/b&gt;" in text and "&amp;" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "␛[31mvermelha␇" in text


# --- the neutral page -----------------------------------------------------------------------


def test_wrong_revoked_and_expired_links_get_the_same_neutral_page(book, cli, portal, monkeypatch):
    revoked = book.open_call()
    revoked_path = book.link_path(revoked)
    cli.run("call", "link", str(revoked), "--revoke")
    expired = book.resolved_call()
    expired_path = book.link_path(expired)
    cli.run("call", "close", str(expired), "--rating", "4")
    monkeypatch.setenv("FOCCO247_NOW", "2026-12-25T22:00:01-03:00")  # 30 days after closing
    live = book.link_path(book.open_call(at="2026-12-25 21:00"))
    wrong = live[:-4] + ("AAAA" if not live.endswith("AAAA") else "BBBB")
    answers = [
        portal.get(path)
        for path in (revoked_path, expired_path, wrong, "/r/short", "/r/", "/nothing", "/")
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1
    assert "Link indisponível" in answers[0].text
    assert "Ocorrência" not in answers[0].text
    assert portal.get(live).status_code == 200


def test_a_closed_call_keeps_its_page_until_the_link_ttl_has_passed(book, cli, portal, monkeypatch):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    cli.run("call", "close", str(call_id), "--rating", "5")
    expires = cli.json("call", "link", str(call_id))["expires_at"]
    assert expires == "2026-12-25T22:00:00-03:00"
    monkeypatch.setenv("FOCCO247_NOW", "2026-12-25T21:59:00-03:00")
    assert portal.get(path).status_code == 200
    monkeypatch.setenv("FOCCO247_NOW", "2026-12-25T22:00:00-03:00")
    assert portal.get(path).status_code == 404


def test_link_ttl_comes_from_the_policy(book, cli, portal, monkeypatch, tmp_path):
    cli.run("policy", "set", "portal.link_ttl", "2h")
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    cli.run("call", "close", str(call_id))
    assert cli.json("call", "link", str(call_id))["expires_at"] == "2026-11-26T00:00:00-03:00"
    monkeypatch.setenv("FOCCO247_NOW", "2026-11-26T00:00:00-03:00")
    assert portal.get(path).status_code == 404


def test_refused_contact_gets_no_link(cli, beta):
    served = cli.json(
        "call", "open", "BETA", "--caller", "Rui", "--summary", "x", "--at", "2026-11-25 21:00"
    )  # fmt: skip  (the exceptional service)
    cli.run("call", "resolve", str(served["id"]), "--resolution", "ok")
    refused = cli.json("call", "open", "BETA", "--caller", "Rui", "--summary", "y",
                       "--at", "2026-11-25 21:30", code=3)  # fmt: skip
    assert refused["status"] == "refused"
    result = cli.run("call", "link", str(refused["id"]), code=1)
    assert "has no page for the requester" in result.stderr
    assert cli.json("call", "link", str(served["id"]))["call_id"] == served["id"]


# --- closing and rating ---------------------------------------------------------------------


def test_resolved_call_is_closed_and_rated_from_its_page_as_call_close_would(book, portal, csrf):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    page = portal.get(path)
    assert "Resolvida: aguardando o seu encerramento" in page.text
    assert 'name="rating"' in page.text and 'name="strengths"' in page.text
    assert 'name="weaknesses"' in page.text
    sent = rate(portal, path, csrf(page.text), "4", "Atendente atencioso", "Demorou a retornar")
    assert sent.status_code == 303
    assert sent.headers["location"].endswith("?m=closed")
    after = portal.get(path + "?m=closed")
    assert "A ocorrência foi encerrada e a sua avaliação registrada" in after.text
    assert "Nota 4 de 5" in after.text and "<form" not in after.text

    shown = book.show(call_id)
    assert shown["status"] == "closed"
    assert shown["closed_at"] == "2026-11-25T22:00:00-03:00"
    assert (shown["rating"], shown["strengths"], shown["weaknesses"]) == (
        4, "Atendente atencioso", "Demorou a retornar",
    )  # fmt: skip
    closed = [e for e in shown["events"] if e["action"] == "closed"]
    assert len(closed) == 1
    assert closed[0]["actor"] == "requester: Maria Souza"
    assert closed[0]["detail"] == {
        "rating": 4, "strengths": "Atendente atencioso", "weaknesses": "Demorou a retornar",
    }  # fmt: skip


def test_a_call_closed_without_rating_can_be_rated_once_from_its_page(book, cli, portal, csrf):
    call_id = book.resolved_call()
    cli.run("call", "close", str(call_id))
    path = book.link_path(call_id)
    page = portal.get(path)
    assert "Avaliar o atendimento" in page.text
    sent = rate(portal, path, csrf(page.text), "5")
    assert sent.headers["location"].endswith("?m=rated")
    shown = book.show(call_id)
    assert shown["rating"] == 5
    rated = [e for e in shown["events"] if e["action"] == "rated"]
    assert [e["actor"] for e in rated] == ["requester: Maria Souza"]


def test_second_submission_is_refused_politely_and_changes_nothing(book, portal, csrf):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    token = csrf(portal.get(path).text)
    assert rate(portal, path, token, "5", "Ótimo").status_code == 303
    again = rate(portal, path, token, "1", "Péssimo")
    assert again.status_code == 409
    assert "Esta ocorrência já foi avaliada" in again.text
    assert "Nota 5 de 5" in again.text
    shown = book.show(call_id)
    assert (shown["rating"], shown["strengths"]) == (5, "Ótimo")
    assert [e["action"] for e in shown["events"]].count("closed") == 1


def test_call_rated_by_the_attendant_shows_the_rating_and_no_form(book, cli, portal, csrf):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    token = csrf(portal.get(path).text)
    cli.run("call", "close", str(call_id), "--rating", "3", "--strengths", "ok")
    page = portal.get(path)
    assert "Nota 3 de 5" in page.text and "<form" not in page.text
    assert rate(portal, path, token, "5").status_code == 409
    assert book.show(call_id)["rating"] == 3


def test_form_without_the_right_csrf_token_is_refused(book, portal, csrf):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    good = csrf(portal.get(path).text)
    other = csrf(portal.get(book.link_path(book.resolved_call(at="2026-11-25 21:30"))).text)
    for token in ("", "x" * 43, other, good[:-1]):
        sent = rate(portal, path, token, "5")
        assert sent.status_code == 403
        assert "O formulário expirou" in sent.text
    missing = portal.post(path, data={"rating": "5"}, follow_redirects=False)
    assert missing.status_code == 403
    assert book.show(call_id)["status"] == "resolved"


def test_open_call_cannot_be_closed_from_its_page(book, portal, csrf):
    call_id = book.open_call()
    path = book.link_path(call_id)
    resolved = book.resolved_call(at="2026-11-25 21:30")
    token = csrf(portal.get(book.link_path(resolved)).text)
    sent = rate(portal, path, token, "5")
    assert sent.status_code == 403  # a token of another call's form
    assert book.show(call_id)["status"] == "open"


@pytest.mark.parametrize("rating", [None, "", "0", "6", "cinco", "4.5"])
def test_rating_must_be_a_whole_number_from_1_to_5(book, portal, csrf, rating):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    sent = rate(portal, path, csrf(portal.get(path).text), rating, "Bom <b>atendimento</b>")
    assert sent.status_code == 400
    assert "Escolha uma nota de 1 a 5" in sent.text
    assert "Bom &lt;b&gt;atendimento&lt;/b&gt;</textarea>" in sent.text  # kept, escaped
    assert book.show(call_id)["status"] == "resolved"


def test_strengths_and_weaknesses_are_capped_and_cleaned(book, portal, csrf):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    token = csrf(portal.get(path).text)
    sent = rate(portal, path, token, "4", "a" * 1001)
    assert sent.status_code == 400 and "pontos fortes é longo demais" in sent.text
    sent = rate(portal, path, token, "4", "ok", "b" * 1001)
    assert sent.status_code == 400 and "pontos fracos é longo demais" in sent.text
    assert rate(portal, path, token, "4", "linha 1\r\nlinha\x1b2\x00", "\t").status_code == 303
    shown = book.show(call_id)
    assert shown["strengths"] == "linha 1\nlinha 2"
    assert shown["weaknesses"] is None


def test_page_form_is_post_only_and_posting_elsewhere_is_neutral(book, portal):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    assert portal.put(path, content=b"rating=5").status_code == 404
    wrong = portal.post("/r/" + "A" * 43, data={"rating": "5", "csrf": "x"})
    assert wrong.status_code == 404 and "Link indisponível" in wrong.text


# --- safe behind a proxy --------------------------------------------------------------------


def test_every_answer_carries_the_security_headers(book, portal):
    path = book.link_path(book.open_call())
    for answer in (portal.get(path), portal.get("/r/nope"), portal.get("/static/portal.css")):
        headers = answer.headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "style-src 'self'" in csp
        assert "form-action 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "script-src" not in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
        assert "server" not in headers


def test_page_has_no_script_and_no_inline_style(book, portal):
    text = portal.get(book.link_path(book.resolved_call())).text
    lowered = text.lower()
    assert "<script" not in lowered and " style=" not in lowered and "<style" not in lowered
    assert 'href="../static/portal.css"' in text
    css = portal.get("/static/portal.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_request_bodies_are_bounded(book, portal):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    form = {"content-type": "application/x-www-form-urlencoded"}
    big = portal.post(path, content=b"rating=5&strengths=" + b"a" * 20_000, headers=form)
    assert big.status_code == 413
    assert "Pedido grande demais" in big.text

    def chunks():
        for _ in range(40):
            yield b"a" * 1000

    streamed = portal.post(path, content=chunks(), headers=form)
    assert streamed.status_code == 413
    assert book.show(call_id)["status"] == "resolved"


def test_log_lines_never_hold_the_token(book, portal, caplog, csrf):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    token = path.rsplit("/", 1)[1]
    with caplog.at_level(logging.INFO, logger="focco247.portal"):
        rate(portal, path, csrf(portal.get(path).text), "5")
        portal.get(path + "?m=closed")
        portal.get("/r/" + "Z" * 43)
    lines = [r.getMessage() for r in caplog.records]
    assert "GET /r/… 200" in lines and "POST /r/… 303" in lines and "GET /r/… 404" in lines
    assert all(token not in line and "Z" * 43 not in line for line in lines)


def test_store_trouble_is_a_plain_unavailable_page(book, portal, monkeypatch, tmp_path):
    path = book.link_path(book.open_call())
    (tmp_path / "config.toml").write_text('timezone = "Nowhere/Atlantis"\n')
    answer = portal.get(path)
    assert answer.status_code == 503
    assert "Página indisponível no momento" in answer.text
    assert html.escape("Atlantis") not in answer.text
