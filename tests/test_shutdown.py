"""SIGTERM and SIGINT stop the bot cleanly: it leaves the gateway, closes the database and exits 0."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.localdiscord import LocalDiscord

ROOT = Path(__file__).resolve().parents[1]
# The real `milestone-bot run` path (bot.cli._run with its signal handlers), pointed at the local server.
RUNNER = """
import asyncio, sys, discord, yarl
from bot.cli import _run
from bot.settings import Settings
port, path = sys.argv[1], sys.argv[2]
discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{port}/gateway")
settings = Settings(discord_token="local-bot-token", database_path=path, log_level="INFO", dev_guild_id=None)
sys.exit(asyncio.run(_run(settings)))
"""


def _closed_cleanly(database: Path) -> bool:
    """SQLite folds the write-ahead log back and removes it when the last connection closes."""
    wal = Path(f"{database}-wal")
    return not wal.exists() or wal.stat().st_size == 0


async def _wait_for(condition: Callable[[], bool], within: float) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_a_stop_signal_closes_the_bot_cleanly(tmp_path: Path, signum: signal.Signals) -> None:
    path = tmp_path / "bot.db"
    async with LocalDiscord() as server:
        alice = server.add_user("alice")
        process = subprocess.Popen(  # noqa: ASYNC220 - a child we signal, then wait for briefly
            [sys.executable, "-c", RUNNER, str(server.port), str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            await _wait_for(lambda: server.connected, within=20)
            reply = await server.command(alice, "help")
            assert "Milestone Bot" in reply.text
            process.send_signal(signum)
            await _wait_for(lambda: process.poll() is not None, within=10)
        finally:
            if process.poll() is None:
                process.kill()
        output = process.stdout.read().decode() if process.stdout else ""
        assert process.returncode == 0, output
        assert "Traceback" not in output, output
        await _wait_for(lambda: not server.connected, within=5)
    assert _closed_cleanly(path)
