"""Opening refuses a store that can't be trusted, in one line, and makes a new one only when asked; the
files are private; deleted data is overwritten and can be checkpointed out of the log."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from storage.database import Database
from storage.migrations import available_migrations
from storage.problems import DatabaseMissing, DatabaseUnusable

pytestmark = pytest.mark.sqlite_only("the guards around SQLite's file and its write-ahead log")

NEWEST = len(available_migrations())


def _sqlite(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(row) for row in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def _entries(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def _bytes(file: Path) -> bytes:
    return file.read_bytes()


async def _filled(path: Path, rows: int = 200) -> None:
    """A database of several pages, closed cleanly (everything in the file, no -wal left)."""
    db = await Database.open(str(path))
    async with db.write() as conn:
        for n in range(rows):
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES (?, ?)", (f"k{n}", "v" * 200))
    await db.close()


async def test_a_mistyped_path_is_refused_and_nothing_is_created_unless_creating(tmp_path: Path) -> None:
    path = tmp_path / "dtaa" / "milestone-bot.db"
    with pytest.raises(DatabaseMissing, match="there is no database at"):
        await Database.open(str(path), create=False)
    assert _entries(tmp_path) == []

    db = await Database.open(str(path))  # what `run` and `db migrate` do: a first start makes it
    await db.close()
    assert _sqlite(path, "PRAGMA user_version") == [(NEWEST,)]
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not list(path.parent.glob(".*.new*")), "the temporary file of the creation is left behind"


async def test_an_empty_file_is_refused_unless_asked_to_initialise_it(tmp_path: Path) -> None:
    path = tmp_path / "milestone-bot.db"
    path.touch()
    with pytest.raises(DatabaseUnusable, match=r"empty file, not a database.*db migrate"):
        await Database.open(str(path))
    assert path.stat().st_size == 0

    db = await Database.open(str(path), initialise=True)  # `db migrate`
    await db.close()
    assert _sqlite(path, "PRAGMA user_version") == [(NEWEST,)]


async def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(DatabaseUnusable, match="is not an SQLite database") as refused:
        await Database.open(str(path))
    assert "\n" not in str(refused.value)


async def test_a_database_cut_short_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "milestone-bot.db"
    await _filled(path)
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)
    with pytest.raises(DatabaseUnusable, match="is cut short"):
        await Database.open(str(path))


async def test_damaged_pages_are_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "milestone-bot.db"
    await _filled(path)
    with path.open("r+b") as file:  # garble everything after the first page: the schema is unreadable
        file.seek(4096)
        file.write(b"\xa5" * (path.stat().st_size - 4096))
    with pytest.raises(DatabaseUnusable, match="damaged or not a database"):
        await Database.open(str(path))


async def test_a_database_without_its_schema_is_refused_where_data_was_expected(tmp_path: Path) -> None:
    """What a deleted -wal leaves: the 4,096-byte header page SQLite writes when WAL mode is set, and no
    schema; the bot never leaves such a file itself (it makes new databases aside, then renames)."""
    path = tmp_path / "milestone-bot.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert path.stat().st_size == 4096
    with pytest.raises(DatabaseUnusable, match=r"no schema \(version 0\) where data was expected"):
        await Database.open(str(path))
    assert _sqlite(path, "PRAGMA user_version") == [(0,)]  # left as found


async def test_a_foreign_database_is_never_initialised(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.close()
    for initialise in (False, True):
        with pytest.raises(DatabaseUnusable, match="not a Milestone Bot database"):
            await Database.open(str(path), initialise=initialise)


async def test_files_left_readable_by_others_are_made_private_at_start(tmp_path: Path) -> None:
    path = tmp_path / "milestone-bot.db"
    await _filled(path)
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    # As an older version, a copy or a crash can leave them: the database and both companions at 0644.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("INSERT INTO bot_meta (key, value) VALUES ('left', 'in the log')")
    conn.commit()
    shutil.copyfile(wal, tmp_path / "wal")
    shutil.copyfile(shm, tmp_path / "shm")
    conn.close()
    shutil.move(tmp_path / "wal", wal)
    shutil.move(tmp_path / "shm", shm)
    for file in (path, wal, shm):
        file.chmod(0o644)

    db = await Database.open(str(path))
    try:
        modes = {file.name: stat.S_IMODE(file.stat().st_mode) for file in (path, wal, shm)}
        async with db.read() as conn:
            rows = await conn.fetch_all("SELECT value FROM bot_meta WHERE key = 'left'")
        assert [tuple(row) for row in rows] == [("in the log",)]
    finally:
        await db.close()
    assert modes == {path.name: 0o600, wal.name: 0o600, shm.name: 0o600}


async def test_deleted_text_is_gone_from_the_file_and_the_log_after_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "milestone-bot.db"
    secret = "Confidential client: Zanzibar Holdings 4471"
    db = await Database.open(str(path))
    try:
        async with db.write() as conn:
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('doomed', ?)", (secret,))
        assert await db.checkpoint()  # the text is in the database file now, not only in the log
        assert secret.encode() in _bytes(path)
        async with db.write() as conn:
            await conn.execute("DELETE FROM bot_meta WHERE key = 'doomed'")
        assert await db.checkpoint()
        wal = Path(f"{path}-wal")
        assert _bytes(wal) == b""  # TRUNCATE: the log holds no old page images
        assert secret.encode() not in _bytes(path)
        async with db.write() as conn:  # and the database goes on working after it
            await conn.execute("INSERT INTO bot_meta (key, value) VALUES ('after', 'yes')")
    finally:
        await db.close()
    assert _sqlite(path, "SELECT value FROM bot_meta WHERE key = 'after'") == [("yes",)]
