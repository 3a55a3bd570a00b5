"""Sending a batch of reminders as one DM, and reading Discord's answer as the scheduler needs it.

The DM channel id is remembered, so a reminder usually costs one request. Every send carries the batch's
nonce with `enforce_nonce` (discord.py sets it), so a repeat of the same batch is never shown twice.
Discord remembers a nonce for a few minutes only; a batch sent again after a longer outage first looks
for itself among the latest DMs (its buttons carry its reminder ids) before sending.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.domain.users import DmRefusal
from bot.i18n.speaking import speaking
from bot.pacing import SendPacer
from bot.services.delivery import Delivered, DeliveryResult, DueBatch, RetryLater, Undeliverable
from cogs.reminders.buttons import reminder_ids_in, reminders_view
from cogs.reminders.render import dm_parts

if TYPE_CHECKING:
    from bot.app import MilestoneBot

log = logging.getLogger(__name__)

# Discord's answers to a DM it refuses (topics/opcodes-and-status-codes.mdx in discord-api-docs).
CANNOT_DM_USER = 50007  # the user closed their DMs to the bot
OPENING_DMS_TOO_FAST = 40003  # "You are opening direct messages too fast": wait, then try again
NO_MUTUAL_GUILDS = 50278  # the user shares no server with the bot (installed it to their account only)
REFUSALS = {CANNOT_DM_USER: DmRefusal.CLOSED, NO_MUTUAL_GUILDS: DmRefusal.NO_MUTUAL_SERVER}
# Discord gives no retry_after with 40003; this long a pause lets its limit on new DMs pass.
DM_OPEN_BACK_OFF = timedelta(minutes=2)
# Opening DM channels: Discord warns that opening many quickly gets a bot limited (resources/user.mdx,
# Create DM). Each user's channel is opened once and remembered; new ones are opened at this pace.
DM_OPENS_PER_SECOND = 5.0
DM_OPEN_BURST = 5
# How far back a repeated batch looks for itself: the bot sends few DMs, so the last ones suffice.
RECENT_DMS_CHECKED = 20
UNKNOWN_CHANNEL = 10003


class DmSender:
    """The scheduler's deliver function: one DM per batch."""

    def __init__(self, bot: MilestoneBot) -> None:
        self._bot = bot
        self._opens = SendPacer(DM_OPENS_PER_SECOND, DM_OPEN_BURST)

    async def __call__(self, batch: DueBatch) -> DeliveryResult:
        try:
            # Opening a DM channel that exists returns it, so a repeat finds its channel even when the
            # crash came before its id was stored.
            channel_id = batch.dm_channel_id or await self._open_dm(batch.owner_id)
            try:
                message_id = await self._send(channel_id, batch)
            except discord.NotFound as error:
                if error.code != UNKNOWN_CHANNEL:
                    raise
                # The remembered channel is gone: ask for the DM channel again, once.
                channel_id = await self._open_dm(batch.owner_id)
                message_id = await self._send(channel_id, batch)
        except discord.Forbidden as error:
            return _refused(error)
        except discord.RateLimited as error:
            return RetryLater("rate limited", after=timedelta(seconds=error.retry_after))
        except discord.HTTPException as error:
            return _http_failure(error)
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            return RetryLater(f"network: {error!r}")
        return Delivered(message_id, channel_id)

    async def _open_dm(self, user_id: int) -> int:
        await self._opens.pace()
        data = await self._bot.http.start_private_message(user_id)
        return int(data["id"])

    async def _already_sent(self, channel_id: int) -> dict[int, int]:
        """Each reminder the bot's recent DMs in this channel carry, with that DM's id."""
        found: dict[int, int] = {}
        me = self._bot.user
        channel = self._bot.get_partial_messageable(channel_id, type=discord.ChannelType.private)
        async for message in channel.history(limit=RECENT_DMS_CHECKED):
            if me is not None and message.author.id == me.id:
                found.update(dict.fromkeys(reminder_ids_in(message), message.id))
        return found

    async def _send(self, channel_id: int, batch: DueBatch) -> int:
        """The batch as one DM, or as several when one would pass Discord's limits; the first DM's id.
        A repeated batch sends only the parts not already there, so no reminder shows twice."""
        channel = self._bot.get_partial_messageable(channel_id, type=discord.ChannelType.private)
        earlier = await self._already_sent(channel_id) if batch.repeat else {}
        first: int | None = None
        with speaking(batch.locale):  # the user's language: chosen, or their last interaction's
            parts = [(part, reminders_view(part.reminders)) for part in dm_parts(batch)]
        for part, view in parts:
            ids = [reminder.id for reminder in part.reminders]
            if all(i in earlier for i in ids):
                message_id = earlier[ids[0]]
            else:
                message_id = (await channel.send(embeds=part.embeds, view=view, nonce=part.nonce)).id
            first = message_id if first is None else first
        assert first is not None  # a batch holds at least one reminder
        return first


def _refused(error: discord.Forbidden) -> DeliveryResult:
    if error.code == OPENING_DMS_TOO_FAST:
        log.warning("Discord says the bot opens DMs too fast; trying again in %s", DM_OPEN_BACK_OFF)
        return RetryLater("opening DMs too fast", after=DM_OPEN_BACK_OFF)
    # 50007, 50278, and any other refusal: the user is told how to receive DMs.
    return Undeliverable(
        f"{error.status} {error.code}: {error.text}", refusal=REFUSALS.get(error.code, DmRefusal.CLOSED)
    )


def _http_failure(error: discord.HTTPException) -> DeliveryResult:
    if error.status == 429:
        header = error.response.headers.get("Retry-After") if error.response is not None else None
        after = timedelta(seconds=float(header)) if header else None
        return RetryLater("rate limited", after=after)
    if error.status >= 500:
        return RetryLater(f"Discord answered {error.status}")
    # Anything else is a request Discord will refuse every time: retrying can't help.
    log.error("reminder DM refused by Discord (%s %s): %s", error.status, error.code, error.text)
    return Undeliverable(f"{error.status} {error.code}: {error.text}")
