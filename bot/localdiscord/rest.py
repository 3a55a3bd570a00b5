"""The REST API under ``/api/v10``: the routes discord.py calls, with Discord's answers and errors.

Every request is recorded, passed through the fault hooks, and, when no route matches, logged and
answered with Discord's 404 JSON so a test shows what is missing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from aiohttp import BodyPartReader, web

from . import errors, payloads
from .commands import CommandRegistry, without_localizations
from .errors import ApiError
from .faults import Faults
from .interactions import InteractionDesk
from .model import EPHEMERAL, Message
from .state import Upload, World

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class RecordedRequest(NamedTuple):
    """One REST call the bot made: method, path below ``/api/v10`` and a monotonic timestamp."""

    method: str
    path: str
    when: float

    @property
    def kind(self) -> str:
        """The route with ids and tokens replaced, e.g. ``POST /channels/{id}/messages``."""
        path = re.sub(r"/(webhooks|interactions)/(\d+)/[^/]+", r"/\1/{id}/{token}", self.path)
        return f"{self.method} " + re.sub(r"/\d{6,}", "/{id}", path)


def json_response(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py parses JSON only when Content-Type is exactly application/json (no charset).
    body = json.dumps(data, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, content_type="application/json", headers=headers)


def no_content() -> web.Response:
    return web.Response(status=204)


async def read_body(request: web.Request) -> tuple[dict[str, Any], dict[int, Upload]]:
    """The JSON body, or for uploads the ``payload_json`` part plus ``files[n]`` parts."""
    if request.content_type.startswith("multipart/"):
        body: dict[str, Any] = {}
        uploads: dict[int, Upload] = {}
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.name == "payload_json":
                body = json.loads(await part.text())
            elif (match := re.fullmatch(r"files\[(\d+)\]", part.name)) is not None:
                content_type = part.headers.get("Content-Type")
                uploads[int(match.group(1))] = Upload(
                    part.filename or "file", bytes(await part.read()), content_type
                )
        return body, uploads
    if not request.can_read_body:
        return {}, {}
    raw = await request.read()
    return (json.loads(raw) if raw else {}), {}


class RestApi:
    def __init__(
        self, world: World, registry: CommandRegistry, desk: InteractionDesk, faults: Faults
    ) -> None:
        self.world = world
        self.registry = registry
        self.desk = desk
        self.faults = faults
        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[str] = []
        self.internal_errors: list[str] = []
        self.gateway_url = ""

    def attach(self, app: web.Application) -> None:
        app.middlewares.append(self._middleware)
        p = API_PREFIX
        app.add_routes(
            [
                web.get(p + "/users/@me", self.me),
                web.post(p + "/users/@me/channels", self.open_dm),
                web.get(p + "/users/{user_id:\\d+}", self.get_user),
                web.get(p + "/oauth2/applications/@me", self.application_info),
                web.get(p + "/applications/@me", self.application_info),
                web.get(p + "/gateway", self.gateway),
                web.get(p + "/gateway/bot", self.gateway_bot),
                web.put(p + "/applications/{app}/commands", self.put_commands),
                web.get(p + "/applications/{app}/commands", self.get_commands),
                web.put(p + "/applications/{app}/guilds/{guild}/commands", self.put_commands),
                web.get(p + "/applications/{app}/guilds/{guild}/commands", self.get_commands),
                web.get(p + "/guilds/{guild}", self.get_guild),
                web.get(p + "/guilds/{guild}/members/{user_id}", self.get_member),
                web.get(p + "/channels/{channel}", self.get_channel),
                web.post(p + "/channels/{channel}/typing", self.typing),
                web.post(p + "/channels/{channel}/messages", self.post_message),
                web.get(p + "/channels/{channel}/messages", self.history),
                web.get(p + "/channels/{channel}/messages/{message}", self.get_message),
                web.patch(p + "/channels/{channel}/messages/{message}", self.edit_message),
                web.delete(p + "/channels/{channel}/messages/{message}", self.delete_message),
                web.post(p + "/interactions/{interaction}/{token}/callback", self.interaction_callback),
                web.post(p + "/webhooks/{app}/{token}", self.followup),
                web.get(p + "/webhooks/{app}/{token}/messages/{message}", self.get_webhook_message),
                web.patch(p + "/webhooks/{app}/{token}/messages/{message}", self.edit_webhook_message),
                web.delete(p + "/webhooks/{app}/{token}/messages/{message}", self.delete_webhook_message),
                web.route("*", p + "/{tail:.*}", self.unknown),
            ]
        )

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)
        path = request.path[len(API_PREFIX) :]
        latency = self.faults.one_way_latency
        if latency:
            await asyncio.sleep(latency)  # the request's way to Discord
        response = await self._answer(request, handler, path)
        if latency:
            await asyncio.sleep(latency)  # the answer's way back
        return response

    async def _answer(self, request: web.Request, handler: Handler, path: str) -> web.StreamResponse:
        self.requests.append(RecordedRequest(request.method, path, time.monotonic()))
        fault = await self.faults.before(request.method, path)
        if fault is not None:
            return json_response(fault.body, status=fault.status, headers=fault.headers)
        # topics/rate-limits.mdx:30-43: Discord puts the rate-limit headers on its answers, errors included.
        limits = self.faults.headers_for(request.method, path)
        if not _token_route(path) and not request.headers.get("Authorization", "").startswith("Bot "):
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401, headers=limits)
        try:
            response = await handler(request)
        except ApiError as exc:
            return json_response(exc.body(), status=exc.status, headers=limits)
        except web.HTTPException:
            raise
        except Exception as exc:
            # A bug in this server: answer 400 so discord.py raises at once instead of retrying a 500.
            log.exception("local Discord failed on %s %s", request.method, path)
            self.internal_errors.append(f"{request.method} {path}: {exc!r}")
            return json_response({"message": f"local Discord failed: {exc!r}", "code": 0}, status=400)
        response.headers.update(limits)
        await self.faults.after(request.method, path)
        return response

    # -- identity --------------------------------------------------------------------------------

    async def me(self, request: web.Request) -> web.Response:
        return json_response(
            {**payloads.user(self.world.bot), "verified": True, "mfa_enabled": False, "bio": ""}
        )

    async def get_user(self, request: web.Request) -> web.Response:
        return json_response(payloads.user(self.world.get_user(int(request.match_info["user_id"]))))

    async def application_info(self, request: web.Request) -> web.Response:
        return json_response(payloads.application(self.world))

    async def gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.gateway_url})

    async def gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1}
        return json_response({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    # -- commands --------------------------------------------------------------------------------

    def _scope(self, request: web.Request) -> int | None:
        if int(request.match_info["app"]) != self.world.application_id:
            raise ApiError(403, 50001, "Missing Access")
        guild = request.match_info.get("guild")
        if guild is not None and int(guild) != self.world.guild_id:
            raise ApiError(403, 50001, "Missing Access")
        return None if guild is None else int(guild)

    async def put_commands(self, request: web.Request) -> web.Response:
        scope = self._scope(request)
        body, _ = await read_body(request)
        if not isinstance(body, list):
            raise errors.invalid_form(errors.field_error("_", "BASE_TYPE_ARRAY", "Must be an array"))
        return json_response(self.registry.overwrite(scope, body))

    async def get_commands(self, request: web.Request) -> web.Response:
        listed = self.registry.listed(self._scope(request))
        # A boolean query string is `true`/`1` (reference.mdx, "Boolean Query Strings").
        if request.query.get("with_localizations", "").lower() not in ("true", "1"):
            listed = [without_localizations(command) for command in listed]
        return json_response(listed)

    # -- guild and channels ----------------------------------------------------------------------

    def _guild(self, request: web.Request) -> None:
        if int(request.match_info["guild"]) != self.world.guild_id:
            raise errors.unknown("Guild", errors.UNKNOWN_GUILD)

    async def get_guild(self, request: web.Request) -> web.Response:
        self._guild(request)
        guild = payloads.guild_create(self.world, intents=0)
        for key in ("channels", "members", "threads", "presences", "voice_states", "joined_at", "large"):
            guild.pop(key, None)
        return json_response(guild)

    async def get_member(self, request: web.Request) -> web.Response:
        self._guild(request)
        user = self.world.get_user(int(request.match_info["user_id"]))
        if not (user.in_guild or user.bot):
            raise errors.unknown("Member", errors.UNKNOWN_MEMBER)
        return json_response(payloads.member(self.world, user))

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self.world.get_channel(int(request.match_info["channel"]))
        return json_response(payloads.channel(self.world, channel))

    async def open_dm(self, request: web.Request) -> web.Response:
        body, _ = await read_body(request)
        user = self.world.get_user(int(body.get("recipient_id", 0)))
        return json_response(payloads.channel(self.world, self.world.dm_channel(user)))

    async def typing(self, request: web.Request) -> web.Response:
        self.world.get_channel(int(request.match_info["channel"]))
        return no_content()

    # -- channel messages ------------------------------------------------------------------------

    async def post_message(self, request: web.Request) -> web.Response:
        channel = self.world.get_channel(int(request.match_info["channel"]))
        body, uploads = await read_body(request)
        self.world.refuse_dm(channel)
        earlier = self.world.earlier_by_nonce(channel, self.world.bot, body)
        if earlier is not None:
            return json_response(self._message(earlier))
        if body.get("flags"):
            body["flags"] = int(body["flags"]) & ~EPHEMERAL  # only interaction answers can be ephemeral
        message = self.world.create_message(channel, self.world.bot, body, uploads)
        return json_response(self._message(message))

    async def history(self, request: web.Request) -> web.Response:
        channel = self.world.get_channel(int(request.match_info["channel"]))
        limit = max(1, min(100, int(request.query.get("limit", "50"))))
        messages = self.world.visible_messages(channel.id)
        if "before" in request.query:
            messages = [m for m in messages if m.id < int(request.query["before"])]
        if "after" in request.query:
            messages = [m for m in messages if m.id > int(request.query["after"])][:limit]
        newest_first = list(reversed(messages))[:limit]
        return json_response([self._message(m) for m in newest_first])

    def _channel_message(self, request: web.Request) -> Message:
        return self.world.get_message(int(request.match_info["channel"]), int(request.match_info["message"]))

    async def get_message(self, request: web.Request) -> web.Response:
        return json_response(self._message(self._channel_message(request)))

    async def edit_message(self, request: web.Request) -> web.Response:
        message = self._channel_message(request)
        if message.author is not self.world.bot:
            raise ApiError(
                403, errors.CANNOT_EDIT_OTHERS_MESSAGE, "Cannot edit a message authored by another user"
            )
        body, uploads = await read_body(request)
        self.world.edit_message(message, body, uploads)
        return json_response(self._message(message))

    async def delete_message(self, request: web.Request) -> web.Response:
        self.world.delete_message(self._channel_message(request))
        return no_content()

    # -- interactions ----------------------------------------------------------------------------

    async def interaction_callback(self, request: web.Request) -> web.Response:
        body, uploads = await read_body(request)
        answer = self.desk.callback(
            int(request.match_info["interaction"]), request.match_info["token"], body, uploads
        )
        if request.query.get("with_response", "").lower() in ("1", "true"):
            return json_response(answer)
        return no_content()

    def _webhook_key(self, request: web.Request) -> tuple[int, str]:
        return int(request.match_info["app"]), request.match_info["token"]

    async def followup(self, request: web.Request) -> web.Response:
        body, uploads = await read_body(request)
        message = self.desk.followup(*self._webhook_key(request), body, uploads)
        # interactions/receiving-and-responding.mdx:477 a followup "Functions the same as Execute Webhook,
        # but `wait` is always true".
        return json_response(self._message(message))

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        message = self.desk.webhook_message(*self._webhook_key(request), request.match_info["message"])
        return json_response(self._message(message))

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        body, uploads = await read_body(request)
        app, token = self._webhook_key(request)
        message = self.desk.edit_webhook_message(app, token, request.match_info["message"], body, uploads)
        return json_response(self._message(message))

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        message = self.desk.webhook_message(*self._webhook_key(request), request.match_info["message"])
        self.world.delete_message(message)
        return no_content()

    # -- everything else ------------------------------------------------------------------------

    async def unknown(self, request: web.Request) -> web.Response:
        route = f"{request.method} {request.path}"
        self.unknown_routes.append(route)
        log.warning("local Discord has no route for %s", route)
        return json_response({"message": "404: Not Found", "code": 0}, status=404)

    def _message(self, message: Message) -> dict[str, Any]:
        return payloads.message(self.world, message)


def _token_route(path: str) -> bool:
    """Interaction callbacks and webhook calls authenticate by token, without a bot Authorization."""
    return path.startswith(("/interactions/", "/webhooks/"))
