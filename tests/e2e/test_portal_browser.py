"""The requester's page in a real browser: Debian's Chromium driven by Playwright against
`focco247 portal serve` on loopback. Open the link, read the updates, close and rate, and
find the rating with `focco247 call show --json`.

Screenshots of each state go to a temporary folder, or to $FOCCO247_SCREENSHOTS when set
(`docs/portal-screenshots.sh` regenerates docs/portal-*.png that way). Without Chromium or
Playwright the test is skipped, except on CI (CI=true), where a skip is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def executable() -> str:
    beside = Path(sys.executable).with_name("focco247")
    found = str(beside) if beside.exists() else shutil.which("focco247")
    assert found, "focco247 is not installed in this environment"
    return found


def missing_browser() -> str | None:
    """Why the browser test cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture
def browser():
    reason = missing_browser()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [executable(), "portal", "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
    )
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"portal serve ended: {proc.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert time.monotonic() < deadline, "portal serve never listened"
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("FOCCO247_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def focco247(*args: str) -> dict:
    done = subprocess.run(
        [executable(), *args], capture_output=True, text=True, env=os.environ, check=True
    )
    return json.loads(done.stdout)


def test_requester_follows_the_call_then_closes_and_rates_it_in_a_browser(
    cli, acme, browser, server, shots
):
    cli.run("specialist", "add", "Bruno Lima", "--area", "fiscal")
    cli.run("specialist", "add", "Davi Rocha", "--area", "banco de dados")
    call_id = cli.json(
        "call", "open", "ACME", "--caller", "Maria Souza", "--at", "2026-11-25 20:30",
        "--summary", "O ERP não emite notas fiscais desde as 20h", "--level", "3",
    )["id"]  # fmt: skip
    cli.run("call", "escalate", str(call_id), "--to", "Bruno Lima", "--reason", "NF-e")
    cli.run("call", "escalate", str(call_id), "--to", "Davi Rocha", "--reason", "banco")
    cli.run("call", "update", str(call_id), "--note", "Certificado digital vencido; "
            "renovação em andamento com a certificadora.", "--eta", "23:30")  # fmt: skip
    late = cli.json(
        "call", "open", "ACME", "--caller", "João Pereira", "--at", "2026-11-25 19:00",
        "--summary", "Relatório de estoque sem dados", "--level", "3",
    )["id"]  # fmt: skip
    url = focco247("call", "link", str(call_id), "--json")["url"].replace(
        "http://127.0.0.1:8247", server
    )
    late_url = focco247("call", "link", str(late), "--json")["url"].replace(
        "http://127.0.0.1:8247", server
    )

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR")
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)

    # Level 3 in progress: the updates with their ETA and when they were posted.
    page.goto(url)
    assert page.locator("h1").inner_text() == f"Ocorrência nº {call_id}"
    updates = page.locator("li.update")
    assert updates.count() == 1
    assert "Certificado digital vencido" in updates.first.inner_text()
    assert "Previsão de solução: 25/11/2026 às 23:30" in updates.first.inner_text()
    assert "Publicada em 25/11/2026 às 22:00" in updates.first.inner_text()
    assert "fiscal: Bruno Lima" in page.locator("ul.areas").inner_text()
    # The stylesheet loaded under the strict policy (the header is the brand's blue).
    header = page.locator("header.top").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(11, 95, 165)"
    assert page.locator("form").count() == 0
    page.screenshot(path=str(shots / "portal-level3.png"), full_page=True)

    page.goto(late_url)
    assert "Atualização atrasada" in page.locator("#overdue").inner_text()
    page.screenshot(path=str(shots / "portal-overdue.png"), full_page=True)

    cli.run("call", "resolve", str(call_id), "--resolution", "Certificado renovado e "
            "instalado; notas emitidas de novo.")  # fmt: skip
    page.goto(url)
    assert "Encerrar e avaliar o atendimento" in page.locator("h2").all_inner_texts()
    page.screenshot(path=str(shots / "portal-resolved.png"), full_page=True)

    page.check("input[name=rating][value='4']")
    page.fill("textarea[name=strengths]", "Retorno rápido e claro <sempre>")
    page.fill("textarea[name=weaknesses]", "A previsão inicial foi otimista")
    page.click("button[type=submit]")
    page.wait_for_url("**?m=closed")
    assert "Obrigado!" in page.locator("p.notice.ok").inner_text()
    assert page.locator("p.stars").inner_text() == "Nota 4 de 5"
    assert page.locator("form").count() == 0
    page.screenshot(path=str(shots / "portal-rated.png"), full_page=True)

    page.goto(url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB"))
    assert page.locator("h1").inner_text() == "Link indisponível"
    page.screenshot(path=str(shots / "portal-neutral.png"), full_page=True)
    context.close()

    assert blocked == []
    shown = focco247("call", "show", str(call_id), "--json")
    assert shown["status"] == "closed"
    assert (shown["rating"], shown["strengths"], shown["weaknesses"]) == (
        4, "Retorno rápido e claro <sempre>", "A previsão inicial foi otimista",
    )  # fmt: skip
    closed = [e for e in shown["events"] if e["action"] == "closed"]
    assert [e["actor"] for e in closed] == ["requester: Maria Souza"]
    for name in ("level3", "overdue", "resolved", "rated", "neutral"):
        assert (shots / f"portal-{name}.png").stat().st_size > 1000
