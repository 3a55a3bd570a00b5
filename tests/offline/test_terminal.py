"""At a terminal with no token, `milestone-bot` opens the offline prompt at once; Tab completes commands;
what you type is on screen, and in the scrollback, once."""

from __future__ import annotations

import os
import select
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.offline.helpers import environment

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


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
    terminal = Terminal(["run"], tmp_path)
    first_line = terminal.wait_for("\n").splitlines()[0]
    assert "Offline" in first_line and "DISCORD_TOKEN" in first_line
    assert "discord.com/developers/applications" in first_line
    terminal.wait_for("to leave.")
    terminal.wait_for(">")

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


class Tmux:
    """`python -m bot` in a tmux pane on a tmux server of its own: a real terminal emulator, with the
    scrollback a person scrolls back through."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.server = ["tmux", "-L", f"milestone-bot-test-{os.getpid()}", "-f", "/dev/null"]
        command = shlex.join([sys.executable, "-m", "bot", *args])
        self._tmux("new-session", "-d", "-x", "100", "-y", "30", "-c", str(cwd), command)
        # The default since tmux 3.3, said here so an older default does not hide the problem.
        subprocess.run([*self.server, "set-option", "-g", "scroll-on-clear", "on"], capture_output=True)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            [*self.server, *args], env=environment(), capture_output=True, text=True, check=True, timeout=10
        )
        return done.stdout

    def scrollback(self) -> str:
        """Everything the pane has shown: the lines scrolled away, then the screen."""
        return self._tmux("capture-pane", "-p", "-S", "-")

    def wait_for(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.scrollback() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert text in self.scrollback(), f"{text!r} did not appear; the pane shows:\n{self.scrollback()}"

    def wait_for_answer(self, typed: str, timeout: float = 10.0) -> None:
        """Waits until `typed` was run and the bot's answer is drawn, with the prompt ready below it."""

        def answered() -> bool:
            shown = self.scrollback()
            lines = [line.rstrip() for line in shown.split(f"> {typed}", 1)[-1].splitlines() if line.strip()]
            return f"> {typed}" in shown and len(lines) > 1 and lines[-1] == ">"

        deadline = time.monotonic() + timeout
        while not answered() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert answered(), f"no answer to {typed!r}; the pane shows:\n{self.scrollback()}"

    def type(self, text: str) -> None:
        for key in text:  # one key at a time, so the prompt redraws after each as it does for a person
            self._tmux("send-keys", "-l", key)
        self._tmux("send-keys", "Enter")

    def press(self, key: str) -> None:
        self._tmux("send-keys", key)

    def close(self) -> None:
        subprocess.run([*self.server, "kill-server"], capture_output=True, timeout=10)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (apt-get install tmux)")
def test_a_typed_command_appears_once_even_at_the_top_of_a_cleared_screen(tmp_path: Path) -> None:
    pane = Tmux(["try"], tmp_path)
    try:
        pane.wait_for("to leave.")
        pane.type("/contract add title:Logo client:Ann price:90")
        pane.wait_for_answer("/contract add title:Logo client:Ann price:90")
        # Ctrl-L clears the screen and puts the prompt in its top-left corner, where a redraw that erased
        # from there used to make tmux copy the screen, typed line and all, into the scrollback.
        pane.press("C-l")
        pane.type("/contract view contract:Logo")
        pane.wait_for_answer("/contract view contract:Logo")
        pane.type(":now")
        pane.wait_for("The bot's clock")

        typed = [line.rstrip() for line in pane.scrollback().splitlines() if line.startswith("> ")]
        assert typed == [
            "> /contract add title:Logo client:Ann price:90",
            "> /contract view contract:Logo",
            "> :now",
        ]
    finally:
        pane.close()
