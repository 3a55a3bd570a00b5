"""`milestone-bot try`: start the offline session, play the demo if asked, then read lines until the end."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import sys
from pathlib import Path

from prompt_toolkit.patch_stdout import patch_stdout
from rich.text import Text

from bot.i18n.speaking import _, speaking
from bot.offline import demo
from bot.offline.prompt import piped_lines, terminal_lines
from bot.offline.screen import make_console
from bot.offline.session import OfflineSession

SQLITE_HEADER = b"SQLite format 3\x00"
OFFLINE_NOTICE = (
    "Offline: no DISCORD_TOKEN is set, so the bot runs here against a local stand-in for Discord. "
    "To connect to real Discord, put a bot token from https://discord.com/developers/applications "
    "in .env as DISCORD_TOKEN=..."
)


def run(
    *, database: str | None = None, play_demo: bool = False, notice: str | None = None, locale: str = "en-US"
) -> int:
    """Exit status: 0; 1 when the demo's checks failed; 2 when the database can't be opened; 130 on Ctrl-C."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    problem = _database_problem(Path(database)) if database else None
    if problem:
        print(f"milestone-bot try: {problem}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_run(database, play_demo, notice, interactive=interactive, locale=locale))
    except KeyboardInterrupt:
        return 130
    except (OSError, sqlite3.DatabaseError) as error:
        # Almost always --database naming a place that can't hold a database, or a file that isn't one.
        print(f"milestone-bot try: cannot use the database {database or ''}: {error}", file=sys.stderr)
        return 2


def _database_problem(path: Path) -> str | None:
    """What is wrong with --database PATH, checked first: opening a file that is not a database makes the
    storage layer hang instead of failing."""
    if path.is_dir():
        return f"{path} is a folder; name a file in it, such as {path / 'milestone-bot.db'}"
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError:
        return None  # a new file, or a problem that opening it reports
    return None if header in (b"", SQLITE_HEADER) else f"{path} is not an SQLite database"


async def _run(
    database: str | None, play_demo: bool, notice: str | None, *, interactive: bool, locale: str
) -> int:
    console = make_console(interactive=interactive)
    if notice:
        console.print(Text(notice, style="yellow"), soft_wrap=True)  # one line, however wide the terminal
    _quiet_logging()
    async with OfflineSession(console, database=database, locale=locale) as session:
        with speaking(locale):  # the greeting in the language the bot answers in; `:help` stays English
            greeting = (
                _(
                    "Milestone Bot, offline: the real bot and a local stand-in for Discord, on the database "
                    "{path}. Times are in {zone} ({timezone} changes it). Type {help} to start, :help for "
                    "how this works, :quit to leave."
                )
                if database
                else _(
                    "Milestone Bot, offline: the real bot and a local stand-in for Discord, on a temporary "
                    "database (gone when you leave). Times are in {zone} ({timezone} changes it). Type "
                    "{help} to start, :help for how this works, :quit to leave."
                )
            )
        session.screen.note(
            greeting.format(
                path=session.database_path,
                zone=session.zone_name,
                timezone="/settings timezone",
                help="/help",
            )
        )
        demo_ok = await demo.play(session) if play_demo else True
        if interactive:
            # DMs can arrive while you type: patch_stdout draws them above the prompt.
            with patch_stdout(raw=True):
                async for line in terminal_lines(session.complete):
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


def _quiet_logging() -> None:
    """Only warnings and errors, to stderr, looked up at each write so the prompt can stay intact."""

    class _CurrentStderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            with contextlib.suppress(Exception):
                print(self.format(record), file=sys.stderr)

    handler = _CurrentStderr(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    # Voice support is not used by this bot; its missing-library warnings are noise here.
    logging.getLogger("discord.client").setLevel(logging.ERROR)
