"""Closing the database waits for work under way and refuses new work: a command answered just before
shutdown is saved, and nothing reads a closed connection afterwards (issue 11: a listener did)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from storage.database import Database
from storage.gate import DatabaseClosed


async def test_closing_waits_for_a_write_under_way_and_refuses_what_comes_after(tmp_path: Path) -> None:
    db = await Database.open(str(tmp_path / "bot.db"), create=True)
    writing = asyncio.Event()
    finish = asyncio.Event()

    async def a_command_being_saved() -> None:
        async with db.write() as conn:
            writing.set()
            await finish.wait()
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('answered', 'yes')")

    command = asyncio.create_task(a_command_being_saved())
    await writing.wait()
    closing = asyncio.create_task(db.close())
    await asyncio.sleep(0)
    with pytest.raises(DatabaseClosed):  # new work is refused as soon as closing begins
        async with db.read():
            pass
    assert not closing.done()  # ... while the write under way is waited for
    finish.set()
    await command
    await closing

    again = await Database.open(str(tmp_path / "bot.db"))
    try:
        async with again.read() as conn:
            rows = await conn.fetch_all("SELECT value FROM bot_meta WHERE key = 'answered'")
        assert [tuple(row) for row in rows] == [("yes",)]
    finally:
        await again.close()
