"""A deleted or replaced write-ahead log no longer loses acknowledged changes silently.

The attack this answers: with the bot running, `<db>-wal` is deleted; SQLite keeps writing into the
unlinked file; the bot is killed; every contract since the last checkpoint is gone at the next start, and
the database is back at schema version 0, without a word. Here the real bot runs in its own process
against the local Discord server and is killed with SIGKILL, as a crash or an OOM kill would.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.localdiscord import FakeUser, LocalDiscord
from storage.database import Database
from storage.problems import DatabaseUnusable
from tests.cli.helpers import environment, local_cli_command, run
from tests.reminders import bot_process

pytestmark = pytest.mark.sqlite_only("SQLite's write-ahead log file")

# Generous bounds for a loaded machine: functional deadlines, not timing claims.
START_WITHIN = 60.0
RESCUE_WITHIN = 30.0


def _text(file: Path) -> str:
    return file.read_text()


async def _wait_for(condition: Callable[[], bool], within: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}" + (
            f"; the bot logged:\n{_text(log)}" if log else ""
        )
        await asyncio.sleep(0.05)


@pytest.fixture
async def server() -> AsyncIterator[LocalDiscord]:
    async with LocalDiscord() as local:
        yield local


class Bot:
    """The bot's process on `database`, killed at the end of the test if still alive."""

    def __init__(self, server: LocalDiscord, database: Path, log: Path) -> None:
        self.server, self.database, self.log = server, database, log
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        self.process = bot_process.start(self.server.port, str(self.database), self.log)
        process = self.process
        await _wait_for(
            lambda: self.server.connected or process.poll() is not None, START_WITHIN, "the bot to connect"
        )
        assert process.poll() is None, self.log.read_text()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    async def add_contracts(self, user: FakeUser, titles: list[str]) -> None:
        for title in titles:
            answer = await self.server.command(
                user, "contract add", {"title": title, "client": "Dana", "price": "150"}, timeout=30
            )
            assert "Added" in answer.text, answer.text


@pytest.fixture
async def bot(server: LocalDiscord, tmp_path: Path) -> AsyncIterator[Bot]:
    running = Bot(server, tmp_path / "milestone-bot.db", tmp_path / "bot.log")
    yield running
    if running.process is not None and running.process.poll() is None:
        running.kill()


async def _titles_after_restart(database: Path, owner_id: int) -> list[str]:
    db = await Database.open(str(database))  # what the next start does first
    try:
        async with db.read() as conn:
            rows = await conn.fetch_all(
                "SELECT title FROM contracts WHERE owner_id = ? ORDER BY id", (owner_id,)
            )
    finally:
        await db.close()
    return [row[0] for row in rows]


def _wal(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


async def test_a_log_deleted_while_running_loses_nothing_acknowledged_after_a_kill(
    server: LocalDiscord, bot: Bot
) -> None:
    alice = server.add_user("alice")
    await bot.start()
    before = [f"Before {n}" for n in range(5)]
    await bot.add_contracts(alice, before)

    _wal(bot.database).unlink()
    after = [f"After {n}" for n in range(5)]
    await bot.add_contracts(alice, after)  # each answer comes only once its change is in the file
    bot.kill()

    assert await _titles_after_restart(bot.database, alice.id) == before + after
    log = bot.log.read_text()
    assert "was deleted while the bot was running" in log, log


async def test_a_log_deleted_while_nothing_is_written_is_rescued_before_a_kill(
    server: LocalDiscord, bot: Bot
) -> None:
    alice = server.add_user("alice")
    await bot.start()
    titles = [f"Quiet {n}" for n in range(5)]
    await bot.add_contracts(alice, titles)

    wal = _wal(bot.database)
    wal.unlink()
    # No command comes; the watch notices, copies the changes into the file and makes a new log (which
    # may well get the old one's inode number back: only the bot's connections create a log here).
    await _wait_for(
        lambda: wal.exists() and "has a new write-ahead log" in bot.log.read_text(),
        RESCUE_WITHIN,
        "a new -wal",
        bot.log,
    )
    bot.kill()

    assert await _titles_after_restart(bot.database, alice.id) == titles


async def test_a_log_replaced_while_running_is_noticed_at_the_next_write(
    server: LocalDiscord, bot: Bot, tmp_path: Path
) -> None:
    alice = server.add_user("alice")
    await bot.start()
    await bot.add_contracts(alice, ["One"])
    wal = _wal(bot.database)
    stale = tmp_path / "stale-wal"
    shutil.copyfile(wal, stale)
    os.replace(stale, wal)  # another file at the path, as a careless restore of the folder would leave
    await bot.add_contracts(alice, ["Two"])
    bot.kill()

    assert await _titles_after_restart(bot.database, alice.id) == ["One", "Two"]
    assert "was replaced while the bot was running" in bot.log.read_text()


async def test_a_log_deleted_after_a_crash_stops_the_next_start_and_the_backup(
    server: LocalDiscord, bot: Bot, tmp_path: Path
) -> None:
    alice = server.add_user("alice")
    await bot.start()
    await bot.add_contracts(alice, [f"Kept only in the log {n}" for n in range(5)])
    bot.kill()
    _wal(bot.database).unlink()  # the changes since the last checkpoint went with it

    with pytest.raises(DatabaseUnusable, match="-wal is missing after the bot stopped without closing"):
        await Database.open(str(bot.database))

    target = tmp_path / "backups" / "nightly.db"
    backup = await run(local_cli_command(server, "backup", str(target)), environment(bot.database), tmp_path)
    assert backup.returncode == 65, backup.stderr
    assert len(backup.error_lines) == 1 and "-wal is missing" in backup.stderr, backup.stderr
    assert not target.exists()

    started = await run(local_cli_command(server, "run"), environment(bot.database), tmp_path)
    assert started.returncode == 65, started.stderr
    assert len(started.error_lines) == 1 and "-wal is missing" in started.stderr, started.stderr
    assert not server.connected


async def test_a_foreign_log_put_in_place_after_a_crash_is_refused(
    server: LocalDiscord, bot: Bot, tmp_path: Path
) -> None:
    alice = server.add_user("alice")
    await bot.start()
    await bot.add_contracts(alice, ["Mine"])
    bot.kill()

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    shutil.copyfile(_wal(other), _wal(bot.database))  # copied while `other` is still open: a valid log
    conn.close()

    with pytest.raises(DatabaseUnusable, match="is not the write-ahead log the bot was writing"):
        await Database.open(str(bot.database))
