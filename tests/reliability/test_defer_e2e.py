"""The defer policy end to end: a command that can't answer within Discord's 3 seconds shows "thinking…"
first, then its result, so the user never sees "The application did not respond" and always learns what was
saved. The local server enforces the 3-second window; no test here bounds how long anything takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator

import asyncpg

from bot.app import MilestoneBot
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.results import DEFERRED_CHANNEL_MESSAGE
from bot.settings import Settings
from storage.postgres import is_postgres_url

LOCK_HELD = 4.0  # seconds: past Discord's 3-second window, within SQLite's 5-second busy timeout
ANSWER_GUARD = 60.0  # a guard against a hung test, not a bound on speed


@contextlib.asynccontextmanager
async def _another_process_holds_the_write_lock(location: str, owner_id: int) -> AsyncIterator[None]:
    """SQLite: the file's write lock. PostgreSQL: the owner's write lock (each write of one person takes it)."""
    if not is_postgres_url(location):
        other = sqlite3.connect(location, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("COMMIT")
            other.close()
        return
    connection = await asyncpg.connect(location)
    try:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", owner_id)
            yield
    finally:
        await connection.close()


async def test_a_write_waiting_on_a_lock_held_past_three_seconds_defers_then_says_what_was_saved(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser, settings: Settings
) -> None:
    async with _another_process_holds_the_write_lock(settings.database_path, alice.id):
        command = asyncio.create_task(
            discord_server.command(
                alice,
                "contract add",
                {"title": "Logo", "client": "Dana", "price": "150"},
                timeout=ANSWER_GUARD,
            )
        )
        await asyncio.sleep(LOCK_HELD)
    reply = await command

    assert reply.type == DEFERRED_CHANNEL_MESSAGE  # "thinking…" within the window, not "did not respond"
    assert reply.ephemeral
    assert "Added: Logo" in reply.text and "$150.00" in reply.text
    listed = await discord_server.command(alice, "contract list")
    assert "Logo" in listed.text  # it was saved, as the answer said


async def test_a_command_known_to_be_slow_defers_at_once_and_still_delivers(
    discord_server: LocalDiscord, milestone_bot: MilestoneBot, alice: FakeUser
) -> None:
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})

    exported = await discord_server.command(alice, "privacy export", timeout=ANSWER_GUARD)

    assert exported.type == DEFERRED_CHANNEL_MESSAGE
    assert exported.message is not None and exported.message.attachments
