"""Data safety: online backups while the bot writes, the documented restore, migrations from every earlier
schema version with the data kept, and the bot token kept out of every log line."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.localdiscord import LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.services import Services, Store
from bot.settings import Settings
from storage.backup import PARTIAL_SUFFIX, BackupError, backup_database, remove_stale_partials
from storage.connection import SqliteConnection
from storage.database import Database
from storage.migrations import apply_migrations, available_migrations, schema_version
from storage.problems import DatabaseUnusable

pytestmark = pytest.mark.sqlite_only("SQLite's file: its backups, locks and old schema versions")

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
EPOCH_NOW = int(NOW.timestamp())
NEWEST = len(available_migrations())
# A token of the real shape (long, no spaces), so the check means what it says.
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.secret-token-value-that-must-never-be-logged-0123456789"


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(row) for row in conn.execute(sql).fetchall()]
    finally:
        conn.close()


async def test_a_backup_taken_while_writes_go_on_is_whole_and_consistent(tmp_path: Path) -> None:
    db = await Database.open(str(tmp_path / "live.db"))
    stop = asyncio.Event()
    written = 0

    async def keep_writing() -> None:
        nonlocal written
        while not stop.is_set():
            # Two rows per transaction: a backup holding an odd number caught a write half done.
            async with db.write() as conn:
                await conn.execute("INSERT INTO bot_meta (key, value) VALUES (?, 'a')", (f"{written}-a",))
                await conn.execute("INSERT INTO bot_meta (key, value) VALUES (?, 'b')", (f"{written}-b",))
            written += 1
            await asyncio.sleep(0)

    writer = asyncio.create_task(keep_writing())
    counts = []
    try:
        for index in range(5):
            target = tmp_path / f"backup-{index}.db"
            report = await asyncio.to_thread(backup_database, db.path, target)
            assert report.schema_version == NEWEST
            assert _rows(target, "PRAGMA integrity_check") == [("ok",)]
            counts.append(_rows(target, "SELECT count(*) FROM bot_meta")[0][0])
            assert stat.S_IMODE(target.stat().st_mode) == 0o600
            assert not target.with_name(target.name + "-wal").exists()
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        await writer
        await db.close()
    assert written > 0 and counts[-1] > 0, (written, counts)
    assert all(count % 2 == 0 for count in counts), counts
    assert counts == sorted(counts)


async def test_cli_backup_then_the_documented_restore_brings_the_data_back(tmp_path: Path) -> None:
    live = tmp_path / "milestone-bot.db"
    db = await Database.open(str(live))
    contracts = Services.build(Store(db, ManualClock(NOW))).contracts
    await contracts.add(1001, title="Kept", client="Dana", price="150")

    backup = tmp_path / "backups" / "nightly.db"
    environment = {**os.environ, "DATABASE_URL": str(live), "LOG_LEVEL": "WARNING"}
    environment.pop("DISCORD_TOKEN", None)
    cli = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "backup",
        str(backup),
        cwd=tmp_path,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(cli.communicate(), timeout=60)
    assert cli.returncode == 0, err.decode()
    assert "backed up" in out.decode() and str(backup) in out.decode()

    await contracts.add(1001, title="After the backup", client="Dana", price="90")
    await db.close()

    # The restore of docs/RELIABILITY.md: the bot is stopped, leftovers of the old file go, the copy comes back.
    for leftover in (live.with_name(live.name + suffix) for suffix in ("-wal", "-shm", ".guard")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(backup, live)
    restored = await Database.open(str(live))
    try:
        titles = [
            c.contract.title
            for c in await Services.build(Store(restored, ManualClock(NOW))).contracts.list_contracts(
                1001, "all"
            )
        ]
    finally:
        await restored.close()
    assert titles == ["Kept"]


def test_a_backup_of_no_database_fails_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    with pytest.raises(BackupError, match="no database"):
        backup_database(tmp_path / "missing.db", target)
    assert list(tmp_path.iterdir()) == []


async def test_a_backup_to_a_place_that_cannot_hold_it_says_why(db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be")
    with pytest.raises(BackupError, match="can't write the backup"):
        backup_database(db.path, blocker / "backup.db")


def _start_backup(live: Path, target: Path, cwd: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "DATABASE_URL": str(live), "LOG_LEVEL": "WARNING"}
    environment.pop("DISCORD_TOKEN", None)
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "backup", str(target)],
        cwd=cwd,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _partials(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(PARTIAL_SUFFIX))


async def test_a_killed_backup_leaves_no_partial_file_after_the_next_backup(tmp_path: Path) -> None:
    live = tmp_path / "milestone-bot.db"
    db = await Database.open(str(live))
    async with db.write() as conn:
        await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('kept', 'yes')")
    await db.close()
    backups = tmp_path / "backups"

    # Hold the database so the backup waits inside its copy, its partial file written, then kill it there.
    holder = sqlite3.connect(live, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    killed = _start_backup(live, backups / "monday.db", tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not (backups.is_dir() and _partials(backups)):
            assert killed.poll() is None and time.monotonic() < deadline, "the backup never started its copy"
            await asyncio.sleep(0.05)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _partials(backups) == [".monday.db" + PARTIAL_SUFFIX]

    report = await asyncio.to_thread(backup_database, live, backups / "tuesday.db")
    assert report.stale_partials_removed == 1
    assert _partials(backups) == []
    assert sorted(entry.name for entry in backups.iterdir()) == ["tuesday.db"]
    assert _rows(backups / "tuesday.db", "SELECT value FROM bot_meta WHERE key = 'kept'") == [("yes",)]


def test_a_backup_at_work_keeps_its_partial_file(tmp_path: Path) -> None:
    """Another backup's file is removed only when no process holds its lock: never one still being written."""
    partial = tmp_path / (".wednesday.db" + PARTIAL_SUFFIX)
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as the backup writing it holds it
        assert remove_stale_partials(tmp_path) == 0
        assert partial.exists()
    finally:
        os.close(fd)
    assert remove_stale_partials(tmp_path) == 1


