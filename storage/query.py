"""Reading rows in one trip to the database thread.

`async with conn.execute(...) as cursor` then `fetchone()` costs three hops to aiosqlite's thread;
these cost one, which matters on the hot paths (a command makes a dozen reads).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import aiosqlite


async def fetch_one(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
    return list(await conn.execute_fetchall(sql, params))
