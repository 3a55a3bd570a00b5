"""User settings: time zone, default currency, quiet hours, reminders on/off, the remembered DM channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import fetch_one
from storage.timestamps import to_epoch


@dataclass(frozen=True)
class UserSettingsRecord:
    user_id: int
    timezone: str = "UTC"
    currency: str = "USD"
    quiet_start: int | None = None  # minutes after local midnight
    quiet_end: int | None = None
    reminders_enabled: bool = True
    dm_channel_id: int | None = None
    undelivered: int = 0


_COLUMNS = (
    "user_id, timezone, currency, quiet_start, quiet_end, reminders_enabled, dm_channel_id, undelivered"
)


def _record(row: aiosqlite.Row) -> UserSettingsRecord:
    return UserSettingsRecord(
        user_id=row["user_id"],
        timezone=row["timezone"],
        currency=row["currency"],
        quiet_start=row["quiet_start"],
        quiet_end=row["quiet_end"],
        reminders_enabled=bool(row["reminders_enabled"]),
        dm_channel_id=row["dm_channel_id"],
        undelivered=row["undelivered"],
    )


class Users:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get(self, user_id: int) -> UserSettingsRecord:
        """The user's settings, or the defaults for someone the bot has not stored yet."""
        row = await fetch_one(self._conn, f"SELECT {_COLUMNS} FROM users WHERE user_id = ?", (user_id,))
        return _record(row) if row else UserSettingsRecord(user_id=user_id)

    async def ensure(self, user_id: int, now: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO users (user_id, created_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING",
            (user_id, to_epoch(now)),
        )

    async def update(self, user_id: int, now: datetime, **changes: object) -> None:
        allowed = {"timezone", "currency", "quiet_start", "quiet_end", "reminders_enabled", "dm_channel_id"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown user settings {sorted(unknown)}")
        await self.ensure(user_id, now)
        assignments = ", ".join(f"{name} = ?" for name in changes)
        await self._conn.execute(
            f"UPDATE users SET {assignments} WHERE user_id = ?",
            (*changes.values(), user_id),
        )

    async def add_undelivered(self, user_id: int, count: int, now: datetime) -> None:
        await self.ensure(user_id, now)
        await self._conn.execute(
            "UPDATE users SET undelivered = undelivered + ? WHERE user_id = ?", (count, user_id)
        )

    async def take_undelivered(self, user_id: int) -> int:
        """How many reminders could not be delivered since the user was last told; resets the count."""
        row = await fetch_one(self._conn, "SELECT undelivered FROM users WHERE user_id = ?", (user_id,))
        count = int(row[0]) if row else 0
        if count:
            await self._conn.execute("UPDATE users SET undelivered = 0 WHERE user_id = ?", (user_id,))
        return count

    async def delete(self, user_id: int) -> None:
        await self._conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
