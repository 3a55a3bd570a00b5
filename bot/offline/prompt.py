"""Where lines come from: a prompt_toolkit prompt with completion in a terminal, or stdin line by line.

In a terminal, completions appear while typing (commands, option names, choices, and the bot's own
autocomplete answers). From a pipe, each line is echoed before it runs so the output reads as a
transcript; reading ends at end of input.
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


async def terminal_lines(suggest: Suggest) -> AsyncIterator[str]:
    """Lines typed at the terminal until Ctrl-D; Ctrl-C clears the line being typed."""
    session: PromptSession[str] = PromptSession(
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
