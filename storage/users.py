"""User settings: time zone, default currency, quiet hours, reminders on/off and their lead times, the
remembered DM channel, the language."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain.reminder_times import DEFAULT_TIMES, ReminderTimes
from bot.domain.reminders import Topic
from bot.domain.users import DmRefusal, UserSettings
from storage.connection import Connection, Row
from storage.timestamps import to_epoch

_NAMES = (
    "user_id",
    "timezone",
    "currency",
    "quiet_start",
    "quiet_end",
    "reminders_enabled",
    "dm_channel_id",
    "undelivered",
    "reminder_times",
    "dm_refusal",
    "last_locale",
    "language",
)
_COLUMNS = ", ".join(_NAMES)
# The same columns, qualified, for a query that reads settings beside other rows (`users AS u`).
SETTINGS_COLUMNS = ", ".join(f"u.{name}" for name in _NAMES)


def settings_of_row(row: Row, start: int, user_id: int) -> UserSettings:
    """Settings from the `SETTINGS_COLUMNS` of a row, beginning at `start`; the defaults if there were none."""
    values = tuple(row[start : start + len(_NAMES)])
    if values[0] is None:  # no users row yet: someone the bot has not stored
        return UserSettings(user_id=user_id)
    return _settings(values)


def _settings(values: Sequence[Any]) -> UserSettings:
    (
        user_id,
        timezone,
        currency,
        quiet_start,
        quiet_end,
        reminders_enabled,
        dm_channel_id,
        undelivered,
        reminder_times,
        dm_refusal,
        last_locale,
        language,
    ) = values
    return UserSettings(
        user_id=user_id,
        timezone=timezone,
        currency=currency,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        reminders_enabled=bool(reminders_enabled),
        dm_channel_id=dm_channel_id,
        undelivered=undelivered,
        reminder_times=times_from_text(reminder_times),
        dm_refusal=_refusal(dm_refusal),
        last_locale=last_locale,
        language=language,
    )


def _refusal(text: str | None) -> DmRefusal | None:
    """The stored reason; one this version does not know reads as none."""
    try:
        return DmRefusal(text) if text else None
    except ValueError:
        return None


def times_to_text(times: ReminderTimes) -> str | None:
    """The column's JSON; None (NULL) for the defaults."""
    if times.is_default:
        return None
    own = {topic.value: [int(lead.total_seconds()) for lead in leads] for topic, leads in times.own}
    return json.dumps({"own": own, "off": sorted(topic.value for topic in times.off)}, sort_keys=True)


def times_from_text(text: str | None) -> ReminderTimes:
    """The stored times; what this version can't read falls back to the defaults rather than failing."""
    if not text:
        return DEFAULT_TIMES
    try:
        stored = json.loads(text)
        own = {
            Topic(name): [timedelta(seconds=int(s)) for s in leads] for name, leads in stored["own"].items()
        }
        return ReminderTimes.of(own, (Topic(name) for name in stored["off"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return DEFAULT_TIMES


class Users:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def get(self, user_id: int) -> UserSettings:
        """The user's settings, or the defaults for someone the bot has not stored yet."""
        row = await self._conn.fetch_one(f"SELECT {_COLUMNS} FROM users WHERE user_id = ?", (user_id,))
        return _settings(tuple(row)) if row else UserSettings(user_id=user_id)

    async def of_users(self, user_ids: Sequence[int]) -> dict[int, UserSettings]:
        """Many users' settings at once (the defaults for users never stored)."""
        found = {user_id: UserSettings(user_id=user_id) for user_id in user_ids}
        if user_ids:
            marks = ",".join("?" * len(user_ids))
            for row in await self._conn.fetch_all(
                f"SELECT {_COLUMNS} FROM users WHERE user_id IN ({marks})", tuple(user_ids)
            ):
                found[row["user_id"]] = _settings(tuple(row))
        return found

    async def chosen_languages(self) -> dict[int, str]:
        """Every user who chose a language with `/settings language`, and that language."""
        rows = await self._conn.fetch_all("SELECT user_id, language FROM users WHERE language IS NOT NULL")
        return {int(row[0]): str(row[1]) for row in rows}

    async def with_undelivered(self) -> list[int]:
        """Users who have not yet been told that reminders could not reach them."""
        rows = await self._conn.fetch_all("SELECT user_id FROM users WHERE undelivered > 0")
        return [int(row[0]) for row in rows]

    async def ensure(self, user_id: int, now: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO users (user_id, created_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING",
            (user_id, to_epoch(now)),
        )

    async def update(self, user_id: int, now: datetime, **changes: object) -> None:
        allowed = {
            "timezone",
            "currency",
            "quiet_start",
            "quiet_end",
            "reminders_enabled",
            "dm_channel_id",
            "reminder_times",
            "language",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown user settings {sorted(unknown)}")
        if "reminder_times" in changes:
            times = changes["reminder_times"]
            assert isinstance(times, ReminderTimes)
            changes["reminder_times"] = times_to_text(times)
        await self.ensure(user_id, now)
        assignments = ", ".join(f"{name} = ?" for name in changes)
        await self._conn.execute(
            f"UPDATE users SET {assignments} WHERE user_id = ?",
            (*changes.values(), user_id),
        )

    async def remember_locale(self, user_id: int, locale: str) -> None:
        """The Discord locale of the user's latest action; written only when it changed, and only for a
        user the bot already stores."""
        await self._conn.execute(
            "UPDATE users SET last_locale = ? WHERE user_id = ? AND (last_locale IS NULL OR last_locale <> ?)",
            (locale, user_id, locale),
        )

    async def add_undelivered(self, user_id: int, count: int, now: datetime, refusal: DmRefusal) -> None:
        await self.ensure(user_id, now)
        await self._conn.execute(
            "UPDATE users SET undelivered = undelivered + ?, dm_refusal = ? WHERE user_id = ?",
            (count, refusal.value, user_id),
        )

    async def dm_delivered(self, user_id: int) -> None:
        """A DM got through: whatever refused them before no longer does."""
        await self._conn.execute(
            "UPDATE users SET dm_refusal = NULL WHERE user_id = ? AND dm_refusal IS NOT NULL", (user_id,)
        )

    async def take_undelivered(self, user_id: int) -> tuple[int, DmRefusal | None]:
        """How many reminders could not be delivered since the user was last told, and why Discord refused
        them; resets the count (the reason stays until a DM gets through)."""
        row = await self._conn.fetch_one(
            "SELECT undelivered, dm_refusal FROM users WHERE user_id = ?", (user_id,)
        )
        count = int(row[0]) if row else 0
        if count:
            await self._conn.execute("UPDATE users SET undelivered = 0 WHERE user_id = ?", (user_id,))
        return count, _refusal(row[1] if row else None)

    async def delete(self, user_id: int) -> None:
        await self._conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
