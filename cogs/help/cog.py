"""The /help command: a short overview a newcomer can act on."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.common.answer import answer

OVERVIEW = (
    "I keep track of your fixed-price contracts and their milestones, and I DM you before a milestone "
    "costs you money: work on an unfunded milestone, a review period running out, a refund request you "
    "have to answer in time."
)

GETTING_STARTED = (
    "1. `/contract add` a contract: title, client, agreed price, platform.\n"
    "2. `/milestone add` each milestone with its amount and due date.\n"
    "3. As the client funds, you submit and they release, tell me with `/milestone fund`, "
    "`/milestone submit`, `/milestone release`.\n"
    "4. `/summary` shows where your money is, what needs you now and what is due next."
)

MORE = (
    "`/reminders list` what I will remind you of · `/settings timezone` your time zone · "
    "`/calendar` your deadlines for any calendar · `/export` your money as a spreadsheet · "
    "right-click a client's message > Apps > **Track as milestone** · "
    "`/faq list` · `/faq search` how milestones, escrow, reviews and refunds work · `/privacy export` your data"
)


class Help(commands.Cog):
    @app_commands.command(name="help", description="What Milestone Bot does and how to start")
    async def help(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="Milestone Bot", description=OVERVIEW, colour=discord.Colour.blurple())
        embed.add_field(name="Start in a minute", value=GETTING_STARTED, inline=False)
        embed.add_field(name="More", value=MORE, inline=False)
        embed.set_footer(
            text="Your contracts are private: only you can see them, replies to you are ephemeral."
        )
        await answer(interaction).send(embeds=[embed])
