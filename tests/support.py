"""Helpers that several test modules share: the installed executable, a folder's
fingerprint, the one-sentence error check, and a CLI that pauses inside a transaction."""

from __future__ import annotations

import hashlib
import shutil
import sys
import textwrap
from pathlib import Path


def executable() -> str:
    """The installed `focco247` beside this interpreter (else on PATH)."""
    beside = Path(sys.executable).with_name("focco247")
    found = str(beside) if beside.exists() else shutil.which("focco247")
    assert found, "focco247 is not installed in this environment"
    return found


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the folder with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def one_sentence(stderr: str) -> str:
    """The one non-blank line of an error, with no traceback."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def pausing_cli(module: str, function: str) -> str:
    """`python -c` source of the real CLI with `module.function` wrapped so that, once it
    has returned inside the command's transaction (its rows flushed, not yet committed), the
    process writes the marker file (argv[1]) and waits up to 120 s for `<marker>.go`; the
    rest of argv is the command. The hook lives on the test side: nothing of it ships."""
    return textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path

        import {module} as target
        from focco247.cli import main

        marker = Path(sys.argv[1])
        real = target.{function}

        def then_pause(ctx, *args, **kwargs):
            result = real(ctx, *args, **kwargs)
            ctx.session.flush()
            marker.write_text("paused")
            release = Path(f"{{marker}}.go")
            deadline = time.monotonic() + 120
            while not release.exists() and time.monotonic() < deadline:
                time.sleep(0.02)
            return result

        target.{function} = then_pause
        sys.argv = ["focco247", *sys.argv[2:]]
        main()
        """
    )
