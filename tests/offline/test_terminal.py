"""At a terminal with no token, `milestone-bot` opens the offline prompt at once; Tab completes commands."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.offline.helpers import environment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

PROMPT_WITHIN = 5.0  # seconds; it takes about one on a laptop, the margin is for busy CI machines


class Terminal:
    """A pseudo-terminal with `python -m bot` in it: what a person at a terminal would run."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        import pty

        env = environment() | {"TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "100"}
        self.fd, child = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args], stdin=child, stdout=child, stderr=child, cwd=cwd, env=env
        )
        os.close(child)
        self.seen = b""
        self.read_up_to = 0  # each wait looks only at what appeared after the previous one's match

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        """Waits for `text` to appear; returns everything shown since the previous wait."""
        wanted = text.encode()
        start = self.read_up_to
        deadline = time.monotonic() + timeout
        while wanted not in self.seen[start:] and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    break
        found = self.seen.find(wanted, start)
        shown = self.seen[start:].decode(errors="replace")
        assert found >= 0, f"{text!r} did not appear; the terminal shows:\n{shown[-3000:]}"
        self.read_up_to = found + len(wanted)
        return shown

    def type(self, keys: str) -> None:
        for key in keys:  # one key at a time, as typed
            os.write(self.fd, key.encode())
            time.sleep(0.01)

    def close(self) -> int:
        try:
            return self.process.wait(timeout=10)
        finally:
            os.close(self.fd)


def test_run_without_a_token_at_a_terminal_goes_offline_and_says_how_to_connect(tmp_path: Path) -> None:
    started = time.monotonic()
    terminal = Terminal(["run"], tmp_path)
    first_line = terminal.wait_for("\n").splitlines()[0]
    assert "Offline" in first_line and "DISCORD_TOKEN" in first_line
    assert "discord.com/developers/applications" in first_line
    terminal.wait_for("to leave.")
    terminal.wait_for(">")
    assert time.monotonic() - started < PROMPT_WITHIN

    terminal.type("/contract add title:Logo client:Ann price:90\r")
    terminal.wait_for("Added: Logo")
    terminal.type("/he")
    terminal.wait_for("What Milestone Bot does")  # the menu offers /help with its description
    terminal.type("\t")  # Tab takes it: the rest of the word is drawn after what was typed
    terminal.wait_for("lp")
    terminal.type("\r")
    terminal.wait_for("Start in a minute")
    terminal.type(":quit\r")
    assert terminal.close() == 0
