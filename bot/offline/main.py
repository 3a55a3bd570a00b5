"""`milestone-bot try`: start the offline session, play the demo if asked, then read lines until the end."""

from __future__ import annotations

import asyncio
import sys

from prompt_toolkit.patch_stdout import patch_stdout
from rich.text import Text

from bot.offline import demo
from bot.offline.prompt import piped_lines, terminal_lines
from bot.offline.screen import make_console
from bot.offline.session import OfflineSession, stderr_is_quiet

OFFLINE_NOTICE = (
    "Offline: no DISCORD_TOKEN is set, so the bot runs here against a local stand-in for Discord. "
    "To connect to real Discord, put a bot token from https://discord.com/developers/applications "
    "in .env as DISCORD_TOKEN=..."
)


def run(*, database: str | None = None, play_demo: bool = False, notice: str | None = None) -> int:
    """Exit status: 0, or 1 when the demo's checks failed, 130 when interrupted."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    try:
        return asyncio.run(_run(database, play_demo, notice, interactive=interactive))
    except KeyboardInterrupt:
        return 130


async def _run(database: str | None, play_demo: bool, notice: str | None, *, interactive: bool) -> int:
    console = make_console(interactive=interactive)
    if notice:
        console.print(Text(notice, style="yellow"), soft_wrap=True)  # one line, however wide the terminal
    stderr_is_quiet()
    async with OfflineSession(console, database=database) as session:
        where = (
            f"database {session.database_path}" if database else "a temporary database (gone when you leave)"
        )
        session.screen.note(
            f"Milestone Bot, offline: the real bot and a local stand-in for Discord, on {where}. "
            "Type /help to start, :help for how this works, :quit to leave."
        )
        demo_ok = await demo.play(session) if play_demo else True
        if interactive:
            # DMs can arrive while you type: patch_stdout draws them above the prompt.
            with patch_stdout(raw=True):
                async for line in terminal_lines(session.complete, lambda: session.prompt):
                    if not await session.handle(line):
                        break
        else:
            async for line in piped_lines():
                label = session.label_of(int(line)) if line.strip().isdigit() else None
                session.screen.echo(line, label or "")
                if not await session.handle(line):
                    break
            # Reminders that came due while the last line ran still get shown.
            await session.settle()
    return 0 if demo_ok else 1
