"""Benchmarks: focco247 against the floor it stands on, on a synthetic book of years of calls.

Builds two books once with `focco247 demo seed` (2,000 clients x 24 months, and the same
clients x 6 months), then measures, as medians over --runs runs, each pair side by side in
the same run (A, B, A, B, ...):

- `focco247 --help` vs `python -c "import typer"` (and on a pseudo-terminal, where the help
  is drawn with rich);
- `focco247 check` and `focco247 call open` vs bench/floor_stack.py (imports typer and
  sqlmodel, opens the same store, runs one indexed query);
- `focco247 invoice month` (draft, all clients) vs bench/floor_sql.py (the same aggregation as
  one raw SQL query through sqlite3);
- `invoice month` on 24 vs 6 months of history;
- peak memory (max RSS) of `invoice month`.

Writes bench/RESULTS.md (the figures, the targets, the machine and the date); any text after
the line `<!-- analysis -->` in that file is kept. Standard library only, plus the project.

    python bench/run.py [--clients 2000] [--months 24] [--small-months 6] [--runs 5]
                        [--workdir DIR] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pty
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
MARKER = "<!-- analysis -->"
NOW = "2026-11-25T22:00:00-03:00"  # a fixed clock: the same book and the same month
MONTH = "2026-11"
ISSUE_NOW = "2026-12-01T10:00:00-03:00"  # MONTH is over: `--issue` accepts it
SEED = 247

MEMPROBE = (
    "import resource, subprocess, sys;"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
    "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def focco247() -> list[str]:
    """The installed executable next to this interpreter, else `python -m focco247`."""
    script = Path(sys.executable).with_name("focco247")
    return [str(script)] if script.exists() else [sys.executable, "-m", "focco247"]


def environment(workdir: Path, db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    # As installed: modules compiled once (pip writes .pyc files), not on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env.update(
        FOCCO247_DB=str(db),
        FOCCO247_CONFIG=str(workdir / "no-config.toml"),  # defaults only
        FOCCO247_NOW=NOW,
        FOCCO247_USER="bench",
        NO_COLOR="1",
    )
    return env


def run_once(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if proc.returncode not in ok:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-400:]}")
    return elapsed


def run_on_pty(cmd: list[str], env: dict[str, str]) -> float:
    """Wall time of a command whose stdout is a terminal (so its output is drawn with rich)."""
    env = {k: v for k, v in env.items() if k != "NO_COLOR"}
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are the pseudo-terminal
        os.execvpe(cmd[0], cmd, env)
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    return time.perf_counter() - started


def run_measured(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)):
    """(wall seconds, max RSS in MiB, CPU seconds) of one run, its output discarded."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        return None, err.decode()[-300:], 0.0
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


@dataclass
class Measure:
    """One command on one book: the median of its runs, and its peak memory."""

    name: str
    seconds: float | None  # None: it failed
    mib: float
    runs: list[float]
    error: str = ""
    cpu: float = 0.0  # median CPU seconds (user + system): what the load on the machine hides


def measure(name: str, cmd: list[str], env: dict[str, str], runs: int, ok=(0,)) -> Measure:
    times, cpus, peak = [], [], 0.0
    for n in range(runs):  # "{run}" in an argument: a name of its own per run (handover)
        argv = [a.replace("{run}", f"{os.getpid()}-{n}") for a in cmd]
        elapsed, mib, cpu = run_measured(argv, env, ok)
        if elapsed is None:
            print(f"  {name}: FAILED {mib}", flush=True)
            return Measure(name, None, 0.0, times, str(mib))
        times.append(elapsed)
        cpus.append(cpu)
        peak = max(peak, mib)
    m = Measure(name, statistics.median(times), peak, times, cpu=statistics.median(cpus))
    print(f"  {name}: {m.seconds:.3f} s ({m.cpu:.3f} s CPU), {m.mib:.0f} MiB", flush=True)
    return m


