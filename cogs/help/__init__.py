"""/help: what the bot does and how to start."""

from discord.ext import commands

from cogs.help.cog import Help


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Help())
