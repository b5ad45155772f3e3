"""Write the sample report (docs/sample-report.html) from a throw-away store.

Usage: python bench/sample_report.py [--story] [OUTPUT]

By default the store is the demo book: `focco247 demo seed --clients 30 --months 12` with
the clock on December 1st, 2026, 10:00 (every month up to November ended and invoiced),
then `report month 2026-11 --format html`.

With --story it instead loads the four demo clients (`focco247 demo`) and replays one
November through the attendant's own commands (open, escalate, update, log, chargeable,
resolve, close) and finance's (`invoice month --issue`), each step with its own clock
($FOCCO247_NOW), as it would have been lived; every figure of that report can be checked
by hand against the script.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent


DECEMBER_1ST = "2026-12-01 10:00"


def main(output: Path, story: bool) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        os.environ.update(
            FOCCO247_DB=str(Path(folder) / "store.db"),
            FOCCO247_CONFIG=str(Path(folder) / "config.toml"),
            FOCCO247_USER="plantao",
            NO_COLOR="1",
        )
        from focco247.cli import app

        runner = CliRunner()

        def run(now: str, *args: str, ok: tuple[int, ...] = (0,)) -> str:
            result = runner.invoke(app, list(args), env={"FOCCO247_NOW": now})
            if result.exit_code not in ok:
                raise SystemExit(
                    f"focco247 {' '.join(args)} exited {result.exit_code}: "
                    f"{result.stdout}{result.stderr}"
                )
            return result.stdout

        def open_call(now: str, code: str, caller: str, summary: str, *extra: str) -> int | None:
            out = run(
                now, "call", "open", code, "--caller", caller, "--summary", summary,
                "--at", now, *extra, "--json", ok=(0, 3),
            )  # fmt: skip
            return json.loads(out).get("id") if out.strip() else None

        def serve(call: int, start: str, end: str, spent: str, *, level3_updates=(), **close):
            for at, note in level3_updates:
                run(at, "call", "update", str(call), "--note", note, "--eta", "2h")
            run(end, "call", "log", str(call), spent, "--at", end)
            run(end, "call", "resolve", str(call), "--resolution", "Resolved", "--at", end)
            if close:
                args = ["call", "close", str(call), "--rating", str(close["rating"])]
                for key in ("strengths", "weaknesses"):
                    if close.get(key):
                        args += [f"--{key}", close[key]]
                run(end, *args)

        if not story:
            run(DECEMBER_1ST, "demo", "seed", "--clients", "30", "--months", "12")
            run(DECEMBER_1ST, "report", "month", "2026-11", "--format", "html",
                "--output", str(output))  # fmt: skip
            print(run(DECEMBER_1ST, "report", "month", "2026-11"))
            return

        run("2026-11-01 08:00", "demo")
        for name, area in [("Bruno Lima", "Fiscal"), ("Carla Souza", "Banco de dados"),
                           ("Diego Alves", "Infraestrutura")]:  # fmt: skip
            run("2026-11-01 08:00", "specialist", "add", name, "--area", area)

        c = open_call("2026-11-02 21:10", "ACME", "Paulo", "NF-e rejeitada na emissão")
        serve(c, "2026-11-02 21:10", "2026-11-02 21:35", "25m", rating=5,
              strengths="Resolveu na hora, muito claro")  # fmt: skip

        open_call("2026-11-03 10:00", "ACME", "Paulo", "Dúvida sobre relatório")  # business hours

        c = open_call("2026-11-04 23:30", "GAMA", "Renata", "Faturamento parado", "--level", "2")
        run("2026-11-04 23:40", "call", "escalate", str(c), "--to", "Bruno Lima",
            "--reason", "regra fiscal")  # fmt: skip
        serve(c, "2026-11-04 23:30", "2026-11-05 00:50", "1h10m", rating=4,
              strengths="Atendimento cordial",
              weaknesses="Demorou para chamar o especialista")  # fmt: skip

        c = open_call("2026-11-07 09:00", "BETA", "Sérgio", "Erro ao gerar boletos")
        serve(c, "2026-11-07 09:00", "2026-11-07 09:40", "40m", rating=4)

        open_call("2026-11-08 14:00", "BETA", "Sérgio", "Usuário bloqueado")  # refused

        c = open_call("2026-11-14 20:00", "ACME", "Marta", "Servidor do ERP fora do ar",
                      "--level", "3")  # fmt: skip
        run("2026-11-14 20:20", "call", "escalate", str(c), "--to", "Carla Souza",
            "--reason", "banco corrompido")  # fmt: skip
        run("2026-11-15 00:30", "call", "chargeable", str(c), "--reason",
            "o cliente alterou tabelas do sistema")  # fmt: skip
        serve(c, "2026-11-14 20:00", "2026-11-15 01:00", "4h30m",
              level3_updates=[("2026-11-14 21:00", "Restaurando o backup"),
                              ("2026-11-14 23:45", "Restauração em 80%")],
              rating=3, weaknesses="Faltou uma previsão clara no início")  # fmt: skip

        c = open_call("2026-11-16 19:30", "GAMA", "Renata", "Pedido não integra")
        serve(c, "2026-11-16 19:30", "2026-11-16 19:50", "20m", rating=5,
              strengths="Rápido")  # fmt: skip

        c = open_call("2026-11-20 10:00", "DELTA", "Jorge", "Estoque negativo", "--level", "2")
        run("2026-11-20 10:15", "call", "escalate", str(c), "--to", "Diego Alves",
            "--reason", "servidor lento")  # fmt: skip
        serve(c, "2026-11-20 10:00", "2026-11-20 11:00", "50m", rating=4,
              strengths="Atenderam em pleno feriado")  # fmt: skip

        c = open_call("2026-11-21 02:00", "DELTA", "Jorge", "Nota não autoriza")  # exceptional
        serve(c, "2026-11-21 02:00", "2026-11-21 02:30", "30m")

        open_call("2026-11-22 11:00", "DELTA", "Jorge", "Relatório em branco")  # refused
        open_call("2026-11-22 22:00", "ACME", "Paulo", "PDV da loja", "--product", "FoccoLOJAS")

        c = open_call("2026-11-23 23:00", "GAMA", "Renata", "Fechamento de caixa", "--level", "2")
        run("2026-11-23 23:10", "call", "escalate", str(c), "--to", "Bruno Lima",
            "--reason", "parametrização fiscal")  # fmt: skip
        run("2026-11-24 00:30", "call", "chargeable", str(c), "--reason",
            "parâmetro alterado pelo cliente")  # fmt: skip
        serve(c, "2026-11-23 23:00", "2026-11-24 00:40", "1h30m", rating=2,
              weaknesses="Precisamos ligar duas vezes")  # fmt: skip

        c = open_call("2026-11-24 22:00", "ACME", "Marta", "Fechamento mensal travado",
                      "--level", "3")  # fmt: skip
        run("2026-11-24 23:00", "call", "update", str(c), "--note", "Analisando o log",
            "--eta", "2026-11-25 08:00")  # fmt: skip
        open_call("2026-11-25 23:00", "BETA", "Sérgio", "Erro de conexão")  # refused

        run("2026-12-01 09:00", "invoice", "month", "2026-11", "--issue")
        run("2026-12-01 09:00", "report", "month", "2026-11", "--format", "html",
            "--output", str(output))  # fmt: skip
        print(run("2026-12-01 09:00", "report", "month", "2026-11"))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--story"]
    main(
        Path(args[0]) if args else ROOT / "docs" / "sample-report.html",
        story="--story" in sys.argv[1:],
    )
