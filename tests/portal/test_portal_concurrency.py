"""The requester's rating and the attendant's commands at the same time lose nothing.

The page runs in `focco247 portal serve` (its own process), the attendant's commands in
others, over one store: SQLite here, PostgreSQL in the FOCCO247_TEST_PG pass.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def attendant(*args: str) -> subprocess.Popen:
    from shutil import which
    from sys import executable

    exe = str(Path(executable).with_name("focco247"))
    exe = exe if Path(exe).exists() else which("focco247") or "focco247"
    return subprocess.Popen(
        [exe, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ
    )


def form_of(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_attendant_closing_while_the_requester_rates_waits_and_is_refused(book, serve, tmp_path):
    call_id = book.resolved_call()
    path = book.link_path(call_id)
    marker = tmp_path / "paused"
    server = serve(pause=marker)  # the rating stops before its commit (PAUSING_CLI)
    answers: list[httpx.Response] = []
    with httpx.Client(base_url=server.base, timeout=120) as client:
        token = form_of(client, path)

        def post() -> None:
            answers.append(
                client.post(
                    path,
                    data={"csrf": token, "rating": "5", "strengths": "Ágil"},
                    follow_redirects=True,
                )
            )

        requester = threading.Thread(target=post)
        requester.start()
        deadline = time.monotonic() + 60
        while not marker.exists():  # the rating is written, its transaction still open
            assert time.monotonic() < deadline, "the page never paused inside its rating"
            time.sleep(0.02)
        closing = attendant("call", "close", str(call_id), "--rating", "2", "--json")
        time.sleep(0.5)
        assert closing.poll() is None, "the attendant did not wait for the page's transaction"
        Path(str(marker) + ".go").write_text("")
        requester.join(timeout=120)
        out, err = closing.communicate(timeout=120)
    assert [a.status_code for a in answers] == [200]  # the redirect, followed
    assert "Obrigado" in answers[0].text
    assert closing.returncode == 1, out
    assert f"Call #{call_id} was already rated 5/5." in err
    shown = book.show(call_id)
    assert (shown["status"], shown["rating"], shown["strengths"]) == ("closed", 5, "Ágil")
    closes = [e for e in shown["events"] if e["action"] in ("closed", "rated")]
    assert [(e["action"], e["actor"]) for e in closes] == [("closed", "requester: Maria Souza")]


def test_ratings_and_attendant_changes_at_the_same_time_all_land(book, serve):
    calls = [book.resolved_call(at=f"2026-11-25 21:{m:02d}") for m in range(0, 40, 10)]
    paths = {c: book.link_path(c) for c in calls}
    server = serve()
    with httpx.Client(base_url=server.base, timeout=120) as client:
        tokens = {c: form_of(client, paths[c]) for c in calls}
        answers: dict[int, int] = {}

        def post(call_id: int) -> None:
            sent = client.post(
                paths[call_id],
                data={"csrf": tokens[call_id], "rating": str(1 + call_id % 5)},
                follow_redirects=False,
            )
            answers[call_id] = sent.status_code

        threads = [threading.Thread(target=post, args=(c,)) for c in calls]
        commands = [
            attendant("call", "chargeable", str(c), "--reason", "alteração indevida") for c in calls
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        results = [(*p.communicate(timeout=180), p.returncode) for p in commands]
    assert answers == {c: 303 for c in calls}
    assert [r[2] for r in results] == [0] * len(calls), results
    for c in calls:
        shown = book.show(c)
        assert (shown["status"], shown["rating"], shown["chargeable"]) == (
            "closed", 1 + c % 5, True,
        )  # fmt: skip
        actions = [e["action"] for e in shown["events"]]
        assert actions.count("closed") == 1 and actions.count("chargeable") == 1
    listed = {
        c["id"]: c
        for c in json.loads(attendant("call", "list", "--json").communicate()[0])["calls"]
    }
    assert all(listed[c]["rating"] == 1 + c % 5 for c in calls)
    log = server.stop()
    assert log.count("POST /r/… 303") == len(calls)
    assert not any(path.rsplit("/", 1)[1] in log for path in paths.values())
