"""`milestone-bot db copy SQLITE_URL POSTGRES_URL`, and `backup` and `db version` on PostgreSQL, as a person
runs them: the real command line in a process of its own, its output and exit code."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.domain.lifecycle import EventKind
from bot.services import Services, Store
from storage.database import Database
from storage.migrations import newest_version
from storage.postgres import PostgresDatabase
from tests.cli.helpers import environment, run, unreachable_cli_command
from tests.postgres import fresh_database
from tests.services.conftest import START


async def _store_with_money(path: Path) -> None:
    """Two freelancers with contracts, milestones through their ledger steps, a bonus, reminders, FAQ."""
    db = await Database.open(str(path))
    try:
        services = Services.build(Store(db, ManualClock(START)))
        for owner in (1001, 2002):
            added = await services.contracts.add(owner, title="Logo", client="Dana", price="300")
            contract_id = added.contract.id
            for part in ("Sketches", "Final"):
                added_milestone = await services.milestones.add(
                    owner, contract_id, title=part, amount="150", due="in 5 days"
                )
            await services.milestones.act(owner, contract_id, added_milestone.milestone.id, EventKind.FUND)
            await services.contracts.bonus(owner, contract_id, "25")
    finally:
        await db.close()


async def test_a_copy_has_the_same_rows_and_money_and_the_bot_runs_on_it(tmp_path: Path) -> None:
    source = tmp_path / "milestone-bot.db"
    await _store_with_money(source)
    async with fresh_database() as url:
        copy = unreachable_cli_command("db", "copy", f"sqlite:///{source}", url)
        done = await run(copy, environment(source), tmp_path)
        assert done.returncode == 0, done.stderr
        assert "same counts on both sides; 2 contracts reconcile to the same figures" in done.stdout
        db = await PostgresDatabase.open(url)
        try:
            services = Services.build(Store(db, ManualClock(START)))
            view = await services.contracts.view(1001, 1)
            # New rows continue after the copied ids.
            added = await services.contracts.add(1001, title="Site", client="Eve", price="90")
        finally:
            await db.close()
        assert [m.title for m in view.contract.milestones] == ["Sketches", "Final"]
        assert added.contract.id == 3

        again = await run(
            unreachable_cli_command("db", "copy", str(source), url), environment(source), tmp_path
        )
        assert again.returncode == 1
        assert "already holds data" in again.stderr and "copy only into an empty database" in again.stderr


async def test_backup_of_a_postgresql_store_says_to_use_pg_dump(tmp_path: Path) -> None:
    async with fresh_database() as url:
        done = await run(
            unreachable_cli_command("backup", str(tmp_path / "copy.db")), environment(url), tmp_path
        )
    assert done.returncode == 2
    assert "pg_dump" in done.stderr and "docs/RELIABILITY.md" in done.stderr
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed here")
async def test_the_documented_pg_dump_and_restore_bring_the_store_back(tmp_path: Path) -> None:
    """docs/RELIABILITY.md's commands, as written there, on a copied store."""
    source = tmp_path / "milestone-bot.db"
    await _store_with_money(source)
    dump = tmp_path / "store.dump"
    async with fresh_database() as url, fresh_database() as restored:
        copied = await run(
            unreachable_cli_command("db", "copy", str(source), url), environment(source), tmp_path
        )
        assert copied.returncode == 0, copied.stderr
        for command in (
            ["pg_dump", "--format=custom", f"--file={dump}", url],
            ["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)],
        ):
            done = await asyncio.to_thread(
                subprocess.run, command, capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, done.stderr
        db = await PostgresDatabase.open(restored)
        try:
            services = Services.build(Store(db, ManualClock(START)))
            views = [
                await services.contracts.view(owner, contract) for owner, contract in ((1001, 1), (2002, 2))
            ]
        finally:
            await db.close()
    assert [view.contract.bonuses[0].amount.minor for view in views] == [2500, 2500]
    assert all([m.title for m in view.contract.milestones] == ["Sketches", "Final"] for view in views)


async def test_db_version_and_migrate_on_postgresql(tmp_path: Path) -> None:
    async with fresh_database() as url:
        before = await run(unreachable_cli_command("db", "version"), environment(url), tmp_path)
        migrated = await run(unreachable_cli_command("db", "migrate"), environment(url), tmp_path)
        after = await run(unreachable_cli_command("db", "version"), environment(url), tmp_path)
    newest = newest_version("postgresql")
    assert before.returncode == 0 and f"schema version 0 ({newest} migrations pending" in before.stdout
    assert migrated.returncode == 0 and f"schema version {newest} (migrated)" in migrated.stdout
    assert after.returncode == 0 and after.stdout.strip().endswith(f"schema version {newest}")


async def test_copy_refuses_the_urls_the_wrong_way_round(tmp_path: Path) -> None:
    wrong_way = ("db", "copy", "postgresql://nobody@127.0.0.1/x", str(tmp_path / "a.db"))
    done = await run(unreachable_cli_command(*wrong_way), environment(tmp_path / "b.db"), tmp_path)
    assert done.returncode == 2
    assert "give the SQLite store first" in done.stderr
