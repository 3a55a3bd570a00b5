"""`:help`: how to type at the offline bot, and the commands it offers."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bot.offline.catalog import Catalog
from bot.offline.complete import META_COMMANDS

SYNTAX = """\
Type slash commands as in Discord, options as name:value:
  /contract add title:Legal research client:Dana price:150
A value runs until the next option name; quote it if it contains one: title:"Notes: client:Dana".
Tab (or typing) offers commands, options and the bot's own suggestions, as Discord's menu does:
a suggestion such as #1 is how Discord refers to your contract; its title works too.
Buttons show as [1] Confirm [2] Cancel: type the number to press one (a number is never reused).
Files the bot sends (/privacy export) are saved in milestone-bot-files/ here; the message says where.
DMs from the bot appear as they arrive. The bot's clock can be moved forward to see reminders fire."""


def render(catalog: Catalog) -> RenderableType:
    meta = Table.grid(padding=(0, 2))
    for name, what in META_COMMANDS.items():
        meta.add_row(Text(name, style="bold"), Text(what))
    commands = Table.grid(padding=(0, 2))
    for command in catalog.commands:
        commands.add_row(Text("/" + command.path, style="bold"), Text(command.description, style="dim"))
    return Group(Text(SYNTAX), Text(""), meta, Text(""), commands)