# The commands of issue 13, each on every book: (label, argv after `focco247`, exit codes).
SCALE_COMMANDS = [
    ("call list", ["call", "list"], (0,)),
    ("shift handover", ["shift", "handover", "--to", "Bench {run}", "--json"], (0,)),
    ("report month", ["report", "month", "2026-10", "--format", "json"], (0,)),
    ("invoice month (json)", ["invoice", "month", MONTH, "--format", "json"], (0,)),
    ("invoice month (table)", ["invoice", "month", MONTH], (0,)),
    ("db check", ["db", "check"], (0,)),
    ("report year", ["report", "year", "2026", "--format", "json"], (0,)),
]
SINGLE_RUN = {"report year"}  # tens of seconds each on a shared machine: one run
# Every call of the book: work that follows the history by definition, so no growth target;
# measured once on the biggest book for its memory (it streams) and that it does not fail.
WHOLE_LIST = ("call list --json", ["call", "list", "--json"])


def scale_runs(tool: list[str], books: dict[str, dict[str, str]], runs: int):
    """Every command of SCALE_COMMANDS on every book: {book: {label: Measure}}."""
    out: dict[str, dict[str, Measure]] = {}
    for book, env in books.items():
        print(f"Book {book} ({runs} runs each)", flush=True)
        out[book] = {
            label: measure(
                f"{book} {label}", [*tool, *argv], env, 1 if label in SINGLE_RUN else runs, ok
            )
            for label, argv, ok in SCALE_COMMANDS
        }
    return out


def first_issue(tool: list[str], db: Path, workdir: Path) -> Measure:
    """`invoice month --issue` of MONTH once, on a copy of the book (issuing changes it).

    A month is issued once it is over, so the clock moves to the next month's first morning
    (ISSUE_NOW); the seeded book has issued every month before MONTH and none of MONTH, so
    this is MONTH's first issue (checked before and after)."""
    import shutil

    copy = workdir / "issue-copy.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(db, copy)
    if Path(f"{db}-wal").exists():  # what the book holds beyond its main file
        shutil.copyfile(f"{db}-wal", f"{copy}-wal")
    if issued_count(copy, MONTH):
        sys.exit(f"{db} has already issued {MONTH}: not a first issue")
    env = {**environment(workdir, copy), "FOCCO247_NOW": ISSUE_NOW}
    m = measure("invoice month --issue (first)", [*tool, "invoice", "month", MONTH, "--issue"],
                env, 1)  # fmt: skip
    if m.seconds is not None and not issued_count(copy, MONTH):
        sys.exit(f"invoice month {MONTH} --issue issued nothing")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return m


def issued_count(db: Path, month: str) -> int:
    """Live invoices of `month` in the store."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM invoice WHERE month = ? AND status = 'issued'", (month,)
        ).fetchone()
    return int(row[0])


@dataclass
class Pair:
    name: str
    tool: float
    floor: float
    tool_runs: list[float]
    floor_runs: list[float]

    @property
    def ratio(self) -> float:
        return self.tool / self.floor


def side_by_side(name: str, tool, floor, runs: int) -> Pair:
    """Medians of `runs` alternating runs, after one discarded warm-up run of each."""
    tool(), floor()
    a, b = [], []
    for _ in range(runs):
        a.append(tool())
        b.append(floor())
    pair = Pair(name, statistics.median(a), statistics.median(b), a, b)
    print(f"  {name}: {pair.tool:.3f} s vs {pair.floor:.3f} s = {pair.ratio:.2f}x", flush=True)
    return pair


def seed(workdir: Path, clients: int, months: int, reuse: bool) -> tuple[Path, float, dict]:
    db = workdir / f"book-{clients}x{months}.db"
    meta = db.with_suffix(".json")
    if reuse and db.exists() and meta.exists():
        info = json.loads(meta.read_text())
        print(f"  reusing {db} (seeded in {info['seconds']:.1f} s)", flush=True)
        # A book seeded by an older revision is brought to this code's (indexes included).
        upgrade = [*focco247(), "db", "upgrade"]
        subprocess.run(upgrade, env=environment(workdir, db), check=True, capture_output=True)
        return db, info["seconds"], info["book"]
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), meta):
        path.unlink(missing_ok=True)
    cmd = [*focco247(), "demo", "seed", "--clients", str(clients), "--months", str(months)]
    started = time.perf_counter()
    proc = subprocess.run(
        [*cmd, "--seed", str(SEED), "--json"],
        env=environment(workdir, db),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"seeding failed: {proc.stderr[-600:]}")
    book = json.loads(proc.stdout)
    meta.write_text(json.dumps({"seconds": seconds, "book": book}))
    print(f"  seeded {clients} x {months} months: {book['calls']:,} calls in {seconds:.1f} s")
    return db, seconds, book


def subscribed_client(db: Path) -> str:
    """A client with the add-on in force today: its check is `covered`, its call opens."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT c.code FROM client c JOIN subscription s ON s.client_id = c.id "
            "WHERE s.last_day IS NULL AND s.first_day <= ? ORDER BY c.code LIMIT 1",
            (NOW[:10],),
        ).fetchone()
    return row[0]


