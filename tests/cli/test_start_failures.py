"""A start that can't succeed says why in one line and exits with a code a service manager can act on:
65 (the database can't be trusted as it is) and 74 (its disk or folder refuses to write) mean "don't
restart" in deploy/milestone-bot@.service; 1 (Discord unreachable) means "try again"; 2 a setting.

Each runs the real command line in its own process. The store is checked before Discord is contacted, so
these use an address where nothing listens for Discord: a 65 or 74 proves the store was looked at first.
"""

from __future__ import annotations

import re
import shlex
import sqlite3
from pathlib import Path

import pytest
from aiohttp import web

from storage.database import Database
from storage.migrations import available_migrations
from tests.cli.helpers import (
    cli_command,
    environment,
    on_a_small_tmpfs,
    private_mount_prefix,
    run,
    unreachable_cli_command,
)

NEWEST = len(available_migrations())


async def _database(path: Path) -> Path:
    db = await Database.open(str(path))
    async with db.write() as conn:
        for n in range(100):
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES (?, ?)", (f"k{n}", "v" * 300))
    await db.close()
    return path


# A log record at INFO or DEBUG, as bot/logs.py formats it: the run's ordinary progress, not the failure.
PROGRESS = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|DEBUG) ")


def _entries(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def _one_line(stderr: str) -> str:
    """The failure: one line, apart from the log's ordinary progress lines, no warning, no traceback."""
    failure = [line for line in stderr.strip().splitlines() if not PROGRESS.match(line)]
    assert len(failure) == 1, stderr
    assert "Traceback" not in stderr
    return failure[0]


async def test_db_version_on_a_mistyped_path_exits_1_and_creates_nothing(tmp_path: Path) -> None:
    mistyped = tmp_path / "dtaa" / "milestone-bot.db"
    finished = await run(unreachable_cli_command("db", "version"), environment(mistyped), tmp_path)
    assert finished.returncode == 1
    assert "there is no database at" in _one_line(finished.stderr)
    assert _entries(tmp_path) == [], "db version created files or folders"


async def test_db_migrate_creates_and_db_version_then_reads_without_changing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "milestone-bot.db"
    made = await run(unreachable_cli_command("db", "migrate"), environment(path), tmp_path)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"{path}: schema version {NEWEST} (migrated)"

    read = await run(unreachable_cli_command("db", "version"), environment(path), tmp_path)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == f"{path}: schema version {NEWEST}"
    assert sorted(p.name for p in path.parent.iterdir()) == ["milestone-bot.db", "milestone-bot.db.guard"]


async def test_an_empty_file_is_refused_by_run_and_initialised_by_db_migrate(tmp_path: Path) -> None:
    path = tmp_path / "milestone-bot.db"
    path.touch()
    started = await run(unreachable_cli_command("run"), environment(path), tmp_path)
    assert started.returncode == 65
    assert "empty file, not a database" in _one_line(started.stderr)
    assert path.stat().st_size == 0

    made = await run(unreachable_cli_command("db", "migrate"), environment(path), tmp_path)
    assert made.returncode == 0, made.stderr
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (NEWEST,)


@pytest.mark.parametrize("damage", ["not a database", "cut short", "garbled pages", "schema version 0"])
async def test_a_store_that_cant_be_trusted_stops_the_start_with_exit_65(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "milestone-bot.db"
    if damage == "not a database":
        path.write_text("my notes\n" * 1000)
    elif damage == "schema version 0":
        sqlite3.connect(path).execute("PRAGMA journal_mode = WAL").close()
    else:
        await _database(path)
        with path.open("r+b") as file:
            if damage == "cut short":
                file.truncate(path.stat().st_size // 2)
            else:
                file.seek(4096)
                file.write(b"\x5a" * (path.stat().st_size - 4096))
    before = path.read_bytes()
    for command in ("run", "sync"):
        finished = await run(unreachable_cli_command(command), environment(path), tmp_path)
        assert finished.returncode == 65, finished.stderr
        assert str(path) in _one_line(finished.stderr)
    assert path.read_bytes() == before, "a refused database must be left as found"


@pytest.fixture
def private_mounts() -> list[str]:
    prefix = private_mount_prefix()
    if prefix is None:
        pytest.skip("this machine allows no private mount namespace (unshare) to mount a small tmpfs in")
    return prefix


async def test_a_read_only_folder_stops_the_start_with_exit_74(
    tmp_path: Path, private_mounts: list[str]
) -> None:
    """A read-only file system, for real (a tmpfs remounted read-only): file modes alone don't stop root."""
    source = await _database(tmp_path / "source.db")
    folder = tmp_path / "data"
    folder.mkdir()
    setup = f'cp {shlex.quote(str(source))} "$DIR/milestone-bot.db" && mount -o remount,ro "$DIR"'
    command = on_a_small_tmpfs(private_mounts, folder, setup, unreachable_cli_command("run"), size_kib=1024)
    finished = await run(command, environment(folder / "milestone-bot.db"), tmp_path)
    assert finished.returncode == 74, finished.stderr
    assert "read-only" in _one_line(finished.stderr)


@pytest.mark.parametrize("existing", [True, False], ids=["existing database", "new database"])
async def test_a_full_disk_stops_the_start_with_exit_74(
    tmp_path: Path, private_mounts: list[str], existing: bool
) -> None:
    """A full disk, for real: a 256 KiB tmpfs filled to the last byte (ENOSPC, as a full disk gives)."""
    folder = tmp_path / "data"
    folder.mkdir()
    copy = ""
    if existing:
        source = await _database(tmp_path / "source.db")
        copy = f'cp {shlex.quote(str(source))} "$DIR/milestone-bot.db" && '
    setup = copy + '{ dd if=/dev/zero of="$DIR/filler" bs=4k 2>/dev/null; true; }'
    command = on_a_small_tmpfs(private_mounts, folder, setup, unreachable_cli_command("run"))
    finished = await run(command, environment(folder / "milestone-bot.db"), tmp_path)
    assert finished.returncode == 74, finished.stderr
    line = _one_line(finished.stderr)
    assert "full" in line or "no room" in line or "No space" in line, line


async def test_discord_unreachable_at_start_is_one_line_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "milestone-bot.db"
    finished = await run(unreachable_cli_command("run"), environment(path), tmp_path)
    assert finished.returncode == 1
    line = _one_line(finished.stderr)
    assert line.startswith("milestone-bot: can't reach Discord: Cannot connect to host 127.0.0.1"), line
    for noise in ("PyNaCl", "davey", "voice"):
        assert noise not in finished.stderr

    debug = await run(unreachable_cli_command("run"), environment(path, LOG_LEVEL="DEBUG"), tmp_path)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "ClientConnectorError" in debug.stderr  # kept for DEBUG


async def test_a_token_discord_refuses_is_one_line_and_exit_2(tmp_path: Path) -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.Response(
            status=401, body=b'{"message": "401: Unauthorized", "code": 0}', content_type="application/json"
        )

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", refuse)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        command = cli_command(f"http://127.0.0.1:{port}/api/v10", f"ws://127.0.0.1:{port}/gateway", "run")
        finished = await run(command, environment(tmp_path / "milestone-bot.db"), tmp_path)
    finally:
        await runner.cleanup()
    assert finished.returncode == 2
    assert "Discord refused DISCORD_TOKEN" in _one_line(finished.stderr)
