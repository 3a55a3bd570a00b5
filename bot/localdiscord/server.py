"""LocalDiscord: a Discord-compatible REST + gateway server on 127.0.0.1, run in the test's event loop.

    server = LocalDiscord()
    await server.start()
    restore = redirect_discord_py(server)  # or use harness.running_bot, which does this for you
    ...
    restore()
    await server.stop()

The server plays Discord's part faithfully enough for the real discord.py client: login, the
gateway, command sync, interactions, messages and DMs. Tests act as users through ``command``,
``autocomplete``, ``message_command``, ``press``, ``choose`` and ``submit_modal`` (and write messages with
``post``), and read what the bot sent through ``dms``,
``channel_messages`` and ``wait_for_dm``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
import yarl
from aiohttp import web

from .commands import CommandRegistry
from .faults import Faults
from .gateway import Gateway
from .ids import Snowflakes
from .interactions import InteractionDesk
from .model import Channel, FakeUser, Message
from .rest import RecordedRequest, RestApi
from .results import InteractionResult
from .state import World

HOST = "127.0.0.1"
DEFAULT_PATIENCE = 5.0


class LocalDiscord:
    def __init__(self, *, application_id: int | None = None) -> None:
        self.ids = Snowflakes()
        self.world = World.create(self.ids, application_id)
        self.registry = CommandRegistry(self.ids, self.world.application_id)
        self.faults = Faults(self.world)
        self.gateway = Gateway(self.world, lambda: self.gateway_url, lambda: self.faults.one_way_latency)
        self.desk = InteractionDesk(self.world, self.registry, self.gateway)
        self.rest = RestApi(self.world, self.registry, self.desk, self.faults)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._patience = DEFAULT_PATIENCE

    # -- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/gateway/", self.gateway.handle)
        self.rest.attach(app)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self.rest.gateway_url = self.gateway_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self.gateway.close_all()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("LocalDiscord is not started")
        return self._port

    @property
    def api_base(self) -> str:
        return f"http://{HOST}:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://{HOST}:{self.port}/gateway"

    # -- the world -------------------------------------------------------------------------------

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def bot_user(self) -> FakeUser:
        return self.world.bot

    @property
    def guild_id(self) -> int:
        return self.world.guild_id

    @property
    def channel_id(self) -> int:
        return self.world.channel_id

    @property
    def channel(self) -> Channel:
        return self.world.channels[self.world.channel_id]

    def add_user(
        self, name: str, *, manage_guild: bool = False, in_guild: bool = True, user_id: int | None = None
    ) -> FakeUser:
        """A user the test plays; ``manage_guild`` grants Manage Server, ``in_guild=False`` only DMs;
        ``user_id`` keeps the same person across sessions on one database."""
        return self.world.add_user(name, manage_guild=manage_guild, in_guild=in_guild, user_id=user_id)

    def dm_channel_id(self, user: FakeUser) -> int:
        return self.world.dm_channel(user).id

    # -- commands --------------------------------------------------------------------------------

    @property
    def commands(self) -> list[dict[str, Any]]:
        """The global commands exactly as the bot last synced them."""
        return self.registry.given.get(None, [])

    @property
    def sync_count(self) -> int:
        return self.registry.sync_count

    def let_everyone_use(self, name: str) -> None:
        """What a server's admin does in Server Settings > Integrations: show a command to every member,
        whatever its default permissions say. The bot must still check permissions when it runs."""
        for command in self.registry.stored.get(None, []):
            if command["name"] == name:
                command["default_member_permissions"] = None

    @property
    def patience(self) -> float:
        """Seconds a wait for the bot (an answer, an edit, a DM) lasts when the call names none: 5 by
        default; suites that must hold on a loaded machine make it a generous hang guard."""
        return self._patience

    @patience.setter
    def patience(self, seconds: float) -> None:
        self._patience = seconds

    def _wait(self, timeout: float | None) -> float:
        return self._patience if timeout is None else timeout

    def be_patient(self, seconds: float) -> None:
        """For tests on a busy machine: the bot's answers are waited for ``seconds`` and accepted that
        late, so a test asserts what the bot answers, not how fast (timing is for bench/)."""
        self.patience = seconds
        self.response_window = seconds

    @property
    def response_window(self) -> float:
        """Seconds the bot has to answer an interaction (3 on Discord); tests may shorten it."""
        return self.desk.response_window

    @response_window.setter
    def response_window(self, seconds: float) -> None:
        self.desk.response_window = seconds

    @property
    def token_lifetime(self) -> float:
        """Seconds an interaction's token allows followups and edits (15 minutes on Discord); tests may
        shorten it. Past it, Discord answers 401 "Invalid Webhook Token"."""
        return self.desk.token_lifetime

    @token_lifetime.setter
    def token_lifetime(self, seconds: float) -> None:
        self.desk.token_lifetime = seconds

    # -- acting as a user ------------------------------------------------------------------------

    async def command(
        self,
        user: FakeUser,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        dm: bool = False,
        timeout: float | None = None,  # noqa: ASYNC109 - a test's deadline; None: the server's patience
    ) -> InteractionResult:
        """Runs ``/name`` (e.g. ``"contract add"``) as ``user`` and returns the bot's answer."""
        return await self.desk.command(user, name, options, dm=dm, within=self._wait(timeout))

    def post(self, user: FakeUser, content: str, *, dm: bool = False) -> Message:
        """``user`` writes a message in the guild's channel (or, ``dm=True``, in their DM with the bot)."""
        channel = self.world.dm_channel(user) if dm else self.channel
        return self.world.create_message(channel, user, {"content": content})

    async def message_command(
        self,
        user: FakeUser,
        name: str,
        message: Message,
        *,
        dm: bool = False,
        timeout: float | None = None,  # noqa: ASYNC109 - a test's deadline; None: the server's patience
    ) -> InteractionResult:
        """Uses the bot's message menu item ``name`` (right-click > Apps) on ``message`` as ``user``."""
        return await self.desk.message_command(user, name, message, dm=dm, within=self._wait(timeout))

    async def autocomplete(
        self,
        user: FakeUser,
        name: str,
        options: dict[str, Any] | None,
        focused: str,
        *,
        dm: bool = False,
        timeout: float | None = None,  # noqa: ASYNC109 - a test's deadline; None: the server's patience
    ) -> list[dict[str, Any]]:
        """The choices the bot offers while ``user`` types in option ``focused``."""
        return await self.desk.autocomplete(user, name, options, focused, dm=dm, within=self._wait(timeout))

    async def press(
        self,
        user: FakeUser,
        message: Message | InteractionResult,
        *,
        custom_id: str | None = None,
        label: str | None = None,
        forged: bool = False,
        timeout: float | None = None,  # noqa: ASYNC109 - a test's deadline; None: the server's patience
    ) -> InteractionResult:
        """Clicks the button named by ``label`` or ``custom_id`` on a message or an interaction's answer.

        After a deferred update (callback 6) it waits up to ``timeout`` for the bot to edit the message
        or send a followup, and returns quietly if neither comes: pass a short timeout for bots that
        only acknowledge. ``forged=True`` presses even a message ``user`` could not see (someone else's
        ephemeral answer or DM), as a replayed or forged interaction would: the bot's own owner checks
        are then all that stands in the way.
        """
        return await self.desk.press(
            user, message, custom_id=custom_id, label=label, forged=forged, within=self._wait(timeout)
        )

    async def choose(
        self,
        user: FakeUser,
        message: Message | InteractionResult,
        *labels: str,
        custom_id: str | None = None,
        forged: bool = False,
        timeout: float | None = None,  # noqa: ASYNC109 - a test's deadline; None: the server's patience
    ) -> InteractionResult:
        """Picks the options named by ``labels`` in the message's select menu (the one named by
        ``custom_id`` when it has several). ``forged`` as for ``press``."""
        return await self.desk.choose(
            user, message, list(labels), custom_id=custom_id, forged=forged, within=self._wait(timeout)
        )

    async def submit_modal(
        self,
        user: FakeUser,
        result: InteractionResult,
        values: dict[str, str],
        *,
        timeout: float | None = None,  # noqa: ASYNC109 - None: the server's patience
    ) -> InteractionResult:
        """Fills and submits the modal the bot opened in ``result``; keys are custom_ids or labels."""
        return await self.desk.submit_modal(user, result, values, within=self._wait(timeout))

    # -- reading what the bot sent ---------------------------------------------------------------

    def dms(self, user: FakeUser) -> list[Message]:
        """Every distinct DM the bot sent ``user``, oldest first."""
        return self.world.dms(user)

    def dm_count(self, user: FakeUser) -> int:
        """How many distinct DMs ``user`` has received (a resend with the same nonce is not counted)."""
        return len(self.world.dms(user))

    async def wait_for_dm(
        self,
        user: FakeUser,
        *,
        count: int = 1,
        timeout: float | None = None,  # noqa: ASYNC109 - None: the server's patience
    ) -> list[Message]:
        """Waits until ``user`` has at least ``count`` DMs from the bot and returns them all."""
        return await self.world.changes.wait_until(
            lambda: self.dms(user) if len(self.dms(user)) >= count else None,
            within=self._wait(timeout),
            failure=lambda: f"{user.name} has {len(self.dms(user))} DMs, expected at least {count}",
            abort=self.desk.bot_stopped,
        )

    def channel_messages(self, channel_id: int | None = None) -> list[Message]:
        """The channel's visible messages (not ephemeral, not deleted), oldest first."""
        return self.world.visible_messages(self.channel_id if channel_id is None else channel_id)

    def message(self, message_id: int) -> Message:
        return self.world.messages[message_id]

    @property
    def requests(self) -> list[RecordedRequest]:
        return self.rest.requests

    @property
    def unknown_routes(self) -> list[str]:
        return self.rest.unknown_routes

    # -- the gateway -----------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        """True while a bot's gateway socket is open (after IDENTIFY or RESUME)."""
        return self.gateway.connected

    async def drop_gateway(self, code: int = 4000) -> None:
        """Cuts the bot's websocket as a network failure would; discord.py then resumes."""
        await self.gateway.drop(code)


def redirect_discord_py(server: LocalDiscord) -> Callable[[], None]:
    """Points discord.py's REST base and gateway at ``server``; returns a function that undoes it."""
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)

    def restore() -> None:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    return restore
