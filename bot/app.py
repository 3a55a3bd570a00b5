"""The bot: an `AutoShardedBot` serving its shard range, that opens storage, loads every cog, syncs commands
only when they change, and serves /healthz and /metrics when a port is set."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import json
import logging
import pkgutil

import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot.clock import Clock, SystemClock
from bot.health import HealthServer, Probes
from bot.i18n.commands import CatalogTranslator
from bot.metrics import Metrics
from bot.scheduler import Doorbell, Scheduler
from bot.services import Services, Store
from bot.settings import Settings
from bot.sharding import EVERY_SHARD_OF_ONE, ShardPlan
from cogs.common.confirm import expire_waiting_prompts
from cogs.common.tree import MilestoneTree
from cogs.reminders.delivery import DmSender
from storage.backend import Backend, open_backend
from storage.leadership import SendingLeadership
from storage.meta import Meta

log = logging.getLogger(__name__)
PROMPT_EXPIRY_AT_CLOSE = 2.0  # seconds to tell waiting Confirm prompts they no longer work
# A 429 asking for a longer wait than this raises instead of sleeping inside the request (30 s is the least
# discord.py allows): a shared-scope 429 on one user's DM can ask for over 20 minutes, and the reminder
# is then retried later while the others go out.
MAX_RATE_LIMIT_WAIT = 30.0


def extension_names() -> list[str]:
    """Every feature package under cogs/ (each has `setup` in its __init__); `common` is shared code."""
    return sorted(
        f"cogs.{module.name}"
        for module in pkgutil.iter_modules(cogs.__path__)
        if module.ispkg and module.name != "common"
    )


class MilestoneBot(commands.AutoShardedBot):
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        sync_commands: bool = True,
        send_reminders: bool = True,
        database: Backend | None = None,
        shards: ShardPlan = EVERY_SHARD_OF_ONE,
        leadership: SendingLeadership | None = None,
    ) -> None:
        self.metrics = Metrics()
        super().__init__(
            shard_ids=list(shards.ids),
            shard_count=shards.count,
            http_trace=self.metrics.http_trace(),
            command_prefix=commands.when_mentioned,
            help_command=None,
            # Slash commands and DMs need no privileged intents; guilds gives us the server list.
            intents=discord.Intents(guilds=True),
            tree_cls=MilestoneTree,
            allowed_mentions=discord.AllowedMentions.none(),
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=True
            ),
            allowed_installs=app_commands.AppInstallationType(guild=True, user=True),
            max_ratelimit_timeout=MAX_RATE_LIMIT_WAIT,
        )
        self.settings = settings
        self.shard_plan = shards
        self.clock: Clock = clock or SystemClock()
        self.sync_on_start = sync_commands
        self.send_reminders = send_reminders  # off for one-shot jobs such as `milestone-bot sync`
        # Several processes on one database: only the elected one sends (storage/leadership.py). None: this
        # process is the only one (SQLite allows no other) and sends.
        self.leadership = leadership
        self._following: asyncio.Task[None] | None = None
        self._db: Backend | None = database  # opened by the caller (the command line checks it first)
        self._services: Services | None = None
        self.scheduler: Scheduler | None = None
        self.health: HealthServer | None = None
        self._start_up_heap_frozen = False

    @property
    def db(self) -> Backend:
        if self._db is None:
            raise RuntimeError("storage is opened in setup_hook")
        return self._db

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are built in setup_hook")
        return self._services

    async def setup_hook(self) -> None:
        """Everything is built here, in one place, and handed to what needs it."""
        if self._db is None:
            self._db = await open_backend(self.settings.database_path)
        doorbell = Doorbell()
        # Reminders planned by other processes sharing the store (PostgreSQL) wake this one's scheduler too.
        await self._db.listen_for_reminders(doorbell.ring)
        services = Services.build(Store(self._db, self.clock, wake=doorbell.ring))
        if self.send_reminders:
            self.scheduler = Scheduler(
                services.queue, self.clock, DmSender(self), doorbell=doorbell, metrics=self.metrics
            )
        if isinstance(self.tree, MilestoneTree):
            self.tree.metrics = self.metrics
        self._services = services
        await services.undelivered.refresh()
        await services.settings.languages.load()
        for name in extension_names():
            await self.load_extension(name)
        # Command names and descriptions in the user's language (Discord shows the synced localizations).
        await self.tree.set_translator(CatalogTranslator())
        if self.scheduler is not None and self.leadership is None:
            self.scheduler.start()
        elif self.scheduler is not None:
            self._following = asyncio.create_task(self._send_while_leading(), name="reminder-leadership")
        if self.sync_on_start:
            await self.sync_if_changed()
        if self.settings.metrics_port is not None:
            self.health = HealthServer(
                self.metrics, self._probes(), host=self.settings.metrics_host, port=self.settings.metrics_port
            )
            await self.health.start()
        # What start-up made (modules, cogs, the command tree) lives as long as the process; taking it
        # out of the collector's sight keeps full collections, which walk every object, from stalling a
        # command by tens of milliseconds.
        gc.freeze()
        self._start_up_heap_frozen = True

    def _probes(self) -> Probes:
        async def database() -> None:
            async with self.db.read() as conn:
                await conn.execute("SELECT 1")

        def shards() -> dict[int, bool]:
            open_now = {shard_id: not info.is_closed() for shard_id, info in self.shards.items()}
            return {shard_id: open_now.get(shard_id, False) for shard_id in self.shard_plan.ids}

        def scheduler_role() -> str:
            if self.scheduler is None:
                return "off"
            return "leader" if self.leadership is None else self.leadership.role

        return Probes(shards=shards, database=database, scheduler_role=scheduler_role)

    async def _send_while_leading(self) -> None:
        """Sends reminders while this process leads. When it no longer does, it claims nothing more (sends
        already on the wire finish, under their nonces), and competes again."""
        assert self.leadership is not None
        assert self.scheduler is not None
        while True:
            await self.leadership.lead()
            self.scheduler.start()
            await self.leadership.lost.wait()
            await self.scheduler.stop()

    async def close(self) -> None:
        if self.health is not None:
            await self.health.stop()
            self.health = None
        if self._following is not None:
            self._following.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._following
            self._following = None
        if self.scheduler is not None:
            await self.scheduler.stop()  # before the HTTP session and the database close
            self.scheduler = None
        if self.leadership is not None:
            await self.leadership.close()  # a standby takes over at its next look, not after a timeout
        if not self.is_closed():
            # While the HTTP session is still open; bounded, since a slow answer must not hold the exit.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(expire_waiting_prompts(self), timeout=PROMPT_EXPIRY_AT_CLOSE)
        await super().close()
        if self._start_up_heap_frozen:
            gc.unfreeze()  # hand it back to the collector: a process running bots one after another (tests) would leak
            self._start_up_heap_frozen = False
        db, self._db = self._db, None  # a second close (signal, then `async with`) must not close it twice
        if db is not None:
            await db.close()

    async def command_tree_hash(self) -> str:
        """The tree as it is synced, translations included: a changed catalog is synced too."""
        translator = self.tree.translator or CatalogTranslator()
        payload = [
            await command.get_translated_payload(self.tree, translator)
            for command in self.tree.get_commands()
        ]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    async def sync_commands(self) -> int:
        """Send the command tree to Discord: to the development server if set (instant), else globally."""
        guild = None
        if self.settings.dev_guild_id:
            guild = discord.Object(self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        async with self.db.write() as conn:
            await Meta(conn).set(self._hash_key(), await self.command_tree_hash())
        log.info("synced %d commands %s", len(synced), f"to guild {guild.id}" if guild else "globally")
        return len(synced)

    async def sync_if_changed(self) -> bool:
        """Sync only when the tree differs from the last one synced: Discord rate-limits syncing."""
        async with self.db.read() as conn:
            known = await Meta(conn).get(self._hash_key())
        if known == await self.command_tree_hash():
            return False
        await self.sync_commands()
        return True

    def _hash_key(self) -> str:
        return f"commands_hash:{self.settings.dev_guild_id or 'global'}"
