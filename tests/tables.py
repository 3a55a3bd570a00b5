"""A digest of every table in the database, to prove that an action changed nothing, byte for byte."""

from __future__ import annotations

import hashlib

from storage.backend import Backend
from storage.connection import Connection

# The schema's tables, found rather than listed, so that a new table is covered too.
_TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
}


async def conn_digest(conn: Connection) -> str:
    """Every table's rows in a stable order: WITHOUT ROWID tables have no rowid to sort by, so rows sort
    by their text."""
    tables = await conn.fetch_all(_TABLES[conn.dialect])
    digest = hashlib.sha256()
    for (name,) in tables:
        rows = await conn.fetch_all(f'SELECT * FROM "{name}"')
        digest.update(name.encode())
        digest.update(repr(sorted(repr(tuple(row)) for row in rows)).encode())
    return digest.hexdigest()


async def digest(db: Backend) -> str:
    """The digest of every table as committed now."""
    async with db.read() as conn:
        return await conn_digest(conn)
