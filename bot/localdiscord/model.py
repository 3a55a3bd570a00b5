"""The things the local server keeps: users, roles, channels and messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .rendering import Button, buttons_of, plain_text

EPHEMERAL = 1 << 6
LOADING = 1 << 7

TEXT_CHANNEL = 0
DM_CHANNEL = 1


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(eq=False)
class FakeUser:
    """A Discord user the test plays. ``manage_guild`` gives them a role with Manage Server."""

    id: int
    name: str
    bot: bool = False
    manage_guild: bool = False
    in_guild: bool = True
    joined_at: datetime = field(default_factory=utcnow)
    locale: str = "en-US"

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


@dataclass(eq=False)
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    color: int = 0


@dataclass(eq=False)
class Channel:
    id: int
    type: int
    name: str | None = None
    position: int = 0
    guild_id: int | None = None
    recipient_id: int | None = None
    last_message_id: int | None = None

    @property
    def is_dm(self) -> bool:
        return self.type == DM_CHANNEL


@dataclass(eq=False)
class Message:
    """A message as stored; edits change it in place, so a test holding it sees the latest state."""

    id: int
    channel_id: int
    author: FakeUser
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    flags: int = 0
    nonce: str | int | None = None
    guild_id: int | None = None
    created_at: datetime = field(default_factory=utcnow)
    edited_at: datetime | None = None
    deleted: bool = False
    type: int = 0
    webhook_id: int | None = None
    application_id: int | None = None
    interaction_metadata: dict[str, Any] | None = None
    edits: int = 0

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        """True while a deferred response still shows "is thinking..."."""
        return bool(self.flags & LOADING)

    @property
    def text(self) -> str:
        return plain_text(self.content, self.embeds, self.components)

    @property
    def buttons(self) -> list[Button]:
        return buttons_of(self.components)

    def __repr__(self) -> str:
        preview = self.text.replace("\n", " | ")
        if len(preview) > 80:
            preview = preview[:77] + "..."
        return f"<Message id={self.id} channel={self.channel_id} flags={self.flags} {preview!r}>"
