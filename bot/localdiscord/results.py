"""What a test gets back from a slash command, autocomplete, button press or modal submit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import FakeUser, Message
from .rendering import Button, buttons_of, plain_text
from .state import Changes

CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9


@dataclass(eq=False)
class InteractionResult:
    """The bot's answer to one interaction. It stays live: later edits and followups show up in it.

    ``type`` is the callback type the bot answered with (4 message, 5 deferred, 6 deferred update,
    7 update, 8 autocomplete, 9 modal). ``message`` is the message the answer created or updated;
    after a deferral (5) the first followup fills that same message, as on Discord.
    """

    interaction_id: int
    interaction_type: int
    user: FakeUser
    token: str
    type: int | None = None
    message: Message | None = None
    followups: list[Message] = field(default_factory=list)
    modal: dict[str, Any] | None = None
    choices: list[dict[str, Any]] | None = None
    _changes: Changes | None = field(default=None, repr=False)

    @property
    def content(self) -> str:
        return self.message.content if self.message else ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.components if self.message else []

    @property
    def ephemeral(self) -> bool:
        return bool(self.message and self.message.ephemeral)

    @property
    def text(self) -> str:
        """The answer as plain text: content, embeds (title, description, fields, footer), text displays."""
        return plain_text(self.content, self.embeds, self.components)

    @property
    def buttons(self) -> list[Button]:
        return buttons_of(self.components)

    async def wait_followups(self, count: int = 1, *, timeout: float = 5) -> list[Message]:  # noqa: ASYNC109
        """Waits until the bot has sent at least ``count`` followups to this interaction."""
        if self._changes is None:
            raise AssertionError("this result is not connected to a server")
        return await self._changes.wait_until(
            lambda: list(self.followups) if len(self.followups) >= count else None,
            within=timeout,
            failure=lambda: f"expected {count} followups, got {len(self.followups)}",
        )
