"""Where the time of `check`, `call open` and `invoice month` goes, phase by phase.

Each sample runs in a fresh interpreter (imports are the point), on a store seeded by
bench/run.py; prints the median of each phase over --runs samples, in milliseconds.

    python bench/phases.py STORE [--runs 7] [--client CODE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

NOW = "2026-11-25T22:00:00-03:00"

PROBE = r"""
import json, sys, time
T = time.perf_counter
marks = [("start", T())]
def mark(name): marks.append((name, T()))
import typer, sqlmodel; mark("import typer + sqlmodel (the floor's imports)")
import focco247.cli; mark("import focco247.cli")
import focco247.store.models; mark("import the store models (12 SQLModel tables)")
what, code = sys.argv[1], sys.argv[2]
if what == "invoice":
    import focco247.services.invoices, focco247.commands.invoice
else:
    import focco247.services.check, focco247.services.calls, focco247.commands.check
mark("import services and command")
from focco247.commands._common import store
from focco247.output import calls as calls_out
from focco247.output import clients as clients_out
from focco247.output import jsonout
policy_started = T()
with store(write=(what == "open")) as ctx:
    mark("load policy, open the store, check its revision")
    if what == "invoice":
        from focco247.services.invoices import month_invoices
        result = month_invoices(ctx, 2026, 11)
        mark("month_invoices (queries + billing rules)")
    else:
        ctx.calendar.holiday_name(ctx.now.date()); mark("load the holiday tables")
        if what == "check":
            from focco247.services.check import check
            result = check(ctx, code, None, None)
        else:
            from focco247.services.calls import open_call
            result = open_call(ctx, code, "Bench", "bench call")
        mark("the service (queries, rules)")
mark("commit / close")
if what == "invoice":
    text = jsonout.json_text(result)
elif what == "check":
    clients_out.show_check(result)
else:
    calls_out.call_opened(result)
mark("render (rich for text; json)")
out = {name: (t - marks[i][1]) * 1000 for i, (name, t) in enumerate(marks[1:])}
print("\n" + json.dumps(out), file=sys.stderr)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--client", default=None)
    args = parser.parse_args()
    code = args.client
    if code is None:
        import sqlite3

        with sqlite3.connect(f"file:{args.store}?mode=ro", uri=True) as conn:
            (code,) = conn.execute(
                "SELECT c.code FROM client c JOIN subscription s ON s.client_id = c.id "
                "WHERE s.last_day IS NULL AND s.first_day <= ? ORDER BY c.code LIMIT 1",
                (NOW[:10],),
            ).fetchone()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = os.path.join(tmp, "open.db")  # `call open` writes: it works on a copy
        shutil.copy(args.store, scratch)
        for what in ("check", "open", "invoice"):
            store = scratch if what == "open" else args.store
            env = dict(
                os.environ,
                FOCCO247_DB=store,
                FOCCO247_NOW=NOW,
                FOCCO247_CONFIG=os.path.join(tmp, "none.toml"),
                FOCCO247_USER="bench",
                NO_COLOR="1",
            )
            samples: list[dict[str, float]] = []
            for _ in range(args.runs):
                proc = subprocess.run(
                    [sys.executable, "-c", PROBE, what, code],
                    env=env,
                    capture_output=True,
                    text=True,
                )
                if proc.returncode != 0:
                    sys.exit(proc.stderr[-800:])
                samples.append(json.loads(proc.stderr.strip().splitlines()[-1]))
            title = {"check": "check", "open": "call open", "invoice": "invoice month"}[what]
            print(f"{title} (median of {args.runs}, ms)")
            total = 0.0
            for name in samples[0]:
                value = statistics.median(s[name] for s in samples)
                total += value
                print(f"  {value:7.1f}  {name}")
            print(f"  {total:7.1f}  total (sum of medians)")


if __name__ == "__main__":
    main()
