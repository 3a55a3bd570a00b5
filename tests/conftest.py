"""Fixtures shared by every test: a real database in a fresh place, on each backend.

`db` is a SQLite file in a temporary folder, and, when `TEST_DATABASE_URL` names a PostgreSQL server, a
new database on it: every test that takes `db` (or a fixture built on it) runs on both. A test about
something only SQLite has (its file, its write-ahead log) is marked `sqlite_only` and runs on SQLite alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord import app_commands

from bot.app import MilestoneBot
from bot.settings import Settings
from storage.backend import Backend, open_backend
from tests.postgres import NOT_SET, SERVER, fresh_database

BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(why): the test is about SQLite itself; not run on PostgreSQL"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A SQLite-only test's PostgreSQL run is left out, not skipped: there is nothing to run there."""
    dropped = [
        item for item in items if item.get_closest_marker("sqlite_only") and _backend_of(item) == "postgresql"
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]


def _backend_of(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return None if callspec is None else callspec.params.get("backend")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "PostgreSQL:" in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_line(f"PostgreSQL: {len(skipped)} tests skipped: {NOT_SET}")
    elif SERVER:
        terminalreporter.write_line("PostgreSQL: the storage, service and end-to-end tests ran on it too")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend the test's database is on."""
    return str(request.param)


@pytest.fixture
async def database_location(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """Where a fresh store may be made: a SQLite file path, or the URL of a new PostgreSQL database."""
    if backend == "sqlite":
        yield str(tmp_path / "milestone-bot.db")
        return
    async with fresh_database() as url:
        yield url


@pytest.fixture
async def db(database_location: str) -> AsyncIterator[Backend]:
    database = await open_backend(database_location)
    yield database
    await database.close()


@pytest.fixture
async def tree(tmp_path: Path) -> AsyncIterator[app_commands.CommandTree]:
    """The bot's command tree as start-up builds it (no Discord, no sync)."""
    settings = Settings(
        discord_token=None, database_path=str(tmp_path / "t.db"), log_level="INFO", dev_guild_id=None
    )
    bot = MilestoneBot(settings, sync_commands=False, send_reminders=False)
    async with bot:  # sets discord.py's loop-bound state up, as login would, and closes the bot at the end
        await bot.setup_hook()
        yield bot.tree
