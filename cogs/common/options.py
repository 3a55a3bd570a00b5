"""The `contract` and `milestone` options: resolved to the caller's own ids once, at the edge.

Each is an `app_commands.Transformer` with its own autocomplete (only the caller's items, sent as `#id`),
as in discord.py's `examples/app_commands/transformers.py`. A typed title is looked up too (exact, any
case); anything else is "not found" with the caller's own near names. Services get ids, never text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.domain.errors import UserFacingError
from bot.i18n.speaking import _
from bot.services.lookup import choice_value, id_in
from cogs.common.render import amount, status_label

if TYPE_CHECKING:
    from bot.app import MilestoneBot

MAX_NAME = 100  # Discord's limit on a choice's name
_CHOSEN = "contract_id"  # where the resolved contract waits for the milestone option (interaction.extras)


def _bot(interaction: discord.Interaction) -> MilestoneBot:
    return interaction.client  # type: ignore[return-value]


class ContractOption(app_commands.Transformer):
    """One of the caller's contracts, as its id."""

    async def transform(self, interaction: discord.Interaction, value: Any) -> int:
        found = await _bot(interaction).services.contracts.resolve(interaction.user.id, str(value))
        interaction.extras[_CHOSEN] = found  # the milestone option of the same command reads it
        return found

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        found = await _bot(interaction).services.contracts.choices(interaction.user.id, value)
        return [
            app_commands.Choice(
                name=f"{title} · {amount(price)} · {_('active') if active else _('ended')}"[:MAX_NAME],
                value=choice_value(item),
            )
            for item, title, price, active in found
        ]


async def chosen_contract(interaction: discord.Interaction) -> int | None:
    """The contract the caller picked in this interaction's `contract` option, if it names one of theirs."""
    if _CHOSEN in interaction.extras:
        return int(interaction.extras[_CHOSEN])
    raw = str(getattr(interaction.namespace, "contract", "") or "").strip()
    if not raw:
        return None
    found = id_in(raw)
    if found is not None:
        return found
    try:
        return await _bot(interaction).services.contracts.resolve(interaction.user.id, raw)
    except UserFacingError:  # an unknown title: no milestones to offer
        return None


class MilestoneOption(app_commands.Transformer):
    """One of the milestones of the contract chosen in the same command, as its id."""

    async def transform(self, interaction: discord.Interaction, value: Any) -> int:
        contract = await chosen_contract(interaction)
        services = _bot(interaction).services
        if contract is None:
            # Let the contract option say what is wrong with it.
            contract = await services.contracts.resolve(
                interaction.user.id, str(interaction.namespace.contract)
            )
        return await services.milestones.resolve(interaction.user.id, contract, str(value))

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str
    ) -> list[app_commands.Choice[str]]:
        contract = await chosen_contract(interaction)
        found = await _bot(interaction).services.milestones.choices(interaction.user.id, contract, value)
        return [
            app_commands.Choice(
                name=f"{m.title} · {amount(m.amount)} · {status_label(m)}"[:MAX_NAME],
                value=choice_value(m.id),
            )
            for m in found
        ]


ContractArg = app_commands.Transform[int, ContractOption]
MilestoneArg = app_commands.Transform[int, MilestoneOption]
