"""Running `python -m bot` as a user would, with no Discord token and a fixed time zone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def environment(zone: str = "UTC") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "DATABASE_URL", "COLUMNS")}
    env["TZ"] = zone
    return env


def run_bot(args: list[str], stdin: str, cwd: Path, *, zone: str = "UTC") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        cwd=cwd,
        env=environment(zone),
        capture_output=True,
        text=True,
        timeout=60,
    )


def after(output: str, line: str) -> str:
    """What was printed after the echo of `line` (and before the next typed line)."""
    rest = output.split(f"> {line}", 1)[1]
    return rest.split("\n> ", 1)[0]