def test_a_backup_of_a_database_without_its_schema_is_refused(tmp_path: Path) -> None:
    """What a lost -wal leaves (a header page in WAL mode, schema version 0): the backup once reported
    success for it. Now it says why it refuses, and writes nothing."""
    live = tmp_path / "milestone-bot.db"
    sqlite3.connect(live).execute("PRAGMA journal_mode = WAL").close()
    target = tmp_path / "backups" / "nightly.db"
    with pytest.raises(DatabaseUnusable, match=r"holds no schema \(version 0\)"):
        backup_database(live, target)
    assert sorted(entry.name for entry in target.parent.iterdir()) == []


# Rows as the first schema knows them; later migrations may add columns but must keep these.
FIRST_SCHEMA_ROWS: dict[str, dict[str, object]] = {
    "users": {"user_id": 1001, "timezone": "Europe/Berlin", "currency": "EUR", "created_at": EPOCH_NOW},
    "contracts": {
        "id": 7,
        "owner_id": 1001,
        "title": "Old logo",
        "client": "Dana",
        "platform": "upwork",
        "currency": "EUR",
        "price_minor": 15000,
        "review_days": 14,
        "started_at": EPOCH_NOW - 86400,
        "created_at": EPOCH_NOW - 86400,
    },
    "milestones": {
        "id": 8,
        "contract_id": 7,
        "owner_id": 1001,
        "position": 1,
        "title": "Sketches",
        "amount_minor": 5000,
        "due_at": EPOCH_NOW + 3 * 86400,
        "status": "unfunded",
        "status_changed_at": EPOCH_NOW,
        "created_at": EPOCH_NOW,
    },
    "milestone_events": {
        "id": 9,
        "milestone_id": 8,
        "owner_id": 1001,
        "kind": "created",
        "at": EPOCH_NOW,
        "amount_minor": 5000,
        "recorded_at": EPOCH_NOW,
    },
    "reminders": {
        "id": 10,
        "owner_id": 1001,
        "contract_id": 7,
        "milestone_id": 8,
        "kind": "due",
        "event_at": EPOCH_NOW + 3 * 86400,
        "due_at": EPOCH_NOW + 2 * 86400,
        "created_at": EPOCH_NOW,
    },
    "bot_meta": {"key": "commands_hash:global", "value": "abc"},
}


