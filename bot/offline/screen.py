"""Where the offline session writes: colours and boxes in a terminal, the same boxes as plain text in a pipe.

Messages are drawn once, and again only when the bot edits them, however they reach the screen (the
answer to a command, a followup, a DM): the screen remembers what it showed. What a Discord client writes
around a message (who sent it, "only you can see this", a saved file) is in the reader's language, as
Discord's own client writes it.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console, RenderableType
from rich.style import Style
from rich.text import Text

from bot.i18n.speaking import _, speaking
from bot.localdiscord.model import Message
from bot.offline.buttons import ButtonBoard
from bot.offline.files import AttachmentFolder
from bot.offline.markdown import Reader
from bot.offline.render import render_message

PLAIN_WIDTH = 100  # unless COLUMNS says otherwise: wide enough to keep most embed lines whole
BOT_NAME = "Milestone Bot"


def make_console(*, interactive: bool) -> Console:
    if interactive:
        # No file: print to whatever sys.stdout is at the time, which the prompt patches to stay intact.
        return Console(highlight=False)
    return Console(
        file=sys.stdout,
        force_terminal=False,
        color_system=None,
        width=None if "COLUMNS" in os.environ else PLAIN_WIDTH,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


class Screen:
    def __init__(self, console: Console, reader: Reader, files: AttachmentFolder) -> None:
        self.console = console
        self.reader = reader
        self.files = files
        self.buttons = ButtonBoard()
        self._shown: dict[int, int] = {}  # message id -> its edit count when last drawn

    def message(self, message: Message, *, dm: bool) -> None:
        """Draws `message` unless it is unchanged since it was last drawn (or still "thinking")."""
        if message.deleted or message.loading:
            return
        seen = self._shown.get(message.id)
        if seen is not None and seen >= message.edits:
            return
        self._shown[message.id] = message.edits
        numbers = self.buttons.number(message)
        saved = self.files.save(message)
        with speaking(self.reader.locale):
            heading = self._heading(message, dm, seen is not None)
            drawn = render_message(message, self.reader, numbers, heading=heading, files=saved)
        self.console.print(drawn)

    def echo(self, line: str, note: str = "") -> None:
        """The line being run, for transcripts of piped sessions and the demo."""
        text = Text("> ", Style(bold=True))
        text.append(line)
        if note:
            text.append(f"   ({note})", Style(dim=True))
        self.console.print(text)

    def note(self, text: str) -> None:
        self.console.print(Text(text, Style(dim=True)))

    def say(self, renderable: RenderableType) -> None:
        self.console.print(renderable)

    def error(self, text: str) -> None:
        self.console.print(Text("✗ " + text, Style(color="red")))

    def _heading(self, message: Message, dm: bool, edited: bool) -> Text:
        if dm:
            heading = Text(_("✉ DM from {bot}").format(bot=BOT_NAME), Style(bold=True, color="yellow"))
            heading.append(
                f" · {self.reader.moment(int(self.reader.now().timestamp()), 'f')}", Style(dim=True)
            )
        else:
            heading = Text(BOT_NAME, Style(bold=True, color="blue"))
        if message.ephemeral:
            heading.append(" · " + _("only you can see this"), Style(dim=True, italic=True))
        if edited:
            heading.append(" · " + _("updated"), Style(dim=True, italic=True))
        return heading
