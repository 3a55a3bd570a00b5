"""Numbered SQL migrations (`NNNN_name.sql`), applied in order under `PRAGMA user_version`.

Each file runs in its own transaction together with the version bump, so a failed migration leaves the
database at the previous version. SQLite's are in this folder; PostgreSQL's in `postgresql/`, starting
from a baseline at the SQLite version it equals, then one file per number, so a version means one schema
on both (`storage.postgres` applies them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

from storage.connection import Dialect
from storage.query import fetch_one

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations(dialect: Dialect = "sqlite") -> list[Migration]:
    """The backend's migrations in order: 1..n for SQLite; for PostgreSQL a baseline numbered as the
    SQLite version it equals, then on without gaps."""
    folder = resources.files(__package__)
    if dialect == "postgresql":
        folder = folder / "postgresql"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    first = found[0].version if dialect == "postgresql" and found else 1
    if [m.version for m in found] != list(range(first, first + len(found))):
        raise RuntimeError(f"migrations must be numbered without gaps, found {[m.name for m in found]}")
    return found


def newest_version(dialect: Dialect = "sqlite") -> int:
    return available_migrations(dialect)[-1].version


async def schema_version(conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, "PRAGMA user_version")
    return int(row[0]) if row else 0


async def apply_migrations(conn: aiosqlite.Connection, *, target: int | None = None) -> list[str]:
    """Bring the schema up to `target` (default: the newest). Returns the names applied."""
    current = await schema_version(conn)
    applied = []
    for migration in available_migrations():
        if migration.version <= current or (target is not None and migration.version > target):
            continue
        await conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(migration.sql):
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {migration.version}")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        await conn.execute("COMMIT")
        applied.append(migration.name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (no `;` or `--` inside literals, by convention).

    sqlite3's executescript would commit our transaction, so statements run one by one.
    """
    without_comments = re.sub(r"--[^\n]*", "", sql)
    return [part.strip() for part in without_comments.split(";") if part.strip()]
