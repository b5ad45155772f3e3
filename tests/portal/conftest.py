"""The requester's page through Starlette's test client, over the test's own store."""

from __future__ import annotations

import re
import warnings

import pytest


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
