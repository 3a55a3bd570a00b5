"""The `milestone-bot` command line: `run` (the default), `try`, `sync`, `db migrate|version|copy`, `backup PATH`.

A failure a person must fix is one line on stderr and an exit code that says which kind it is, so that a
service manager can tell "try again" from "don't restart" (deploy/milestone-bot@.service):

| code | meaning | restart? |
|---|---|---|
| 0 | stopped as asked (SIGTERM, SIGINT) | no |
| 1 | Discord or the PostgreSQL server unreachable, a mistyped path for `db version` or `backup`, a failed backup or copy (a non-empty target, a check that did not match), a bug | yes |
| 2 | a setting is missing or wrong, Discord refused the token, or `backup` asked of a PostgreSQL store (use pg_dump) | no |
| 65 | the database can't be trusted as it is (EX_DATAERR): not a database, empty, damaged, cut short, no schema where data was expected, its write-ahead log missing or replaced | no |
| 74 | the database's folder or disk refuses to write (EX_IOERR): read-only, full, not permitted | no |
| 78 | the setup needs a database server (EX_CONFIG): a second process, or a shard range, on one SQLite file | no |

The full traceback of a failure at start is logged at DEBUG only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.localdiscord.validation import LOCALES
from bot.settings import Settings, SettingsError
from bot.sharding import EVERY_SHARD_OF_ONE, ShardPlan, shard_plan
from storage.problems import (
    DatabaseMissing,
    DatabaseNeedsServer,
    DatabaseProblem,
    DatabaseUnreachable,
    DatabaseUnwritable,
)

if TYPE_CHECKING:
    from bot.app import MilestoneBot
    from storage.backend import Backend

log = logging.getLogger("milestone_bot")

EXIT_FAILED = 1
EXIT_SETTINGS = 2
EXIT_DATABASE_UNUSABLE = os.EX_DATAERR  # 65
EXIT_DATABASE_UNWRITABLE = os.EX_IOERR  # 74
EXIT_NEEDS_DATABASE_SERVER = os.EX_CONFIG  # 78
# After SIGTERM, closing (leaving the gateway, telling open prompts, closing the database) gets this long
# before the process stops waiting for Discord; systemd's own patience is TimeoutStopSec.
STOP_WITHIN = 1.5
SERVING_GRACE = 0.25  # seconds the connection task gets to end by itself once the bot is closed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="milestone-bot", description="Milestone Bot for Discord")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="connect to Discord and serve (the default)")
    run.add_argument("--shards", metavar="FIRST-LAST", help="serve only these shards, e.g. 0-3 (PostgreSQL)")
    run.add_argument("--shard-count", metavar="N", help="how many shards the bot has in all")
    sub.add_parser("sync", help="send the slash commands to Discord now, then exit")
    trial = sub.add_parser("try", help="use the bot offline in this terminal, no Discord needed")
    trial.add_argument("--demo", action="store_true", help="play the $150 / three $50 milestones story first")
    trial.add_argument(
        "--locale",
        default="en-US",
        choices=sorted(LOCALES),
        metavar="LOCALE",
        help="the Discord language you play with, e.g. pt-BR or es-ES (default: en-US)",
    )
    trial.add_argument(
        "--database",
        metavar="PATH",
        help="keep the data in this SQLite file or postgresql:// database (default: a temporary file)",
    )
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("migrate", help="create the database or apply pending migrations")
    db_sub.add_parser("version", help="print the schema version (creates nothing)")
    copy = db_sub.add_parser(
        "copy", help="copy a SQLite store into an empty PostgreSQL database, and check it"
    )
    copy.add_argument("source", metavar="SQLITE_URL", help="sqlite:///path/to/milestone-bot.db or a path")
    copy.add_argument("target", metavar="POSTGRES_URL", help="postgresql://user@host/database (empty)")
    backup = sub.add_parser("backup", help="copy the database to PATH while the bot runs (online backup)")
    backup.add_argument("path", metavar="PATH")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "try":
        return _try(args.database, args.demo, locale=args.locale)
    try:
        plan = _shard_plan(args) if args.command == "run" else EVERY_SHARD_OF_ONE
        settings = Settings.load()
        if args.command in (None, "run") and not settings.discord_token and sys.stdin.isatty():
            # Someone at a terminal without a token: let them use the bot offline right away.
            return _try(None, False, announce=True)
        if args.command in (None, "run", "sync"):
            settings.require_token()
    except SettingsError as exc:
        return _fail(str(exc), EXIT_SETTINGS)
    from bot import logs

    logs.configure(settings.log_level, settings.log_format)
    try:
        if args.command == "backup":
            return _backup(settings, args.path)
        if args.command == "db" and args.db_command == "copy":
            return asyncio.run(_copy(args.source, args.target))
        if args.command == "db":
            return asyncio.run(_db(settings, args.db_command))
        if args.command == "sync":
            return asyncio.run(_sync(settings))
        return asyncio.run(_run(settings, plan))
    except DatabaseProblem as problem:
        log.debug("the database can't be used", exc_info=True)
        return _fail(str(problem), _exit_code(problem))
    except discord.LoginFailure:
        log.debug("Discord refused the token", exc_info=True)
        return _fail(
            "Discord refused DISCORD_TOKEN: copy the bot token again from the Bot page", EXIT_SETTINGS
        )
    except (aiohttp.ClientError, discord.GatewayNotFound, discord.DiscordServerError, OSError) as error:
        log.debug("could not reach Discord", exc_info=True)
        return _fail(f"can't reach Discord: {error or type(error).__name__}", EXIT_FAILED)


def _shard_plan(args: argparse.Namespace) -> ShardPlan:
    count_text = args.shard_count
    if count_text is not None and not count_text.strip().isdigit():
        raise SettingsError(f"--shard-count {count_text!r} should be a whole number such as 8")
    return shard_plan(args.shards, int(count_text) if count_text is not None else None)


def _fail(message: str, code: int) -> int:
    print(f"milestone-bot: {message}", file=sys.stderr)
    return code


def _exit_code(problem: DatabaseProblem) -> int:
    if isinstance(problem, (DatabaseMissing, DatabaseUnreachable)):
        return EXIT_FAILED
    if isinstance(problem, DatabaseUnwritable):
        return EXIT_DATABASE_UNWRITABLE
    if isinstance(problem, DatabaseNeedsServer):
        return EXIT_NEEDS_DATABASE_SERVER
    return EXIT_DATABASE_UNUSABLE


def _try(database: str | None, demo: bool, *, announce: bool = False, locale: str = "en-US") -> int:
    from bot.offline.main import OFFLINE_NOTICE, run

    return run(database=database, play_demo=demo, notice=OFFLINE_NOTICE if announce else None, locale=locale)


async def _open_store(settings: Settings) -> Backend:
    """Open the database before contacting Discord: a store that can't be used is reported as such at
    once, not after a login, and a first start creates it here. The bot is handed it, open."""
    from storage.backend import open_backend

    return await open_backend(settings.database_path)


async def _run(settings: Settings, plan: ShardPlan = EVERY_SHARD_OF_ONE) -> int:
    from bot.app import MilestoneBot
    from storage import one_process
    from storage.postgres import is_postgres_url

    if is_postgres_url(settings.database_path):
        # Several processes may share it: the one holding the sender's lock sends the reminders.
        from storage.leadership import SendingLeadership

        leadership = SendingLeadership(settings.database_path)
        store = await _open_store(settings)
        return await _serve(
            MilestoneBot(settings, database=store, shards=plan, leadership=leadership), settings
        )
    database = Path(settings.database_path)
    if not plan.all_shards:
        raise one_process.refuse_shard_range(database, plan.describe())
    store = await _open_store(settings)
    try:
        alone = one_process.serve_alone(database)
    except BaseException:
        await store.close()
        raise
    try:
        return await _serve(MilestoneBot(settings, database=store, shards=plan), settings)
    finally:
        alone.release()


async def _serve(bot: MilestoneBot, settings: Settings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    serving = asyncio.create_task(bot.start(settings.require_token()), name="serve")
    stopping = asyncio.create_task(stop.wait(), name="wait-for-signal")
    try:
        await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
        failure = None if stop.is_set() or not serving.done() else serving.exception()
    finally:
        stopping.cancel()
        await _stop(bot, serving)
    if failure is not None:
        raise failure  # the connection ended by itself: let the failure show
    return 0


async def _stop(bot: MilestoneBot, serving: asyncio.Task[None]) -> None:
    """Close the bot within STOP_WITHIN seconds whatever its state, then end its connection task.

    Closing stops the scheduler after the send it is in, leaves the gateway and closes the database. The
    connection task may be asleep in discord.py's reconnect back-off (up to minutes during an outage) or
    waiting on a login Discord never answers: once the bot is closed it has nothing left to do, so it is
    cancelled rather than waited for. If closing itself hangs on Discord, the database is closed directly
    (its connection threads would keep the process alive) and the rest is abandoned: every change is
    already committed, as after any crash.
    """
    closing = asyncio.ensure_future(bot.close())
    done, _ = await asyncio.wait({closing}, timeout=STOP_WITHIN)
    if not done:
        log.warning("closing took over %.1f s (Discord slow to answer); stopping anyway", STOP_WITHIN)
        with contextlib.suppress(RuntimeError):  # RuntimeError: the database is closed already
            await bot.db.close()
    elif closing.exception() is not None:
        log.warning("closing the bot failed: %s", closing.exception())
    await asyncio.wait({serving}, timeout=SERVING_GRACE)
    serving.cancel()
    try:
        await serving
    except asyncio.CancelledError:
        pass
    except Exception:
        # Expected: closing the HTTP session under a pending login ends it with "Connector is closed".
        log.debug("the connection ended with an error while stopping", exc_info=True)


async def _sync(settings: Settings) -> int:
    from bot.app import MilestoneBot

    # A one-shot job beside the running bot: no /healthz of its own (the bot's port is taken anyway).
    quiet = dataclasses.replace(settings, metrics_port=None)
    bot = MilestoneBot(quiet, sync_commands=False, send_reminders=False, database=await _open_store(settings))
    async with bot:
        await bot.login(settings.require_token())  # runs setup_hook: opens the database, loads the cogs
        count = await bot.sync_commands()
    print(f"synced {count} commands")
    return 0


async def _db(settings: Settings, command: str) -> int:
    from storage import postgres, walguard
    from storage.backend import open_backend
    from storage.migrations import newest_version

    where = settings.database_path
    on_postgres = postgres.is_postgres_url(where)
    if command == "migrate":
        db = await open_backend(where, initialise=True)
        await db.close()
        version = await (postgres.stored_version(where) if on_postgres else _schema_version(where))
        print(f"{db.path}: schema version {version} (migrated)")
        return 0
    if on_postgres:
        version = await postgres.stored_version(where)
        where = postgres.without_password(where)
    else:
        version = await _schema_version(where)
        walguard.settle_after_reading(Path(where))
    pending = newest_version("postgresql" if on_postgres else "sqlite") - version
    note = f" ({pending} migrations pending: run `milestone-bot db migrate`)" if pending > 0 else ""
    print(f"{where}: schema version {version}{note}")
    return 0


async def _copy(source: str, target: str) -> int:
    from storage.copy import CopyRefused, copy_store
    from storage.database import database_path
    from storage.postgres import is_postgres_url, without_password

    try:
        path = database_path(source)
    except ValueError as error:
        return _fail(f"db copy: {error}", EXIT_SETTINGS)
    if is_postgres_url(path) or not is_postgres_url(target):
        return _fail("db copy: give the SQLite store first, then the postgresql:// database", EXIT_SETTINGS)
    try:
        report = await copy_store(path, target, progress=lambda line: print(f"  {line}"))
    except CopyRefused as refusal:
        return _fail(f"db copy: {refusal}", EXIT_FAILED)
    rows = sum(report.rows.values())
    print(
        f"copied {path} to {without_password(target)}: {rows} rows in {len(report.rows)} tables, same counts on"
        f" both sides; {report.contracts_reconciled} contracts reconcile to the same figures"
        f" ({report.seconds:.1f} s)"
    )
    return 0


async def _schema_version(path: str) -> int:
    """The version as stored, after the checks the bot makes at start, without migrating or creating."""
    import aiosqlite

    from storage import preflight, walguard
    from storage.migrations import schema_version
    from storage.problems import from_sqlite_error

    file = Path(path)
    preflight.examine(file, create=False, initialise=False, write=False)
    walguard.check_before_open(file)
    try:
        async with aiosqlite.connect(file) as conn:
            return await schema_version(conn)
    except aiosqlite.Error as error:
        raise (from_sqlite_error(file, error) or error) from error


def _backup(settings: Settings, path: str) -> int:
    from storage.backup import BackupError, backup_database
    from storage.postgres import is_postgres_url, without_password

    if is_postgres_url(settings.database_path):
        return _fail(
            f"the store is the PostgreSQL database {without_password(settings.database_path)}: back it up with"
            f' pg_dump, e.g. `pg_dump --format=custom --file={path} "$DATABASE_URL"` (docs/RELIABILITY.md)',
            EXIT_SETTINGS,
        )

    try:
        report = backup_database(settings.database_path, path)
    except BackupError as exc:
        return _fail(f"backup failed: {exc}", EXIT_FAILED)
    print(
        f"backed up {settings.database_path} to {report.path} ({report.size_bytes} bytes, schema version {report.schema_version})"
    )
    if report.stale_partials_removed:
        print(f"removed {report.stale_partials_removed} partial files left by interrupted backups")
    return 0