# Columns a later migration turned into something else (0004: the ledger, and reminders' topics and leads).
RESHAPED = {("milestones", "status"), ("milestones", "status_changed_at"), ("reminders", "kind")}


@pytest.mark.parametrize("start", range(1, NEWEST))
async def test_migrating_from_an_earlier_version_keeps_every_row(tmp_path: Path, start: int) -> None:
    path = tmp_path / f"from-v{start}.db"
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn, target=start)
        assert await schema_version(conn) == start
        for table, row in FIRST_SCHEMA_ROWS.items():
            async with conn.execute(f"SELECT * FROM {table} LIMIT 0") as cur:
                columns = {d[0] for d in cur.description}
            at_this_version = {k: v for k, v in row.items() if k in columns}  # as that version would write it
            if table == "milestones" and "changed_at" in columns:  # 0004 renamed status_changed_at
                at_this_version["changed_at"] = row["status_changed_at"]
            await conn.execute(
                f"INSERT INTO {table} ({', '.join(at_this_version)}) VALUES ({', '.join('?' * len(at_this_version))})",
                tuple(at_this_version.values()),
            )

    db = await Database.open(str(path))  # what the bot does at start: migrate to the newest
    try:
        async with db.read() as conn:
            assert isinstance(conn, SqliteConnection)
            assert await schema_version(conn.raw) == NEWEST
            for table, row in FIRST_SCHEMA_ROWS.items():
                # Every value in a column the newest schema still has is kept as it was; columns a later
                # migration reshaped (a milestone's status became its ledger and stage, a reminder's kind
                # a topic and a lead) are checked through the bot's own reading below.
                rows = [
                    dict(zip(r.keys(), r, strict=True))
                    for r in await conn.fetch_all(f"SELECT * FROM {table}")
                ]
                names = list(rows[0]) if rows else []
                kept = {k: v for k, v in row.items() if k in names and (table, k) not in RESHAPED}
                assert [{k: r[k] for k in kept} for r in rows] == [kept], table
            assert await conn.fetch_all("PRAGMA foreign_key_check") == []
        # Not only there but usable: the migrated contract opens and takes a new milestone.
        services = Services.build(Store(db, ManualClock(NOW)))
        viewed = await services.contracts.view(1001, 7)
        assert [(m.title, m.status.value) for m in viewed.contract.milestones] == [("Sketches", "unfunded")]
        added = await services.milestones.add(1001, 7, title="Final", amount="100")
        assert str(added.view.figures.agreed) == "€150.00"
    finally:
        await db.close()


class _Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextlib.contextmanager
def _all_logs() -> Iterator[_Everything]:
    """Every record from every logger, at DEBUG, with tracebacks, as a log file would hold them."""
    handler = _Everything()
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    saved = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.setLevel(saved)
        root.removeHandler(handler)


async def test_the_token_never_appears_in_the_logs(
    discord_server: LocalDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(
        discord_token=TOKEN, database_path=str(tmp_path / "e2e.db"), log_level="DEBUG", dev_guild_id=None
    )
    alice = discord_server.add_user("alice")
    with _all_logs() as logs:
        bot = MilestoneBot(settings, clock=ManualClock(follow_real_time=True))
        async with running_bot(discord_server, bot, token=settings.require_token()):
            await discord_server.command(
                alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"}
            )
            await discord_server.command(alice, "contract view", {"contract": "nothing like it"})
            await discord_server.drop_gateway()  # a reconnect logs in again
            await discord_server.command(alice, "summary", timeout=10)

            async def broken_summary(owner_id: int) -> None:
                raise RuntimeError("an unexpected error: its traceback is logged")

            monkeypatch.setattr(bot.services.contracts, "summary", broken_summary)
            apology = await discord_server.command(alice, "summary")
    text = "\n".join(logs.lines)
    assert "Reference:" in apology.text
    assert "an unexpected error: its traceback is logged" in text  # the error path was logged, in full
    assert len(logs.lines) > 20  # discord.py's debug logging was captured, not just silence
    assert TOKEN not in text
    assert TOKEN.split(".")[-1] not in text  # nor its secret part on its own
