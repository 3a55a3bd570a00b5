"""The /help command: a short overview a newcomer can act on."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n.speaking import N_, _
from cogs.common.answer import answer
from cogs.common.render import command, menu_name

BOT_NAME = "Milestone Bot"  # a name: the same in every language
OVERVIEW = N_(
    "I keep track of your fixed-price contracts and their milestones, and I DM you before a milestone "
    "costs you money: work on an unfunded milestone, a review period running out, a refund request you "
    "have to answer in time."
)

GETTING_STARTED = N_(
    "1. {contract_add} a contract: title, client, agreed price, platform.\n"
    "2. {milestone_add} each milestone with its amount and due date.\n"
    "3. As the client funds, you submit and they release, tell me with {fund}, {submit}, {release}.\n"
    "4. {summary} shows where your money is, what needs you now and what is due next."
)

MORE = N_(
    "{reminders} what I will remind you of · {timezone} your time zone · "
    "{calendar} your deadlines for any calendar · {export} your money as a spreadsheet · "
    "right-click a client's message > Apps > **{track}** · "
    "{faq_list} · {faq_search} how milestones, escrow, reviews and refunds work · {privacy} your data"
)

FOOTER = N_("Your contracts are private: only you can see them, replies to you are ephemeral.")


class Help(commands.Cog):
    @app_commands.command(name="help", description="What Milestone Bot does and how to start")
    async def help(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(title=BOT_NAME, description=_(OVERVIEW), colour=discord.Colour.blurple())
        starting = _(GETTING_STARTED).format(
            contract_add=command("contract add"),
            milestone_add=command("milestone add"),
            fund=command("milestone fund"),
            submit=command("milestone submit"),
            release=command("milestone release"),
            summary=command("summary"),
        )
        more = _(MORE).format(
            reminders=command("reminders list"),
            timezone=command("settings timezone"),
            calendar=command("calendar"),
            export=command("export"),
            track=menu_name("Track as milestone"),
            faq_list=command("faq list"),
            faq_search=command("faq search"),
            privacy=command("privacy export"),
        )
        embed.add_field(name=_("Start in a minute"), value=starting, inline=False)
        embed.add_field(name=_("More"), value=more, inline=False)
        embed.set_footer(text=_(FOOTER))
        await answer(interaction).send(embeds=[embed])
