"""SIGTERM and SIGINT stop the bot cleanly: it leaves the gateway, closes the database and exits 0, also
when Discord is away (reconnect back-off) or never answers (a login left hanging)."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.localdiscord import LocalDiscord
from tests.cli.helpers import cli_command, environment, start

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


# -- SIGTERM in the states where Discord is not there to answer --------------------------------------------

# discord.py's sharded client says "Attempting a reconnect for shard ID 0 in 7.43s".
RECONNECT = re.compile(rb"Attempting a reconnect (?:for shard ID \d+ )?in (\d+\.\d+)s")
MIN_BACK_OFF = 5.0  # seconds: a back-off long enough that "it stopped well before its end" means something
MARGIN = 2.0  # seconds before the back-off's end by which it must have exited: generous on a loaded machine


def _start_cli(api_base: str, gateway: str, database: Path, log: Path) -> subprocess.Popen[bytes]:
    return start(cli_command(api_base, gateway, "run"), environment(database), database.parent, log)


async def _stop_and_time(process: subprocess.Popen[bytes], within: float) -> float:
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    await _wait_for(lambda: process.poll() is not None, within=within)
    return time.monotonic() - signalled


async def test_sigterm_during_a_discord_outage_does_not_wait_out_the_reconnect_back_off(
    tmp_path: Path,
) -> None:
    database, log = tmp_path / "bot.db", tmp_path / "bot.log"
    server = LocalDiscord()
    await server.start()
    process = _start_cli(server.api_base, server.gateway_url, database, log)
    try:
        await _wait_for(lambda: server.connected or process.poll() is not None, within=60)
        assert process.poll() is None, log.read_text()
        await server.stop()  # Discord goes away: every reconnect is refused, and discord.py backs off

        def long_back_off() -> float | None:
            delays = [float(found) for found in RECONNECT.findall(log.read_bytes())]
            return next((delay for delay in delays if delay >= MIN_BACK_OFF), None)

        await _wait_for(lambda: long_back_off() is not None or process.poll() is not None, within=120)
        assert process.poll() is None, log.read_text()
        back_off = long_back_off()
        assert back_off is not None
        took = await _stop_and_time(process, within=back_off - MARGIN)  # well before the back-off ends
    finally:
        if process.poll() is None:
            process.kill()
        await server.stop()
    print(f"shutdown: SIGTERM during a {back_off:.2f} s reconnect back-off exited in {took:.2f} s")
    assert process.returncode == 0, log.read_text()
    assert _closed_cleanly(database)


async def test_sigterm_while_discord_never_answers_the_login_exits(tmp_path: Path) -> None:
    """Discord accepts the connection and says nothing (a black-holed network): aiohttp would wait
    minutes for the login's answer."""
    held: list[asyncio.StreamWriter] = []

    async def say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    silent = await asyncio.start_server(say_nothing, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    database, log = tmp_path / "bot.db", tmp_path / "bot.log"
    process = _start_cli(f"http://127.0.0.1:{port}/api/v10", f"ws://127.0.0.1:{port}/gateway", database, log)
    try:
        await _wait_for(lambda: bool(held) or process.poll() is not None, within=60)
        assert process.poll() is None, log.read_text()
        took = await _stop_and_time(process, within=30)
    finally:
        if process.poll() is None:
            process.kill()
        for writer in held:
            writer.close()
        silent.close()
        await silent.wait_closed()
    print(f"shutdown: SIGTERM during a login Discord never answers exited in {took:.2f} s")
    assert process.returncode == 0, log.read_text()
    assert "Traceback" not in log.read_text()
    assert _closed_cleanly(database)
