"""The installed executable speaks Portuguese with LANG=pt_BR.UTF-8 and English with LANG=C,
and its JSON is the same bytes in both (SPEC §3, §5; issue 14)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.support import executable

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]

VERDICTS = [
    (("check", "ACME"), 0, "COBERTO", "COVERED"),
    (("check", "ACME", "--at", "24/11/2026 10:00"), 3, "HORÁRIO COMERCIAL", "BUSINESS HOURS"),
    (("check", "ACME", "--product", "FoccoLOJAS"), 3, "RECUSADO", "REFUSED"),
    (("check", "BETA", "--at", "10/05/2012 22:00"), 0, "CARÊNCIA", "GRACE"),
    (("check", "BETA"), 0, "EXCEPCIONAL", "EXCEPTIONAL"),
]


class Tool:
    def __init__(self, tmp_path: Path, store: str) -> None:
        self.env = {
            **os.environ,
            "FOCCO247_DB": str(tmp_path / store),
            "FOCCO247_CONFIG": str(tmp_path / "config.toml"),
            "FOCCO247_CACHE": str(tmp_path / "cache"),
            "FOCCO247_NOW": "2026-11-25T22:00:00-03:00",
            "FOCCO247_USER": "carla",
        }
        for name in ("FOCCO247_LANG", "LC_ALL", "LC_MESSAGES"):
            self.env.pop(name, None)

    def run(self, *args: str, lang: str = "C", code: int = 0) -> str:
        done = subprocess.run(
            [executable(), *args],
            capture_output=True,
            text=True,
            env={**self.env, "LANG": lang},
            timeout=60,
        )
        assert done.returncode == code, (args, lang, done.returncode, done.stdout, done.stderr)
        return done.stdout


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Tool, Tool]:
    """The same book in two stores: one read in Portuguese, one in English."""
    tool = Tool(tmp_path, "pt.db")
    for args in (
        ("db", "init"),
        ("client", "add", "ACME", "--name", "Acme Metalúrgica", "--state", "RS"),
        ("contract", "glt", "ACME", "--monthly", "5.000,00", "--hourly-rate", "180",
         "--since", "01/01/2025"),
        ("contract", "subscribe", "ACME", "--since", "01/06/2025"),
        ("client", "add", "BETA", "--name", "Beta Plásticos", "--state", "SC"),
        ("contract", "glt", "BETA", "--monthly", "3200", "--hourly-rate", "150",
         "--since", "01/01/2011"),
        ("shift", "start", "Carla"),
        ("call", "open", "ACME", "--caller", "Ana", "--summary", "NF-e rejeitada",
         "--level", "3", "--at", "25/11/2026 21:00"),
        ("call", "log", "1", "1h30", "--note", "série da NF-e"),
    ):  # fmt: skip
        tool.run(*args)
    shutil.copy(tmp_path / "pt.db", tmp_path / "c.db")
    return tool, Tool(tmp_path, "c.db")


def test_the_executable_speaks_the_interface_language(stores: tuple[Tool, Tool]) -> None:
    pt, c = stores
    assert "Comandos do atendente" in pt.run("--help", lang="pt_BR.UTF-8")
    assert "Attendant commands" in c.run("--help")
    for args, code, portuguese, english in VERDICTS:
        assert portuguese in pt.run(*args, lang="pt_BR.UTF-8", code=code), args
        assert english in c.run(*args, code=code), args
    assert "Solicitante: Ana" in pt.run("call", "show", "1", lang="pt_BR.UTF-8")
    assert "Caller:   Ana" in c.run("call", "show", "1")
    assert "Passagem de plantão de Carla para Diego" in pt.run(
        "shift", "handover", "--to", "Diego", lang="pt_BR.UTF-8"
    )
    assert "Handover from Carla to Diego" in c.run("shift", "handover", "--to", "Diego")
    table = pt.run("invoice", "month", "11/2026", lang="pt_BR.UTF-8")
    assert "rascunho (nada foi emitido)" in table and "Adicional 24|7 11/2026" in table
    assert "draft (nothing was issued)" in c.run("invoice", "month", "2026-11")
    csv_pt = pt.run("invoice", "month", "11/2026", "--format", "csv", lang="pt_BR.UTF-8")
    assert csv_pt == c.run("invoice", "month", "2026-11", "--format", "csv")
    assert "Adicional 24|7 11/2026" in csv_pt
    page = pt.run("report", "month", "11/2026", "--format", "html", lang="pt_BR.UTF-8")
    assert '<html lang="pt-BR">' in page and "Relatório 24|7 11/2026" in page
    assert "Relatório 24|7 11/2026" in c.run("report", "month", "2026-11", "--format", "html")


def test_the_executable_prints_the_same_json_in_every_language(
    stores: tuple[Tool, Tool],
) -> None:
    pt, c = stores
    runs = [(args, code) for args, code, _, _ in VERDICTS]
    runs += [(("call", "show", "1"), 0), (("invoice", "month", "2026-11"), 0)]
    runs += [(("shift", "handover", "--to", "Diego"), 0)]
    for args, code in runs:
        portuguese = pt.run(*args, "--json", lang="pt_BR.UTF-8", code=code)
        english = c.run(*args, "--json", code=code)
        assert portuguese == english, args
