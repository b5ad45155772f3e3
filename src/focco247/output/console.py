"""The terminal machinery: rich on a terminal, plain text when piped or NO_COLOR."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TextIO

if TYPE_CHECKING:  # rich loads when something is drawn, never for `--help`
    from rich.console import Console

Justify = Literal["left", "center", "right"]
Tick = Callable[[int, int], None]  # progress: (done, total)

# --- the machinery -----------------------------------------------------------------------

# Control characters typed by users (ESC, the other C0 and C1 controls, DEL) and the
# direction overrides never reach a terminal raw: they are shown as `\x1b`, `\u202e`.
# A newline stays where a view shows multi-line text.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(f"{_CONTROL.pattern[:-1]}\\n]")


def _escape_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True) -> str:
    """`text` with every control character shown as an escape (`\x1b`); newlines are kept
    unless `newlines` is off. JSON never goes through here: it keeps the stored text."""
    pattern = _CONTROL if newlines else _CONTROL_OR_NEWLINE
    return pattern.sub(_escape_one, text)


class _Discard(io.TextIOBase):
    """Where --quiet sends everything a successful command would print."""

    def write(self, text: str) -> int:
        return len(text)

    def isatty(self) -> bool:
        return False


_loud: list[tuple[TextIO, TextIO]] = []  # the real stdout and stderr while --quiet is on


def set_quiet(on: bool) -> None:
    """--quiet: nothing on stdout or stderr on success; `error` still reaches stderr."""
    if on and not _loud:
        _loud.append((sys.stdout, sys.stderr))
        sys.stdout = _Discard()
        sys.stderr = _Discard()
    elif not on and _loud:
        sys.stdout, sys.stderr = _loud.pop()


def is_quiet() -> bool:
    return bool(_loud)


def _error_stream() -> TextIO:
    return _loud[0][1] if _loud else sys.stderr


def is_plain() -> bool:
    """Plain text when stdout is not a terminal or NO_COLOR is set (any value)."""
    return "NO_COLOR" in os.environ or not sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    plain = is_plain()
    return Console(
        stderr=stderr,
        no_color=plain,
        highlight=False,
        soft_wrap=False,
        emoji=False,
        force_terminal=None if plain else True,
        # Off a terminal nothing is folded or cut: scripts read whole lines.
        width=None if not plain else (PLAIN_WIDTH if not sys.stdout.isatty() else _tty_width()),
    )


# Wide enough that no table cell is ever folded when output goes to a pipe or a file.
PLAIN_WIDTH = 100_000


def _tty_width() -> int:
    return max(80, _env_columns())


def _env_columns() -> int:
    # Plain output is read in logs and mail too: 80 columns unless $COLUMNS says wider.
    try:
        return int(os.environ.get("COLUMNS", "80"))
    except ValueError:
        return 80


def _write_err(text: str, stream: TextIO | None = None) -> None:
    """Write to stderr whatever the text holds (an argument that is not UTF-8 included)."""
    out = stream or sys.stderr
    try:
        out.write(text)
    except UnicodeEncodeError:
        encoding = getattr(out, "encoding", None) or "utf-8"
        out.write(text.encode(encoding, "backslashreplace").decode(encoding))
    out.flush()


def error(message: str) -> None:
    """One clear sentence on stderr (also under --quiet)."""
    from focco247.i18n import _

    _write_err(_("Error: {message}").format(message=visible(message)) + "\n", _error_stream())


def warn(message: str) -> None:
    from focco247.i18n import _

    _write_err(_("Warning: {message}").format(message=visible(message)) + "\n")


def note(message: str) -> None:
    """A status line for people on stderr, so stdout stays clean for scripts."""
    _write_err(f"{visible(message)}\n")


def table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    justify: Mapping[str, Justify] | None = None,
    styles: Sequence[str | None] | None = None,
    caption: str | None = None,
) -> None:
    """A table: boxed and coloured on a terminal, aligned columns when plain."""
    plain = is_plain()
    title = visible(title) if title else title
    caption = visible(caption) if caption else caption
    heads = [visible(name) for name in columns]
    aligns: list[Justify] = [(justify or {}).get(name, "left") for name in columns]
    cells = [["" if cell is None else visible(str(cell)) for cell in row] for row in rows]
    if plain and not sys.stdout.isatty():
        text = plain_table(title, heads, aligns, cells, caption)
        if text is not None:
            sys.stdout.write(text)
            return
    from rich import box
    from rich.table import Table

    out = Table(
        title=title,
        box=None if plain else box.SIMPLE_HEAVY,
        show_edge=not plain,
        pad_edge=False,
        title_justify="left",
        caption=caption,
        caption_justify="left",
    )
    for name, align in zip(heads, aligns, strict=True):
        out.add_column(name, justify=align, overflow="fold")
    for index, texts in enumerate(cells):
        out.add_row(*texts, style=styles[index] if styles else None)
    console().print(out)


# What rich reads as more than plain text (markup, tabs, line breaks other than "\n"): a
# table holding any of it is left to rich. visible() has escaped most of them already.
_RICH_ONLY = re.compile("[\\[\t\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def plain_table(
    title: str | None,
    heads: Sequence[str],
    aligns: Sequence[Justify],
    cells: Sequence[Sequence[str]],
    caption: str | None,
) -> str | None:
    """The text rich prints for `table` off a terminal (no box, no padding at the edges, no
    colour, PLAIN_WIDTH wide so nothing folds), laid out without rich's layout engine, which
    costs milliseconds a table (a month's invoices are hundreds of tables). None where that
    text could differ from rich's: markup or other characters rich reads, a row wider than
    the header, an empty column, a title or caption wider than the table, a table wider than
    PLAIN_WIDTH; the caller draws those with rich."""
    from rich.cells import cell_len

    count = len(heads)
    if not count or any(len(row) > count for row in cells):
        return None
    grid = [list(heads), *([*row, *[""] * (count - len(row))] for row in cells)]
    notes = [text for text in (title, caption) if text]
    if any(_RICH_ONLY.search(text) for row in (notes, *grid) for text in row):
        return None
    split = [[text.split("\n") for text in row] for row in grid]
    inner = [max(cell_len(part) for row in split for part in row[i]) for i in range(count)]
    total = sum(inner) + 2 * (count - 1)  # a space each side of a column, none at the edges
    if 0 in inner or total > PLAIN_WIDTH:
        return None
    notes_lines = [text.split("\n") for text in notes]
    if any(cell_len(part) > total for parts in notes_lines for part in parts):
        return None
    left = [""] + [" "] * (count - 1)
    right = [" "] * (count - 1) + [""]
    blank = [left[i] + " " * inner[i] + right[i] for i in range(count)]
    out = [part + " " * (total - cell_len(part)) for part in notes_lines[0]] if title else []
    for index, row in enumerate(split):
        height = max(len(parts) for parts in row)
        if index == 0:  # the header sits on its last line, the rows on their first
            row = [[""] * (height - len(parts)) + parts for parts in row]
        for n in range(height):
            out.append(
                "".join(
                    left[i] + _justified(parts[n], inner[i], aligns[i], cell_len) + right[i]
                    if n < len(parts)
                    else blank[i]
                    for i, parts in enumerate(row)
                )
            )
    if caption:
        out.extend(part + " " * (total - cell_len(part)) for part in notes_lines[-1])
    return "\n".join(out) + "\n"


def _justified(text: str, width: int, align: Justify, cell_len: Callable[[str], int]) -> str:
    """One line of a cell `width` cells wide, as rich justifies it (right and centre drop
    trailing spaces first)."""
    if align == "left":
        return text + " " * (width - cell_len(text))
    text = text.rstrip()
    spare = width - cell_len(text)
    if align == "right":
        return " " * spare + text
    return " " * (spare // 2) + text + " " * (spare - spare // 2)


def panel(title: str, lines: Sequence[str], style: str = "cyan") -> None:
    """A titled block: a rich panel on a terminal, a heading and lines when plain."""
    title, lines = visible(title, newlines=False), [visible(text) for text in lines]
    if is_plain():
        # Plain text needs no rich at all (it is most of a short command's start-up).
        _write_plain(title)
        for text in lines:
            # Continuations stay indented under the block.
            _write_plain(text, initial="  ", subsequent="    ", fold_words=False)
        return
    from rich.panel import Panel
    from rich.text import Text

    body = Text("\n".join(lines))
    console().print(Panel(body, title=title, title_align="left", border_style=style, expand=False))


def line(text: str = "", style: str | None = None) -> None:
    text = visible(text)
    if is_plain():
        _write_plain(text)
        return
    console().print(text, style=style, markup=False)


def _write_plain(
    text: str, initial: str = "", subsequent: str = "", fold_words: bool = True
) -> None:
    """Plain lines. Off a terminal they are written whole (scripts, logs and tests read whole
    lines); on a terminal with NO_COLOR they are wrapped at its width, a word longer than a
    line folded (as rich does) unless `fold_words` is off."""
    import textwrap

    fold = sys.stdout.isatty()
    width = max(80, _env_columns())
    for part in text.split("\n") or [""]:
        if not fold or len(initial) + len(part) <= width:
            sys.stdout.write(f"{initial}{part}".rstrip() + "\n")
            continue
        wrapped = textwrap.fill(
            part,
            width=width,
            initial_indent=initial,
            subsequent_indent=subsequent,
            break_long_words=fold_words,
            break_on_hyphens=False,
        )
        sys.stdout.write(wrapped + "\n")


# --- formatting helpers ------------------------------------------------------------------


def brl(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    from focco247.domain.money import format_brl

    return format_brl(amount).replace("\xa0", " ")


def when(instant: datetime | None, tz: tzinfo) -> str:
    """An instant for people: local time in the policy zone, minutes precision, written as
    the interface language writes dates (output/dates.py)."""
    from focco247.output import dates

    return dates.when(instant, tz)


def raw(text: str) -> None:
    sys.stdout.write(text)


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def progress(label: str, enabled: bool = True) -> AbstractContextManager[Tick | None]:
    """A progress bar on a terminal; a no-op when plain. Yields a (done, total) callback."""
    if not enabled or is_plain():
        return _NoProgress()
    from contextlib import contextmanager

    from rich.progress import Progress

    @contextmanager
    def bar() -> Iterator[Tick]:
        with Progress(console=console(stderr=True), transient=True) as prog:
            task = prog.add_task(label, total=None)

            def tick(done: int, total: int) -> None:
                prog.update(task, completed=done, total=total)

            yield tick

    return bar()
