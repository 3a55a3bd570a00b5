"""[Draft a message] under `/contract view`: copy-ready messages for the client that fit the contract now.

The buttons are persistent (discord.py rebuilds them from their ids, which carry the contract and, for a
choice, the situation): a `/contract view` left open keeps working after a restart, and each press reads
the contract as it stands then, so a draft never quotes stale amounts. The presser must own the contract:
for anyone else the service answers "not found", as for every id-taking action. Nothing is sent to the
client; the draft is shown to the user only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.domain.asks import Ask, Situation
from bot.i18n.speaking import N_, _
from cogs.common.drafts import choice_label, copy_ready
from cogs.common.errors import reply_ephemeral, send_error
from cogs.common.language import use_language
from cogs.common.render import command, safe

if TYPE_CHECKING:
    from bot.app import MilestoneBot

_ID = r"[0-9]{1,18}"
_ASKS = "|".join(ask.value for ask in Ask)
DRAFT_TEMPLATE = rf"draft:(?P<contract>{_ID})"
CHOICE_TEMPLATE = rf"draft:(?P<contract>{_ID}):(?P<ask>{_ASKS}):(?P<about>{_ID})"
DRAFT_LABEL = N_("Draft a message")
MAX_CHOICES = 20  # four rows of five buttons


def _bot(interaction: discord.Interaction) -> MilestoneBot:
    return interaction.client  # type: ignore[return-value]


class DraftButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=DRAFT_TEMPLATE):
    def __init__(self, contract_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=_(DRAFT_LABEL),
                style=discord.ButtonStyle.secondary,
                custom_id=f"draft:{contract_id}",
                emoji="✉️",
            )
        )
        self.contract_id = contract_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DraftButton:
        return cls(int(match["contract"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        use_language(interaction)  # a press on a message never passes the command tree
        try:
            asks = await _bot(interaction).services.contracts.client_asks(
                interaction.user.id, self.contract_id
            )
            found = asks.situations
            if not found:
                await reply_ephemeral(interaction, _nothing_to_ask(asks.contract.client))
            elif len(found) == 1:
                await reply_ephemeral(interaction, copy_ready(found[0], asks.settings.zone))
            else:
                await interaction.response.send_message(
                    _("Which message for {client}? Each press shows one, ready to copy.").format(
                        client=safe(asks.contract.client)
                    ),
                    view=_choices_view(found),
                    ephemeral=True,
                )
        except Exception as error:  # the one error path: user errors explained, bugs logged with a reference
            await send_error(interaction, error)


class DraftChoice(discord.ui.DynamicItem[discord.ui.Button[Any]], template=CHOICE_TEMPLATE):
    def __init__(self, contract_id: int, ask: Ask, about_id: int, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=label or _(DRAFT_LABEL),  # rebuilt from a press, the label is not shown again
                style=discord.ButtonStyle.primary,
                custom_id=f"draft:{contract_id}:{ask.value}:{about_id}",
            )
        )
        self.contract_id, self.ask, self.about_id = contract_id, ask, about_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DraftChoice:
        return cls(int(match["contract"]), Ask(match["ask"]), int(match["about"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        use_language(interaction)  # a press on a message never passes the command tree
        try:
            asks = await _bot(interaction).services.contracts.client_asks(
                interaction.user.id, self.contract_id
            )
            chosen = next(
                (s for s in asks.situations if s.ask is self.ask and s.about_id == self.about_id), None
            )
            if chosen is None:
                await reply_ephemeral(
                    interaction,
                    _(
                        "That message no longer fits: the contract has moved on. Press {button} under {view} "
                        "again for what fits now."
                    ).format(button=_(DRAFT_LABEL), view=command("contract view")),
                )
                return
            await reply_ephemeral(interaction, copy_ready(chosen, asks.settings.zone))
        except Exception as error:
            await send_error(interaction, error)


def _nothing_to_ask(client: str) -> str:
    return _(
        "Nothing to ask {client} right now: no milestone waits for funding, for a release after its review "
        "or for your answer to a refund request, and no unfunded work is left to ask a bonus for."
    ).format(client=safe(client))


def _choices_view(found: list[Situation]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for situation in found[:MAX_CHOICES]:
        view.add_item(
            DraftChoice(situation.contract.id, situation.ask, situation.about_id, choice_label(situation))
        )
    view.stop()  # presses are routed by the registered templates, not by this object
    return view
