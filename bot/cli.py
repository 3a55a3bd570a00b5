"""The `milestone-bot` command line: `run` (the default), `try`, `sync`, `db migrate|version`, `backup PATH`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence

from bot.settings import Settings, SettingsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="milestone-bot", description="Milestone Bot for Discord")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="connect to Discord and serve (the default)")
    sub.add_parser("sync", help="send the slash commands to Discord now, then exit")
    trial = sub.add_parser("try", help="use the bot offline in this terminal, no Discord needed")
    trial.add_argument("--demo", action="store_true", help="play the $150 / three $50 milestones story first")
    trial.add_argument(
        "--database", metavar="PATH", help="keep the data in this SQLite file (default: temporary)"
    )
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("migrate", help="apply pending migrations")
    db_sub.add_parser("version", help="print the schema version")
    backup = sub.add_parser("backup", help="copy the database to PATH while the bot runs (online backup)")
    backup.add_argument("path", metavar="PATH")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "try":
        return _try(args.database, args.demo)
    try:
        settings = Settings.load()
        if args.command in (None, "run") and not settings.discord_token and sys.stdin.isatty():
            # Someone at a terminal without a token: let them use the bot offline right away.
            return _try(None, False, announce=True)
        if args.command in (None, "run", "sync"):
            settings.require_token()
    except SettingsError as exc:
        print(f"milestone-bot: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command == "backup":
        return _backup(settings, args.path)
    if args.command == "db":
        return asyncio.run(_db(settings, args.db_command))
    if args.command == "sync":
        return asyncio.run(_sync(settings))
    return asyncio.run(_run(settings))


def _try(database: str | None, demo: bool, *, announce: bool = False) -> int:
    from bot.offline.main import OFFLINE_NOTICE, run

    return run(database=database, play_demo=demo, notice=OFFLINE_NOTICE if announce else None)


async def _run(settings: Settings) -> int:
    from bot.app import MilestoneBot

    bot = MilestoneBot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with bot:
        serving = asyncio.create_task(bot.start(settings.require_token()), name="serve")
        stopping = asyncio.create_task(stop.wait(), name="wait-for-signal")
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if serving.done():
            serving.result()  # the connection ended by itself: let a failure show
    # Leaving `async with` closed the bot in this task: the scheduler finished the send it was in, the
    # gateway was left and the database closed. Now the serving task can end.
    with contextlib.suppress(asyncio.CancelledError):
        await serving
    return 0


async def _sync(settings: Settings) -> int:
    from bot.app import MilestoneBot

    bot = MilestoneBot(settings, sync_commands=False, send_reminders=False)
    async with bot:
        await bot.login(settings.require_token())  # runs setup_hook: opens the database, loads the cogs
        count = await bot.sync_commands()
    print(f"synced {count} commands")
    return 0


async def _db(settings: Settings, command: str) -> int:
    from storage.database import Database
    from storage.migrations import schema_version

    db = await Database.open(settings.database_path)
    try:
        async with db.read() as conn:
            version = await schema_version(conn)
    finally:
        await db.close()
    print(
        f"{settings.database_path}: schema version {version}"
        + (" (migrated)" if command == "migrate" else "")
    )
    return 0


def _backup(settings: Settings, path: str) -> int:
    from storage.backup import BackupError, backup_database

    try:
        report = backup_database(settings.database_path, path)
    except BackupError as exc:
        print(f"milestone-bot: backup failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"backed up {settings.database_path} to {report.path} ({report.size_bytes} bytes, schema version {report.schema_version})"
    )
    return 0