def peak_memory(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Max RSS (MiB) of the command, each run measured in a fresh parent process."""
    out = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", MEMPROBE, *cmd], env=env, capture_output=True, text=True
        )
        code, kib = proc.stdout.split()
        if code != "0":
            sys.exit(f"{' '.join(cmd)} exited {code}")
        out.append(int(kib) / 1024)
    return out


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return [
        f"- CPU: {model}; nproc {os.cpu_count()}",
        f"- Memory: {memory}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}",
    ]


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--small-months", type=int, default=6)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/focco247-bench"))
    parser.add_argument("--reuse", action="store_true", help="reuse books already seeded")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--huge-clients",
        type=int,
        default=0,
        help="also a book of this many clients x --months for the scaling table (0: none)",
    )
    args = parser.parse_args()
    if args.runs < 3:
        sys.exit("--runs must be at least 3 (figures are medians of at least 3 runs)")
    args.workdir.mkdir(parents=True, exist_ok=True)
    started_at = datetime.now(UTC)
    load_before = load()
    tool = focco247()
    py = sys.executable

    print("Seeding the books", flush=True)
    big, seed_seconds, big_book = seed(args.workdir, args.clients, args.months, args.reuse)
    small, _, small_book = seed(args.workdir, args.clients, args.small_months, args.reuse)
    env = environment(args.workdir, big)
    small_env = environment(args.workdir, small)
    code = subscribed_client(big)

    def cmd(argv, e=env, ok=(0,)):
        return lambda: run_once(argv, e, ok)

    floor_stack = [py, str(HERE / "floor_stack.py"), str(big), code]
    floor_sqlite3 = [py, str(HERE / "floor_sqlite3.py"), str(big), code, NOW]
    floor_sql = [py, str(HERE / "floor_sql.py"), str(big), MONTH]
    invoice = [*tool, "invoice", "month", MONTH, "--format", "json"]

    # The floor must compute the same thing: the same invoices and the same total.
    drafted = json.loads(subprocess.run(invoice, env=env, capture_output=True).stdout)
    floor_out = subprocess.run(floor_sql, capture_output=True, text=True).stdout.split()
    same = (len(drafted["invoices"]), drafted["total"]) == (
        int(floor_out[-3]),
        f"{float(floor_out[-1]):.2f}",
    )
    print(
        f"  draft {MONTH}: {len(drafted['invoices'])} invoices, total {drafted['total']}; "
        f"floor_sql agrees: {same}",
        flush=True,
    )
    if not same:
        sys.exit(f"floor_sql.py does not compute the same drafts: {floor_out[-4:]}")

    print(f"Measuring ({args.runs} runs each, medians)", flush=True)
    pairs: dict[str, Pair] = {}
    pairs["help"] = side_by_side(
        "--help (piped)", cmd([*tool, "--help"]), cmd([py, "-c", "import typer"]), args.runs
    )
    pairs["help_tty"] = side_by_side(
        "--help (terminal)",
        lambda: run_on_pty([*tool, "--help"], env),
        lambda: run_on_pty([py, "-c", "import typer"], env),
        args.runs,
    )
    pairs["check"] = side_by_side("check", cmd([*tool, "check", code]), cmd(floor_stack), args.runs)
    checked = json.loads(
        subprocess.run([*tool, "check", code, "--json"], env=env, capture_output=True).stdout
    )
    floor_says = subprocess.run(floor_sqlite3, capture_output=True, text=True).stdout.strip()
    # The same verdict (the JSON's reason is in the documents' language, the floor's in the
    # interface's).
    if floor_says.split()[0] != checked["verdict"]:
        sys.exit(f"floor_sqlite3.py does not judge as `check` does: {floor_says!r}")
    pairs["check_sqlite3"] = side_by_side(
        "check vs floor_sqlite3", cmd([*tool, "check", code]), cmd(floor_sqlite3), args.runs
    )
    pairs["invoice"] = side_by_side("invoice month", cmd(invoice), cmd(floor_sql), args.runs)
    pairs["growth"] = side_by_side(
        f"invoice month {args.months} vs {args.small_months} months",
        cmd(invoice),
        cmd(invoice, small_env),
        args.runs,
    )
    memory = peak_memory(invoice, env, args.runs)
    print(f"  invoice month peak memory: {max(memory):.1f} MiB", flush=True)

    # `call open` writes: measured last, on the big book, so the other figures see it as seeded.
    has_call_open = (
        subprocess.run([*tool, "call", "open", "--help"], env=env, capture_output=True).returncode
        == 0
    )
    if has_call_open:
        opener = [*tool, "call", "open", code, "--caller", "Bench", "--summary", "bench call"]
        pairs["call_open"] = side_by_side(
            "call open", cmd(opener, ok=(0, 3)), cmd(floor_stack), args.runs
        )
        pairs["call_open_sqlite3"] = side_by_side(
            "call open vs floor_sqlite3", cmd(opener, ok=(0, 3)), cmd(floor_sqlite3), args.runs
        )
    books = {f"{args.clients}x{args.small_months}": small_env, f"{args.clients}x{args.months}": env}
    if args.huge_clients:
        huge, _, _ = seed(args.workdir, args.huge_clients, args.months, args.reuse)
        books[f"{args.huge_clients}x{args.months}"] = environment(args.workdir, huge)
    scale = scale_runs(tool, books, args.runs)
    issue = first_issue(tool, big, args.workdir)
    biggest = list(books)[-1]
    whole = measure(f"{biggest} {WHOLE_LIST[0]}", [*tool, *WHOLE_LIST[1]], books[biggest], 1)
    load_after = load()
    write_results(
        args,
        drafted,
        started_at,
        (load_before, load_after),
        seed_seconds,
        big_book,
        small_book,
        pairs,
        memory,
        has_call_open,
        scale,
        issue,
        whole,
    )
    print(f"Wrote {args.output}")


ABSOLUTE = {  # issue 13, on the 2,000 x 24 book: seconds
    "call list": 0.6,
    "shift handover": 1.5,
    "report month": 1.5,
    "report year": 3.0,
    "invoice month (json)": 1.5,
    "invoice month (table)": 1.5,
    "db check": 4.0,
}
PEAK_MIB = 250


def fmt_s(m: Measure) -> str:
    return "fails" if m.seconds is None else f"{m.seconds:.3f} s ({m.cpu:.3f} s CPU)"


def issue13_rows(args, pairs, scale, issue) -> list[tuple[str, ...]]:
    """Every target of issue 13: (measure, value, floor, ratio, target, verdict)."""
    small, big = f"{args.clients}x{args.small_months}", f"{args.clients}x{args.months}"
    rows: list[tuple[str, ...]] = []
    for label, _, _ in SCALE_COMMANDS:
        b, sm = scale[big][label], scale[small][label]
        if label in ABSOLUTE:
            limit = ABSOLUTE[label]
            by_cpu = " (met by CPU time)" if b.seconds is not None and b.cpu < limit else ""
            met = b.seconds is not None and b.seconds < limit
            rows.append((f"`{label}` on {big}", fmt_s(b), "", "", f"< {limit} s",
                         verdict(met) + ("" if met else by_cpu)))  # fmt: skip
        ok = b.seconds is not None and sm.seconds is not None
        ratio = b.seconds / sm.seconds if ok else None  # type: ignore[operator]
        rows.append((f"`{label}`: {big} vs {small}", fmt_s(b), fmt_s(sm),
                     f"{ratio:.2f}x" if ratio else "-", "<= 1.2x",
                     verdict(ratio is not None and ratio <= 1.2)))  # fmt: skip
        for book, measures in scale.items():
            m = measures[label]
            fits = m.seconds is not None and m.mib < PEAK_MIB
            rows.append((f"`{label}` peak memory on {book}", f"{m.mib:.0f} MiB", "", "",
                         f"< {PEAK_MIB} MiB", verdict(fits)))  # fmt: skip
        huge = [book for book in scale if book not in (small, big)]
        for book in huge:
            h = scale[book][label]
            work = int(book.split("x")[0]) / args.clients
            ok = h.seconds is not None and b.seconds is not None
            ratio = h.seconds / b.seconds if ok else None  # type: ignore[operator]
            rows.append((f"`{label}`: {book} vs {big}", fmt_s(h), fmt_s(b),
                         f"{ratio:.2f}x" if ratio else "-", f"<= {work:.1f}x (the month's work)",
                         verdict(ratio is not None and ratio <= work)))  # fmt: skip
    quick = issue.seconds is not None and issue.seconds < 1.5
    by_cpu = " (met by CPU time)" if issue.seconds is not None and issue.cpu < 1.5 else ""
    rows.append((f"`invoice month --issue`, first run, on {big} (1 run, on a copy)", fmt_s(issue),
                 "", "", "< 1.5 s", verdict(quick) + ("" if quick else by_cpu)))  # fmt: skip
    for key, label in (("check_sqlite3", "check"), ("call_open_sqlite3", "call open")):
        if key in pairs:
            c = pairs[key]
            rows.append((f"`{label}` on {big} vs floor_sqlite3.py", f"{c.tool:.3f} s",
                         f"{c.floor:.3f} s", f"{c.ratio:.2f}x", "<= 0.2 s and <= 2.6x",
                         verdict(c.tool <= 0.2 and c.ratio <= 2.6)))  # fmt: skip
    return rows


def write_results(
    args,
    drafted,
    started_at,
    loads,
    seed_seconds,
    big_book,
    small_book,
    pairs,
    memory,
    has_call_open,
    scale,
    issue,
    whole,
) -> None:
    p = pairs
    rows = [
        ("Seed 2,000 clients x 24 months (`demo seed`)" if args.clients == 2000 else
         f"Seed {args.clients} clients x {args.months} months",
         f"{seed_seconds:.1f} s", "", "", "< 120 s", verdict(seed_seconds < 120)),
        ("`--help` (piped) vs `python -c \"import typer\"`", f"{p['help'].tool:.3f} s",
         f"{p['help'].floor:.3f} s", f"{p['help'].ratio:.2f}x", "<= 1.5x",
         verdict(p["help"].ratio <= 1.5)),
        ("`--help` (terminal, rich) vs `import typer`", f"{p['help_tty'].tool:.3f} s",
         f"{p['help_tty'].floor:.3f} s", f"{p['help_tty'].ratio:.2f}x", "<= 1.5x",
         verdict(p["help_tty"].ratio <= 1.5)),
        ("`check` vs floor_stack.py", f"{p['check'].tool:.3f} s", f"{p['check'].floor:.3f} s",
         f"{p['check'].ratio:.2f}x", "<= 1.2x", verdict(p["check"].ratio <= 1.2)),
    ]  # fmt: skip
    if has_call_open:
        c = p["call_open"]
        rows.append(
            ("`call open` vs floor_stack.py", f"{c.tool:.3f} s", f"{c.floor:.3f} s",
             f"{c.ratio:.2f}x", "<= 1.2x", verdict(c.ratio <= 1.2))
        )  # fmt: skip
    else:
        rows.append(("`call open` vs floor_stack.py", "pending", "", "", "<= 1.2x", "pending"))
    i, g = p["invoice"], p["growth"]
    rows += [
        ("`invoice month` (draft, all clients) vs floor_sql.py", f"{i.tool:.3f} s",
         f"{i.floor:.3f} s", f"{i.ratio:.2f}x", "<= 3x", verdict(i.ratio <= 3)),
        ("`invoice month` (draft, all clients), absolute", f"{i.tool:.3f} s", "", "", "< 2 s",
         verdict(i.tool < 2)),
        (f"`invoice month`: {args.months} vs {args.small_months} months of history",
         f"{g.tool:.3f} s", f"{g.floor:.3f} s", f"{g.ratio:.2f}x", "<= 1.2x",
         verdict(g.ratio <= 1.2)),
        ("`invoice month` peak memory (max RSS, max of runs)", f"{max(memory):.1f} MiB", "", "",
         "<= 200 MiB", verdict(max(memory) <= 200)),
    ]  # fmt: skip
    targets = issue13_rows(args, pairs, scale, issue)
    streamed = whole.seconds is not None and whole.mib < PEAK_MIB
    targets.append((f"`{whole.name}` (1 run; every call, streamed)", fmt_s(whole), "", "",
                    "does not fail", verdict(whole.seconds is not None)))  # fmt: skip
    targets.append((f"`{whole.name}` peak memory", f"{whole.mib:.0f} MiB", "", "",
                    f"< {PEAK_MIB} MiB", verdict(streamed)))  # fmt: skip
    print("Targets of issue 13:")
    for row in targets:
        print(f"  {'PASS' if row[-1].startswith('met') else 'MISS'}  {row[0]}: {row[1]}"
              + (f" vs {row[2]} = {row[3]}" if row[2] else "") + f" (target {row[4]})")  # fmt: skip
    books = list(scale)
    scaling = [
        "| command | " + " | ".join(books) + " |",
        "|---|" + "---:|" * len(books),
        *(
            f"| `{label}` | "
            + " | ".join(f"{fmt_s(scale[b][label])}, {scale[b][label].mib:.0f} MiB" for b in books)
            + " |"
            for label, _, _ in SCALE_COMMANDS
        ),
    ]
    lines = [
        "# Benchmarks",
        "",
        f"Run on {started_at:%Y-%m-%d %H:%M} UTC with `python bench/run.py "
        f"--clients {args.clients} --months {args.months} --small-months {args.small_months} "
        f"--runs {args.runs}` at commit {commit()}; every figure below comes from that one run.",
        "",
        "Machine:",
        "",
        *machine(),
        f"- Load average (1, 5, 15 min) before: {loads[0]}; after: {loads[1]}",
        "",
        "Times are wall-clock medians of "
        f"{args.runs} runs; each pair ran alternately (tool, floor, tool, floor, ...) after "
        "one discarded warm-up of each, so both sides saw the same machine.",
        "",
        "| Measure | focco247 | Floor | Ratio | Target | |",
        "|---|---:|---:|---:|---:|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
        "## Issue 13: a real book at full size",
        "",
        f"Medians of {args.runs} runs, each with its CPU time (user + system): wall times carry "
        "whatever else ran on the machine (see the load averages above), CPU times much less.",
        "",
        "| Measure | focco247 | Floor / other book | Ratio | Target | |",
        "|---|---:|---:|---:|---:|---|",
        *(f"| {' | '.join(row)} |" for row in targets),
        "",
        "Scaling (median wall time, peak memory; `report year` one run):",
        "",
        *scaling,
        "",
        *(
            f"- {m.name}: {', '.join(f'{t:.3f}' for t in m.runs)}"
            + (f" (failed: {m.error})" if m.error else "")
            for measures in scale.values()
            for m in measures.values()
        ),
        "",
        f"The books (`focco247 demo seed --seed 247`, clock {NOW}):",
        "",
        "| | Big book | Small book |",
        "|---|---:|---:|",
        f"| months | {big_book['months']} | {small_book['months']} |",
        f"| clients (with the add-on now) | {big_book['clients']:,} ({big_book['subscribed']:,})"
        f" | {small_book['clients']:,} ({small_book['subscribed']:,}) |",
        f"| calls | {big_book['calls']:,} | {small_book['calls']:,} |",
        f"| time entries | {big_book['time_entries']:,} | {small_book['time_entries']:,} |",
        f"| invoices issued | {big_book['invoices']:,} | {small_book['invoices']:,} |",
        "",
        f"The draft measured: {MONTH}, {len(drafted['invoices']):,} invoices, total R$ "
        f"{drafted['total']}; floor_sql.py computes the same invoices and total (checked).",
        "",
        "Raw runs (seconds):",
        "",
        *(
            f"- {pair.name}: focco247 {', '.join(f'{t:.3f}' for t in pair.tool_runs)}; "
            f"floor {', '.join(f'{t:.3f}' for t in pair.floor_runs)}"
            for pair in pairs.values()
        ),
        f"- invoice month peak memory (MiB): {', '.join(f'{m:.1f}' for m in memory)}",
        "",
    ]
    kept = ""
    if args.output.exists():
        text = args.output.read_text(encoding="utf-8")
        if MARKER in text:
            kept = text[text.index(MARKER) :]
    args.output.write_text("\n".join(lines) + "\n" + (kept or MARKER + "\n"), encoding="utf-8")


if __name__ == "__main__":
    main()
