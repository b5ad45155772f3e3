"""The requester's page through Starlette's test client, over the test's own store."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from tests.support import executable, pausing_cli


@pytest.fixture
def portal():
    with warnings.catch_warnings():
        # Starlette's TestClient announces a future move away from httpx; nothing to do here.
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

        from focco247.portal.app import create_app

        client = TestClient(create_app(), base_url="http://127.0.0.1:8247")
    with client:
        yield client


class Book:
    """Calls of client ACME in the states the page shows, and their links."""

    def __init__(self, cli) -> None:
        self.cli = cli

    def link_path(self, call_id: int) -> str:
        """The path of the call's link (`/r/<token>`), as `call link --json` gives it."""
        url = self.cli.json("call", "link", str(call_id))["url"]
        assert url.startswith("http://127.0.0.1:8247/r/")
        return url.removeprefix("http://127.0.0.1:8247")

    def open_call(self, level: int = 1, at: str = "2026-11-25 21:00", caller: str = "Maria Souza",
                  summary: str = "O ERP não emite notas fiscais") -> int:  # fmt: skip
        return self.cli.json(
            "call", "open", "ACME", "--caller", caller, "--summary", summary, "--at", at,
            "--level", str(level),
        )["id"]  # fmt: skip

    def resolved_call(self, **kwargs) -> int:
        call_id = self.open_call(**kwargs)
        self.cli.run("call", "resolve", str(call_id), "--resolution", "Certificado renovado")
        return call_id

    def show(self, call_id: int) -> dict:
        return self.cli.json("call", "show", str(call_id))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no rating form"
    return found.group(1)


@pytest.fixture
def book(cli, acme) -> Book:
    return Book(cli)


@pytest.fixture
def csrf():
    return csrf_of


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# `focco247 <args>` whose page, when it rates a call, stops inside the write transaction: the
# rating written and flushed, not yet committed (tests.support.pausing_cli).
PAUSING_CLI = pausing_cli("focco247.services.portal", "close")


class Served:
    """`focco247 portal serve` in a subprocess on a free loopback port; with `pause`, its
    rating stops before commit until the test writes `<pause>.go` (see PAUSING_CLI)."""

    def __init__(self, env: dict[str, str] | None = None, pause: Path | None = None) -> None:
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = ["portal", "serve", "--port", str(self.port)]
        command = (
            [executable(), *args]
            if pause is None
            else [sys.executable, "-c", PAUSING_CLI, str(pause), *args]
        )
        self.proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self._wait()

    def _wait(self) -> None:
        import socket
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                pytest.fail(f"portal serve ended: {self.proc.returncode} {out} {err}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        pytest.fail("portal serve never listened")

    def stop(self) -> str:
        """Stop the server; its log (stderr)."""
        import subprocess

        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err


@pytest.fixture
def serve():
    started: list[Served] = []

    def start(env: dict[str, str] | None = None, pause: Path | None = None) -> Served:
        started.append(Served(env, pause))
        return started[-1]

    yield start
    for server in started:
        if server.proc.poll() is None:
            server.stop()
