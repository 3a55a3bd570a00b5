"""Small key/value facts about the bot itself, such as the hash of the last synced command tree."""

from __future__ import annotations

from storage.connection import Connection


class Meta:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def get(self, key: str) -> str | None:
        row = await self._conn.fetch_one("SELECT value FROM bot_meta WHERE key = ?", (key,))
        return str(row[0]) if row else None

    async def set(self, key: str, value: str) -> None:
        await self._conn.execute(
            "INSERT INTO bot_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
