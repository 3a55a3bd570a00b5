"""Where lines come from: a prompt_toolkit prompt with completion in a terminal, or stdin line by line.

In a terminal, completions appear while typing (commands, option names, choices, and the bot's own
autocomplete answers). From a pipe, each line is echoed before it runs so the output reads as a
transcript; reading ends at end of input.

The prompt redraws itself by erasing the screen from its first cell down. When that cell is the
top-left corner (after Ctrl-L), tmux and some terminals take the erase for a clear-screen and first copy
the screen, the line being typed included, into the scrollback, where each command then appears twice.
The terminal output here erases the same cells without ever starting an erase in that corner.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.output import Output, create_output
from prompt_toolkit.output.vt100 import Vt100_Output

from bot.offline.complete import Suggestion

Suggest = Callable[[str], Awaitable[list[Suggestion]]]


class SlashCompleter(Completer):
    """prompt_toolkit's view of the session's suggestions (asked in the session's own event loop)."""

    def __init__(self, suggest: Suggest) -> None:
        self._suggest = suggest

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> list[Completion]:
        return []  # only the asynchronous path is used: the bot answers autocomplete in this loop

    async def get_completions_async(  # type: ignore[override]
        self, document: Document, complete_event: CompleteEvent
    ) -> AsyncIterator[Completion]:
        line = document.text_before_cursor
        for suggestion in await self._suggest(line):
            yield Completion(
                suggestion.text,
                start_position=suggestion.start - len(line),
                display=suggestion.display,
                display_meta=suggestion.meta,
            )


class _NoCornerErase(Vt100_Output):
    """prompt_toolkit's terminal output, but "erase down" never starts in column 0 (see the module doc)."""

    def erase_down(self) -> None:
        # Save the cursor, erase the cell under it, step right, erase from there down, restore the cursor:
        # the same cells as ESC[J, and an erase that starts in column 0 never reaches the terminal.
        self.write_raw("\x1b7\x1b[X\x1b[C\x1b[J\x1b8")


def terminal_output() -> Output:
    output = create_output()
    if not isinstance(output, Vt100_Output):
        return output  # a Windows console: its own way of erasing
    return _NoCornerErase.from_pty(
        output.stdout,
        term=output.term,
        default_color_depth=output.default_color_depth,
        enable_bell=output.enable_bell,
    )


async def terminal_lines(suggest: Suggest) -> AsyncIterator[str]:
    """Lines typed at the terminal until Ctrl-D; Ctrl-C clears the line being typed."""
    session: PromptSession[str] = PromptSession(
        output=terminal_output(),
        history=InMemoryHistory(),
        completer=SlashCompleter(suggest),
        complete_while_typing=True,
        reserve_space_for_menu=6,
    )
    while True:
        try:
            line = await session.prompt_async(FormattedText([("bold", "> ")]))
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
        yield line


async def piped_lines() -> AsyncIterator[str]:
    """stdin line by line, read off the event loop so the bot keeps running while we wait."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        yield line.rstrip("\n")
