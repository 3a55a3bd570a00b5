"""A user's reminder times are stored with their settings and read back exactly; what can't be read is the
defaults, never a failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.reminder_times import DEFAULT_TIMES
from bot.domain.reminders import Topic
from storage.database import Database
from storage.users import Users

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def test_reminder_times_are_saved_and_read_back(db: Database) -> None:
    times = DEFAULT_TIMES.with_leads(Topic.REVIEW, (timedelta(days=3), timedelta(hours=2))).turned(
        Topic.REFUND, on=False
    )
    async with db.write() as conn:
        await Users(conn).update(7, NOW, reminder_times=times)
    async with db.read() as conn:
        assert (await Users(conn).get(7)).reminder_times == times
        assert (await Users(conn).of_users([7, 8]))[8].reminder_times == DEFAULT_TIMES
    async with db.write() as conn:
        await Users(conn).update(7, NOW, reminder_times=DEFAULT_TIMES)
        row = await conn.fetch_one("SELECT reminder_times FROM users WHERE user_id = 7")
        assert row is not None and row[0] is None  # the defaults are stored as NULL


async def test_a_value_this_version_cannot_read_is_the_defaults(db: Database) -> None:
    async with db.write() as conn:
        await Users(conn).ensure(7, NOW)
        await conn.execute(
            "UPDATE users SET reminder_times = ? WHERE user_id = 7", ('{"own": {"someday": [1]}, "off": []}',)
        )
    async with db.read() as conn:
        assert (await Users(conn).get(7)).reminder_times == DEFAULT_TIMES
