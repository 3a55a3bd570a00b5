"""The gateway websocket: HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATE, RESUME, and dispatches.

Sharding as on Discord (discord-api-docs, developers/events/gateway.mdx, "Sharding"): IDENTIFY may carry
`shard: [shard_id, num_shards]`; an event about a guild goes to the session of shard
`(guild_id >> 22) % num_shards` ("Sharding Formula"), and "Gateway events that do not contain a `guild_id`
will only be sent to the first shard (`shard_id: 0`). This includes Direct Message (DM)". A shard id not
below the count is closed with 4010 Invalid Shard. Several bot processes can so each own some shards.

Frames are JSON text (no compression: discord.py only inflates binary frames). A session outlives
a dropped socket so the client can RESUME and receive what it missed, as on Discord; a client that
closes with 1000/1001 ends its session.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from . import payloads
from .model import Message
from .state import World

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11
HEARTBEAT_INTERVAL_MS = 41_250
# A heartbeat's ACK never comes back at once over a real network. Answering within microseconds on
# loopback races discord.py's heartbeat thread, which stamps the send time only after the send returns:
# an ACK handled before that stamp reads as a whole interval of lag ("Can't keep up ... 41.3s behind").
# events/gateway.mdx:154 "There is already tolerance in the heartbeat_interval that will cover network
# latency".
MIN_ACK_DELAY = 0.25
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
REPLAY_BUFFER = 1000
NORMAL_CLOSES = (1000, 1001)
INVALID_SHARD = 4010


@dataclass(eq=False)
class _Connection:
    """A socket and its outbox; each frame leaves ``latency`` seconds after it was queued, in order."""

    socket: web.WebSocketResponse
    latency: Callable[[], float] = lambda: 0.0
    outbox: asyncio.Queue[tuple[float, str] | None] = field(default_factory=asyncio.Queue)

    def send(self, frame: dict[str, Any]) -> None:
        due = asyncio.get_running_loop().time() + self.latency()
        self.outbox.put_nowait((due, json.dumps(frame, separators=(",", ":"))))


@dataclass(eq=False)
class Session:
    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    connection: _Connection | None = None
    sent: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=REPLAY_BUFFER))

    @property
    def shard_id(self) -> int:
        return self.shard[0] if self.shard else 0

    @property
    def shard_count(self) -> int:
        return self.shard[1] if self.shard else 1

    def serves(self, guild_id: int | None) -> bool:
        """Discord's routing: guild events by the sharding formula, the rest (DMs) on shard 0."""
        if guild_id is None:
            return self.shard_id == 0
        return (guild_id >> 22) % self.shard_count == self.shard_id

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.sent.append(frame)
        if self.connection is not None:
            self.connection.send(frame)


