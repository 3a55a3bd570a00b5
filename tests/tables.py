"""A digest of every table in the database, to prove that an action changed nothing, byte for byte."""

from __future__ import annotations

import hashlib

import aiosqlite

from storage.database import Database


async def conn_digest(conn: aiosqlite.Connection) -> str:
    """Every table's rows (schema tables found, not listed, so a new table is covered too), in a stable
    order: WITHOUT ROWID tables have no rowid to sort by, so rows sort by their text."""
    tables = await conn.execute_fetchall("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    digest = hashlib.sha256()
    for (name,) in tables:
        rows = await conn.execute_fetchall(f'SELECT * FROM "{name}"')
        digest.update(name.encode())
        digest.update(repr(sorted(repr(tuple(row)) for row in rows)).encode())
    return digest.hexdigest()


async def digest(db: Database) -> str:
    """The digest of every table as committed now."""
    async with db.read() as conn:
        return await conn_digest(conn)
