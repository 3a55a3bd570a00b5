"""Telling a user, in their next command reply, that reminders could not reach them by DM."""

from __future__ import annotations

import aiosqlite

from storage.users import Users

HOW_TO_OPEN_DMS = (
    "To get them, allow direct messages from this server: open the server menu, choose Privacy Settings and "
    "turn on Direct Messages (or in User Settings, Content & Social, allow DMs from server members). "
    "`/reminders list` shows what is coming up."
)


def undelivered_notice(count: int) -> str:
    what = "1 reminder" if count == 1 else f"{count} reminders"
    return f"⚠️ I couldn't deliver {what} to you: Discord told me your direct messages are closed to me. {HOW_TO_OPEN_DMS}"


async def take_undelivered_notice(conn: aiosqlite.Connection, user_id: int) -> str | None:
    """The notice to show once, or None; showing it resets the count (run inside a write transaction)."""
    count = await Users(conn).take_undelivered(user_id)
    return undelivered_notice(count) if count else None