class Gateway:
    def __init__(
        self, world: World, resume_url: Callable[[], str], latency: Callable[[], float] = lambda: 0.0
    ) -> None:
        self._world = world
        self._resume_url = resume_url
        self._latency = latency
        self.heartbeat_interval_ms = HEARTBEAT_INTERVAL_MS  # Discord's; tests may shorten it
        self._sessions: dict[str, Session] = {}
        self._connections: set[_Connection] = set()
        self._live: list[Session] = []  # sessions events go to, oldest first; one per shard
        self.identify_count = 0
        self.resume_count = 0
        self.received: list[dict[str, Any]] = []  # every frame the client sent, for tests that inspect them
        world.message_listeners.append(self._on_message)

    @property
    def identified(self) -> bool:
        """A session exists: dispatches are delivered now or replayed when the client resumes."""
        return bool(self._live)

    @property
    def connected(self) -> bool:
        """A session has an open socket."""
        return any(session.connection is not None for session in self._live)

    def connected_shards(self) -> set[int]:
        return {session.shard_id for session in self._live if session.connection is not None}

    def session_for(self, guild_id: int | None) -> Session | None:
        """The session Discord would send an event about `guild_id` (None: a DM) to: the newest that serves it."""
        return next((session for session in reversed(self._live) if session.serves(guild_id)), None)

    def dispatch(self, event: str, data: dict[str, Any]) -> None:
        guild_id = int(data["guild_id"]) if data.get("guild_id") else None
        session = self.session_for(guild_id)
        if session is None:
            shard = "for DMs (shard 0)" if guild_id is None else f"for guild {guild_id}"
            raise AssertionError(f"no gateway session {shard} to dispatch {event} to")
        session.dispatch(event, data)

    def end_session(self, shard_ids: set[int] | None = None) -> None:
        """Forgets the sessions of these shards (all when None): their client is gone for good, so nothing
        may be dispatched to them."""
        for session in list(self._live):
            if shard_ids is None or session.shard_id in shard_ids:
                self._sessions.pop(session.id, None)
                self._live.remove(session)

    async def drop(self, code: int = 4000) -> None:
        """Closes the bot's sockets as a network failure would; the sessions stay resumable."""
        for session in self._live:
            if session.connection is not None:
                connection, session.connection = session.connection, None
                await connection.socket.close(code=code)

    async def close_all(self) -> None:
        for connection in list(self._connections):
            await connection.socket.close(code=1001)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await socket.prepare(request)
        connection = _Connection(socket, self._latency)
        self._connections.add(connection)
        writer = asyncio.create_task(self._write(connection))
        connection.send(
            {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["local"]}}
        )
        try:
            async for frame in socket:
                if frame.type is WSMsgType.TEXT:
                    self._receive(connection, json.loads(frame.data))
                elif frame.type is WSMsgType.ERROR:
                    break
        finally:
            self._connections.discard(connection)
            connection.outbox.put_nowait(None)
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            self._forget(connection, socket.close_code)
        return socket

    async def _write(self, connection: _Connection) -> None:
        loop = asyncio.get_running_loop()
        while (queued := await connection.outbox.get()) is not None:
            due, text = queued
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            if connection.socket.closed:
                return
            try:
                await connection.socket.send_str(text)
            except (ConnectionResetError, RuntimeError):
                return

    def _forget(self, connection: _Connection, close_code: int | None) -> None:
        for session in self._sessions.values():
            if session.connection is connection:
                session.connection = None
                if close_code in NORMAL_CLOSES and session in self._live:
                    # A clean close from the client ends the session, as Discord does.
                    del self._sessions[session.id]
                    self._live.remove(session)
                break
        self._world.changes.notify()

    def _receive(self, connection: _Connection, frame: dict[str, Any]) -> None:
        self.received.append(frame)
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            delay = max(MIN_ACK_DELAY - self._latency(), 0.0)
            asyncio.get_running_loop().call_later(delay, connection.send, {"op": HEARTBEAT_ACK})
            self._world.changes.notify()  # for tests that count heartbeats
        elif op == IDENTIFY:
            self._identify(connection, data or {})
        elif op == RESUME:
            self._resume(connection, data or {})
        elif op == REQUEST_GUILD_MEMBERS:
            self._send_members(data or {})
        elif op in (PRESENCE_UPDATE, VOICE_STATE_UPDATE):
            pass
        else:
            log.warning("local gateway: unhandled op %s", op)

    def _identify(self, connection: _Connection, data: dict[str, Any]) -> None:
        shard = data.get("shard")
        if shard is not None and not (
            isinstance(shard, list) and len(shard) == 2 and 0 <= int(shard[0]) < int(shard[1])
        ):
            asyncio.get_running_loop().create_task(connection.socket.close(code=INVALID_SHARD))
            return
        session = Session(id=secrets.token_hex(16), intents=int(data.get("intents", 0)), shard=shard)
        self._sessions[session.id] = session
        session.connection = connection
        # A new session for a shard takes over its events from an older one.
        self._live = [old for old in self._live if old.shard != session.shard]
        self._live.append(session)
        self.identify_count += 1
        world = self._world
        serves_guild = session.serves(world.guild_id)
        ready = payloads.ready(
            world,
            session_id=session.id,
            resume_gateway_url=self._resume_url(),
            shard=session.shard,
            with_guild=serves_guild,
        )
        session.dispatch("READY", ready)
        if serves_guild:
            session.dispatch("GUILD_CREATE", payloads.guild_create(world, intents=session.intents))
        world.changes.notify()  # a test may be waiting for this shard to connect

    def _resume(self, connection: _Connection, data: dict[str, Any]) -> None:
        session = self._sessions.get(str(data.get("session_id")))
        if session is None:
            connection.send({"op": INVALID_SESSION, "d": False})
            return
        session.connection = connection
        if session not in self._live:
            self._live = [old for old in self._live if old.shard != session.shard]
            self._live.append(session)
        self.resume_count += 1
        seen = int(data.get("seq") or 0)
        for frame in session.sent:
            if frame["s"] > seen:
                connection.send(frame)
        session.dispatch("RESUMED", {"_trace": ["local"]})

    def _send_members(self, data: dict[str, Any]) -> None:
        session = self.session_for(self._world.guild_id)
        if session is None:
            return
        world = self._world
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = (data.get("query") or "").lower()
        found = [
            u
            for u in [world.bot, *world.members()]
            if (not wanted or u.id in wanted) and u.name.lower().startswith(query)
        ]
        chunk: dict[str, Any] = {
            "guild_id": str(world.guild_id),
            "members": [payloads.member(world, u) for u in found],
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    def _on_message(self, event: str, message: Message) -> None:
        session = self.session_for(message.guild_id)
        if session is None or message.ephemeral:
            return
        needed = DIRECT_MESSAGES if message.guild_id is None else GUILD_MESSAGES
        if not session.intents & needed:
            return
        if event == "delete":
            deleted: dict[str, Any] = {"id": str(message.id), "channel_id": str(message.channel_id)}
            if message.guild_id is not None:
                deleted["guild_id"] = str(message.guild_id)
            session.dispatch("MESSAGE_DELETE", deleted)
            return
        name = "MESSAGE_CREATE" if event == "create" else "MESSAGE_UPDATE"
        session.dispatch(name, payloads.message(self._world, message, for_gateway=True))
