"""Running a real discord.py client against a LocalDiscord for the length of a test.

    async with LocalDiscord() as server, running_bot(server, bot):
        alice = server.add_user("alice")
        result = await server.command(alice, "help")

``running_bot`` points discord.py at the server, logs the bot in (its ``setup_hook`` runs, so a sync
there is done), connects it, and returns as soon as the bot has taken in its guild: no waiting for
discord.py's 2-second ``on_ready`` delay. If the bot dies meanwhile, every wait fails at once with
the reason; errors the bot logs are quoted when a wait times out. On exit it closes the bot (before
the server, so discord.py does not try to reconnect) and restores discord.py's globals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import discord

from .server import LocalDiscord, redirect_discord_py

ClientT = TypeVar("ClientT", bound=discord.Client)

FAST_GUILD_READY_TIMEOUT = 0.05
MAX_QUOTED_ERRORS = 5


class _ErrorLog(logging.Handler):
    """Keeps the errors logged while the bot runs, to explain a test's failed wait."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.records.append(f"[{record.name}] {text}")

    def describe(self) -> str:
        if not self.records:
            return ""
        return "errors logged meanwhile:\n" + "\n".join(self.records[-MAX_QUOTED_ERRORS:])


@contextlib.asynccontextmanager
async def running_bot(
    server: LocalDiscord,
    bot: ClientT,
    *,
    token: str = "local-bot-token",  # noqa: S107 - the local server accepts any token
    timeout: float = 5.0,  # noqa: ASYNC109 - the deadline for connecting and for closing
    wait_until_ready: bool = False,
) -> AsyncIterator[ClientT]:
    """Starts ``bot`` against ``server`` and yields it once it is connected and has its guild.

    ``wait_until_ready=True`` also waits for ``on_ready`` (shortened to ~50 ms after the guild).
    """
    restore = _redirect_while_running(server)
    errors = _ErrorLog()
    logging.getLogger().addHandler(errors)
    loop = asyncio.get_running_loop()
    stopped: asyncio.Future[str] = loop.create_future()
    server.desk.bot_stopped = stopped
    server.desk.diagnostics = errors.describe
    # discord.py waits guild_ready_timeout after the last GUILD_CREATE before on_ready; one guild needs no wait.
    state = bot._connection
    saved_ready_timeout = state.guild_ready_timeout
    state.guild_ready_timeout = min(saved_ready_timeout, FAST_GUILD_READY_TIMEOUT)
    connection: asyncio.Task[None] | None = None
    closing = False
    shards = _shards_of(bot)
    # A bot whose shards don't include the guild's gets no GUILD_CREATE: READY is its whole start.
    guild_shard = (server.guild_id >> 22) % (bot.shard_count or 1)  # gateway.mdx, "Sharding Formula"
    awaited = "GUILD_CREATE" if guild_shard in shards else "READY"
    try:
        # Client.start is login + connect; splitting them lets us listen for the guild before connecting.
        await bot.login(token)
        guild_parsed = bot.wait_for("socket_event_type", check=lambda event: event == awaited)
        connection = asyncio.create_task(bot.connect(reconnect=True), name="local-bot-connection")

        def on_stop(task: asyncio.Task[None]) -> None:
            if closing or stopped.done():
                return
            reason = "cancelled" if task.cancelled() else repr(task.exception() or "connect() returned")
            stopped.set_result(reason)
            server.world.changes.notify()

        connection.add_done_callback(on_stop)
        await _first_of(guild_parsed, connection, within=timeout, errors=errors)
        if wait_until_ready:
            await _first_of(bot.wait_until_ready(), connection, within=timeout, errors=errors)
        yield bot
    finally:
        closing = True
        await server.desk.all_answered(within=timeout)
        await bot.close()
        if connection is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(connection, timeout=timeout)
        with contextlib.suppress(AssertionError):
            # Let the server see the close, so the next bot on this server starts a fresh session.
            await server.world.changes.wait_until(
                lambda: None if server.gateway.connected_shards() & shards else True,
                within=timeout,
                failure=lambda: "",
            )
        server.gateway.end_session(shards)
        state.guild_ready_timeout = saved_ready_timeout
        server.desk.bot_stopped = None
        server.desk.diagnostics = lambda: ""
        logging.getLogger().removeHandler(errors)
        restore()


_running: list[LocalDiscord] = []  # bots running now, in this process; several may share one server
_restore_discord_py: list[Callable[[], None]] = []


def _redirect_while_running(server: LocalDiscord) -> Callable[[], None]:
    """discord.py's REST base and gateway are process-wide: they point at the server while any bot runs,
    and are restored when the last one stops, whichever order the bots stop in."""
    if _running and _running[0] is not server:
        raise AssertionError("bots running at once in one process must share one LocalDiscord")
    if not _running:
        _restore_discord_py.append(redirect_discord_py(server))
    _running.append(server)

    def restore() -> None:
        _running.remove(server)
        if not _running:
            _restore_discord_py.pop()()

    return restore


def _shards_of(bot: discord.Client) -> set[int]:
    """The shards the bot identifies as: its shard_ids, all of its shard_count, or the one shard 0."""
    ids = getattr(bot, "shard_ids", None)
    if ids is not None:
        return set(ids)
    return set(range(bot.shard_count or 1))


async def _first_of(
    awaitable: Awaitable[Any], connection: asyncio.Task[None], *, within: float, errors: _ErrorLog
) -> None:
    waiting: asyncio.Future[Any] = asyncio.ensure_future(awaitable)
    done, _ = await asyncio.wait({waiting, connection}, timeout=within, return_when=asyncio.FIRST_COMPLETED)
    if waiting in done:
        waiting.result()
        return
    waiting.cancel()
    if connection in done:
        failure = connection.exception() if not connection.cancelled() else None
        raise AssertionError(
            f"the bot stopped while connecting: {failure!r}\n{errors.describe()}"
        ) from failure
    raise AssertionError(f"the bot did not connect within {within} s\n{errors.describe()}")
