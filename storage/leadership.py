"""Which bot process sends reminders: the one holding a PostgreSQL advisory lock, one per bot.

Discord's global rate limit (about 50 requests a second) counts the bot, not the process, so the
processes of one bot must not each pace themselves to it. One of them, the leader, sends every reminder
DM at the pace the limit allows (bot/pacing.py); the others answer commands and stand by.

The leader holds `pg_try_advisory_lock(key)` on a connection of its own. PostgreSQL keeps a session lock
exactly as long as that connection lives: when the leader's process dies (SIGKILL included) the kernel
closes its socket, the server ends the backend and the lock is free. Each standby asks for the lock every
`poll` seconds, so one of them takes over within about that long. The leader checks its connection at the
same pace; finding it gone, it claims nothing more at once (a standby may already lead; sends already on
the wire finish under their nonces) and competes again.
What a dead leader had claimed and not sent goes out again from the new leader, under the same nonces
(the claims of `storage/reminders.py`), so a user sees each DM once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg

log = logging.getLogger(__name__)

# "MB" "SEND" in ASCII: one key per database, the same in every process of the bot.
REMINDER_SENDER_KEY = 0x4D42_5345_4E44
POLL_SECONDS = 1.0


class SendingLeadership:
    """`await lead()` returns once this process leads; `lost` is set when it stops leading."""

    def __init__(self, dsn: str, *, key: int = REMINDER_SENDER_KEY, poll: float = POLL_SECONDS) -> None:
        self._dsn = dsn
        self._key = key
        self._poll = poll
        self._conn: asyncpg.Connection | None = None
        self.leading = False
        self.lost = asyncio.Event()
        self._watching: asyncio.Task[None] | None = None

    @property
    def role(self) -> str:
        return "leader" if self.leading else "standby"

    async def lead(self) -> None:
        """Waits until this process holds the lock (trying every `poll` seconds), then watches it."""
        self.lost.clear()
        while not await self._try():  # noqa: ASYNC110 - the lock is PostgreSQL's: asking is the only way
            await asyncio.sleep(self._poll)
        self.leading = True
        log.info("this process now sends the reminders (leader)")
        self._watching = asyncio.create_task(self._watch(), name="reminder-leadership-watch")

    async def close(self) -> None:
        """Lets the lock go (closing the connection releases it): a standby takes over at its next poll."""
        self.leading = False
        if self._watching is not None:
            self._watching.cancel()
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close(timeout=2)
        self.lost.set()

    async def _try(self) -> bool:
        try:
            if self._conn is None or self._conn.is_closed():
                self._conn = await asyncpg.connect(self._dsn, timeout=10)
            return bool(await self._conn.fetchval("SELECT pg_try_advisory_lock($1)", self._key, timeout=10))
        except (TimeoutError, OSError, asyncpg.PostgresError) as error:
            log.warning("could not ask PostgreSQL who sends reminders (%s); trying again", error)
            await self._drop_connection()
            return False

    async def _watch(self) -> None:
        while self.leading:
            await asyncio.sleep(self._poll)
            conn = self._conn
            try:
                if conn is None or conn.is_closed():
                    raise ConnectionError("the connection holding the lock is closed")
                await conn.fetchval("SELECT 1", timeout=max(self._poll, 1.0))
            except (TimeoutError, OSError, asyncpg.PostgresError) as error:
                if not self.leading:
                    return
                log.warning("lost the reminder sender's lock (%s): stopping sends", error)
                self.leading = False
                await self._drop_connection()
                self.lost.set()
                return

    async def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.terminate()
