"""One interaction's answer, with the one defer policy: answer at once, or defer and then edit the result in.

Discord shows "The application did not respond" when an interaction gets no answer within 3 seconds of
its creation. A command that may not answer within about a second (it waits on the database's write lock,
it is known to be slow, or it waited in a deep queue before it started) is deferred first: the user sees
"thinking…" at once, and the result replaces it when it is ready, however long the wait (the token allows
edits for 15 minutes). Forms (modals) can't follow a deferral, so commands that open one are never
deferred; a command marks itself with `extras`:

    @app_commands.command(..., extras=SLOW)   # defers at once
    @app_commands.command(..., extras=FORM)   # never defers

Everything a command sends goes through `answer(interaction)`, so the timer and the reply never race.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from typing import Any

import discord

from bot.services.work import Saves, watch_saves

DEFER_AFTER = 1.0  # seconds since the interaction was created: past this, defer instead of risking the window
# Commands started and not yet answered past which a new one defers before doing anything: in a burst the
# event loop runs each command's first step in turn, so every user sees "thinking…" before the work queues.
DEEP_QUEUE = 8
SLOW = {"answer": "slow"}
FORM = {"answer": "form"}
_KEY = "milestone_bot.answer"
_unanswered: weakref.WeakSet[Answer] = weakref.WeakSet()


class Answer:
    def __init__(self, interaction: discord.Interaction) -> None:
        self._interaction = interaction
        self._lock = asyncio.Lock()
        self._timer: asyncio.TimerHandle | None = None
        self._deferring: asyncio.Task[bool] | None = None
        self._deferred_and_empty = False
        self.ephemeral = True  # how a deferral shows "thinking…": set before any await by a public command
        self.saves: Saves = watch_saves()

    def defer_after(self, seconds: float) -> None:
        """Defer unless the answer went out within `seconds`."""
        loop = asyncio.get_running_loop()

        def start() -> None:
            self._deferring = loop.create_task(self.defer())

        self._timer = loop.call_later(max(0.0, seconds), start)

    async def defer(self) -> bool:
        """Show "thinking…"; False when Discord no longer knows the interaction (it waited too long)."""
        async with self._lock:
            if self._interaction.response.is_done():
                return True
            try:
                await self._interaction.response.defer(ephemeral=self.ephemeral, thinking=True)
            except discord.NotFound:
                return False
            self._deferred_and_empty = True
            return True

    async def send(
        self,
        content: str | None = None,
        *,
        embeds: Sequence[discord.Embed] = (),
        view: discord.ui.View | None = None,
        file: discord.File | None = None,
        files: Sequence[discord.File] = (),
        ephemeral: bool = True,
        **options: Any,
    ) -> None:
        """The answer: the first response, the result edited into a deferral, or a further message."""
        if self._timer is not None:
            self._timer.cancel()
        _unanswered.discard(self)
        attachments = [*([file] if file else []), *files]
        message: dict[str, Any] = {"embeds": list(embeds), **options}
        if view is not None:
            message["view"] = view
        async with self._lock:
            interaction = self._interaction
            if not interaction.response.is_done():
                await interaction.response.send_message(
                    content, files=attachments, ephemeral=ephemeral, **message
                )
            elif self._deferred_and_empty:
                await interaction.edit_original_response(
                    content=content, attachments=attachments, **{"view": None, **message}
                )
                self._deferred_and_empty = False
            else:
                text = discord.utils.MISSING if content is None else content
                await interaction.followup.send(text, files=attachments, ephemeral=ephemeral, **message)


def answer(interaction: discord.Interaction) -> Answer:
    """This interaction's answer, made on first use."""
    found = interaction.extras.get(_KEY)
    if found is None:
        found = interaction.extras[_KEY] = Answer(interaction)
    return found


async def start_answer(interaction: discord.Interaction, waited: float) -> bool:
    """At the start of a command that waited `waited` seconds on our side: the defer policy. Defer now if
    the command is known to be slow or many others wait for their answer; else if no answer went out by
    `DEFER_AFTER` after the interaction was created. False when the interaction expired before it could
    even be deferred: the command must then not run, since nobody would learn what it did."""
    reply = answer(interaction)
    kind = interaction.command.extras.get("answer") if interaction.command else None
    if kind == "form":
        return True
    crowded = len(_unanswered) >= DEEP_QUEUE
    _unanswered.add(reply)
    if kind == "slow" or crowded or waited >= DEFER_AFTER:
        return await reply.defer()
    reply.defer_after(DEFER_AFTER - waited)
    return True
