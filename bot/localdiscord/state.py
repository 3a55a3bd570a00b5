"""What the local Discord knows: its bot, users, the one guild, channels, DMs and messages.

It also broadcasts "something changed" so tests wait on events instead of polling.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from . import errors
from .errors import ApiError
from .ids import Snowflakes
from .model import DM_CHANNEL, EPHEMERAL, TEXT_CHANNEL, Channel, FakeUser, Message, Role, utcnow
from .validation import check_message, check_uploads

T = TypeVar("T")

# Permission bits (https://discord.com/developers/docs/topics/permissions)
CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
STREAM = 1 << 9
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
USE_VAD = 1 << 25
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
USE_EXTERNAL_STICKERS = 1 << 37
SEND_MESSAGES_IN_THREADS = 1 << 38

# What a new server's @everyone role can do.
EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | STREAM
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | USE_VAD
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | USE_EXTERNAL_STICKERS
    | SEND_MESSAGES_IN_THREADS
)
BOT_ROLE_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES | READ_MESSAGE_HISTORY
# What an app may do in a DM with the bot, as Discord reports it in app_permissions.
DM_APP_PERMISSIONS = (
    ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | USE_EXTERNAL_STICKERS
)

SETTABLE_FLAGS = (
    (1 << 2) | EPHEMERAL | (1 << 12) | (1 << 15)
)  # suppress embeds, ephemeral, silent, components v2


@dataclass
class _Waiter:
    check: Callable[[], Any]
    found: asyncio.Future[Any]


class Changes:
    """``notify()`` re-checks every waiting condition and wakes only the waiters whose condition now holds.

    Checking in ``notify`` keeps a burst cheap: with hundreds of interactions waiting, a change costs a
    few hundred quick checks instead of waking hundreds of tasks.
    """

    def __init__(self) -> None:
        self._waiters: list[_Waiter] = []

    def notify(self) -> None:
        for waiter in list(self._waiters):
            if waiter.found.done():
                continue
            try:
                value = waiter.check()
            except Exception as exc:  # the waiting test should see it, not the notifier
                waiter.found.set_exception(exc)
                continue
            if value is not None:
                waiter.found.set_result(value)

    async def wait_until(
        self,
        check: Callable[[], T | None],
        *,
        within: float,
        failure: Callable[[], str],
        abort: asyncio.Future[Any] | None = None,
    ) -> T:
        """Returns the first non-None ``check()``; AssertionError with ``failure()`` after ``within`` s."""
        value = check()
        if value is not None:
            return value
        if abort is not None and abort.done():
            raise AssertionError(f"{failure()}; and the bot stopped: {abort.result()}")
        waiter = _Waiter(check, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            waits: set[asyncio.Future[Any]] = {waiter.found}
            if abort is not None:
                waits.add(abort)
            await asyncio.wait(waits, timeout=within, return_when=asyncio.FIRST_COMPLETED)
            if waiter.found.done():
                return cast(T, waiter.found.result())
            if abort is not None and abort.done():
                raise AssertionError(f"{failure()}; and the bot stopped: {abort.result()}")
            raise AssertionError(failure())
        finally:
            self._waiters.remove(waiter)
            if not waiter.found.done():
                waiter.found.cancel()


@dataclass
class Upload:
    filename: str
    data: bytes
    content_type: str | None = None


@dataclass
class _NonceEntry:
    message: Message
    at: float


@dataclass
class World:
    """The server's data. Everything is in memory and lives as long as the server."""

    ids: Snowflakes
    application_id: int
    bot: FakeUser
    guild_id: int
    guild_name: str
    owner_id: int
    channel_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    users: dict[int, FakeUser] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    messages: dict[int, Message] = field(default_factory=dict)
    refused_dms: set[int] = field(default_factory=set)
    # Users who installed the app to their account only and share no server with the bot.
    no_mutual_guild: set[int] = field(default_factory=set)
    nonce_window: float = 300.0
    changes: Changes = field(default_factory=Changes)
    _dm_channels: dict[int, Channel] = field(default_factory=dict)
    _nonces: dict[tuple[int, int, str], _NonceEntry] = field(default_factory=dict)
    _by_channel: dict[int, list[Message]] = field(default_factory=dict)
    manager_role_id: int = 0
    bot_role_id: int = 0
    # Called with ("create" | "update" | "delete", message); the gateway turns these into events.
    message_listeners: list[Callable[[str, Message], None]] = field(default_factory=list)

    @classmethod
    def create(cls, ids: Snowflakes, application_id: int | None) -> World:
        app_id = application_id or ids.next()
        # A modern bot user shares its application's id.
        bot = FakeUser(id=app_id, name="Milestone Bot", bot=True)
        guild_id = ids.next()
        world = cls(
            ids=ids,
            application_id=app_id,
            bot=bot,
            guild_id=guild_id,
            guild_name="Freelancers",
            owner_id=ids.next(),
            channel_id=ids.next(),
        )
        world.users[bot.id] = bot
        world.roles[guild_id] = Role(id=guild_id, name="@everyone", permissions=EVERYONE_PERMISSIONS)
        world.manager_role_id = ids.next()
        world.roles[world.manager_role_id] = Role(
            world.manager_role_id, "Moderators", MANAGE_GUILD, position=1
        )
        world.bot_role_id = ids.next()
        world.roles[world.bot_role_id] = Role(
            world.bot_role_id, bot.name, BOT_ROLE_PERMISSIONS, position=2, managed=True
        )
        world.channels[world.channel_id] = Channel(world.channel_id, TEXT_CHANNEL, "general", 0, guild_id)
        return world

    # users and permissions

    def add_user(
        self, name: str, *, manage_guild: bool = False, in_guild: bool = True, user_id: int | None = None
    ) -> FakeUser:
        user = FakeUser(
            id=user_id or self.ids.next(), name=name, manage_guild=manage_guild, in_guild=in_guild
        )
        self.users[user.id] = user
        return user

    def members(self) -> list[FakeUser]:
        return [u for u in self.users.values() if u.in_guild]

    def role_ids(self, user: FakeUser) -> list[int]:
        if user.bot:
            return [self.bot_role_id]
        return [self.manager_role_id] if user.manage_guild else []

    def permissions(self, user: FakeUser) -> int:
        """The member's permissions in the guild's channels (no overwrites exist)."""
        value = self.roles[self.guild_id].permissions
        for role_id in self.role_ids(user):
            value |= self.roles[role_id].permissions
        return value

    def get_user(self, user_id: int) -> FakeUser:
        try:
            return self.users[user_id]
        except KeyError:
            raise errors.unknown("User", errors.UNKNOWN_USER) from None

    # channels

    def get_channel(self, channel_id: int) -> Channel:
        try:
            return self.channels[channel_id]
        except KeyError:
            raise errors.unknown("Channel", errors.UNKNOWN_CHANNEL) from None

    def dm_channel(self, user: FakeUser) -> Channel:
        """The bot's DM channel with ``user``: one per user, its id stable for the server's life."""
        channel = self._dm_channels.get(user.id)
        if channel is None:
            channel = Channel(self.ids.next(), DM_CHANNEL, recipient_id=user.id)
            self._dm_channels[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def guild_channels(self) -> list[Channel]:
        return [c for c in self.channels.values() if c.guild_id == self.guild_id]

    # messages

    def visible_messages(self, channel_id: int) -> list[Message]:
        """The channel's messages everyone sees, oldest first (no ephemeral or deleted ones)."""
        return [m for m in self._by_channel.get(channel_id, []) if not m.deleted and not m.ephemeral]

    def dms(self, user: FakeUser) -> list[Message]:
        channel = self._dm_channels.get(user.id)
        return [] if channel is None else self.visible_messages(channel.id)

    def get_message(self, channel_id: int, message_id: int) -> Message:
        message = self.messages.get(message_id)
        if message is None or message.deleted or message.channel_id != channel_id:
            raise errors.unknown("Message", errors.UNKNOWN_MESSAGE)
        return message

    def earlier_by_nonce(self, channel: Channel, author: FakeUser, body: dict[str, Any]) -> Message | None:
        """The message already sent with this nonce, when the sender asked Discord to enforce it."""
        nonce = body.get("nonce")
        if nonce is None or not body.get("enforce_nonce"):
            return None
        entry = self._nonces.get((channel.id, author.id, str(nonce)))
        now = asyncio.get_running_loop().time()
        if entry is None or now - entry.at > self.nonce_window or entry.message.deleted:
            return None
        return entry.message

    def create_message(
        self,
        channel: Channel,
        author: FakeUser,
        body: dict[str, Any],
        uploads: dict[int, Upload] | None = None,
        *,
        validate: bool = True,
        **extra: Any,
    ) -> Message:
        uploads = uploads or {}
        if validate:
            check_message(body, has_files=bool(uploads), creating=True)
            check_uploads([len(upload.data) for upload in uploads.values()])
        message = Message(
            id=self.ids.next(),
            channel_id=channel.id,
            author=author,
            guild_id=channel.guild_id,
            nonce=body.get("nonce"),
            **extra,
        )
        self._apply(message, body, uploads, creating=True)
        self.messages[message.id] = message
        self._by_channel.setdefault(channel.id, []).append(message)
        channel.last_message_id = message.id
        if message.nonce is not None:
            at = asyncio.get_running_loop().time()
            self._nonces[(channel.id, author.id, str(message.nonce))] = _NonceEntry(message, at)
        self._announce("create", message)
        return message

    def edit_message(
        self, message: Message, body: dict[str, Any], uploads: dict[int, Upload] | None = None
    ) -> None:
        check_message(body, has_files=bool(uploads), creating=False)
        check_uploads([len(upload.data) for upload in (uploads or {}).values()])
        self._apply(message, body, uploads or {}, creating=False)
        message.edited_at = utcnow()
        message.edits += 1
        self._announce("update", message)

    def delete_message(self, message: Message) -> None:
        message.deleted = True
        self._announce("delete", message)

    def _announce(self, event: str, message: Message) -> None:
        for listener in self.message_listeners:
            listener(event, message)
        self.changes.notify()

    def _apply(
        self, message: Message, body: dict[str, Any], uploads: dict[int, Upload], *, creating: bool
    ) -> None:
        """Writes the fields present in ``body``; absent fields keep their value, as in Discord's PATCH."""
        if "content" in body:
            message.content = body["content"] or ""
        if "embeds" in body:
            message.embeds = list(body["embeds"] or [])
        if "components" in body:
            message.components = list(body["components"] or [])
        if "flags" in body and body["flags"] is not None:
            requested = int(body["flags"]) & SETTABLE_FLAGS
            if creating:
                message.flags = requested
            else:
                # Ephemerality is fixed when a message is created; an edit changes only the other flags.
                message.flags = (
                    (message.flags & ~SETTABLE_FLAGS) | (message.flags & EPHEMERAL) | (requested & ~EPHEMERAL)
                )
        if "attachments" in body or uploads:
            self._apply_attachments(message, body.get("attachments"), uploads)

    def _apply_attachments(
        self, message: Message, listed: list[dict[str, Any]] | None, uploads: dict[int, Upload]
    ) -> None:
        kept_ids = {int(a["id"]) for a in listed or [] if int(a["id"]) not in uploads}
        kept = [a for a in message.attachments if int(a["id"]) in kept_ids]
        files = {a["filename"]: message.files[a["filename"]] for a in kept if a["filename"] in message.files}
        described = {int(a["id"]): a for a in listed or []}
        for index, upload in sorted(uploads.items()):
            filename = described.get(index, {}).get("filename") or upload.filename
            attachment_id = self.ids.next()
            attachment: dict[str, Any] = {
                "id": str(attachment_id),
                "filename": filename,
                "size": len(upload.data),
                "url": f"https://cdn.local/attachments/{message.channel_id}/{attachment_id}/{filename}",
                "proxy_url": f"https://media.local/attachments/{message.channel_id}/{attachment_id}/{filename}",
            }
            if upload.content_type:
                attachment["content_type"] = upload.content_type
            if described.get(index, {}).get("description"):
                attachment["description"] = described[index]["description"]
            kept.append(attachment)
            files[filename] = upload.data
        message.attachments = kept
        message.files = files

    def refuse_dm(self, channel: Channel) -> None:
        """Raises Discord's 403 when the DM's recipient does not accept messages from the bot: 50007 when
        they closed their DMs, 50278 when they share no server with it (opcodes-and-status-codes.mdx:265,
        :330)."""
        if not channel.is_dm:
            return
        if channel.recipient_id in self.refused_dms:
            raise ApiError(403, errors.CANNOT_DM_USER, "Cannot send messages to this user")
        if channel.recipient_id in self.no_mutual_guild:
            raise ApiError(
                403,
                errors.NO_MUTUAL_GUILDS,
                "Cannot send messages to this user due to having no mutual guilds",
            )
