"""A DEBUG log can be shared: it tells what happened without the interaction tokens, what people typed, or
the bot's replies to them (discord.py logs gateway payloads and HTTP bodies at DEBUG, aiosqlite every
statement with its parameters; bot/logs.py redacts them)."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from pathlib import Path

import pytest

from bot.localdiscord import LocalDiscord
from tests.cli.helpers import environment, local_cli_command, start

TYPED_TITLE = "Zanzibar harbour survey 7731"
TYPED_CLIENT = "Quetzalcoatl Holdings"


async def _wait_for(condition: object, within: float) -> None:
    deadline = time.monotonic() + within
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def _read(path: Path) -> str:
    return path.read_text(errors="replace")


@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_a_debug_run_of_an_interaction_logs_neither_its_token_nor_what_was_typed(
    tmp_path: Path, log_format: str
) -> None:
    database, log = tmp_path / "bot.db", tmp_path / "bot.log"
    async with LocalDiscord() as server:
        alice = server.add_user("alice")
        process = start(
            local_cli_command(server, "run"),
            environment(database, LOG_LEVEL="DEBUG", LOG_FORMAT=log_format),
            tmp_path,
            log,
        )
        try:
            await _wait_for(lambda: server.connected or process.poll() is not None, within=60)
            assert process.poll() is None, _read(log)
            added = await server.command(
                alice, "contract add", {"title": TYPED_TITLE, "client": TYPED_CLIENT, "price": "150"}
            )
            assert TYPED_TITLE in added.text  # the reply carries it: so do the HTTP body and the SQL
            viewed = await server.command(alice, "contract view", {"contract": TYPED_TITLE})
            tokens = [added.token, viewed.token]
            process.send_signal(signal.SIGTERM)
            await _wait_for(lambda: process.poll() is not None, within=30)
        finally:
            if process.poll() is None:
                process.kill()
    text = _read(log)
    if log_format == "json":
        # One JSON object a line, for a log collector; the checks below then read the messages.
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert all({"asctime", "levelname", "name", "process", "message"} <= set(r) for r in records)
        text = "\n".join(r["message"] + "\n" + r.get("exc_info", "") for r in records)

    # It is a real DEBUG log: gateway events, HTTP requests and SQL statements are all there, in outline.
    assert "WebSocket Event: {'op': 0, 't': 'INTERACTION_CREATE'" in text
    assert "/interactions/" in text and "/<token>/callback" in text
    assert "executing execute('INSERT INTO contracts" in text or "INSERT INTO contracts" in text
    for token in tokens:
        assert token not in text
    for typed in (TYPED_TITLE, TYPED_CLIENT, "Zanzibar", "Quetzalcoatl"):
        assert typed not in text, typed
